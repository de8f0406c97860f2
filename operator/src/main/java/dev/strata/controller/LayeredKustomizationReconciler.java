package dev.strata.controller;

import dev.strata.api.ConditionTypes;
import dev.strata.api.DeletionPolicy;
import dev.strata.api.Durations;
import dev.strata.api.FieldManagers;
import dev.strata.api.GitSource;
import dev.strata.api.HistoryEntry;
import dev.strata.api.Hold;
import dev.strata.api.Inventory;
import dev.strata.api.LayerInventory;
import dev.strata.api.LayerStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LayeredKustomizationSpec;
import dev.strata.api.LayeredKustomizationStatus;
import dev.strata.api.Reasons;
import dev.strata.api.ResourceKey;
import dev.strata.api.RollbackPolicy;
import dev.strata.api.StrataMetadata;
import dev.strata.api.UnhealthyObject;
import dev.strata.apply.ApiErrors;
import dev.strata.apply.ApplyException;
import dev.strata.apply.ChangeSet;
import dev.strata.health.HealthExpressions;
import dev.strata.health.ObjectRef;
import dev.strata.layers.LastApplied;
import dev.strata.layers.LayerPipeline;
import dev.strata.layers.LayerPlan;
import dev.strata.layers.LayerProgress;
import dev.strata.layers.LayerRunner;
import dev.strata.notify.EventType;
import dev.strata.notify.Notifier;
import dev.strata.render.RenderException;
import dev.strata.source.ObjectStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a LayeredKustomization's layers applied. A reconcile checks the spec, finds the source's
 * revision, and, when the revision or the spec is new, runs the layers in dependency order through
 * the {@link LayerPipeline}, publishing each layer's phase as it changes; then it records the
 * outcome and watches what the layers applied for drift. With nothing new it does nothing. An
 * unexpected error ends in {@code Ready=False} with reason {@value Reasons#RECONCILE_ERROR}.
 */
@ControllerConfiguration(
    name = LayeredKustomizationReconciler.NAME,
    fieldManager = FieldManagers.LAYERS,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReconcileRequests.class))
