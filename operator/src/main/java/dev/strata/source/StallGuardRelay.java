package dev.strata.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.transport.URIish;

/**
 * Enforces the stall timeout on git:// connections, which JGit cannot: its idle timeout interrupts
 * the reading thread, and a blocking socket read ignores interrupts. JGit connects to this relay on
 * loopback instead; the relay connects to the real server with a socket read timeout and closes
 * both sides when the server sends nothing for the stall timeout. It puts the real host back into
 * the request's {@code host=} field, so virtual hosting still works.
 */
final class StallGuardRelay implements AutoCloseable {

  private static final int DEFAULT_GIT_PORT = 9418;

  private final String host;
  private final int port;
  private final int stallMillis;
  private final ServerSocket listener;
  private final AtomicInteger stalls = new AtomicInteger();
  private volatile IOException connectFailure;

  private StallGuardRelay(String host, int port, Duration stallTimeout) throws IOException {
    this.host = host;
    this.port = port;
    this.stallMillis = (int) Math.max(1, stallTimeout.toMillis());
    this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "git-stall-guard");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a relay for a git:// URL. */
  static StallGuardRelay forUrl(String url, Duration stallTimeout) throws IOException {
    try {
      URIish uri = new URIish(url);
      return new StallGuardRelay(
          uri.getHost(), uri.getPort() > 0 ? uri.getPort() : DEFAULT_GIT_PORT, stallTimeout);
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  /** The URL to give JGit: the same repository, reached through this relay. */
  String relayedUrl(String url) {
    try {
      return new URIish(url).setHost("127.0.0.1").setPort(listener.getLocalPort()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * The text with this relay's address put back to the server's, so that messages JGit builds from
   * the URL it was given name the user's server.
   */
  String unrelayed(String text) {
    String relay = "127.0.0.1:" + listener.getLocalPort();
    return text.replace(relay, port == DEFAULT_GIT_PORT ? host : host + ":" + port);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread relay = new Thread(() -> relay(client), "git-stall-guard-connection");
        relay.setDaemon(true);
        relay.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket server = new Socket()) {
      try {
        server.connect(new InetSocketAddress(host, port), stallMillis);
      } catch (IOException e) {
        connectFailure = e;
        throw e;
      }
      server.setSoTimeout(stallMillis);
      forwardRequest(client.getInputStream(), server.getOutputStream());
      Thread upstream = new Thread(() -> copy(client, server, false), "git-stall-guard-upstream");
      upstream.setDaemon(true);
      upstream.start();
      copy(server, client, true);
    } catch (IOException e) {
      // The client sees the connection close and reports it; nothing more to do here.
    }
  }

  /**
   * Copies the first pkt-line ("git-upload-pack /path\0host=relay\0...") with the real host put
   * back.
   */
  private void forwardRequest(InputStream in, OutputStream out) throws IOException {
    byte[] lengthBytes = in.readNBytes(4);
    if (lengthBytes.length < 4) {
      throw new IOException("client closed before sending a request");
    }
    int length = Integer.parseInt(new String(lengthBytes, StandardCharsets.US_ASCII), 16);
    byte[] payload = in.readNBytes(Math.max(0, length - 4));
    String request = new String(payload, StandardCharsets.ISO_8859_1);
    String realHost = port == DEFAULT_GIT_PORT ? host : host + ":" + port;
    String rewritten = request.replaceFirst("\0host=[^\0]*\0", "\0host=" + realHost + "\0");
    byte[] rewrittenBytes = rewritten.getBytes(StandardCharsets.ISO_8859_1);
    out.write(String.format("%04x", rewrittenBytes.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.write(rewrittenBytes);
    out.flush();
  }

  /** The error of the last failed connection to the server since the last call, or null. */
  IOException takeConnectFailure() {
    IOException failure = connectFailure;
    connectFailure = null;
    return failure;
  }

  /** Whether a connection was dropped for stalling since the last call. */
  boolean takeStall() {
    return stalls.getAndSet(0) > 0;
  }

  /** Copies until end of stream; a read timeout on the server side ends both directions. */
  private void copy(Socket from, Socket to, boolean fromServer) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (SocketTimeoutException e) {
      stalls.incrementAndGet();
      // The server went quiet for the whole stall timeout: drop the connection, as a dead link
      // would, so that the fetch fails now and is retried.
      closeQuietly(from);
      closeQuietly(to);
    } catch (IOException e) {
      closeQuietly(fromServer ? to : from);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // nothing to release
    }
  }
}
