package dev.strata.controller;

import dev.strata.api.DriftMode;
import dev.strata.api.DriftStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.apply.Action;
import dev.strata.apply.ApplyException;
import dev.strata.apply.Change;
import dev.strata.apply.ChangeSet;
import dev.strata.health.ObjectRef;
import dev.strata.layers.DriftWatch;
import dev.strata.render.Resource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on objects that changed in the cluster between runs: with {@code drift: heal} it re-applies
 * their desired state (the applier writes only objects that really differ, so a change to a field
 * Strata does not manage costs a dry-run and nothing else); with {@code drift: report} it only
 * finds which differ. Either way, drift is recorded in status and as an event.
 */
final class DriftHandler implements DriftWatch.Handler {

  private static final Logger log = LoggerFactory.getLogger(DriftHandler.class);

  private final LayerEnvironment environment;
  private final Map<String, LayeredKustomization> owners = new ConcurrentHashMap<>();
  private final Map<String, Long> counts = new ConcurrentHashMap<>();

  DriftHandler(LayerEnvironment environment) {
    this.environment = environment;
  }

  void remember(LayeredKustomization lk) {
    owners.put(LayerEnvironment.key(lk), lk);
  }

  void forget(LayeredKustomization lk) {
    owners.remove(LayerEnvironment.key(lk));
    counts.remove(LayerEnvironment.key(lk));
  }

  @Override
  public void changed(String owner, List<Resource> desired) {
    LayeredKustomization lk = owners.get(owner);
    if (lk == null) {
      return;
    }
    boolean heal = lk.getSpec().getDrift() != DriftMode.REPORT;
    List<ObjectRef> drifted;
    try {
      if (heal) {
        ChangeSet changes = environment.applier(lk).apply(desired);
        drifted =
            changes.changes().stream()
                .filter(c -> c.action() == Action.CREATED || c.action() == Action.CONFIGURED)
                .map(Change::object)
                .toList();
      } else {
        drifted = environment.applier(lk).drifted(desired);
      }
    } catch (ApplyException e) {
      log.warn("{}: drift check failed: {}", owner, e.getMessage());
      environment.events().warning(lk, "DriftCheckFailed", e.getMessage());
      return;
    }
    if (drifted.isEmpty()) {
      return;
    }
    String objects = String.join(", ", drifted.stream().map(ObjectRef::toString).toList());
    String action = heal ? "healed" : "reported";
    log.info("{}: drift {}: {}", owner, action, objects);
    environment
        .events()
        .warning(lk, heal ? "DriftHealed" : "DriftDetected", "drift " + action + ": " + objects);
    environment.metrics().drifted(owner, action, drifted.size());
    record(lk, drifted, action);
  }

  /**
   * Patches status.drift, keeping the rest of status as the last run left it. Serialized, with the
   * count kept here, so that heals handled back to back are all counted.
   */
  private synchronized void record(
      LayeredKustomization lk, List<ObjectRef> drifted, String action) {
    var client = environment.client();
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
            LayerEnvironment.key(lk), k -> previous.getCount() == null ? 0L : previous.getCount());
    long count = before + drifted.size();
    counts.put(LayerEnvironment.key(lk), count);
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
      log.debug("{}: cannot record drift: {}", LayerEnvironment.key(lk), e.getMessage());
    }
  }
}