public final class LayeredKustomizationReconciler
    implements Reconciler<LayeredKustomization>, Cleaner<LayeredKustomization>, AutoCloseable {

  static final String NAME = FieldManagers.LAYERS;
  private static final int DEFAULT_HISTORY = 10;
  private static final Logger log = LoggerFactory.getLogger(LayeredKustomizationReconciler.class);

  private final LayerPipeline pipeline;
  private final StoredRevisions revisions;
  private final RemoteResources remoteResources;
  private final InventoryStore inventory;
  private final DriftHandler drift;
  private final LastApplied lastApplied = new LastApplied();
  private final EventRecorder events;
  private final LayerMetrics metrics;
  private final StatusWriter<LayeredKustomization, LayeredKustomizationStatus> statusWriter;
  private final Map<ResourceID, Run> running = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Notifier notifier;

  /** A run in progress, so that a newer revision can cancel it. */
  private record Run(String revision, LayerRunner.Cancellation cancellation) {}

  private LayeredKustomizationReconciler(Builder builder) {
    KubernetesClient client = builder.client;
    this.pipeline = new LayerPipeline(client, builder.layerThreads);
    this.remoteResources =
        builder.remoteResources != null
            ? builder.remoteResources
            : new RemoteResources(true, builder.store, client);
    this.revisions = new StoredRevisions(builder.store, remoteResources);
    this.inventory = new InventoryStore(client, builder.inventoryStatusLimit);
    this.events = new EventRecorder(client, NAME);
    this.metrics = new LayerMetrics(builder.registry);
    this.notifier = builder.notifier;
    this.drift =
        new DriftHandler(client, pipeline, events, metrics, builder.driftThreads, notifier);
    this.statusWriter = new StatusWriter<>(LayeredKustomization::new, NAME, builder.clock);
    this.clock = builder.clock;
  }

  /**
   * The reconciler for LayeredKustomizations rendered from GitSources fetched into {@code store}.
   */
  public static Builder builder(KubernetesClient client, ObjectStore store) {
    return new Builder(client, store);
  }

  /** Wires the reconciler; everything but the client and the store has a default. */
  public static final class Builder {
    private final KubernetesClient client;
    private final ObjectStore store;
    private RemoteResources remoteResources;
    private MeterRegistry registry = new SimpleMeterRegistry();
    private int inventoryStatusLimit = InventoryStore.DEFAULT_STATUS_LIMIT;
    private ExecutorService layerThreads =
        Executors.newCachedThreadPool(daemonThreads("strata-layer"));
    private ScheduledExecutorService driftThreads =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("strata-drift"));
    private Clock clock = Clock.systemUTC();
    private Notifier notifier = Notifier.NONE;

    private Builder(KubernetesClient client, ObjectStore store) {
      this.client = client;
      this.store = store;
    }

    /** What remote resources layers may load (default: all, fetched into the store). */
    public Builder remoteResources(RemoteResources remoteResources) {
      this.remoteResources = remoteResources;
      return this;
    }

    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    /** Above this many objects the inventory is kept in a ConfigMap (default 1,000). */
    public Builder inventoryStatusLimit(int limit) {
      this.inventoryStatusLimit = limit;
      return this;
    }

    /** Where outcomes are told to people (default: nowhere). */
    public Builder notifier(Notifier notifier) {
      this.notifier = notifier;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public LayeredKustomizationReconciler build() {
      return new LayeredKustomizationReconciler(this);
    }
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
                  String revision = artifactRevision(source);
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
    if (Boolean.TRUE.equals(lk.getSpec().getSuspend())) {
      log.debug("{} is suspended", ResourceKey.of(lk));
      drift.pause(ResourceKey.of(lk));
      return UpdateControl.noUpdate();
    }
    var attempt = new Attempt(lk);
    try {
      LayerPlan plan = checkSpec(lk);
      GitSource source = findSource(lk, context);
      String gitRevision = sourceRevision(lk, source);
      String held = heldRevision(lk, source);
      String revision = held != null ? held : gitRevision;
      boolean restarted = restoreLastApplied(lk, plan, source);
      if (upToDate(lk, revision) && !remoteResources.moved(lk, source, restarted)) {
        watchForDrift(lk);
        if (held != null) {
          return attempt.stillHeld(held, gitRevision);
        }
        return UpdateControl.<LayeredKustomization>noUpdate().rescheduleAfter(attempt.interval);
      }
      attempt.status.setLastAttemptedRevision(revision);
      notifier.publish(
          Notifications.about(
              lk, EventType.PROGRESSING, revision, Reasons.PROGRESSING, "applying " + revision));
      LayerRunner.Result result =
          runLayers(
              attempt,
              plan,
              source,
              revision,
              inventory.read(lk, attempt.previous.getInventory()),
              held != null
                  ? "rolling back to " + held + " (strata rollback)"
                  : "applying revision " + revision,
              context.getClient());
      if (held != null) {
        return recordHeld(attempt, plan, held, gitRevision, result);
      }
      if (rollbackWanted(lk, revision, result)) {
        return rollBack(attempt, plan, source, revision, result, context.getClient());
      }
      return recordOutcome(attempt, plan, revision, result);
    } catch (NotReady notReady) {
      return attempt.notReady(notReady);
    }
  }

  /**
   * Called by JOSDK when {@link #reconcile} threw: whatever failed (an API request, a bug), status
   * says so instead of keeping the last progress forever, and drift is watched again.
   */
  @Override
  public ErrorStatusUpdateControl<LayeredKustomization> updateErrorStatus(
      LayeredKustomization lk, Context<LayeredKustomization> context, Exception error) {
    String message = "reconcile failed: " + ApiErrors.describeUnexpected(error);
    log.warn("{}: {}", ResourceKey.of(lk), message, error);
    var attempt = new Attempt(lk);
    attempt.conditions.notReady(Reasons.RECONCILE_ERROR, message);
    attempt.status.setConditions(attempt.conditions.build());
    events.warning(lk, Reasons.RECONCILE_ERROR, message);
    notifier.publish(
        Notifications.about(
            lk,
            EventType.FAILED,
            attempt.previous.getLastAttemptedRevision(),
            Reasons.RECONCILE_ERROR,
            message));
    watchForDrift(lk);
    return ErrorStatusUpdateControl.patchStatus(statusWriter.fresh(lk, attempt.status))
        .rescheduleAfter(attempt.interval);
  }

  @Override
  public DeleteControl cleanup(LayeredKustomization lk, Context<LayeredKustomization> context) {
    ResourceID id = ResourceID.fromResource(lk);
    Run run = running.get(id);
    if (run != null) {
      run.cancellation().cancel("the LayeredKustomization is being deleted");
    }
    drift.stop(ResourceKey.of(lk));
    lastApplied.forget(ResourceKey.of(lk));
    remoteResources.forget(lk);
    if (lk.getSpec().getDeletionPolicy() == DeletionPolicy.ORPHAN
        || lk.getStatus() == null
        || lk.getStatus().getInventory() == null) {
      return DeleteControl.defaultDelete();
    }
    try {
      deleteObjects(lk, lk.getStatus().getInventory());
    } catch (ApplyException e) {
      log.warn("{}: cannot delete its objects: {}", ResourceKey.of(lk), e.getMessage());
      events.warning(lk, Reasons.DELETION_FAILED, e.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(10));
    }
    return DeleteControl.defaultDelete();
  }

  /** Stops watching for drift; the operator calls this when it stops. */
  @Override
  public void close() {
    drift.close();
  }

  // The phases of a reconcile, in order.

  /**
   * An impossible plan or a health expression that does not compile stalls until the spec changes.
   */
  private static LayerPlan checkSpec(LayeredKustomization lk) throws NotReady {
    try {
      HealthExpressions.compile(lk.getSpec().getHealthCheckExprs());
      return LayerPlan.of(lk.getSpec().getLayers());
    } catch (LayerPlan.InvalidPlan | HealthExpressions.InvalidExpression invalid) {
      throw NotReady.stalled(Reasons.INVALID_SPEC, invalid.getMessage());
    }
  }

  /**
   * The revision spec.hold pins, when set (strata rollback): it must still be in the object store,
   * else the resource stalls saying so, and stays where it is.
   */
  private String heldRevision(LayeredKustomization lk, GitSource source) throws NotReady {
    Hold hold = lk.getSpec().getHold();
    if (hold == null || hold.getRevision() == null) {
      return null;
    }
    String revision = hold.getRevision();
    if (!revisions.contains(source, revision)) {
      throw NotReady.stalled(
          Reasons.REVISION_NOT_STORED,
          "spec.hold.revision "
              + revision
              + " is not in the object store of GitSource "
              + ResourceKey.of(source)
              + " (it holds the revisions fetched since the operator's store was created); nothing"
              + " was applied. Choose another with strata rollback --to, or run strata resume to"
              + " follow Git again");
    }
    return revision;
  }

  /** The GitSource named by spec.sourceRef, in lk's own namespace. */
  private static GitSource findSource(
      LayeredKustomization lk, Context<LayeredKustomization> context) throws NotReady {
    LayeredKustomizationSpec spec = lk.getSpec();
    String namespace = sourceNamespace(lk);
    if (!namespace.equals(lk.getMetadata().getNamespace())) {
      throw NotReady.stalled(
          Reasons.CROSS_NAMESPACE_SOURCE,
          "spec.sourceRef names GitSource "
              + ResourceKey.of(namespace, spec.getSourceRef().getName())
              + " in another namespace; cross-namespace sources are not allowed");
    }
    GitSource source =
        context
            .getSecondaryResource(GitSource.class)
            .orElseGet(
                () ->
                    context
                        .getClient()
                        .resources(GitSource.class)
                        .inNamespace(namespace)
                        .withName(spec.getSourceRef().getName())
                        .get());
    if (source == null) {
      throw NotReady.retrying(
          Reasons.SOURCE_NOT_READY,
          "GitSource " + ResourceKey.of(namespace, spec.getSourceRef().getName()) + " not found");
    }
    return source;
  }

  /** The revision the source's artifact holds. */
  private static String sourceRevision(LayeredKustomization lk, GitSource source) throws NotReady {
    String revision = artifactRevision(source);
    if (revision == null) {
      throw NotReady.retrying(
          Reasons.SOURCE_NOT_READY, "GitSource " + ResourceKey.of(source) + " has no artifact yet");
    }
    return revision;
  }

  /**
   * After a restart, renders again (no API request) what each layer last applied, by the revisions
   * status records, so that drift is watched and healed towards it.
   *
   * @return whether the operator had restarted, so nothing was known of lk
   */
  private boolean restoreLastApplied(LayeredKustomization lk, LayerPlan plan, GitSource source) {
    String owner = ResourceKey.of(lk);
    if (lastApplied.knows(owner)) {
      return false;
    }
    lastApplied.knowNothingApplied(owner);
    Map<String, LayerStatus> layers = new LinkedHashMap<>();
    previousStatus(lk).getLayers().forEach(layer -> layers.put(layer.getName(), layer));
    for (var layer : plan.layers()) {
      LayerStatus status = layers.get(layer.getName());
      String revision =
          status != null && status.getAppliedRevision() != null
              ? status.getAppliedRevision()
              : previousStatus(lk).getLastAppliedRevision();
      if (revision == null) {
        continue;
      }
      try {
        var renderer = LayerPipeline.renderer(lk, revisions.files(lk, source, revision));
        lastApplied.record(owner, layer.getName(), revision, renderer.render(layer.getPath()));
      } catch (RenderException | IOException | IllegalArgumentException e) {
        log.warn(
            "{}: cannot render layer {} at {} to watch it for drift: {}",
            owner,
            layer.getName(),
            revision,
            e.getMessage());
      }
    }
    return true;
  }

  /**
   * Whether nothing asks for a run: the spec and the reconcile request were handled, and the last
   * run applied this revision, or rolled it back (it is held until a new revision or a request).
   */
  private static boolean upToDate(LayeredKustomization lk, String revision) {
    LayeredKustomizationStatus previous = previousStatus(lk);
    boolean handled =
        Objects.equals(previous.getObservedGeneration(), StatusWriter.generation(lk))
            && Objects.equals(StrataMetadata.requestedAt(lk), previous.getLastHandledReconcileAt());
    boolean applied =
        revision.equals(previous.getLastAppliedRevision())
            && Conditions.find(previous.getConditions(), ConditionTypes.READY)
                .map(c -> ConditionTypes.TRUE.equals(c.getStatus()))
                .orElse(false);
    return handled && (applied || revision.equals(previous.getFailedRevision()));
  }

  /** Renders, applies, prunes and waits for the layers, publishing progress as it changes. */
  private LayerRunner.Result runLayers(
      Attempt attempt,
      LayerPlan plan,
      GitSource source,
      String revision,
      Map<String, List<ObjectRef>> previousInventory,
      String doing,
      KubernetesClient client)
      throws InterruptedException {
    LayeredKustomization lk = attempt.lk;
    ResourceID id = ResourceID.fromResource(lk);
    var cancellation = new LayerRunner.Cancellation();
    // A held run is not superseded by Git's new revisions: it is not following Git.
    boolean held = lk.getSpec().getHold() != null;
    running.put(id, new Run(held ? null : artifactRevision(source), cancellation));
    var publisher = new ProgressPublisher(attempt, doing, client);
    try {
      drift.pause(ResourceKey.of(lk));
      remoteResources.startRun(lk);
      return runner(lk)
          .run(
              LayerPipeline.request(lk, plan, revision, previousInventory),
              LayerPipeline.renderer(lk, revisions.files(lk, source, revision)),
              publisher,
              cancellation);
    } finally {
      running.remove(id);
    }
  }

  private LayerRunner runner(LayeredKustomization lk) {
    try {
      return pipeline.runner(lk);
    } catch (HealthExpressions.InvalidExpression e) {
      // checkSpec compiled the same expressions a moment ago.
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Writes the run's outcome to status and Events, and watches what it applied for drift. */
  private UpdateControl<LayeredKustomization> recordOutcome(
      Attempt attempt, LayerPlan plan, String revision, LayerRunner.Result result) {
    LayeredKustomization lk = attempt.lk;
    String owner = ResourceKey.of(lk);
    remember(attempt, plan, revision, result);
    LayeredKustomizationStatus status = attempt.status;
    Conditions conditions = attempt.conditions;
    if (result.cancelled()) {
      return superseded(attempt, result);
    }
    if (result.allReady()) {
      status.setLastAppliedRevision(revision);
      status.setFailedRevision(null);
      int layers = result.layers().size();
      String message =
          "applied revision "
              + revision
              + ": "
              + layers
              + (layers == 1 ? " layer Ready" : " layers Ready");
      conditions
          .ready(Reasons.RECONCILIATION_SUCCEEDED, message)
          .healthy(true, Reasons.HEALTHY, "all objects healthy");
      log.info("{}: {}", owner, message);
      events.normal(lk, Reasons.RECONCILIATION_SUCCEEDED, message);
      notifier.publish(
          Notifications.succeeded(
              lk, attempt.previous, revision, Reasons.RECONCILIATION_SUCCEEDED, message));
      attempt.history(revision, HistoryEntry.SUCCEEDED, message, lastApplied.layers(owner));
    } else {
      String message = failureMessage(result.layers());
      conditions.notReady(Reasons.LAYER_FAILED, message);
      conditions.healthy(false, Reasons.LAYER_FAILED, message);
      log.warn("{}: revision {} failed: {}", owner, revision, message);
      events.warning(lk, Reasons.LAYER_FAILED, message);
      notifier.publish(
          Notifications.about(
              lk, EventType.FAILED, revision, Reasons.LAYER_FAILED, message, failed(result)));
      attempt.history(revision, HistoryEntry.FAILED, message, lastApplied.layers(owner));
    }
    status.setConditions(conditions.build());
    watchForDrift(lk);
    return UpdateControl.patchStatus(statusWriter.fresh(lk, status))
        .rescheduleAfter(attempt.interval);
  }

  /** Writes that a newer revision or request cancelled the run, which starts over. */
  private UpdateControl<LayeredKustomization> superseded(
      Attempt attempt, LayerRunner.Result result) {
    attempt.conditions.reconciling(Reasons.SUPERSEDED, result.cancelledBecause());
    attempt.conditions.readyUnknown(Reasons.SUPERSEDED, result.cancelledBecause());
    attempt.status.setConditions(attempt.conditions.build());
    watchForDrift(attempt.lk);
    return UpdateControl.patchStatus(statusWriter.fresh(attempt.lk, attempt.status));
  }

  /**
   * Writes the outcome of a run at the revision spec.hold pins. No automated rollback: the person
   * who chose the revision is told it failed, and decides.
   */
  private UpdateControl<LayeredKustomization> recordHeld(
      Attempt attempt, LayerPlan plan, String held, String gitRevision, LayerRunner.Result result) {
    LayeredKustomization lk = attempt.lk;
    String owner = ResourceKey.of(lk);
    remember(attempt, plan, held, result);
    LayeredKustomizationStatus status = attempt.status;
    Conditions conditions = attempt.conditions;
    if (result.cancelled()) {
      return superseded(attempt, result);
    }
    if (result.allReady()) {
      status.setLastAppliedRevision(held);
      String message = heldMessage(held, gitRevision);
      conditions
          .ready(Reasons.HELD, message)
          .healthy(true, Reasons.HEALTHY, "all objects healthy at " + held);
      log.info("{}: {}", owner, message);
      events.normal(lk, Reasons.HELD, message);
      attempt.history(held, HistoryEntry.ROLLED_BACK, message, lastApplied.layers(owner));
    } else {
      String message =
          "held revision "
              + held
              + " failed: "
              + failureMessage(result.layers())
              + "; it stays held (strata rollback --to another revision, or strata resume to"
              + " follow Git at "
              + gitRevision
              + ")";
      conditions.notReady(Reasons.LAYER_FAILED, message);
      conditions.healthy(false, Reasons.LAYER_FAILED, message);
      log.warn("{}: {}", owner, message);
      events.warning(lk, Reasons.LAYER_FAILED, message);
      attempt.history(held, HistoryEntry.FAILED, message, lastApplied.layers(owner));
    }
    status.setConditions(conditions.build());
    watchForDrift(lk);
    return UpdateControl.patchStatus(statusWriter.fresh(lk, status))
        .rescheduleAfter(attempt.interval);
  }

  /** The Ready message while held: where it is, where Git is, and how to leave. */
  static String heldMessage(String held, String gitRevision) {
    return "held at "
        + held
        + " by strata rollback; Git is at "
        + gitRevision
        + "; run strata resume to follow Git again";
  }

  /**
   * Whether a failed run is rolled back: rollback is on, the run failed (not cancelled), and an
   * older revision had every layer Ready.
   */
  private static boolean rollbackWanted(
      LayeredKustomization lk, String revision, LayerRunner.Result result) {
    RollbackPolicy policy = lk.getSpec().getRollback();
    String healthy = previousStatus(lk).getLastAppliedRevision();
    return (policy == null || !Boolean.FALSE.equals(policy.getEnabled()))
        && !result.cancelled()
        && !result.allReady()
        && healthy != null
        && !healthy.equals(revision);
  }

  /**
   * Applies the last healthy revision again, with prune (so that nothing of the failed revision
   * stays), and holds the resource there until a new revision arrives or a reconcile is requested.
   */
  private UpdateControl<LayeredKustomization> rollBack(
      Attempt attempt,
      LayerPlan plan,
      GitSource source,
      String failedRevision,
      LayerRunner.Result failed,
      KubernetesClient client)
      throws InterruptedException {
    LayeredKustomization lk = attempt.lk;
    String owner = ResourceKey.of(lk);
    String healthy = attempt.previous.getLastAppliedRevision();
    String failure = failureMessage(failed.layers());
    remember(attempt, plan, failedRevision, failed);
    attempt.history(failedRevision, HistoryEntry.FAILED, failure, lastApplied.layers(owner));
    log.warn(
        "{}: revision {} failed: {}; rolling back to {}", owner, failedRevision, failure, healthy);
    LayerRunner.Result back =
        runLayers(
            attempt,
            plan,
            source,
            healthy,
            inventory.read(lk, attempt.status.getInventory()),
            "rolling back to " + healthy + " after " + failedRevision + " failed",
            client);
    remember(attempt, plan, healthy, back);
    LayeredKustomizationStatus status = attempt.status;
    Conditions conditions = attempt.conditions;
    if (back.cancelled()) {
      conditions.reconciling(Reasons.SUPERSEDED, back.cancelledBecause());
      conditions.readyUnknown(Reasons.SUPERSEDED, back.cancelledBecause());
      status.setConditions(conditions.build());
      watchForDrift(lk);
      return UpdateControl.patchStatus(statusWriter.fresh(lk, status));
    }
    status.setFailedRevision(failedRevision);
    String message;
    if (back.allReady()) {
      message =
          "revision "
              + failedRevision
              + " failed ("
              + failure
              + "); rolled back to "
              + healthy
              + ", which is running: "
              + back.layers().size()
              + (back.layers().size() == 1 ? " layer Ready" : " layers Ready")
              + ". Push a fix or request a reconcile to try again";
      conditions.notReady(Reasons.ROLLED_BACK, message);
      conditions.healthy(true, Reasons.HEALTHY, "all objects healthy at " + healthy);
      events.warning(lk, Reasons.ROLLED_BACK, message);
      notifier.publish(
          Notifications.about(
              lk,
              EventType.ROLLED_BACK,
              failedRevision,
              Reasons.ROLLED_BACK,
              message,
              failed(failed)));
      attempt.history(healthy, HistoryEntry.ROLLED_BACK, message, lastApplied.layers(owner));
    } else {
      message =
          "revision "
              + failedRevision
              + " failed ("
              + failure
              + "), and rolling back to "
              + healthy
              + " failed too: "
              + failureMessage(back.layers());
      conditions.notReady(Reasons.ROLLBACK_FAILED, message);
      conditions.healthy(false, Reasons.ROLLBACK_FAILED, message);
      events.warning(lk, Reasons.ROLLBACK_FAILED, message);
      notifier.publish(
          Notifications.about(
              lk,
              EventType.FAILED,
              failedRevision,
              Reasons.ROLLBACK_FAILED,
              message,
              failed(failed)));
      attempt.history(healthy, HistoryEntry.FAILED, message, lastApplied.layers(owner));
    }
    log.warn("{}: {}", owner, message);
    metrics.rolledBack(owner, back.allReady());
    status.setConditions(conditions.build());
    watchForDrift(lk);
    return UpdateControl.patchStatus(statusWriter.fresh(lk, status))
        .rescheduleAfter(attempt.interval);
  }

  /**
   * Keeps what a run applied: what each layer now runs (for drift), the layers' statuses and the
   * inventory they own.
   */
  private void remember(
      Attempt attempt, LayerPlan plan, String revision, LayerRunner.Result result) {
    LayeredKustomization lk = attempt.lk;
    String owner = ResourceKey.of(lk);
    result
        .applied()
        .forEach((layer, objects) -> lastApplied.record(owner, layer, revision, objects));
    lastApplied.retain(
        owner, plan.layers().stream().map(l -> l.getName()).collect(Collectors.toSet()));
    LayeredKustomizationStatus status = attempt.status;
    status.setLayers(layerStatuses(plan, result.layers(), lastApplied.layers(owner)));
    Map<String, List<ObjectRef>> owned = new LinkedHashMap<>();
    plan.layers()
        .forEach(
            layer -> owned.put(layer.getName(), result.layers().get(layer.getName()).inventory()));
    status.setInventory(inventory.write(lk, inventoryOf(owned)));
    status.setLayerSummary(summary(result.layers()));
  }

  /** Heals or reports changes to what the layers last applied. */
  private void watchForDrift(LayeredKustomization lk) {
    String owner = ResourceKey.of(lk);
    if (lastApplied.knows(owner)) {
      drift.watch(lk, lastApplied.objects(owner));
    }
  }

  /** Deletes a resource's objects, last layer first. */
  private void deleteObjects(LayeredKustomization lk, Inventory stored)
      throws ApplyException, InterruptedException {
    List<Map.Entry<String, List<ObjectRef>>> layers =
        new ArrayList<>(inventory.read(lk, stored).entrySet());
    Collections.reverse(layers);
    LayerPipeline.Applier applier = pipeline.applier(lk);
    for (var layer : layers) {
      ChangeSet deleted =
          applier.prune(layer.getValue(), List.of(), Map.of(), LayerPipeline.deadline(lk));
      events.normal(lk, Reasons.PRUNED, "layer " + layer.getKey() + ": " + deleted.summary());
    }
  }

  /** Cancels a run waiting on an older revision than the source now has. */
  private void supersede(ResourceID id, String revision) {
    Run run = running.get(id);
    if (run != null
        && revision != null
        && run.revision() != null
        && !revision.equals(run.revision())) {
      run.cancellation().cancel("superseded by revision " + revision);
    }
  }

  // What one reconcile works with.

  /**
   * One reconcile of one resource: the status it starts from, the status it builds (carrying over
   * what it does not decide) and the conditions it sets.
   */
  private final class Attempt {
    final LayeredKustomization lk;
    final LayeredKustomizationStatus previous;
    final LayeredKustomizationStatus status;
    final Conditions conditions;
    final Duration interval;
    final Instant started;

    Attempt(LayeredKustomization lk) {
      this.lk = lk;
      this.previous = previousStatus(lk);
      this.status = carriedOver(lk, previous);
      this.conditions = statusWriter.conditions(lk, previous.getConditions());
      this.interval = Durations.parse(lk.getSpec().getInterval());
      this.started = Instant.now(clock);
    }

    /**
     * Puts a run at the top of status.history, keeping spec.historyLimit entries. The same failure
     * again (a retry) moves the newest entry's end instead of adding one.
     */
    void history(
        String revision, String outcome, String message, Map<String, LastApplied.Layer> layers) {
      String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
      List<HistoryEntry> history = new ArrayList<>(status.getHistory());
      if (!history.isEmpty()
          && revision.equals(history.get(0).getRevision())
          && outcome.equals(history.get(0).getOutcome())
          && message.equals(history.get(0).getMessage())) {
        history.get(0).setFinishedAt(now);
      } else {
        HistoryEntry entry = new HistoryEntry();
        entry.setRevision(revision);
        entry.setOutcome(outcome);
        entry.setStartedAt(started.truncatedTo(ChronoUnit.SECONDS).toString());
        entry.setFinishedAt(now);
        entry.setMessage(message);
        layers.forEach(
            (layer, applied) -> {
              if (applied.revision().equals(revision)) {
                entry.getLayerDigests().put(layer, applied.digest());
              }
            });
        history.add(0, entry);
      }
      Integer limit = lk.getSpec().getHistoryLimit();
      int keep = limit == null ? DEFAULT_HISTORY : limit;
      status.setHistory(List.copyOf(history.subList(0, Math.min(keep, history.size()))));
    }

    /**
     * Held and applied: nothing to run, but Git may have moved on, and the Ready message names
     * where Git is.
     */
    UpdateControl<LayeredKustomization> stillHeld(String held, String gitRevision) {
      String message = heldMessage(held, gitRevision);
      boolean known =
          Conditions.find(previous.getConditions(), ConditionTypes.READY)
              .map(c -> Reasons.HELD.equals(c.getReason()) && message.equals(c.getMessage()))
              .orElse(false);
      if (known) {
        return UpdateControl.<LayeredKustomization>noUpdate().rescheduleAfter(interval);
      }
      conditions.ready(Reasons.HELD, message);
      // Nothing ran: the objects' health is what the last run found.
      Conditions.find(previous.getConditions(), ConditionTypes.HEALTHY)
          .ifPresent(
              healthy ->
                  conditions.healthy(
                      ConditionTypes.TRUE.equals(healthy.getStatus()),
                      healthy.getReason(),
                      healthy.getMessage()));
      status.setConditions(conditions.build());
      return UpdateControl.patchStatus(statusWriter.fresh(lk, status)).rescheduleAfter(interval);
    }

    UpdateControl<LayeredKustomization> notReady(NotReady notReady) {
      // Once per change, not at every requeue: the same text as the Ready condition.
      boolean known =
          Conditions.find(previous.getConditions(), ConditionTypes.READY)
              .map(c -> notReady.getMessage().equals(c.getMessage()))
              .orElse(false);
      if (!known) {
        log.warn("{}: {}: {}", ResourceKey.of(lk), notReady.reason, notReady.getMessage());
      }
      conditions.notReady(notReady.reason, notReady.getMessage());
      if (notReady.stalled) {
        conditions.stalled(notReady.reason, notReady.getMessage());
      }
      status.setConditions(conditions.build());
      var update = UpdateControl.patchStatus(statusWriter.fresh(lk, status));
      return notReady.stalled ? update : update.rescheduleAfter(interval);
    }
  }

  /** Ends a reconcile early with Ready=False: stalled until the spec changes, or retried. */
  private static final class NotReady extends Exception {
    final String reason;
    final boolean stalled;

    private NotReady(String reason, String message, boolean stalled) {
      super(message, null, false, false);
      this.reason = reason;
      this.stalled = stalled;
    }

    static NotReady stalled(String reason, String message) {
      return new NotReady(reason, message, true);
    }

    static NotReady retrying(String reason, String message) {
      return new NotReady(reason, message, false);
    }
  }

  /**
   * Patches status on each change of a layer's phase (a handful of writes per layer and run), and,
   * before a run applies objects its inventory lacks, records them in the inventory.
   */
  private final class ProgressPublisher implements LayerRunner.Listener {
    private final Attempt attempt;
    private final String doing;
    private final KubernetesClient client;
    private final Map<String, LayerStatus> layers = new LinkedHashMap<>();
    // Layers Ready in this run, so that LAYERS counts up from 0 rather than showing the last run.
    private final Set<String> readyThisRun = new java.util.HashSet<>();

    ProgressPublisher(Attempt attempt, String doing, KubernetesClient client) {
      this.attempt = attempt;
      this.doing = doing;
      this.client = client;
      attempt.lk.getSpec().getLayers().forEach(layer -> layers.put(layer.getName(), null));
      // Layers the run has not reached yet keep their last status (computeIfPresent would not:
      // it skips keys mapped to null).
      for (LayerStatus layer : attempt.previous.getLayers()) {
        if (layers.containsKey(layer.getName())) {
          layers.put(layer.getName(), layer);
        }
      }
    }

    /**
     * Writes the inventory the run may leave before it applies anything; a failed write fails the
     * reconcile, so nothing is applied that the inventory would not list.
     */
    @Override
    public synchronized void beforeApply(Map<String, List<ObjectRef>> intended) {
      attempt.status.setInventory(inventory.write(attempt.lk, inventoryOf(intended)));
      statusWriter.apply(client, attempt.lk, snapshot());
    }

    @Override
    public synchronized void progressed(LayerProgress progress) {
      LayeredKustomization lk = attempt.lk;
      LayeredKustomizationStatus previous = attempt.previous;
      metrics.progressed(ResourceKey.of(lk), progress);
      LayerStatus before = layers.get(progress.name());
      layers.put(
          progress.name(),
          layerStatus(progress, before == null ? null : before.getAppliedRevision()));
      if (progress.isReady()) {
        readyThisRun.add(progress.name());
      } else {
        readyThisRun.remove(progress.name());
      }
      var snapshot = snapshot();
      var conditions = statusWriter.conditions(lk, previous.getConditions());
      Conditions.find(previous.getConditions(), ConditionTypes.READY)
          .ifPresentOrElse(
              ready -> conditions.readyUnknown(Reasons.PROGRESSING, doing),
              () -> conditions.readyUnknown(Reasons.PROGRESSING, "first apply in progress"));
      conditions.reconciling(
          Reasons.PROGRESSING,
          "layer " + progress.name() + ": " + progress.phase() + " — " + progress.message());
      snapshot.setConditions(conditions.build());
      statusWriter.publish(client, lk, snapshot);
    }

    /** The status while the run goes on: the layers so far, the inventory it may leave. */
    private LayeredKustomizationStatus snapshot() {
      var snapshot = new LayeredKustomizationStatus();
      snapshot.setObservedGeneration(attempt.status.getObservedGeneration());
      snapshot.setLastAppliedRevision(attempt.previous.getLastAppliedRevision());
      snapshot.setLastAttemptedRevision(attempt.status.getLastAttemptedRevision());
      snapshot.setInventory(attempt.status.getInventory());
      // The request counts as handled only with the run's final status.
      snapshot.setLastHandledReconcileAt(attempt.previous.getLastHandledReconcileAt());
      snapshot.setLayers(layers.values().stream().filter(Objects::nonNull).toList());
      // REVISION stays the one applied, as in Flux; LAYERS counts the new revision's Ready layers.
      snapshot.setLayerSummary(readyThisRun.size() + "/" + layers.size());
      snapshot.setFailedRevision(attempt.status.getFailedRevision());
      snapshot.setHistory(attempt.status.getHistory());
      snapshot.setConditions(attempt.previous.getConditions());
      return snapshot;
    }
  }

  // Status and helpers.

  private static LayeredKustomizationStatus previousStatus(LayeredKustomization lk) {
    return lk.getStatus() == null ? new LayeredKustomizationStatus() : lk.getStatus();
  }

  /**
   * Status that keeps what a run does not decide: revisions, inventory, requests. Drift is left
   * out: the drift handler owns status.drift, and a run must not write back a stale copy.
   */
  private static LayeredKustomizationStatus carriedOver(
      LayeredKustomization lk, LayeredKustomizationStatus previous) {
    var status = new LayeredKustomizationStatus();
    status.setObservedGeneration(StatusWriter.generation(lk));
    status.setLastAppliedRevision(previous.getLastAppliedRevision());
    status.setLastAttemptedRevision(previous.getLastAttemptedRevision());
    status.setLayers(previous.getLayers());
    status.setLayerSummary(previous.getLayerSummary());
    status.setInventory(previous.getInventory());
    status.setFailedRevision(previous.getFailedRevision());
    status.setHistory(previous.getHistory());
    status.setLastHandledReconcileAt(
        StatusWriter.handledRequest(lk, previous.getLastHandledReconcileAt()));
    return status;
  }

  private static String sourceNamespace(LayeredKustomization lk) {
    String namespace = lk.getSpec().getSourceRef().getNamespace();
    return namespace == null ? lk.getMetadata().getNamespace() : namespace;
  }

  private static boolean reads(LayeredKustomization lk, GitSource source) {
    return lk.getSpec().getSourceRef().getName().equals(source.getMetadata().getName())
        && sourceNamespace(lk).equals(source.getMetadata().getNamespace());
  }

  private static String artifactRevision(GitSource source) {
    return source.getStatus() == null || source.getStatus().getArtifact() == null
        ? null
        : source.getStatus().getArtifact().getRevision();
  }

  /** Each layer's objects, in spec order, as status records them. */
  private static Inventory inventoryOf(Map<String, List<ObjectRef>> layers) {
    Inventory inventory = new Inventory();
    layers.forEach(
        (layer, objects) -> {
          LayerInventory entries = new LayerInventory();
          entries.setLayer(layer);
          entries.setEntries(objects.stream().map(ObjectRef::inventoryEntry).toList());
          inventory.getLayers().add(entries);
        });
    return inventory;
  }

  private static List<LayerStatus> layerStatuses(
      LayerPlan plan, Map<String, LayerProgress> layers, Map<String, LastApplied.Layer> applied) {
    List<LayerStatus> statuses = new ArrayList<>();
    for (var layer : plan.layers()) {
      LayerProgress progress = layers.get(layer.getName());
      if (progress != null) {
        LastApplied.Layer last = applied.get(layer.getName());
        statuses.add(layerStatus(progress, last == null ? null : last.revision()));
      }
    }
    return statuses;
  }

  static LayerStatus layerStatus(LayerProgress progress, String appliedRevision) {
    LayerStatus status = new LayerStatus();
    status.setName(progress.name());
    status.setPhase(progress.phase());
    status.setRevision(progress.revision().isEmpty() ? null : progress.revision());
    status.setAppliedRevision(appliedRevision);
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

  private static List<String> failed(LayerRunner.Result result) {
    return result.layers().values().stream()
        .filter(LayerProgress::isFailed)
        .map(LayerProgress::name)
        .toList();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    var counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
