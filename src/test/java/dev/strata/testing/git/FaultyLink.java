package dev.strata.testing.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that behaves like a bad link between a client and a server: it can cap
 * the bandwidth, stall for a while after some bytes, or reset the connection after K bytes. It
 * counts what the server sends, so tests and benchmarks measure bytes on the wire.
 */
public final class FaultyLink implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket listener;
  private volatile long resetAfterBytes;
  private volatile long stallAfterBytes;
  private volatile Duration stallFor = Duration.ZERO;
  private final AtomicInteger stallsLeft = new AtomicInteger();
  private volatile long bytesPerSecond;
  private final AtomicLong bytesToClient = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();

  private FaultyLink(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "faulty-link-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A clean link to the target port; faults are switched on with the setters. */
  public static FaultyLink to(int targetPort) throws IOException {
    return new FaultyLink(targetPort);
  }

  /** Every connection is reset once the server has sent this many bytes on it (0: never). */
  public FaultyLink resetEvery(long bytes) {
    this.resetAfterBytes = bytes;
    return this;
  }

  /**
   * The next {@code times} connections that carry {@code afterBytes} stall there for {@code
   * duration}.
   */
  public FaultyLink stall(long afterBytes, Duration duration, int times) {
    this.stallAfterBytes = afterBytes;
    this.stallFor = duration;
    this.stallsLeft.set(times);
    return this;
  }

  /** Caps the server-to-client bandwidth (0: unlimited). */
  public FaultyLink limitTo(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
    return this;
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Bytes the server sent towards the client through this link, in all connections. */
  public long bytesToClient() {
    return bytesToClient.get();
  }

  public int connections() {
    return connections.get();
  }

  public int resets() {
    return resets.get();
  }

  /** Zeroes the counters (not the faults). */
  public void resetCounters() {
    bytesToClient.set(0);
    connections.set(0);
    resets.set(0);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        connections.incrementAndGet();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        start(() -> pump(client, server), "faulty-link-up");
        start(() -> pumpDown(server, client), "faulty-link-down");
      } catch (IOException e) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private static void start(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Client to server: passed through untouched. */
  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(to);
    }
  }

  /** Server to client: where the faults happen. */
  private void pumpDown(Socket server, Socket client) {
    long sent = 0;
    boolean stalled = false;
    boolean stall = stallsLeft.get() > 0;
    long started = System.nanoTime();
    try (InputStream in = server.getInputStream();
        OutputStream out = client.getOutputStream()) {
      byte[] buffer = new byte[bytesPerSecond > 0 ? 1024 : 16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        int offset = 0;
        while (offset < n) {
          int length = n - offset;
          if (resetAfterBytes > 0) {
            length = (int) Math.min(length, resetAfterBytes - sent);
          }
          if (stall && !stalled && sent < stallAfterBytes) {
            length = (int) Math.min(length, stallAfterBytes - sent);
          }
          out.write(buffer, offset, length);
          out.flush();
          sent += length;
          offset += length;
          bytesToClient.addAndGet(length);
          if (resetAfterBytes > 0 && sent >= resetAfterBytes) {
            resets.incrementAndGet();
            abort(client);
            abort(server);
            return;
          }
          if (stall && !stalled && sent >= stallAfterBytes) {
            stalled = true;
            if (stallsLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
              Thread.sleep(stallFor.toMillis());
            }
          }
          if (bytesPerSecond > 0) {
            long due = started + sent * 1_000_000_000L / bytesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
          }
        }
      }
      client.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(client);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(client);
    }
  }

  /** Closes with RST, as a dropped connection looks to the peer. */
  private static void abort(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
