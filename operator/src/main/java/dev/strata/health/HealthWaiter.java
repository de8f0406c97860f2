package dev.strata.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Waits, by watching, until a set of objects is Current, one has Failed, or a timeout passes.
 *
 * <p>One informer per kind and namespace: restricted to the object's name by a field selector when
 * only one object of that kind and namespace is waited for, else watching the namespace and
 * ignoring other objects. Nothing polls: health is recomputed on each watch event. The informers
 * stop when the wait ends, however it ends.
 */
public final class HealthWaiter {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final ApiResources apiResources;
  private final HealthExpressions expressions;

  /**
   * @param expressions custom checks (spec.healthCheckExprs) that replace the built-in rules for
   *     their kinds
   */
  public HealthWaiter(
      KubernetesClient client, ApiResources apiResources, HealthExpressions expressions) {
    this.client = client;
    this.apiResources = apiResources;
    this.expressions = expressions;
  }

  public HealthWaiter(KubernetesClient client, ApiResources apiResources) {
    this(client, apiResources, HealthExpressions.NONE);
  }

  public HealthWaiter(KubernetesClient client) {
    this(client, new ApiResources(client));
  }

  /** An object's health: by the custom expressions for its kind, else by the built-in rules. */
  @SuppressWarnings("unchecked")
  Health health(GenericKubernetesResource object) {
    Map<String, Object> map = SERIALIZATION.convertValue(object, Map.class);
    return expressions.evaluate(map).orElseGet(() -> HealthRules.compute(map));
  }

  /** Starts watching; see {@link HealthWait#result()} for when the wait ends. */
  public HealthWait start(Collection<ObjectRef> objects, Duration timeout) {
    var unique = new LinkedHashSet<>(objects);
    var wait = new HealthWait(unique, timeout);
    Map<Watched, Map<String, ObjectRef>> groups = new LinkedHashMap<>();
    for (ObjectRef object : unique) {
      groups
          .computeIfAbsent(
              new Watched(object.apiVersion(), object.kind(), object.namespace()),
              g -> new LinkedHashMap<>())
          .put(object.name(), object);
    }
    Map<String, PodWatch> podWatches = podWatches(wait, unique);
    List<CompletableFuture<Void>> started = new ArrayList<>();
    groups.forEach(
        (watched, byName) ->
            started.add(watch(wait, watched, byName, podWatches.get(watched.namespace()))));
    CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
        .whenComplete((ignored, error) -> wait.synced());
    return wait;
  }

  /**
   * One Pod informer per namespace with workloads to wait for, so that a Pod that cannot pull its
   * image or crash-loops fails its workload at once. It does not hold up the wait: if Pods cannot
   * be watched (RBAC), the workloads are still waited for by their own status.
   */
  private Map<String, PodWatch> podWatches(HealthWait wait, Collection<ObjectRef> objects) {
    Map<String, Map<String, ObjectRef>> byNamespace = new LinkedHashMap<>();
    for (ObjectRef object : objects) {
      if (PodWatch.watchesPodsOf(object) && !object.namespace().isEmpty()) {
        byNamespace
            .computeIfAbsent(object.namespace(), n -> new LinkedHashMap<>())
            .put(PodWatch.key(object.kind(), object.name()), object);
      }
    }
    Map<String, PodWatch> watches = new LinkedHashMap<>();
    byNamespace.forEach(
        (namespace, workloads) -> {
          var podWatch = new PodWatch(wait, client, namespace, workloads);
          var informer =
              client
                  .genericKubernetesResources("v1", "Pod")
                  .inNamespace(namespace)
                  .runnableInformer(0);
          podWatch.informer(informer);
          informer.addEventHandler(podWatch);
          wait.watching(informer);
          informer.start();
          watches.put(namespace, podWatch);
        });
    return watches;
  }

  private CompletableFuture<Void> watch(
      HealthWait wait, Watched watched, Map<String, ObjectRef> byName, PodWatch podWatch) {
    Optional<ResourceDefinitionContext> context;
    try {
      context = apiResources.find(watched.apiVersion(), watched.kind());
    } catch (KubernetesClientException e) {
      byName.values().forEach(o -> wait.unwatchable(o, "cannot discover its kind: " + message(e)));
      return CompletableFuture.completedFuture(null);
    }
    if (context.isEmpty()) {
      // It cannot exist; it stays NotFound and the timeout names it.
      byName
          .values()
          .forEach(
              o ->
                  wait.update(
                      o,
                      new Health(
                          HealthStatus.NOT_FOUND,
                          "the API server serves no "
                              + watched.kind()
                              + " in "
                              + watched.apiVersion())));
      return CompletableFuture.completedFuture(null);
    }
    var informer = informer(context.get(), watched, byName).runnableInformer(0);
    informer.addEventHandler(new Handler(this, wait, byName, podWatch));
    wait.watching(informer);
    return informer
        .start()
        .toCompletableFuture()
        .handle(
            (ignored, error) -> {
              if (error != null) {
                String reason =
                    "cannot watch "
                        + context.get().getPlural()
                        + (watched.namespace().isEmpty()
                            ? ""
                            : " in namespace " + watched.namespace())
                        + ": "
                        + message(error);
                byName.values().forEach(o -> wait.unwatchable(o, reason));
              }
              return null;
            });
  }

  private FilterWatchListDeletable<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      informer(ResourceDefinitionContext context, Watched watched, Map<String, ObjectRef> byName) {
    var resources = client.genericKubernetesResources(context);
    FilterWatchListDeletable<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        scoped =
            context.isNamespaceScoped() ? resources.inNamespace(watched.namespace()) : resources;
    return byName.size() == 1
        ? scoped.withField("metadata.name", byName.keySet().iterator().next())
        : scoped;
  }

  private static String message(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    return cause.getMessage();
  }

  /** A kind in a namespace (empty when cluster-scoped): what one informer watches. */
  private record Watched(String apiVersion, String kind, String namespace) {}

  /** Recomputes an object's health on each event about it. */
  private record Handler(
      HealthWaiter waiter, HealthWait healthWait, Map<String, ObjectRef> byName, PodWatch podWatch)
      implements ResourceEventHandler<GenericKubernetesResource> {

    @Override
    public void onAdd(GenericKubernetesResource object) {
      report(object);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
      report(after);
    }

    @Override
    public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
      ObjectRef ref = byName.get(object.getMetadata().getName());
      if (ref != null) {
        healthWait.update(ref, new Health(HealthStatus.NOT_FOUND, "deleted"));
      }
    }

    private void report(GenericKubernetesResource object) {
      ObjectRef ref = byName.get(object.getMetadata().getName());
      if (ref != null) {
        healthWait.update(ref, waiter.health(object));
        if (podWatch != null && PodWatch.watchesPodsOf(ref)) {
          podWatch.workloadSeen(ref, object);
        }
      }
    }
  }
}
