package dev.strata.controller;

import dev.strata.api.Durations;
import dev.strata.api.GitSource;
import dev.strata.api.Inventory;
import dev.strata.api.LayerInventory;
import dev.strata.api.LayerStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LayeredKustomizationSpec;
import dev.strata.api.LayeredKustomizationStatus;
import dev.strata.api.UnhealthyObject;
import dev.strata.health.ObjectRef;
import dev.strata.layers.LayerPlan;
import dev.strata.layers.LayerProgress;
import dev.strata.layers.LayerRunner;
import dev.strata.render.RenderException;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a LayeredKustomization's layers applied: on a new source revision (or spec change) it runs
 * the layers in dependency order through {@link LayerRunner}, publishing each layer's phase as it
 * changes, then records the inventory, the applied revision and the conditions. With nothing new it
 * does nothing; drift between runs is the {@link DriftWatch}'s job.
 */
@ControllerConfiguration(
    name = LayeredKustomizationReconciler.NAME,
    fieldManager = LayeredKustomizationReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReconcileRequests.class))
public final class LayeredKustomizationReconciler
    implements Reconciler<LayeredKustomization>, Cleaner<LayeredKustomization> {

  static final String NAME = "strata-layers";
  private static final Logger log = LoggerFactory.getLogger(LayeredKustomizationReconciler.class);

  private final LayerEnvironment environment;
  private final Clock clock;
  private final Map<ResourceID, Run> running = new ConcurrentHashMap<>();

  /** A run in progress, so that a newer revision can cancel it. */
  private record Run(String revision, LayerRunner.Cancellation cancellation) {}

  public LayeredKustomizationReconciler(LayerEnvironment environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, LayeredKustomization>> prepareEventSources(
      EventSourceContext<LayeredKustomization> context) {
    // A GitSource's new artifact triggers every LayeredKustomization that reads it, and cancels
    // a run still waiting on an older revision.
    var configuration =
        InformerEventSourceConfiguration.from(GitSource.class, LayeredKustomization.class)
            .withSecondaryToPrimaryMapper(
                source -> {
                  Set<ResourceID> readers =
                      context
                          .getPrimaryCache()
                          .list()
                          .filter(lk -> reads(lk, source))
                          .map(ResourceID::fromResource)
                          .collect(Collectors.toSet());
                  String revision = revision(source);
                  readers.forEach(id -> supersede(id, revision));
                  return readers;
                })
            .withNamespacesInheritedFromController()
            .build();
    return List.of(new InformerEventSource<>(configuration, context));
  }

  @Override
  public UpdateControl<LayeredKustomization> reconcile(
      LayeredKustomization lk, Context<LayeredKustomization> context) throws InterruptedException {
    LayeredKustomizationSpec spec = lk.getSpec();
    LayeredKustomizationStatus previous =
        lk.getStatus() == null ? new LayeredKustomizationStatus() : lk.getStatus();
    Duration interval = Durations.parse(spec.getInterval());
    var conditions = new Conditions(previous.getConditions(), generation(lk), clock);
    var status = carriedOver(lk, previous);

    if (Boolean.TRUE.equals(spec.getSuspend())) {
      log.debug("{} is suspended", key(lk));
      environment.drift().pause(ResourceID.fromResource(lk));
      return UpdateControl.noUpdate();
    }

    // Check the spec: an impossible plan stalls until the spec changes.
    LayerPlan plan;
    try {
      plan = LayerPlan.of(spec.getLayers());
    } catch (LayerPlan.InvalidPlan invalid) {
      conditions
          .notReady("InvalidSpec", invalid.getMessage())
          .stalled("InvalidSpec", invalid.getMessage());
      status.setConditions(conditions.build());
      return UpdateControl.patchStatus(fresh(lk, status));
    }
    String sourceNamespace =
        spec.getSourceRef().getNamespace() == null
            ? lk.getMetadata().getNamespace()
            : spec.getSourceRef().getNamespace();
    if (!sourceNamespace.equals(lk.getMetadata().getNamespace())) {
      String message =
          "spec.sourceRef names GitSource "
              + sourceNamespace
              + "/"
              + spec.getSourceRef().getName()
              + " in another namespace; cross-namespace sources are not allowed";
      conditions.notReady("CrossNamespaceSource", message).stalled("CrossNamespaceSource", message);
      status.setConditions(conditions.build());
      return UpdateControl.patchStatus(fresh(lk, status));
    }

    // Get the source's revision.
    GitSource source =
        context
            .getSecondaryResource(GitSource.class)
            .orElseGet(
                () ->
                    context
                        .getClient()
                        .resources(GitSource.class)
                        .inNamespace(sourceNamespace)
                        .withName(spec.getSourceRef().getName())
                        .get());
    String revision = source == null ? null : revision(source);
    if (revision == null) {
      String message =
          source == null
              ? "GitSource " + sourceNamespace + "/" + spec.getSourceRef().getName() + " not found"
              : "GitSource " + key(source) + " has no artifact yet";
      conditions.notReady("SourceNotReady", message);
      status.setConditions(conditions.build());
      return UpdateControl.patchStatus(fresh(lk, status)).rescheduleAfter(interval);
    }

    // Nothing new: the last run applied this revision of this spec; drift is watched.
    boolean upToDate =
        revision.equals(previous.getLastAppliedRevision())
            && Objects.equals(previous.getObservedGeneration(), generation(lk))
            && Objects.equals(
                ReconcileRequests.requestedAt(lk), previous.getLastHandledReconcileAt())
            && Conditions.find(previous.getConditions(), Conditions.READY)
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false);
    boolean restarted = environment.desiredFor(lk).isEmpty();
    if (upToDate) {
      if (restarted) {
        // After a restart: render the applied revision again (no API request) to watch for drift.
        var renderer = environment.renderer(lk, source, revision);
        try {
          for (var layer : plan.layers()) {
            renderer.render(layer.getPath());
          }
        } catch (RenderException | IOException e) {
          log.warn(
              "{}: cannot render {} to watch for drift: {}", key(lk), revision, e.getMessage());
        }
      }
      // A remote base on a branch, tag or HEAD may have moved while the source did not.
      if (!environment.remotesMoved(lk, source, restarted)) {
        environment.drift().watch(lk, previous, environment.desiredFor(lk));
        return UpdateControl.<LayeredKustomization>noUpdate().rescheduleAfter(interval);
      }
    }

    // Run the layers, publishing progress.
    ResourceID id = ResourceID.fromResource(lk);
    var cancellation = new LayerRunner.Cancellation();
    running.put(id, new Run(revision, cancellation));
    status.setLastAttemptedRevision(revision);
    var publisher = new ProgressPublisher(lk, status, previous, context.getClient());
    LayerRunner.Result result;
    try {
      environment.drift().pause(id);
      result =
          environment
              .runner(lk)
              .run(
                  new LayerRunner.Request(
                      revision,
                      plan,
                      environment.inventory().read(lk, previous.getInventory()),
                      !Boolean.FALSE.equals(spec.getPrune()),
                      Durations.parse(spec.getTimeout()),
                      LayerEnvironment.defaultNamespace(lk)),
                  environment.renderer(lk, source, revision),
                  publisher::layerChanged,
                  cancellation);
    } finally {
      running.remove(id);
    }

    // Record the outcome.
    status.setLayers(layerStatuses(plan, result.layers()));
    status.setInventory(environment.inventory().write(lk, inventoryOf(plan, result.layers())));
    status.setLayerSummary(summary(result.layers()));
    if (result.cancelled()) {
      conditions.reconciling("Superseded", cancellation.reason());
      conditions.readyUnknown("Superseded", cancellation.reason());
      status.setConditions(conditions.build());
      return UpdateControl.patchStatus(fresh(lk, status));
    }
    if (result.allReady()) {
      status.setLastAppliedRevision(revision);
      int layers = result.layers().size();
      String message =
          "applied revision "
              + revision
              + ": "
              + layers
              + (layers == 1 ? " layer Ready" : " layers Ready");
      conditions
          .ready("ReconciliationSucceeded", message)
          .healthy(true, "Healthy", "all objects healthy");
      environment.events().normal(lk, "ReconciliationSucceeded", message);
    } else {
      String message = failureMessage(result.layers());
      conditions.notReady("LayerFailed", message);
      conditions.healthy(false, "LayerFailed", message);
      environment.events().warning(lk, "LayerFailed", message);
    }
    status.setConditions(conditions.build());
    LayeredKustomization updated = fresh(lk, status);
    environment.drift().watch(lk, status, environment.desiredFor(lk));
    return UpdateControl.patchStatus(updated).rescheduleAfter(interval);
  }

  @Override
  public DeleteControl cleanup(LayeredKustomization lk, Context<LayeredKustomization> context) {
    ResourceID id = ResourceID.fromResource(lk);
    Run run = running.get(id);
    if (run != null) {
      run.cancellation().cancel("the LayeredKustomization is being deleted");
    }
    environment.drift().stop(id);
    environment.forget(lk);
    if (lk.getSpec().getDeletionPolicy() == dev.strata.api.DeletionPolicy.ORPHAN
        || lk.getStatus() == null
        || lk.getStatus().getInventory() == null) {
      return DeleteControl.defaultDelete();
    }
    try {
      environment.deleteInventory(lk, lk.getStatus().getInventory());
    } catch (Exception e) {
      log.warn("{}: cannot delete its objects: {}", key(lk), e.getMessage());
      environment.events().warning(lk, "DeletionFailed", e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(10));
    }
    return DeleteControl.defaultDelete();
  }

  /** Cancels a run waiting on an older revision than the source now has. */
  private void supersede(ResourceID id, String revision) {
    Run run = running.get(id);
    if (run != null && revision != null && !revision.equals(run.revision())) {
      run.cancellation().cancel("superseded by revision " + revision);
    }
  }

  private static boolean reads(LayeredKustomization lk, GitSource source) {
    var ref = lk.getSpec().getSourceRef();
    String namespace =
        ref.getNamespace() == null ? lk.getMetadata().getNamespace() : ref.getNamespace();
    return ref.getName().equals(source.getMetadata().getName())
        && namespace.equals(source.getMetadata().getNamespace());
  }

  private static String revision(GitSource source) {
    return source.getStatus() == null || source.getStatus().getArtifact() == null
        ? null
        : source.getStatus().getArtifact().getRevision();
  }

  private static Inventory inventoryOf(LayerPlan plan, Map<String, LayerProgress> layers) {
    Inventory inventory = new Inventory();
    for (var layer : plan.layers()) {
      LayerProgress progress = layers.get(layer.getName());
      LayerInventory entries = new LayerInventory();
      entries.setLayer(layer.getName());
      entries.setEntries(progress.inventory().stream().map(ObjectRef::inventoryEntry).toList());
      inventory.getLayers().add(entries);
    }
    return inventory;
  }

  static List<LayerStatus> layerStatuses(LayerPlan plan, Map<String, LayerProgress> layers) {
    List<LayerStatus> statuses = new ArrayList<>();
    for (var layer : plan.layers()) {
      LayerProgress progress = layers.get(layer.getName());
      if (progress != null) {
        statuses.add(layerStatus(progress));
      }
    }
    return statuses;
  }

  static LayerStatus layerStatus(LayerProgress progress) {
    LayerStatus status = new LayerStatus();
    status.setName(progress.name());
    status.setPhase(progress.phase());
    status.setRevision(progress.revision().isEmpty() ? null : progress.revision());
    status.setObjects(progress.objects());
    status.setChanged(progress.changes().changed());
    progress
        .unhealthy()
        .forEach(
            (ref, reason) -> {
              UnhealthyObject unhealthy = new UnhealthyObject();
              unhealthy.setObject(ref.toString());
              unhealthy.setReason(reason);
              status.getUnhealthy().add(unhealthy);
            });
    status.setMessage(progress.message());
    status.setLastTransitionTime(progress.since().truncatedTo(ChronoUnit.SECONDS).toString());
    return status;
  }

  private static String summary(Map<String, LayerProgress> layers) {
    long ready = layers.values().stream().filter(LayerProgress::isReady).count();
    return ready + "/" + layers.size();
  }

  private static String failureMessage(Map<String, LayerProgress> layers) {
    return layers.values().stream()
        .filter(LayerProgress::isFailed)
        .map(p -> "layer " + p.name() + ": " + p.message())
        .collect(Collectors.joining("; "));
  }

  /**
   * Status that keeps what a run does not decide: revisions, inventory, requests. Drift is left
   * out: the drift handler owns status.drift, and a run must not write back a stale copy.
   */
  private static LayeredKustomizationStatus carriedOver(
      LayeredKustomization lk, LayeredKustomizationStatus previous) {
    var status = new LayeredKustomizationStatus();
    status.setObservedGeneration(generation(lk));
    status.setLastAppliedRevision(previous.getLastAppliedRevision());
    status.setLastAttemptedRevision(previous.getLastAttemptedRevision());
    status.setLayers(previous.getLayers());
    status.setLayerSummary(previous.getLayerSummary());
    status.setInventory(previous.getInventory());
    String requested = ReconcileRequests.requestedAt(lk);
    status.setLastHandledReconcileAt(
        requested != null ? requested : previous.getLastHandledReconcileAt());
    return status;
  }

  /** A resource holding only identity and status: what a status apply should send. */
  static LayeredKustomization fresh(LayeredKustomization lk, LayeredKustomizationStatus status) {
    var fresh = new LayeredKustomization();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(lk.getMetadata().getName())
            .withNamespace(lk.getMetadata().getNamespace())
            .build());
    fresh.setStatus(status);
    return fresh;
  }

  /** Patches status on each change of a layer's phase: a handful of writes per layer and run. */
  private final class ProgressPublisher {
    private final LayeredKustomization lk;
    private final LayeredKustomizationStatus status;
    private final LayeredKustomizationStatus previous;
    private final KubernetesClient client;
    private final Map<String, LayerStatus> layers = new LinkedHashMap<>();

    ProgressPublisher(
        LayeredKustomization lk,
        LayeredKustomizationStatus status,
        LayeredKustomizationStatus previous,
        KubernetesClient client) {
      this.lk = lk;
      this.status = status;
      this.previous = previous;
      this.client = client;
      lk.getSpec().getLayers().forEach(layer -> layers.put(layer.getName(), null));
      previous
          .getLayers()
          .forEach(layer -> layers.computeIfPresent(layer.getName(), (k, v) -> layer));
    }

    synchronized void layerChanged(LayerProgress progress) {
      environment.metrics().progressed(key(lk), progress);
      layers.put(progress.name(), layerStatus(progress));
      var snapshot = new LayeredKustomizationStatus();
      snapshot.setObservedGeneration(status.getObservedGeneration());
      snapshot.setLastAppliedRevision(previous.getLastAppliedRevision());
      snapshot.setLastAttemptedRevision(status.getLastAttemptedRevision());
      snapshot.setInventory(previous.getInventory());
      // The request counts as handled only with the run's final status.
      snapshot.setLastHandledReconcileAt(previous.getLastHandledReconcileAt());
      snapshot.setLayers(layers.values().stream().filter(Objects::nonNull).toList());
      var conditions = new Conditions(previous.getConditions(), generation(lk), clock);
      Conditions.find(previous.getConditions(), Conditions.READY)
          .ifPresentOrElse(
              ready ->
                  conditions.readyUnknown(
                      "Progressing", "applying revision " + status.getLastAttemptedRevision()),
              () -> conditions.readyUnknown("Progressing", "first apply in progress"));
      conditions.reconciling(
          "Progressing",
          "layer " + progress.name() + ": " + progress.phase() + " — " + progress.message());
      snapshot.setConditions(conditions.build());
      try {
        StatusPatches.apply(client, fresh(lk, snapshot), NAME);
      } catch (KubernetesClientException e) {
        log.warn("{}: cannot publish progress: {}", key(lk), e.getMessage());
      }
    }
  }

  private static String key(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }

  private static long generation(io.fabric8.kubernetes.api.model.HasMetadata resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }
}
