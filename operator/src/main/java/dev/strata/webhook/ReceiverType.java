package dev.strata.webhook;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Names the Git hosts a receiver understands and how each proves a delivery and names its event.
 */
enum ReceiverType {
  /** X-Hub-Signature-256: sha256=HMAC; X-GitHub-Event: push, ping. */
  GITHUB,
  /** X-Gitlab-Token: the token itself; X-Gitlab-Event: Push Hook, Tag Push Hook. */
  GITLAB,
  /** X-Gitea-Signature: hex HMAC; X-Gitea-Event: push. */
  GITEA,
  /** X-Forgejo-Signature: hex HMAC; X-Forgejo-Event: push (the X-Gitea-* twins also do). */
  FORGEJO,
  /** X-Signature: sha256=HMAC; every delivery is a push. */
  GENERIC;

  /** What a delivery asks for, by its event header. */
  enum Kind {
    PUSH,
    PING,
    OTHER
  }

  /** The name used in the configuration. */
  String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type configured as {@code name}, or null. */
  static ReceiverType fromConfig(String name) {
    for (ReceiverType type : values()) {
      if (type.configName().equals(name)) {
        return type;
      }
    }
    return null;
  }

  /** Whether the delivery's headers prove that its sender holds {@code secret}. */
  boolean authenticates(byte[] secret, byte[] body, UnaryOperator<String> header) {
    return switch (this) {
      case GITHUB ->
          Signatures.hmacMatches(secret, body, header.apply("X-Hub-Signature-256"), "sha256=");
      case GITLAB -> Signatures.tokenMatches(secret, header.apply("X-Gitlab-Token"));
      case GITEA -> Signatures.hmacMatches(secret, body, header.apply("X-Gitea-Signature"), "");
      case FORGEJO ->
          Signatures.hmacMatches(
              secret, body, either(header, "X-Forgejo-Signature", "X-Gitea-Signature"), "");
      case GENERIC -> Signatures.hmacMatches(secret, body, header.apply("X-Signature"), "sha256=");
    };
  }

  /** The event the delivery names, as the host spells it; "push" for generic receivers. */
  String event(UnaryOperator<String> header) {
    String event =
        switch (this) {
          case GITHUB -> header.apply("X-GitHub-Event");
          case GITLAB -> header.apply("X-Gitlab-Event");
          case GITEA -> header.apply("X-Gitea-Event");
          case FORGEJO -> either(header, "X-Forgejo-Event", "X-Gitea-Event");
          case GENERIC -> "push";
        };
    return event == null ? "" : event.trim();
  }

  /** Whether {@code event} (from {@link #event}) is a push, a ping, or something else. */
  Kind kind(String event) {
    return switch (this) {
      case GITHUB ->
          "ping".equals(event) ? Kind.PING : "push".equals(event) ? Kind.PUSH : Kind.OTHER;
      case GITLAB ->
          "Push Hook".equals(event) || "Tag Push Hook".equals(event) ? Kind.PUSH : Kind.OTHER;
      case GITEA, FORGEJO -> "push".equals(event) ? Kind.PUSH : Kind.OTHER;
      case GENERIC -> Kind.PUSH;
    };
  }

  private static String either(UnaryOperator<String> header, String first, String second) {
    String value = header.apply(first);
    return value != null ? value : header.apply(second);
  }
}
