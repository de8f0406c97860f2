package dev.strata.controller;

import dev.strata.api.GitSource;
import dev.strata.api.Inventory;
import dev.strata.api.LayeredKustomization;
import dev.strata.apply.ApplyException;
import dev.strata.apply.ApplyOptions;
import dev.strata.apply.ChangeSet;
import dev.strata.apply.Impersonation;
import dev.strata.apply.LayerApplier;
import dev.strata.apply.Pruner;
import dev.strata.health.ApiResources;
import dev.strata.health.HealthWaiter;
import dev.strata.health.ObjectRef;
import dev.strata.layers.DriftWatch;
import dev.strata.layers.LayerRunner;
import dev.strata.render.Accumulator;
import dev.strata.render.GitTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.Ordering;
import dev.strata.render.Resource;
import dev.strata.render.builtin.NamespaceTransformer;
import dev.strata.render.fields.FieldSpecs;
import dev.strata.source.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Gives the LayeredKustomization reconciler what a run needs, per resource: the renderer over the
 * source's object store, an applier acting as the resource's service account, the health waiter,
 * the drift watch, events, and the desired objects of the last run.
 */
public final class LayerEnvironment {

  /** Labels on every applied object: who owns it, for drift watching and safe pruning. */
  public static final String OWNER_NAME_LABEL = "layers.strata.dev/name";

  public static final String OWNER_NAMESPACE_LABEL = "layers.strata.dev/namespace";

  private final KubernetesClient client;
  private final ObjectStore store;
  private final ApiResources apiResources;
  private final ExecutorService executor;
  private final EventRecorder events;
  private final DriftHandler driftHandler;
  private final DriftWatch drift;
  private final Map<String, List<Resource>> desired = new ConcurrentHashMap<>();
  private final LayerMetrics metrics;
  private final InventoryStore inventory;
  private final RemoteResources remoteResources;

  public LayerEnvironment(
      KubernetesClient client,
      ObjectStore store,
      ExecutorService executor,
      ScheduledExecutorService scheduler) {
    this(
        client,
        store,
        executor,
        scheduler,
        new SimpleMeterRegistry(),
        InventoryStore.DEFAULT_STATUS_LIMIT,
        new RemoteResources(true, store, client));
  }

  /**
   * @param remoteResources what remote resources the layers may load
   */
  public LayerEnvironment(
      KubernetesClient client,
      ObjectStore store,
      ExecutorService executor,
      ScheduledExecutorService scheduler,
      MeterRegistry registry,
      RemoteResources remoteResources) {
    this(
        client,
        store,
        executor,
        scheduler,
        registry,
        InventoryStore.DEFAULT_STATUS_LIMIT,
        remoteResources);
  }

  /**
   * @param inventoryStatusLimit above this many objects the inventory is kept in a ConfigMap
   */
  public LayerEnvironment(
      KubernetesClient client,
      ObjectStore store,
      ExecutorService executor,
      ScheduledExecutorService scheduler,
      MeterRegistry registry,
      int inventoryStatusLimit) {
    this(
        client,
        store,
        executor,
        scheduler,
        registry,
        inventoryStatusLimit,
        new RemoteResources(true, store, client));
  }

  /**
   * @param remoteResources what remote resources the layers may load
   */
  public LayerEnvironment(
      KubernetesClient client,
      ObjectStore store,
      ExecutorService executor,
      ScheduledExecutorService scheduler,
      MeterRegistry registry,
      int inventoryStatusLimit,
      RemoteResources remoteResources) {
    this.remoteResources = remoteResources;
    this.inventory = new InventoryStore(client, inventoryStatusLimit);
    this.metrics = new LayerMetrics(registry);
    this.client = client;
    this.store = store;
    this.apiResources = new ApiResources(client);
    this.executor = executor;
    this.events = new EventRecorder(client, LayeredKustomizationReconciler.NAME);
    this.driftHandler = new DriftHandler(this);
    this.drift = new DriftWatch(client, driftHandler, scheduler);
  }

  InventoryStore inventory() {
    return inventory;
  }

  LayerMetrics metrics() {
    return metrics;
  }

  public EventRecorder events() {
    return events;
  }

  public DriftControl drift() {
    return new DriftControl();
  }

  KubernetesClient client() {
    return client;
  }

  /** Starts, pauses and stops watching one LayeredKustomization's objects. */
  public final class DriftControl {
    public void watch(
        LayeredKustomization lk,
        dev.strata.api.LayeredKustomizationStatus status,
        List<Resource> objects) {
      driftHandler.remember(lk);
      drift.watch(key(lk), ownerLabels(lk), objects, defaultNamespace(lk));
    }

    public void pause(io.javaoperatorsdk.operator.processing.event.ResourceID id) {
      drift.pause(id.getNamespace().orElse("") + "/" + id.getName());
    }

    public void stop(io.javaoperatorsdk.operator.processing.event.ResourceID id) {
      drift.stop(id.getNamespace().orElse("") + "/" + id.getName());
    }
  }

