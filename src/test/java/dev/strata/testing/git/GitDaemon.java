package dev.strata.testing.git;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Serves the repositories under a directory with C git's own daemon on loopback (git://). */
public final class GitDaemon implements AutoCloseable {

  private final Process process;
  private final int port;

  private GitDaemon(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static GitDaemon serve(Path baseDirectory) throws IOException, InterruptedException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--informative-errors",
                "--enable=upload-pack",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + baseDirectory,
                baseDirectory.toString())
            .redirectErrorStream(true)
            .redirectOutput(baseDirectory.resolve("git-daemon.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      try (var probe = new Socket("127.0.0.1", port)) {
        return new GitDaemon(process, port);
      } catch (IOException e) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          process.destroyForcibly();
          throw new IOException("git daemon did not start on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  public int port() {
    return port;
  }

  /** The git:// URL of a repository, optionally through another port (a proxy's). */
  public String url(String repository, int viaPort) {
    return "git://127.0.0.1:" + viaPort + "/" + repository;
  }

  public String url(String repository) {
    return url(repository, port);
  }

  /** Stops the daemon: `git daemon` runs git-daemon as its child, which would outlive it. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
