package dev.strata.localcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one control-plane binary with its output in a log file, and stops it on close. */
final class ManagedProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path logFile;

  private ManagedProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  static ManagedProcess start(String name, List<String> command, Path logDirectory)
      throws IOException {
    Path logFile = logDirectory.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    return new ManagedProcess(name, process, logFile);
  }

  /** Fails with the end of the log when the process has already exited. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name
              + " exited with code "
              + process.exitValue()
              + "; last lines of "
              + logFile
              + ":\n"
              + logTail());
    }
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  /** Sends SIGTERM, then SIGKILL after five seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
