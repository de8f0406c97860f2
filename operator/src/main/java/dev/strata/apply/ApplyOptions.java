package dev.strata.apply;

import java.time.Duration;
import java.util.List;
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
 * @param force delete and recreate every object whose update is refused for an immutable field (an
 *     object can ask for it alone with {@code apply.strata.dev/force: enabled})
 * @param ignoreRules fields neither applied nor healed, because another controller owns them
 */
public record ApplyOptions(
    String fieldManager,
    int concurrency,
    Duration definitionsTimeout,
    String defaultNamespace,
    Map<String, String> ownerLabels,
    boolean force,
    List<IgnoreRule> ignoreRules) {

  public ApplyOptions {
    Objects.requireNonNull(fieldManager, "fieldManager");
    Objects.requireNonNull(definitionsTimeout, "definitionsTimeout");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    ownerLabels = Map.copyOf(ownerLabels);
    ignoreRules = List.copyOf(ignoreRules);
  }

  /** Field manager "strata", 16 requests in flight, 60 s for definitions, no defaults. */
  public static ApplyOptions defaults() {
    return new ApplyOptions("strata", 16, Duration.ofSeconds(60), null, Map.of(), false, List.of());
  }

  public ApplyOptions withFieldManager(String manager) {
    return new ApplyOptions(
        manager,
        concurrency,
        definitionsTimeout,
        defaultNamespace,
        ownerLabels,
        force,
        ignoreRules);
  }

  public ApplyOptions withConcurrency(int requests) {
    return new ApplyOptions(
        fieldManager,
        requests,
        definitionsTimeout,
        defaultNamespace,
        ownerLabels,
        force,
        ignoreRules);
  }

  public ApplyOptions withDefinitionsTimeout(Duration timeout) {
    return new ApplyOptions(
        fieldManager, concurrency, timeout, defaultNamespace, ownerLabels, force, ignoreRules);
  }

  public ApplyOptions withDefaultNamespace(String namespace) {
    return new ApplyOptions(
        fieldManager, concurrency, definitionsTimeout, namespace, ownerLabels, force, ignoreRules);
  }

  public ApplyOptions withForce(boolean recreate) {
    return new ApplyOptions(
        fieldManager,
        concurrency,
        definitionsTimeout,
        defaultNamespace,
        ownerLabels,
        recreate,
        ignoreRules);
  }

  public ApplyOptions withIgnoreRules(List<IgnoreRule> rules) {
    return new ApplyOptions(
        fieldManager, concurrency, definitionsTimeout, defaultNamespace, ownerLabels, force, rules);
  }

  public ApplyOptions withOwnerLabels(Map<String, String> labels) {
    return new ApplyOptions(
        fieldManager,
        concurrency,
        definitionsTimeout,
        defaultNamespace,
        labels,
        force,
        ignoreRules);
  }
}
