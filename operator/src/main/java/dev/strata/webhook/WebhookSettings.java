package dev.strata.webhook;

import java.util.Set;

/**
 * Holds how the webhook receiver runs: where it listens, where its configuration lives, and the
 * limits every receiver gets unless its configuration says otherwise.
 *
 * @param bindAddress the address to listen on, e.g. 0.0.0.0 for all interfaces
 * @param port the port; 0 picks a free one
 * @param namespace the operator's namespace, where the ConfigMap and the Secrets are read
 * @param configMapName the ConfigMap that declares the receivers
 * @param maxBodyBytes bodies longer than this are refused with 413
 * @param ratePerSecond deliveries per second each receiver accepts on average
 * @param rateBurst deliveries each receiver accepts at once after a quiet spell
 * @param watchedNamespaces the namespaces the operator reconciles; empty means all
 * @param identity this replica's identity, for the reporting instance of events
 */
public record WebhookSettings(
    String bindAddress,
    int port,
    String namespace,
    String configMapName,
    long maxBodyBytes,
    double ratePerSecond,
    int rateBurst,
    Set<String> watchedNamespaces,
    String identity) {

  public static final int DEFAULT_PORT = 9292;
  public static final String DEFAULT_CONFIG_MAP = "strata-webhooks";
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final double DEFAULT_RATE_PER_SECOND = 10;
  public static final int DEFAULT_RATE_BURST = 20;

  public WebhookSettings {
    watchedNamespaces = Set.copyOf(watchedNamespaces);
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("the body limit must be at least 1 byte");
    }
    // Validates the pair the way a receiver's own rateLimit is validated.
    new ReceiverSpec.RateLimit(ratePerSecond, rateBurst);
  }

  ReceiverSpec.RateLimit defaultRateLimit() {
    return new ReceiverSpec.RateLimit(ratePerSecond, rateBurst);
  }
}
