package dev.strata.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs one blocking request per item with at most a given number in flight, on a shared pool of
 * daemon threads, and keeps each item's result or error. When the deadline passes, the requests
 * still running are interrupted and abandoned, and their items are left unanswered.
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

  /** One item's result, the exception its request threw, or neither: no answer in time. */
  record Outcome<R>(R value, RuntimeException error) {
    boolean failed() {
      return error != null;
    }

    /** The deadline passed before the request ended (or before it started). */
    boolean unanswered() {
      return this == UNANSWERED;
    }
  }

  @SuppressWarnings("rawtypes")
  private static final Outcome UNANSWERED = new Outcome<>(null, null);

  private Parallel() {}

  /**
   * Applies {@code request} to every item until {@code deadline}; the outcomes are in the items'
   * order, and those of requests that had not ended by then are {@link Outcome#unanswered()}.
   *
   * @throws InterruptedException when the caller is interrupted; the requests are abandoned
   */
  @SuppressWarnings("unchecked")
  static <T, R> List<Outcome<R>> map(
      List<T> items, int concurrency, Deadline deadline, Function<T, R> request)
      throws InterruptedException {
    int count = items.size();
    AtomicReferenceArray<Outcome<R>> outcomes = new AtomicReferenceArray<>(count);
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            if (Thread.currentThread().isInterrupted() || deadline.passed()) {
              return;
            }
            try {
              outcomes.set(i, new Outcome<>(request.apply(items.get(i)), null));
            } catch (RuntimeException e) {
              outcomes.set(i, new Outcome<>(null, e));
            }
          }
        };
    List<Future<?>> workers = new ArrayList<>();
    if (!deadline.passed()) {
      for (int w = 0; w < Math.min(concurrency, count); w++) {
        workers.add(POOL.submit(worker));
      }
    }
    try {
      for (Future<?> running : workers) {
        running.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (TimeoutException e) {
      // The deadline passed: what has not answered by now is abandoned below.
    } catch (InterruptedException e) {
      workers.forEach(running -> running.cancel(true));
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("request failed unexpectedly", e.getCause());
    }
    // Read before interrupting, so that an interrupted request does not count as an answer.
    List<Outcome<R>> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Outcome<R> outcome = outcomes.get(i);
      result.add(outcome != null ? outcome : (Outcome<R>) UNANSWERED);
    }
    workers.forEach(running -> running.cancel(true));
    return result;
  }
}