  /** The objects the last run rendered for this resource (all layers). */
  public List<Resource> desiredFor(LayeredKustomization lk) {
    return desired.getOrDefault(key(lk), List.of());
  }

  public void forget(LayeredKustomization lk) {
    desired.remove(key(lk));
    driftHandler.forget(lk);
    remoteResources.forget(lk);
  }

  /**
   * Whether {@code lk} must run again although its source's revision did not change: a remote base
   * that its last run read from a branch, tag or HEAD now resolves to another commit. After a
   * restart, when what was applied is not known, any such remote counts.
   */
  boolean remotesMoved(LayeredKustomization lk, GitSource source, boolean sinceRestart) {
    return sinceRestart ? remoteResources.usesMovingRemotes(lk) : remoteResources.moved(lk, source);
  }

  /** A runner whose applier acts as the resource's service account, when it names one. */
  public LayerRunner runner(LayeredKustomization lk) {
    return new LayerRunner(applier(lk), new HealthWaiter(client, apiResources), executor);
  }

  Applier applier(LayeredKustomization lk) {
    KubernetesClient acting = actingClient(lk);
    var options =
        ApplyOptions.defaults()
            .withFieldManager(LayeredKustomizationReconciler.NAME)
            .withDefaultNamespace(defaultNamespace(lk))
            .withOwnerLabels(ownerLabels(lk));
    LayerApplier applier = new LayerApplier(acting, options, apiResources);
    Pruner pruner = new Pruner(acting, options, apiResources);
    return new Applier(applier, pruner);
  }

  /** The layer applier and pruner acting for one LayeredKustomization. */
  record Applier(LayerApplier applier, Pruner pruner) implements LayerRunner.Applier {
    @Override
    public ChangeSet apply(List<Resource> objects) throws ApplyException {
      try {
        return applier.apply(objects);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while applying", e);
      }
    }

    @Override
    public ChangeSet prune(
        List<ObjectRef> previous, List<ObjectRef> current, Map<ObjectRef, String> otherLayers)
        throws ApplyException {
      return pruner.prune(previous, current, otherLayers);
    }

    List<ObjectRef> drifted(List<Resource> objects) throws ApplyException {
      return applier.drifted(objects);
    }
  }

  private KubernetesClient actingClient(LayeredKustomization lk) {
    String serviceAccount = lk.getSpec().getServiceAccountName();
    return serviceAccount == null || serviceAccount.isBlank()
        ? client
        : Impersonation.asServiceAccount(client, lk.getMetadata().getNamespace(), serviceAccount);
  }

  /** Renders layers of a revision from the object store; remembers what was rendered, for drift. */
  public LayerRunner.Renderer renderer(LayeredKustomization lk, GitSource source, String revision) {
    String key = source.getMetadata().getNamespace() + "/" + source.getMetadata().getName();
    ObjectId commit = ObjectId.fromString(revision.substring(revision.lastIndexOf(':') + 1));
    List<Resource> all = Collections.synchronizedList(new ArrayList<>());
    desired.put(key(lk), all);
    remoteResources.startRun(lk);
    String targetNamespace = lk.getSpec().getTargetNamespace();
    return path -> {
      try (var reader = store.reader(key, commit);
          var remotes = remoteResources.loaderFor(lk, source)) {
        List<Resource> rendered =
            new KustomizeBuilder(new GitTree(reader), remotes)
                .build(stripDot(path), Ordering.LEGACY);
        if (targetNamespace != null && !targetNamespace.isBlank()) {
          Accumulator accumulator = new Accumulator();
          accumulator.appendAll(rendered);
          new NamespaceTransformer(
                  targetNamespace, FieldSpecs.defaults().get("namespace"), "spec.targetNamespace")
              .transform(accumulator);
        }
        all.addAll(rendered);
        return rendered;
      }
    };
  }

  /** Deletes a resource's objects, last layer first. */
  void deleteInventory(LayeredKustomization lk, Inventory stored) throws ApplyException {
    List<Map.Entry<String, List<ObjectRef>>> layers =
        new ArrayList<>(inventory.read(lk, stored).entrySet());
    Collections.reverse(layers);
    Applier applier = applier(lk);
    for (var layer : layers) {
      ChangeSet deleted = applier.prune(layer.getValue(), List.of(), Map.of());
      events.normal(lk, "Pruned", "layer " + layer.getKey() + ": " + deleted.summary());
    }
  }

  static Map<String, String> ownerLabels(LayeredKustomization lk) {
    return Map.of(
        OWNER_NAME_LABEL, lk.getMetadata().getName(),
        OWNER_NAMESPACE_LABEL, lk.getMetadata().getNamespace());
  }

  static String defaultNamespace(LayeredKustomization lk) {
    String target = lk.getSpec().getTargetNamespace();
    return target != null && !target.isBlank() ? target : lk.getMetadata().getNamespace();
  }

  static String key(LayeredKustomization lk) {
    return lk.getMetadata().getNamespace() + "/" + lk.getMetadata().getName();
  }

  private static String stripDot(String path) {
    String trimmed = path.startsWith("./") ? path.substring(2) : path;
    return trimmed.equals(".") ? "" : trimmed;
  }
}
