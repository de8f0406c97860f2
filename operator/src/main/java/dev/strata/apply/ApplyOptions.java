package dev.strata.apply;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Configures applying and pruning.
 *
 * @param fieldManager the server-side apply field manager that owns the applied fields
 * @param concurrency how many requests to have in flight at once
 * @param definitionsTimeout how long to wait for applied CRDs and Namespaces to become ready
 * @param defaultNamespace the namespace of namespaced objects that name none; null to reject them
 * @param ownerLabels labels added to every applied object, naming who applies it; pruning deletes
 *     only objects that still carry them (empty: no labels added, no such check)
 */
public record ApplyOptions(
    String fieldManager,
    int concurrency,
    Duration definitionsTimeout,
    String defaultNamespace,
    Map<String, String> ownerLabels) {

  /** The annotation, and its value, that keeps an object from being pruned. */
  public static final String PRUNE_ANNOTATION = "strata.dev/prune";

  public static final String PRUNE_DISABLED = "disabled";

  public ApplyOptions {
    Objects.requireNonNull(fieldManager, "fieldManager");
    Objects.requireNonNull(definitionsTimeout, "definitionsTimeout");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    ownerLabels = Map.copyOf(ownerLabels);
  }

  /** Field manager "strata", 16 requests in flight, 60 s for definitions, no defaults. */
  public static ApplyOptions defaults() {
    return new ApplyOptions("strata", 16, Duration.ofSeconds(60), null, Map.of());
  }

  public ApplyOptions withFieldManager(String manager) {
    return new ApplyOptions(
        manager, concurrency, definitionsTimeout, defaultNamespace, ownerLabels);
  }

  public ApplyOptions withConcurrency(int requests) {
    return new ApplyOptions(
        fieldManager, requests, definitionsTimeout, defaultNamespace, ownerLabels);
  }

  public ApplyOptions withDefinitionsTimeout(Duration timeout) {
    return new ApplyOptions(fieldManager, concurrency, timeout, defaultNamespace, ownerLabels);
  }

  public ApplyOptions withDefaultNamespace(String namespace) {
    return new ApplyOptions(fieldManager, concurrency, definitionsTimeout, namespace, ownerLabels);
  }

  public ApplyOptions withOwnerLabels(Map<String, String> labels) {
    return new ApplyOptions(
        fieldManager, concurrency, definitionsTimeout, defaultNamespace, labels);
  }
}
