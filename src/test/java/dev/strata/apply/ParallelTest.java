package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void keepsOrderBoundsConcurrencyAndKeepsEachError() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> items = IntStream.range(0, 40).boxed().toList();

    var outcomes =
        Parallel.map(
            items,
            4,
            Deadline.none(),
            i -> {
              most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                Thread.sleep(5);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              inFlight.decrementAndGet();
              if (i % 10 == 3) {
                throw new IllegalStateException("item " + i);
              }
              return i * 2;
            });

    assertThat(most.get()).isBetween(2, 4);
    assertThat(outcomes).hasSize(40);
    for (int i = 0; i < 40; i++) {
      if (i % 10 == 3) {
        assertThat(outcomes.get(i).error()).hasMessage("item " + i);
      } else {
        assertThat(outcomes.get(i).value()).isEqualTo(i * 2);
      }
    }
  }

  @Test
  void emptyInputGivesNoOutcomes() throws Exception {
    assertThat(Parallel.map(List.<Integer>of(), 8, Deadline.none(), i -> i)).isEmpty();
  }

  @Test
  void requestsStillRunningAtTheDeadlineAreAbandonedAndLeftUnanswered() throws Exception {
    List<Integer> items = IntStream.range(0, 6).boxed().toList();
    var interrupted = new java.util.concurrent.CountDownLatch(2);

    long start = System.nanoTime();
    var outcomes =
        Parallel.map(
            items,
            2,
            Deadline.after(java.time.Duration.ofMillis(300)),
            i -> {
              if (i < 2) {
                return i; // answered at once
              }
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
              }
              return -1;
            });

    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(outcomes.subList(0, 2)).extracting(Parallel.Outcome::value).containsExactly(0, 1);
    assertThat(outcomes.subList(2, 6)).allMatch(Parallel.Outcome::unanswered);
    assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void nothingStartsOnceTheDeadlineHasPassed() throws Exception {
    var outcomes =
        Parallel.map(
            List.of(1, 2),
            2,
            Deadline.after(java.time.Duration.ZERO),
            i -> {
              throw new AssertionError("started");
            });

    assertThat(outcomes).allMatch(Parallel.Outcome::unanswered);
  }
}
