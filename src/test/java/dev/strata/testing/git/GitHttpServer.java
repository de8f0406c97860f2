package dev.strata.testing.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.strata.webhook.HttpServerLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Smart HTTP(S) for the repositories under a directory: C git's git-http-backend run as CGI behind
 * the JDK's HTTP server, with optional Basic or Bearer authentication.
 */
public final class GitHttpServer implements AutoCloseable {

  static {
    // The JDK reads its HTTP server limits once per process: the operator's, whoever is first.
    HttpServerLimits.install();
  }

  private static final String HTTP_BACKEND = "/usr/lib/git-core/git-http-backend";

  private final HttpServer server;
  private final String scheme;
  private final Path certificate;
  private final Traffic traffic;

  private GitHttpServer(HttpServer server, String scheme, Path certificate, Traffic traffic) {
    this.server = server;
    this.scheme = scheme;
    this.certificate = certificate;
    this.traffic = traffic;
  }

  /** Requests served and response body bytes sent, since start or the last reset. */
  private record Traffic(AtomicInteger requests, AtomicLong bodyBytes) {}

  /** Who may fetch: anyone, a user with a password, or a bearer token. */
  public record Access(String username, String password, String bearerToken) {
    public static final Access ANYONE = new Access(null, null, null);

    boolean allows(String authorization) {
      if (username != null) {
        String expected =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return expected.equals(authorization);
      }
      if (bearerToken != null) {
        return ("Bearer " + bearerToken).equals(authorization);
      }
      return true;
    }
  }

  public static GitHttpServer http(Path projectRoot, Access access) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    return start(server, projectRoot, access, "http", null);
  }

  /** HTTPS with a fresh self-signed certificate for 127.0.0.1 (see {@link #certificatePem()}). */
  public static GitHttpServer https(Path projectRoot, Access access, Path workDirectory)
      throws Exception {
    Path keystore = workDirectory.resolve("server.p12");
    Path certificate = workDirectory.resolve("server.crt");
    Files.deleteIfExists(keystore);
    run(
        "keytool",
        "-genkeypair",
        "-alias",
        "git",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-storetype",
        "PKCS12");
    Files.writeString(
        certificate,
        run(
            "keytool",
            "-exportcert",
            "-rfc",
            "-alias",
            "git",
            "-keystore",
            keystore.toString(),
            "-storepass",
            "changeit"));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    return start(server, projectRoot, access, "https", certificate);
  }

  private static GitHttpServer start(
      HttpServer server, Path projectRoot, Access access, String scheme, Path certificate) {
    var traffic = new Traffic(new AtomicInteger(), new AtomicLong());
    server.createContext("/", exchange -> handle(exchange, projectRoot, access, traffic));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return new GitHttpServer(server, scheme, certificate, traffic);
  }

  /** The PEM of the HTTPS server's self-signed certificate: what a Secret's ca.crt would hold. */
  public String certificatePem() throws IOException {
    return Files.readString(certificate);
  }

  /** HTTP requests served (GET info/refs, POST git-upload-pack), all repositories. */
  public int requests() {
    return traffic.requests().get();
  }

  /** Response body bytes sent: the Git protocol's bytes, without HTTP headers. */
  public long bodyBytes() {
    return traffic.bodyBytes().get();
  }

  /** Zeroes {@link #requests()} and {@link #bodyBytes()}. */
  public void resetCounters() {
    traffic.requests().set(0);
    traffic.bodyBytes().set(0);
  }

  public String url(String repository) {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
  }

  private static void handle(
      HttpExchange exchange, Path projectRoot, Access access, Traffic traffic) throws IOException {
    traffic.requests().incrementAndGet();
    try (exchange) {
      if (!access.allows(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      var builder = new ProcessBuilder(HTTP_BACKEND);
      Map<String, String> env = builder.environment();
      env.put("GIT_PROJECT_ROOT", projectRoot.toString());
      env.put("GIT_HTTP_EXPORT_ALL", "1");
      env.put("PATH_INFO", exchange.getRequestURI().getPath());
      env.put(
          "QUERY_STRING",
          exchange.getRequestURI().getRawQuery() == null
              ? ""
              : exchange.getRequestURI().getRawQuery());
      env.put("REQUEST_METHOD", exchange.getRequestMethod());
      env.put("REMOTE_ADDR", "127.0.0.1");
      putHeader(env, "CONTENT_TYPE", exchange, "Content-Type");
      putHeader(env, "GIT_PROTOCOL", exchange, "Git-Protocol");
      putHeader(env, "HTTP_CONTENT_ENCODING", exchange, "Content-Encoding");
      Process backend = builder.start();
      try (OutputStream stdin = backend.getOutputStream()) {
        exchange.getRequestBody().transferTo(stdin);
      }
      InputStream stdout = backend.getInputStream();
      int status = 200;
      String line;
      while (!(line = readLine(stdout)).isEmpty()) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Status")) {
          status = Integer.parseInt(value.substring(0, 3));
        } else {
          exchange.getResponseHeaders().add(name, value);
        }
      }
      exchange.sendResponseHeaders(status, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        traffic.bodyBytes().addAndGet(stdout.transferTo(body));
      }
      backend.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void putHeader(
      Map<String, String> env, String variable, HttpExchange exchange, String header) {
    String value = exchange.getRequestHeaders().getFirst(header);
    if (value != null) {
      env.put(variable, value);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    var line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.write(c);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
