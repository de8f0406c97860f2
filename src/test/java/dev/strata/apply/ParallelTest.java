package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void keepsOrderBoundsConcurrencyAndKeepsEachError() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> items = IntStream.range(0, 40).boxed().toList();

    var outcomes =
        Parallel.map(
            items,
            4,
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
  void emptyInputGivesNoOutcomes() {
    assertThat(Parallel.map(List.<Integer>of(), 8, i -> i)).isEmpty();
  }
}
