package dev.strata.source;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;

/** Turns what JGit and the network threw into a {@link SourceFailure} a person can act on. */
final class Failures {

  private Failures() {}

  static SourceFailure classify(
      Throwable error, String url, Duration stallTimeout, TransportSetup setup) {
    url = redact(url);
    if (error instanceof SourceFailure failure) {
      return failure;
    }
    IOException unreachable = setup == null ? null : setup.takeConnectFailure();
    if (unreachable != null) {
      return classify(unreachable, url, stallTimeout, null);
    }
    if (setup != null && setup.takeStall()) {
      return stalled(url, stallTimeout, error);
    }
    SourceFailure hostKey = setup == null ? null : setup.hostKeyFailure();
    if (hostKey != null) {
      return hostKey;
    }
    String host = hostOf(url);
    // JGit names the URL it was given, which for git:// is the stall guard's loopback relay.
    String cause = setup == null ? rootMessage(error) : setup.unrelayed(rootMessage(error));
    String text = chainText(error);
    String lower = text.toLowerCase(Locale.ROOT);
    if (has(error, UnknownHostException.class)) {
      return new SourceFailure(
          SourceFailure.Reason.UNREACHABLE,
          "cannot resolve host " + host + " (DNS): check the URL and the cluster's DNS",
          error);
    }
    if (has(error, ConnectException.class)
        || has(error, NoRouteToHostException.class)
        || lower.contains("connection refused")) {
      return new SourceFailure(
          SourceFailure.Reason.UNREACHABLE,
          "cannot connect to "
              + host
              + ": "
              + cause
              + "; check the port, firewalls and network policies",
          error);
    }
    if (has(error, SSLException.class)
        || lower.contains("pkix")
        || lower.contains("ssl problems")
        || lower.contains("certification path")
        || lower.contains("certificate")) {
      return new SourceFailure(
          SourceFailure.Reason.TLS_FAILED,
          "TLS with "
              + host
              + " failed: "
              + cause
              + "; if the server uses a private CA, put its certificate in the Secret's ca.crt",
          error);
    }
    if (has(error, SocketTimeoutException.class)
        || lower.contains("timed out")
        || lower.contains("timeout")) {
      return stalled(url, stallTimeout, error);
    }
    if (lower.contains("auth fail")
        || lower.contains("not authorized")
        || lower.contains("authentication")
        || lower.contains("401")
        || lower.contains("403")
        || lower.contains("permission denied")
        || lower.contains("no credentialsprovider")) {
      return new SourceFailure(
          SourceFailure.Reason.AUTHENTICATION_FAILED,
          "authentication to "
              + host
              + " failed: "
              + cause
              + "; check the Secret's credentials and that the key or token may read this"
              + " repository",
          error);
    }
    if (has(error, NoRemoteRepositoryException.class)
        || lower.contains("repository not found")
        || lower.contains("not found") && lower.contains("repository")
        || lower.contains("does not appear to be a git repository")
        // git daemon's answers for a path it does not serve (with and without
        // --informative-errors)
        || lower.contains("no such repository")
        || lower.contains("repository not exported")) {
      return new SourceFailure(
          SourceFailure.Reason.REPOSITORY_NOT_FOUND,
          "no Git repository at " + url + ": " + cause,
          error);
    }
    if (has(error, NotSupportedException.class)) {
      return new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE, "unsupported remote " + url + ": " + cause, error);
    }
    if (has(error, EOFException.class)
        || lower.contains("connection reset")
        || lower.contains("broken pipe")
        || lower.contains("early eof")
        || lower.contains("unexpected end")
        || lower.contains("premature eof")
        || lower.contains("short read")
        || lower.contains("closed")
        || has(error, SocketException.class)) {
      return new SourceFailure(
          SourceFailure.Reason.TRANSFER_INTERRUPTED,
          "connection to " + host + " dropped mid-transfer: " + cause,
          error);
    }
    if (error instanceof TransportException || error.getCause() instanceof TransportException) {
      return new SourceFailure(
          SourceFailure.Reason.FETCH_FAILED, "fetch from " + url + " failed: " + cause, error);
    }
    return new SourceFailure(
        SourceFailure.Reason.FETCH_FAILED, "fetch from " + url + " failed: " + cause, error);
  }

  private static SourceFailure stalled(String url, Duration stallTimeout, Throwable error) {
    return new SourceFailure(
        SourceFailure.Reason.TRANSFER_STALLED,
        "no data from "
            + hostOf(url)
            + " for "
            + seconds(stallTimeout)
            + " (stall timeout); the link stopped making progress",
        error);
  }

  /** The URL without a password in its user part: what messages, logs and status may show. */
  static String redact(String url) {
    try {
      URIish uri = new URIish(url);
      return uri.getPass() == null ? url : uri.setPass("REDACTED").toString();
    } catch (java.net.URISyntaxException e) {
      return url.replaceAll("//([^/:@]+):[^/@]*@", "//$1:REDACTED@");
    }
  }

  static String hostOf(String url) {
    try {
      URIish uri = new URIish(url);
      if (uri.getHost() == null) {
        return url;
      }
      return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    } catch (java.net.URISyntaxException e) {
      return url;
    }
  }

  static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  private static boolean has(Throwable error, Class<? extends Throwable> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String chainText(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append("; ");
    }
    return text.toString();
  }

  /** The innermost message, which usually says what actually happened. */
  static String rootMessage(Throwable error) {
    Throwable root = error;
    String message = error.getMessage();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root.getMessage() != null) {
        message = root.getMessage();
      }
    }
    return message == null ? root.getClass().getSimpleName() : message;
  }

  /** The error or the first of its causes that is a {@code type}, or null. */
  static <T extends Throwable> T causeOf(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
