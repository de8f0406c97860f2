package dev.strata.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Measures pack bytes as they arrive, whatever the transport, by watching the pack file JGit writes
 * while receiving ({@code objects/incoming_*.pack}), and reports progress once a second.
 */
final class PackWatcher implements AutoCloseable {

  private final Path objectsDirectory;
  private final Consumer<FetchProgress> listener;
  private final ScheduledExecutorService timer;
  private volatile String phase = "refs";
  private volatile int chunk;
  private volatile int chunks;
  private long completedBytes;
  private long attemptPeakBytes;
  private long lastSampleBytes;
  private long lastSampleNanos = System.nanoTime();
  private int ticks;

  PackWatcher(Path objectsDirectory, Consumer<FetchProgress> listener) {
    this.objectsDirectory = objectsDirectory;
    this.listener = listener;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "fetch-progress");
              thread.setDaemon(true);
              return thread;
            });
    // Sample often (JGit deletes a broken pack at once), report once a second.
    timer.scheduleAtFixedRate(this::sample, 25, 25, TimeUnit.MILLISECONDS);
  }

  void phase(String phase, int chunk, int chunks) {
    this.phase = phase;
    this.chunk = chunk;
    this.chunks = chunks;
  }

  /** Bytes of packs received completely so far. */
  synchronized long completedBytes() {
    return completedBytes;
  }

  synchronized void addCompleted(long bytes) {
    completedBytes += bytes;
    attemptPeakBytes = 0;
  }

  /** Starts counting a new attempt's bytes. */
  synchronized void startAttempt() {
    attemptPeakBytes = 0;
  }

  /** The most bytes seen arriving for the current attempt: what a failure throws away. */
  synchronized long lastIncomingBytes() {
    return Math.max(attemptPeakBytes, incomingBytes());
  }

  /** Bytes of the pack being received right now (0 when none is). */
  long incomingBytes() {
    try (Stream<Path> files = Files.list(objectsDirectory)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("incoming_"))
          .mapToLong(PackWatcher::size)
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // JGit renamed or deleted it between list and size
    }
  }

  private synchronized void sample() {
    long incoming = incomingBytes();
    attemptPeakBytes = Math.max(attemptPeakBytes, incoming);
    if (++ticks % 40 == 0) {
      report(completedBytes + incoming);
    }
  }

  private void report(long bytes) {
    long now = System.nanoTime();
    long rate = (bytes - lastSampleBytes) * 1_000_000_000L / Math.max(1, now - lastSampleNanos);
    lastSampleBytes = bytes;
    lastSampleNanos = now;
    listener.accept(new FetchProgress(phase, bytes, Math.max(0, rate), chunk, chunks));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
