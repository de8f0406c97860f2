package dev.strata.apply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one blocking request per item with at most a given number in flight, on a shared pool of
 * daemon threads, and keeps each item's result or error.
 */
final class Parallel {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "strata-apply-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  /** One item's result, or the exception its request threw. */
  record Outcome<R>(R value, RuntimeException error) {
    boolean failed() {
      return error != null;
    }
  }

  private Parallel() {}

  /** Applies {@code request} to every item; the outcomes are in the items' order. */
  static <T, R> List<Outcome<R>> map(List<T> items, int concurrency, Function<T, R> request) {
    int count = items.size();
    @SuppressWarnings("unchecked")
    Outcome<R>[] outcomes = new Outcome[count];
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            try {
              outcomes[i] = new Outcome<>(request.apply(items.get(i)), null);
            } catch (RuntimeException e) {
              outcomes[i] = new Outcome<>(null, e);
            }
          }
        };
    List<CompletableFuture<Void>> helpers = new ArrayList<>();
    for (int w = 1; w < Math.min(concurrency, count); w++) {
      helpers.add(CompletableFuture.runAsync(worker, POOL));
    }
    worker.run(); // the calling thread works too
    CompletableFuture.allOf(helpers.toArray(CompletableFuture[]::new)).join();
    return Arrays.asList(outcomes);
  }
}
