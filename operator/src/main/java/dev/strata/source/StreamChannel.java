package dev.strata.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.RemoteSession2;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.QuotedString;
import org.eclipse.jgit.util.io.InterruptTimer;
import org.eclipse.jgit.util.io.TimeoutInputStream;

/**
 * Opens one connection to a remote's upload-pack over a stateful transport (git:// or SSH), asking
 * for protocol v2: one pair of byte streams that carries every request of a session.
 */
final class StreamChannel implements UploadPackChannel {

  private static final int DEFAULT_GIT_PORT = 9418;
  private static final int MAX_MESSAGE_CHARS = 4096;

  private final InputStream in;
  private final OutputStream out;
  private final AutoCloseable connection;
  private final StringBuilder messages = new StringBuilder();
  private final InterruptTimer timer;

  private StreamChannel(
      InputStream in, OutputStream out, AutoCloseable connection, InterruptTimer timer) {
    this.in = new BufferedInputStream(in, 64 * 1024);
    this.out = new BufferedOutputStream(out, 8 * 1024);
    this.connection = connection;
    this.timer = timer;
  }

  /**
   * Connects to git daemon at {@code url} (for Strata, the stall guard's relay) and asks for
   * upload-pack of the URL's path, speaking protocol v2 when the daemon can.
   */
  static StreamChannel git(String url, int connectTimeoutMillis) throws IOException {
    URIish uri = parse(url);
    int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_GIT_PORT;
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(uri.getHost(), port), connectTimeoutMillis);
      var channel =
          new StreamChannel(socket.getInputStream(), socket.getOutputStream(), socket, null);
      String host = port == DEFAULT_GIT_PORT ? uri.getHost() : uri.getHost() + ":" + port;
      // git-daemon's request: the service and path, the virtual host, then extra parameters.
      channel.writeRaw("git-upload-pack " + uri.getPath() + "\0host=" + host + "\0\0version=2\0");
      return channel;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Runs {@code git-upload-pack} over SSH with {@code GIT_PROTOCOL=version=2}, which servers that
   * accept the variable (GitHub, GitLab; OpenSSH with {@code AcceptEnv GIT_PROTOCOL}) honour. Reads
   * time out after {@code timeoutSeconds} without data.
   */
  static StreamChannel ssh(SshSessionFactory sessions, String url, int timeoutSeconds)
      throws IOException {
    URIish uri = parse(url);
    RemoteSession session = sessions.getSession(uri, null, FS.DETECTED, timeoutSeconds * 1000);
    try {
      String path = uri.getPath();
      if (uri.getScheme() != null && path.startsWith("/~")) {
        path = path.substring(1);
      }
      String command = "git-upload-pack " + QuotedString.BOURNE.quote(path);
      Process process =
          session instanceof RemoteSession2 v2
              ? v2.exec(command, Map.of("GIT_PROTOCOL", "version=2"), timeoutSeconds)
              : session.exec(command, timeoutSeconds);
      var timer = new InterruptTimer("strata-upload-pack-timer");
      var in = new TimeoutInputStream(process.getInputStream(), timer);
      in.setTimeout(timeoutSeconds * 1000);
      var channel =
          new StreamChannel(
              in,
              process.getOutputStream(),
              () -> {
                process.destroy();
                session.disconnect();
              },
              timer);
      channel.collectMessages(process.getErrorStream());
      return channel;
    } catch (IOException | RuntimeException e) {
      session.disconnect();
      throw e;
    }
  }

  @Override
  public InputStream in() {
    return in;
  }

  @Override
  public OutputStream out() {
    return out;
  }

  @Override
  public void endRequest() throws IOException {
    out.flush();
  }

  @Override
  public boolean stateless() {
    return false;
  }

  /** What the server wrote on its error stream so far (SSH only), trimmed. */
  @Override
  public String messages() {
    synchronized (messages) {
      return messages.toString().trim();
    }
  }

  private void writeRaw(String payload) throws IOException {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    out.write(String.format("%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  private void collectMessages(InputStream errors) {
    Thread reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[1024];
              try {
                int n;
                while ((n = errors.read(buffer)) >= 0) {
                  synchronized (messages) {
                    if (messages.length() < MAX_MESSAGE_CHARS) {
                      messages.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                  }
                }
              } catch (IOException e) {
                // The channel closed; what arrived is kept.
              }
            },
            "strata-upload-pack-stderr");
    reader.setDaemon(true);
    reader.start();
  }

  private static URIish parse(String url) throws IOException {
    try {
      return new URIish(url);
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (Exception e) {
      // Closing a dead connection; nothing to release beyond it.
    }
    if (timer != null) {
      timer.terminate();
    }
  }
}
