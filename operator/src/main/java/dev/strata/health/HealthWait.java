package dev.strata.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Tracks one wait started by {@link HealthWaiter}: the health of each object as its watches report
 * it, and the outcome. Cancelling (or cancelling {@link #result()}) stops the watches, as
 * completion does.
 */
public final class HealthWait implements AutoCloseable {

  private static final Health NOT_SEEN = new Health(HealthStatus.UNKNOWN, "not observed yet");

  private final Map<ObjectRef, Health> objects = new LinkedHashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private final CompletableFuture<HealthReport> result = new CompletableFuture<>();
  private final Instant started = Instant.now();
  private boolean synced;

  HealthWait(Collection<ObjectRef> objects, Duration timeout) {
    objects.forEach(object -> this.objects.put(object, NOT_SEEN));
    result.whenCompleteAsync((report, error) -> stopWatching());
    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> finish(HealthReport.Outcome.TIMED_OUT));
  }

  /**
   * Completes with the report when every object is Current, as soon as one Failed or cannot be
   * watched, or at the timeout; completes exceptionally only when cancelled.
   */
  public CompletableFuture<HealthReport> result() {
    return result;
  }

  /** The health of every object now, in the order given. */
  public synchronized Map<ObjectRef, Health> snapshot() {
    return new LinkedHashMap<>(objects);
  }

  /** Stops waiting, e.g. because a new revision supersedes the one being waited for. */
  public void cancel() {
    result.cancel(false);
  }

  @Override
  public void close() {
    cancel();
  }

  synchronized void watching(SharedIndexInformer<GenericKubernetesResource> informer) {
    if (result.isDone()) {
      informer.close();
    } else {
      informers.add(informer);
    }
  }

  synchronized void update(ObjectRef object, Health health) {
    if (objects.containsKey(object)) {
      objects.put(object, health);
      evaluate();
    }
  }

  /** Marks objects the initial lists did not return as NotFound, then evaluates. */
  synchronized void synced() {
    synced = true;
    objects.replaceAll((object, health) -> health == NOT_SEEN ? Health.notFound() : health);
    evaluate();
  }

  /**
   * Fails the wait at once for a cause already certain, e.g. a Pod of {@code object} that cannot
   * pull its image: waiting longer cannot make it healthy.
   */
  synchronized void failFast(ObjectRef object, Health failure) {
    if (objects.containsKey(object) && !result.isDone()) {
      objects.put(object, failure);
      finish(HealthReport.Outcome.FAILED);
    }
  }

  /** Records that an object cannot be watched, which fails the wait. */
  synchronized void unwatchable(ObjectRef object, String reason) {
    objects.put(object, new Health(HealthStatus.UNKNOWN, reason));
    finish(HealthReport.Outcome.FAILED);
  }

  private void evaluate() {
    if (objects.values().stream().anyMatch(Health::isFailed)) {
      finish(HealthReport.Outcome.FAILED);
    } else if (synced && objects.values().stream().allMatch(Health::isCurrent)) {
      finish(HealthReport.Outcome.HEALTHY);
    }
  }

  private synchronized void finish(HealthReport.Outcome outcome) {
    if (!result.isDone()) {
      result.complete(new HealthReport(outcome, objects, Duration.between(started, Instant.now())));
    }
  }

  private synchronized void stopWatching() {
    informers.forEach(SharedIndexInformer::close);
    informers.clear();
  }
}
