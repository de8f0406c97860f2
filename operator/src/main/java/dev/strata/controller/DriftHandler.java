package dev.strata.controller;

import dev.strata.api.DriftMode;
import dev.strata.api.DriftStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.Reasons;
import dev.strata.api.ResourceKey;
import dev.strata.api.StrataMetadata;
import dev.strata.apply.Action;
import dev.strata.apply.ApplyException;
import dev.strata.apply.Change;
import dev.strata.apply.ChangeSet;
import dev.strata.health.ObjectRef;
import dev.strata.layers.DriftWatch;
import dev.strata.layers.LayerPipeline;
import dev.strata.notify.EventType;
import dev.strata.notify.Notifier;
import dev.strata.render.Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the objects each LayeredKustomization last applied, and acts on those that changed in the
 * cluster between runs: with {@code drift: heal} it re-applies their desired state (the applier
 * writes only objects that really differ, so a change to a field Strata does not manage costs a
 * dry-run and nothing else); with {@code drift: report} it only finds which differ. Either way,
 * drift is recorded in status and as an event.
 */
final class DriftHandler implements DriftWatch.Handler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DriftHandler.class);

  private final KubernetesClient client;
  private final LayerPipeline pipeline;
  private final EventRecorder events;
  private final Notifier notifier;
  private final LayerMetrics metrics;
  private final DriftWatch watch;
  private final Map<String, LayeredKustomization> owners = new ConcurrentHashMap<>();
  private final Map<String, Long> counts = new ConcurrentHashMap<>();

  DriftHandler(
      KubernetesClient client,
      LayerPipeline pipeline,
      EventRecorder events,
      LayerMetrics metrics,
      ScheduledExecutorService scheduler,
      Notifier notifier) {
    this.client = client;
    this.notifier = notifier;
    this.pipeline = pipeline;
    this.events = events;
    this.metrics = metrics;
    this.watch = new DriftWatch(client, this, scheduler);
  }

  /**
   * Watches {@code lk}'s objects, healing or reporting changes towards {@code desired}: what its
   * layers last applied.
   */
  void watch(LayeredKustomization lk, List<Resource> desired) {
    owners.put(ResourceKey.of(lk), lk);
    watch.watch(
        ResourceKey.of(lk),
        StrataMetadata.ownerLabels(lk),
        desired,
        LayerPipeline.defaultNamespace(lk));
  }

  /** Stops acting on changes while a run applies; the watches stay. */
  void pause(String owner) {
    watch.pause(owner);
  }

  /** Stops watching an owner that is being deleted. */
  void stop(String owner) {
    watch.stop(owner);
    owners.remove(owner);
    counts.remove(owner);
  }

  @Override
  public void close() {
    watch.close();
  }

  @Override
  public void changed(String owner, List<Resource> desired) {
    LayeredKustomization lk = owners.get(owner);
    if (lk == null) {
      return;
    }
    boolean heal = lk.getSpec().getDrift() != DriftMode.REPORT;
    LayerPipeline.Applier applier = pipeline.applier(lk);
    List<ObjectRef> drifted;
    try {
      if (heal) {
        ChangeSet changes = applier.apply(desired, LayerPipeline.deadline(lk));
        drifted =
            changes.changes().stream()
                .filter(c -> c.action() == Action.CREATED || c.action() == Action.CONFIGURED)
                .map(Change::object)
                .toList();
      } else {
        drifted = applier.drifted(desired, LayerPipeline.deadline(lk));
      }
    } catch (ApplyException e) {
      log.warn("{}: drift check failed: {}", owner, e.getMessage());
      events.warning(lk, Reasons.DRIFT_CHECK_FAILED, e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (drifted.isEmpty()) {
      return;
    }
    String objects = String.join(", ", drifted.stream().map(ObjectRef::toString).toList());
    String action = heal ? "healed" : "reported";
    log.info("{}: drift {}: {}", owner, action, objects);
    events.warning(
        lk,
        heal ? Reasons.DRIFT_HEALED : Reasons.DRIFT_DETECTED,
        "drift " + action + ": " + objects);
    metrics.drifted(owner, action, drifted.size());
    if (heal) {
      notifier.publish(
          Notifications.about(
              lk,
              EventType.DRIFT_HEALED,
              lk.getStatus() == null ? null : lk.getStatus().getLastAppliedRevision(),
              Reasons.DRIFT_HEALED,
              "drift healed: " + objects));
    }
    record(lk, drifted, action);
  }

  /**
   * Patches status.drift, keeping the rest of status as the last run left it. Serialized, with the
   * count kept here, so that heals handled back to back are all counted.
   */
  private synchronized void record(
      LayeredKustomization lk, List<ObjectRef> drifted, String action) {
    LayeredKustomization current =
        client
            .resources(LayeredKustomization.class)
            .inNamespace(lk.getMetadata().getNamespace())
            .withName(lk.getMetadata().getName())
            .get();
    if (current == null) {
      return;
    }
    DriftStatus previous =
        current.getStatus() == null || current.getStatus().getDrift() == null
            ? new DriftStatus()
            : current.getStatus().getDrift();
    DriftStatus drift = new DriftStatus();
    drift.setLastDetectedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    drift.setObjects(drifted.stream().map(ObjectRef::toString).toList());
    drift.setAction(action);
    long before =
        counts.computeIfAbsent(
            ResourceKey.of(lk), k -> previous.getCount() == null ? 0L : previous.getCount());
    long count = before + drifted.size();
    counts.put(ResourceKey.of(lk), count);
    drift.setCount(count);
    // A merge patch of status.drift alone: an apply would also own (and empty) the other lists.
    try {
      client
          .resources(LayeredKustomization.class)
          .inNamespace(lk.getMetadata().getNamespace())
          .withName(lk.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", Map.of("drift", drift))));
    } catch (KubernetesClientException e) {
      log.debug("{}: cannot record drift: {}", ResourceKey.of(lk), e.getMessage());
    }
  }
}
