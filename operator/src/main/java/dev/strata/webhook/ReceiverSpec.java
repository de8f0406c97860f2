package dev.strata.webhook;

import java.util.List;

/**
 * Declares one receiver as configured: its name (the last segment of its path), type, where its
 * secret is and which namespaces' GitSources it may trigger.
 *
 * @param name the receiver's name, served at {@code /hook/<name>}
 * @param type the Git host it understands
 * @param secretName the Secret, in the configuration's namespace, holding the token
 * @param secretKey the key in that Secret
 * @param namespaces namespaces whose GitSources it may trigger; {@link #ALL_NAMESPACES} alone means
 *     every namespace the operator watches
 * @param rateLimit its own rate limit, or null for the server's default
 */
public record ReceiverSpec(
    String name,
    ReceiverType type,
    String secretName,
    String secretKey,
    List<String> namespaces,
    RateLimit rateLimit) {

  static final String ALL_NAMESPACES = ConfigYaml.ALL_NAMESPACES;

  public ReceiverSpec {
    namespaces = List.copyOf(namespaces);
  }

  /** Whether this receiver may trigger GitSources in every watched namespace. */
  boolean allNamespaces() {
    return namespaces.contains(ALL_NAMESPACES);
  }

  /**
   * Bounds how often deliveries are accepted: a token bucket refilled at {@code perSecond} and
   * holding at most {@code burst}.
   */
  public record RateLimit(double perSecond, int burst) {
    public RateLimit {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException(
            "a rate limit needs perSecond > 0 and burst >= 1, got " + perSecond + "/" + burst);
      }
    }
  }
}
