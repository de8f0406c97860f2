package dev.strata.notify;

import dev.strata.webhook.ReceiverSpec;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Names where a provider sends: a chat, an HTTP endpoint, or a Git host's commit statuses. */
public enum ProviderType {
  GENERIC("generic", false),
  SLACK("slack", false),
  DISCORD("discord", false),
  GITHUB("github", true),
  GITEA("gitea", true),
  FORGEJO("forgejo", true),
  GITLAB("gitlab", true);

  private final String configName;
  private final boolean commitStatus;

  ProviderType(String configName, boolean commitStatus) {
    this.configName = configName;
    this.commitStatus = commitStatus;
  }

  public String configName() {
    return configName;
  }

  /** Whether it sets commit statuses (needs a revision and a repository) rather than messages. */
  public boolean commitStatus() {
    return commitStatus;
  }

  /**
   * What it sends when its configuration selects nothing: every outcome that needs a person for
   * messages; the whole pending → success/failure cycle for commit statuses.
   */
  Set<EventType> defaultEvents() {
    return commitStatus
        ? EnumSet.of(
            EventType.PROGRESSING,
            EventType.SUCCEEDED,
            EventType.RECOVERED,
            EventType.FAILED,
            EventType.ROLLED_BACK)
        : EnumSet.of(
            EventType.FAILED,
            EventType.RECOVERED,
            EventType.ROLLED_BACK,
            EventType.DRIFT_HEALED,
            EventType.SOURCE_FAILED);
  }

  /**
   * Its rate limit when the configuration names none: a chat hears of an incident, not of every
   * retry; commit statuses come in pending/outcome pairs per LayeredKustomization, and dropping the
   * outcome would leave a commit pending for good.
   */
  ReceiverSpec.RateLimit defaultRateLimit() {
    return commitStatus ? new ReceiverSpec.RateLimit(10, 100) : new ReceiverSpec.RateLimit(1, 10);
  }

  /** The key of its Secret when the configuration names none. */
  String defaultSecretKey() {
    return this == SLACK || this == DISCORD ? "address" : "token";
  }

  static Optional<ProviderType> fromConfig(String name) {
    return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
  }
}
