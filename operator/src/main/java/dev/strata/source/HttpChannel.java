package dev.strata.source;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UserAgent;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.util.HttpSupport;

/**
 * Smart HTTP for an {@link UploadPackSession}: the capability advertisement from {@code GET
 * info/refs}, then each command as one {@code POST git-upload-pack}, protocol v2 asked for in the
 * {@code Git-Protocol} header. Connections come from JGit's factory, so proxies and the source's CA
 * certificates apply as they do for JGit.
 */
final class HttpChannel implements UploadPackChannel {

  private static final String INFO_REFS = "/info/refs?service=git-upload-pack";
  private static final String ADVERTISEMENT = "application/x-git-upload-pack-advertisement";
  private static final int MAX_REDIRECTS = 5;

  private final URIish uri;
  private final Map<String, String> headers;
  private final HttpTrust.Scope trust;
  private final int timeoutMillis;
  private final ByteArrayOutputStream request = new ByteArrayOutputStream();
  private final Reply reply = new Reply();
  private URL service;

  private HttpChannel(
      URIish uri, Map<String, String> headers, HttpTrust.Scope trust, int timeoutMillis) {
    this.uri = uri;
    this.headers = headers;
    this.trust = trust;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Asks the server for its advertisement, following redirects as Git does; returns null when the
   * server is not smart (a dumb HTTP server, which only JGit's own walk can read).
   *
   * @param headers extra request headers, such as a bearer token's Authorization
   * @param trust the source's CA certificates, or null for the JVM's
   */
  static HttpChannel open(
      String url, Map<String, String> headers, HttpTrust.Scope trust, int timeoutMillis)
      throws IOException {
    URIish uri = parse(url);
    Map<String, String> all = new HashMap<>(headers);
    if (uri.getUser() != null && uri.getPass() != null && !all.containsKey("Authorization")) {
      all.put("Authorization", basic(uri.getUser(), uri.getPass()));
    }
    var channel =
        new HttpChannel(parse(Failures.redact(url)), Map.copyOf(all), trust, timeoutMillis);
    String base = uri.setUser(null).setPass(null).toString().replaceAll("/+$", "");
    return channel.discover(toUrl(base + INFO_REFS)) ? channel : null;
  }

  /** The Authorization header value of HTTP Basic authentication. */
  static String basic(String username, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public InputStream in() {
    return reply;
  }

  @Override
  public OutputStream out() {
    return request;
  }

  /** POSTs the request; the reply is the response's body. */
  @Override
  public void endRequest() throws IOException {
    byte[] body = request.toByteArray();
    request.reset();
    HttpConnection connection = connect("POST", service);
    connection.setDoOutput(true);
    connection.setFixedLengthStreamingMode(body.length);
    connection.setRequestProperty("Content-Type", "application/x-git-upload-pack-request");
    connection.setRequestProperty("Accept", "application/x-git-upload-pack-result");
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    check(connection);
    reply.switchTo(new BufferedInputStream(connection.getInputStream(), 64 * 1024));
  }

  @Override
  public boolean stateless() {
    return true;
  }

  @Override
  public String messages() {
    return "";
  }

  @Override
  public void close() {
    reply.switchTo(InputStream.nullInputStream());
  }

  private boolean discover(URL infoRefs) throws IOException {
    URL location = infoRefs;
    for (int redirects = 0; ; redirects++) {
      HttpConnection connection = connect("GET", location);
      connection.setRequestProperty("Accept", ADVERTISEMENT + ", */*");
      int status = connection.getResponseCode();
      if (status >= 300 && status < 400 && redirects < MAX_REDIRECTS) {
        String target = connection.getHeaderField("Location");
        if (target == null) {
          throw new TransportException(uri, status + " redirect without a Location");
        }
        location = resolve(location, target);
        if (!location.toString().endsWith(INFO_REFS)) {
          throw new TransportException(uri, "redirected to " + location + ", not a Git repository");
        }
        continue;
      }
      check(connection);
      String type = connection.getContentType();
      if (type == null || !type.startsWith(ADVERTISEMENT)) {
        return false;
      }
      String base = location.toString();
      service = toUrl(base.substring(0, base.length() - INFO_REFS.length()) + "/git-upload-pack");
      var body = new BufferedInputStream(connection.getInputStream(), 64 * 1024);
      skipServiceHeader(body);
      reply.switchTo(body);
      return true;
    }
  }

  /**
   * Skips "# service=git-upload-pack" and the flush after it, which smart HTTP puts before the
   * advertisement that git:// and SSH start with (protocol v2 servers may leave it out).
   */
  private void skipServiceHeader(BufferedInputStream body) throws IOException {
    body.mark(5);
    byte[] start = body.readNBytes(5);
    body.reset();
    if (start.length < 5 || start[4] != '#') {
      return;
    }
    while (true) {
      byte[] header = body.readNBytes(4);
      if (header.length < 4) {
        throw new TransportException(uri, "the advertisement ended early");
      }
      int length = Integer.parseInt(new String(header, StandardCharsets.US_ASCII), 16);
      if (length == 0) {
        return;
      }
      body.skipNBytes(Math.max(0, length - 4));
    }
  }

  private HttpConnection connect(String method, URL url) throws IOException {
    HttpConnection connection;
    try {
      connection = trust == null ? create(url) : trust.run(() -> create(url));
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    connection.setRequestMethod(method);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    connection.setConnectTimeout(timeoutMillis);
    connection.setReadTimeout(timeoutMillis);
    connection.setRequestProperty("Git-Protocol", "version=2");
    connection.setRequestProperty("User-Agent", UserAgent.get());
    headers.forEach(connection::setRequestProperty);
    return connection;
  }

  private static HttpConnection create(URL url) throws IOException {
    return HttpTransport.getConnectionFactory()
        .create(url, HttpSupport.proxyFor(ProxySelector.getDefault(), url));
  }

  /** Turns an error status into what JGit would have thrown, so failures read the same. */
  private void check(HttpConnection connection) throws IOException {
    int status = connection.getResponseCode();
    switch (status) {
      case 200 -> {}
      case 401 -> throw new TransportException(uri, "not authorized");
      case 403 -> throw new TransportException(uri, "403 forbidden: not authorized");
      case 404 -> throw new NoRemoteRepositoryException(uri, "repository not found");
      default ->
          throw new TransportException(
              uri, "HTTP " + status + " " + connection.getResponseMessage());
    }
  }

  private static URL resolve(URL base, String target) throws IOException {
    try {
      return base.toURI().resolve(target).toURL();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("invalid redirect " + target, e);
    }
  }

  private static URL toUrl(String url) throws IOException {
    try {
      return new URI(url).toURL();
    } catch (URISyntaxException | IllegalArgumentException | MalformedURLException e) {
      throw new IOException("invalid URL " + url, e);
    }
  }

  private static URIish parse(String url) throws IOException {
    try {
      return new URIish(url);
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  /** The body of the latest response; switching closes the one before. */
  private static final class Reply extends InputStream {
    private InputStream current = InputStream.nullInputStream();

    void switchTo(InputStream next) {
      try {
        current.close();
      } catch (IOException e) {
        // The previous response is done with either way.
      }
      current = next;
    }

    @Override
    public int read() throws IOException {
      return current.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return current.read(buffer, offset, length);
    }
  }
}
