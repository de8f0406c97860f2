package dev.strata.source;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts of a transfer: doubling from {@code base} up to 30 s, with jitter in
 * [half, whole] so that replicas and sources do not retry in step.
 */
record RetryBackoff(Duration base) {

  private static final Duration MAX = Duration.ofSeconds(30);

  /** How long to wait after {@code failures} failures in a row (at least 1). */
  Duration after(int failures) {
    long doubled = base.toMillis() << Math.min(failures - 1, 20);
    long capped = Math.min(doubled, MAX.toMillis());
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  /** Waits {@link #after} that many failures; an interrupt ends the wait as a failed fetch. */
  void pause(int failures) throws SourceFailure {
    try {
      Thread.sleep(after(failures).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceFailure(SourceFailure.Reason.FETCH_FAILED, "interrupted while retrying", e);
    }
  }
}
