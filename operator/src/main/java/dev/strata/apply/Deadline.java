package dev.strata.apply;

import java.time.Duration;
import java.util.Locale;

/**
 * Bounds a layer's API calls in time: a layer's timeout covers its apply, prune and health wait.
 * Calls still unanswered when it passes are abandoned and their objects reported as unanswered.
 * Measured on the monotonic clock.
 */
public final class Deadline {

  private static final Deadline NONE = new Deadline(null, Long.MAX_VALUE);

  private final Duration timeout;
  private final long endNanos;

  private Deadline(Duration timeout, long endNanos) {
    this.timeout = timeout;
    this.endNanos = endNanos;
  }

  /** A deadline {@code timeout} from now. */
  public static Deadline after(Duration timeout) {
    long now = System.nanoTime();
    long nanos;
    try {
      nanos = Math.max(0, timeout.toNanos());
    } catch (ArithmeticException e) {
      return NONE; // centuries away
    }
    long end = now + nanos;
    return end < now ? NONE : new Deadline(timeout, end);
  }

  /** No deadline: each request is bounded by the client's request timeout only. */
  public static Deadline none() {
    return NONE;
  }

  /** The timeout this deadline was set with; null when there is none. */
  public Duration timeout() {
    return timeout;
  }

  public boolean passed() {
    return remainingNanos() <= 0;
  }

  /** Nanoseconds left, at most {@link Long#MAX_VALUE} when there is no deadline. */
  public long remainingNanos() {
    return this == NONE ? Long.MAX_VALUE : endNanos - System.nanoTime();
  }

  /** What is left, never negative. */
  public Duration remaining() {
    return this == NONE
        ? Duration.ofSeconds(Long.MAX_VALUE)
        : Duration.ofNanos(Math.max(0, remainingNanos()));
  }

  /** {@code duration}, or what is left when that is shorter. */
  public Duration cap(Duration duration) {
    Duration left = remaining();
    return left.compareTo(duration) < 0 ? left : duration;
  }

  /** "2.0s", as health reports write durations; "none" without a deadline. */
  @Override
  public String toString() {
    return timeout == null ? "none" : seconds(timeout);
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
  }
}
