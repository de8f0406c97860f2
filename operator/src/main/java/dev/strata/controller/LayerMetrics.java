package dev.strata.controller;

import dev.strata.api.LayerPhase;
import dev.strata.layers.LayerProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records per-layer metrics from the progress a run reports: how long applying took
 * (strata_layer_apply_seconds), how long the layer waited for health
 * (strata_layer_health_wait_seconds), objects written (strata_layer_objects_changed_total), runs by
 * outcome (strata_layer_runs_total), drifted objects (strata_drift_objects_total) and rollbacks
 * (strata_rollbacks_total).
 */
final class LayerMetrics {

  private final MeterRegistry registry;
  private final Map<String, LayerProgress> last = new ConcurrentHashMap<>();

  LayerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Takes one progress report of a layer of {@code owner} (namespace/name). */
  void progressed(String owner, LayerProgress progress) {
    String key = owner + "/" + progress.name();
    LayerProgress previous = last.put(key, progress);
    if (previous == null || previous.phase() == progress.phase()) {
      return;
    }
    Duration inPhase = Duration.between(previous.since(), progress.since());
    String[] tags = {"owner", owner, "layer", progress.name()};
    if (previous.phase() == LayerPhase.APPLYING) {
      Timer.builder("strata.layer.apply").tags(tags).register(registry).record(inPhase);
      Counter.builder("strata.layer.objects.changed")
          .tags(tags)
          .register(registry)
          .increment(progress.changes().changed());
    }
    if (previous.phase() == LayerPhase.PROGRESSING) {
      Timer.builder("strata.layer.health.wait").tags(tags).register(registry).record(inPhase);
    }
    if (progress.phase() == LayerPhase.READY || progress.phase() == LayerPhase.FAILED) {
      Counter.builder("strata.layer.runs")
          .tags(tags)
          .tag("outcome", progress.phase() == LayerPhase.READY ? "ready" : "failed")
          .register(registry)
          .increment();
      last.remove(key);
    }
  }

  /** Counts a rollback (strata_rollbacks_total), by whether the older revision became Ready. */
  void rolledBack(String owner, boolean recovered) {
    Counter.builder("strata.rollbacks")
        .tags("owner", owner, "outcome", recovered ? "recovered" : "failed")
        .register(registry)
        .increment();
  }

  void drifted(String owner, String action, int objects) {
    Counter.builder("strata.drift.objects")
        .tags("owner", owner, "action", action)
        .register(registry)
        .increment(objects);
  }
}
