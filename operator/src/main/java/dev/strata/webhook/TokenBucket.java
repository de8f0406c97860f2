package dev.strata.webhook;

import java.util.function.LongSupplier;

/**
 * Allows bursts of up to {@code burst} deliveries and {@code perSecond} on average after that; one
 * per receiver, so a noisy or hostile sender exhausts only its own receiver.
 */
public final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final ReceiverSpec.RateLimit limit;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  public TokenBucket(ReceiverSpec.RateLimit limit, LongSupplier nanoTime) {
    this.limit = limit;
    this.nanoTime = nanoTime;
    this.tokens = limit.burst();
    this.refilledAt = nanoTime.getAsLong();
  }

  public ReceiverSpec.RateLimit limit() {
    return limit;
  }

  /** Takes one token if there is one. */
  public synchronized boolean tryAcquire() {
    long now = nanoTime.getAsLong();
    tokens =
        Math.min(limit.burst(), tokens + (now - refilledAt) / NANOS_PER_SECOND * limit.perSecond());
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
