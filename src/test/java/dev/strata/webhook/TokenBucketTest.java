package dev.strata.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limit on a clock the test moves. */
class TokenBucketTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Test
  void allowsTheBurstThenTheRate() {
    var bucket = new TokenBucket(new ReceiverSpec.RateLimit(10, 20), nanos::get);

    for (int i = 0; i < 20; i++) {
      assertThat(bucket.tryAcquire()).as("delivery %d of the burst", i + 1).isTrue();
    }
    assertThat(bucket.tryAcquire()).isFalse();

    nanos.addAndGet(100_000_000L); // 0.1 s refills one token at 10/s
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();

    nanos.addAndGet(50_000_000L); // half a token is not enough
    assertThat(bucket.tryAcquire()).isFalse();
    nanos.addAndGet(50_000_000L);
    assertThat(bucket.tryAcquire()).isTrue();
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    var bucket = new TokenBucket(new ReceiverSpec.RateLimit(1, 2), nanos::get);

    nanos.addAndGet(3_600_000_000_000L); // an hour of quiet
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
  }
}
