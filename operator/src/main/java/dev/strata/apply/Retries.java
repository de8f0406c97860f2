package dev.strata.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Sends a request again when its failure is transient ({@link ApiErrors#isTransient}): a dropped
 * connection, an overloaded or timed-out API server. Back-off doubles from {@code firstDelay} up to
 * {@code maxDelay}, or waits what the server asks for; it stops after {@code attempts} attempts, or
 * when the next attempt would start past the deadline. Anything else fails at once.
 *
 * @param attempts how many times a request is sent at most
 * @param firstDelay the wait before the second attempt
 * @param maxDelay the longest wait between attempts
 */
record Retries(int attempts, Duration firstDelay, Duration maxDelay) {

  /** Five attempts, waiting 0.2, 0.4, 0.8 and 1.6 s (or as asked, up to 10 s) between them. */
  static final Retries DEFAULT = new Retries(5, Duration.ofMillis(200), Duration.ofSeconds(10));

  /** Says that a transient failure lasted through every attempt; its cause is the last failure. */
  static final class GaveUp extends RuntimeException {
    private final int attempts;

    GaveUp(RuntimeException last, int attempts) {
      super(last.getMessage(), last);
      this.attempts = attempts;
    }

    int attempts() {
      return attempts;
    }
  }

  /**
   * The request's result.
   *
   * @throws RuntimeException what the request last threw; {@link GaveUp} when it was sent again and
   *     still failed transiently
   */
  <T> T call(Deadline deadline, Supplier<T> request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return request.get();
      } catch (RuntimeException e) {
        if (!ApiErrors.isTransient(e) || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        Duration wait = delay(e, attempt);
        if (attempt >= attempts || deadline.remaining().compareTo(wait) <= 0) {
          throw attempt == 1 ? e : new GaveUp(e, attempt);
        }
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private Duration delay(RuntimeException error, int attempt) {
    Duration backOff = firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    if (error instanceof KubernetesClientException k) {
      var asked = ApiErrors.retryAfter(k);
      if (asked.isPresent() && asked.get().compareTo(backOff) > 0) {
        backOff = asked.get();
      }
    }
    return backOff.compareTo(maxDelay) > 0 ? maxDelay : backOff;
  }
}
