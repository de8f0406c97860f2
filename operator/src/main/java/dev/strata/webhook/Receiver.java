package dev.strata.webhook;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Pairs a configured receiver with its secret as last read, or with the reason it has none. The
 * secret never leaves this class except to be checked against a delivery, and never in text.
 */
final class Receiver {

  private final ReceiverSpec spec;
  private final byte[] secret;
  private final String problem;

  private Receiver(ReceiverSpec spec, byte[] secret, String problem) {
    this.spec = spec;
    this.secret = secret;
    this.problem = problem;
  }

  /** A receiver that can check deliveries. */
  static Receiver ready(ReceiverSpec spec, byte[] secret) {
    if (secret.length == 0) {
      throw new IllegalArgumentException("empty secret");
    }
    return new Receiver(spec, secret.clone(), null);
  }

  /** A receiver whose secret cannot be read; it answers 503 until the Secret appears. */
  static Receiver unavailable(ReceiverSpec spec, String problem) {
    return new Receiver(spec, null, problem);
  }

  ReceiverSpec spec() {
    return spec;
  }

  String name() {
    return spec.name();
  }

  /** Why deliveries cannot be checked, or null when they can. */
  String problem() {
    return problem;
  }

  /** Whether {@code body} with these headers was sent by someone holding the secret. */
  boolean authenticates(byte[] body, UnaryOperator<String> header) {
    return secret != null && spec.type().authenticates(secret, body, header);
  }

  /** Whether the secret is the same as {@code other}'s, to tell a rotation from no change. */
  boolean sameAs(Receiver other) {
    return spec.equals(other.spec)
        && Arrays.equals(secret, other.secret)
        && Objects.equals(problem, other.problem);
  }

  @Override
  public String toString() {
    return spec.name()
        + " ("
        + spec.type().configName()
        + (problem == null ? "" : ", unavailable: " + problem)
        + ")";
  }
}
