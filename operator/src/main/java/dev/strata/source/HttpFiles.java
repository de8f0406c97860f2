package dev.strata.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.HttpsURLConnection;

/**
 * Downloads one file over HTTP(S), as kustomize loads a resource URL: redirects followed, a size
 * limit, an attempt aborted when no byte arrives for the stall timeout (never a total deadline),
 * and transient failures (no connection, a stall, a dropped link, 5xx, 429) retried with backoff.
 */
public final class HttpFiles {

  private static final int MAX_REDIRECTS = 10;

  private final RetryBackoff backoff;
  private final int maxAttempts;

  public HttpFiles() {
    this(Duration.ofSeconds(1), FetchRequest.DEFAULT_MAX_FAILURES);
  }

  /**
   * @param baseBackoff the first retry's wait (doubling, with jitter)
   * @param maxAttempts attempts before a transient failure is reported
   */
  public HttpFiles(Duration baseBackoff, int maxAttempts) {
    this.backoff = new RetryBackoff(baseBackoff);
    this.maxAttempts = maxAttempts;
  }

  /**
   * What the server answered.
   *
   * @param status the final HTTP status
   * @param body the body of a 2xx answer, else empty
   */
  public record Response(int status, byte[] body) {
    public boolean ok() {
      return status >= 200 && status <= 299;
    }
  }

  /**
   * Gets a URL.
   *
   * @param credentials sent only to the URL's own host: Basic or Bearer, and ca.crt for TLS
   * @throws SourceFailure when no answer came (after the retries) or the body is over the limit
   */
  public Response get(String url, Credentials credentials, Duration stallTimeout, long maxBytes)
      throws SourceFailure {
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        Response response = once(url, credentials, stallTimeout, maxBytes);
        if (!isTransient(response.status()) || attempt >= maxAttempts) {
          return response;
        }
      } catch (SourceFailure failure) {
        if (!failure.reason().isTransient() || attempt >= maxAttempts) {
          String attempts = attempt > 1 ? " (after " + attempt + " attempts)" : "";
          throw new SourceFailure(
              failure.reason(), failure.getMessage() + attempts, failure.getCause());
        }
      }
      backoff.pause(attempt);
    }
  }

  private Response once(String url, Credentials credentials, Duration stallTimeout, long maxBytes)
      throws SourceFailure {
    URI current = uri(url);
    String authorization = authorization(credentials);
    for (int redirects = 0; ; redirects++) {
      HttpURLConnection connection = null;
      try {
        connection = open(current, credentials, stallTimeout);
        if (authorization != null && sameAuthority(current, uri(url))) {
          connection.setRequestProperty("Authorization", authorization);
        }
        int status = connection.getResponseCode();
        String location = connection.getHeaderField("Location");
        if (status >= 300 && status <= 399 && location != null) {
          if (redirects >= MAX_REDIRECTS) {
            throw new SourceFailure(
                SourceFailure.Reason.FETCH_FAILED,
                "GET " + Failures.redact(url) + ": stopped after " + MAX_REDIRECTS + " redirects");
          }
          current = current.resolve(location);
          continue;
        }
        if (status < 200 || status > 299) {
          return new Response(status, new byte[0]);
        }
        long length = connection.getContentLengthLong();
        if (length > maxBytes) {
          throw tooLarge(url, length, maxBytes);
        }
        try (InputStream in = connection.getInputStream()) {
          return new Response(status, read(in, url, maxBytes));
        }
      } catch (SourceFailure failure) {
        throw failure;
      } catch (IOException | RuntimeException e) {
        throw Failures.classify(e, current.toString(), stallTimeout, null);
      } finally {
        if (connection != null) {
          connection.disconnect();
        }
      }
    }
  }

  private static HttpURLConnection open(URI uri, Credentials credentials, Duration stallTimeout)
      throws IOException, SourceFailure {
    var connection = (HttpURLConnection) uri.toURL().openConnection();
    int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, stallTimeout.toMillis()));
    connection.setConnectTimeout(timeout);
    connection.setReadTimeout(timeout);
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    if (connection instanceof HttpsURLConnection https && credentials.caCertificate() != null) {
      try {
        https.setSSLSocketFactory(HttpTrust.scope(credentials.caCertificate()).socketFactory());
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot apply the source's CA certificates", e);
      }
    }
    return connection;
  }

  private static byte[] read(InputStream in, String url, long maxBytes)
      throws IOException, SourceFailure {
    var out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge(url, -1, maxBytes);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** The body is over the limit: {@code bytes} long, or -1 when it was cut off while read. */
  private static SourceFailure tooLarge(String url, long bytes, long maxBytes) {
    return new SourceFailure(
        SourceFailure.Reason.INVALID_SOURCE,
        Failures.redact(url)
            + (bytes < 0 ? " is" : " is " + Bytes.format(bytes) + ",")
            + " over the limit of "
            + Bytes.format(maxBytes));
  }

  private static String authorization(Credentials credentials) {
    if (credentials.bearerToken() != null) {
      return "Bearer " + credentials.bearerToken();
    }
    if (credentials.username() != null && credentials.password() != null) {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (credentials.username() + ":" + credentials.password())
                      .getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  /** As Go's client: credentials are not sent on to another host after a redirect. */
  private static boolean sameAuthority(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && a.getPort() == b.getPort();
  }

  private static URI uri(String url) throws SourceFailure {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new URISyntaxException(url, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "'" + Failures.redact(url) + "' is not a URL: " + e.getMessage());
    }
  }

  private static boolean isTransient(int status) {
    return status == 408 || status == 429 || status >= 500;
  }
}
