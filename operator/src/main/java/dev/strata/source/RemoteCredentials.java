package dev.strata.source;

import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.transport.URIish;

/**
 * Chooses the credentials of a remote base or file that a kustomization names. A remote on the
 * GitSource's own host, reached the same way (same scheme and port), gets the GitSource's Secret,
 * read by the same rules as for the GitSource. Any other remote is fetched anonymously: HTTP(S) and
 * git:// work, SSH is refused because its host key could not be verified.
 */
public final class RemoteCredentials {

  /** Reads the GitSource's Secret data when a remote first needs it. */
  @FunctionalInterface
  public interface SecretData {
    Map<String, String> read() throws SourceFailure;
  }

  private static final String ANONYMOUS = "anonymous";

  private final String sourceKey;
  private final String sourceUrl;
  private final SecretData secret;
  private final boolean localRepositories;
  private Map<String, String> secretData;

  private RemoteCredentials(
      String sourceKey, String sourceUrl, SecretData secret, boolean localRepositories) {
    this.sourceKey = sourceKey;
    this.sourceUrl = sourceUrl;
    this.secret = secret;
    this.localRepositories = localRepositories;
  }

  /**
   * No credentials for anyone.
   *
   * @param localRepositories whether file:// remotes may be read (on the user's own machine)
   */
  public static RemoteCredentials anonymous(boolean localRepositories) {
    return new RemoteCredentials(null, null, null, localRepositories);
  }

  /**
   * A GitSource's credentials for remotes on its host; file:// remotes are refused, since they
   * would read the operator's own disk.
   *
   * @param sourceKey the GitSource's namespace/name
   * @param secret its Secret's data, or null when it has no secretRef
   */
  public static RemoteCredentials ofSource(String sourceKey, String sourceUrl, SecretData secret) {
    return new RemoteCredentials(sourceKey, sourceUrl, secret, false);
  }

  /**
   * The credentials to fetch {@code url} with.
   *
   * @throws SourceFailure for a file:// remote in the operator, or SSH without known_hosts
   */
  public synchronized Credentials forUrl(String url) throws SourceFailure {
    TransportSetup.Scheme scheme = TransportSetup.schemeOf(url);
    if (scheme == TransportSetup.Scheme.FILE && !localRepositories) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "a file:// remote would read the operator's own disk; serve the repository over"
              + " https://, ssh:// or git:// instead");
    }
    if (usesSecret(url)) {
      if (secretData == null) {
        secretData = secret.read();
      }
      try {
        return Credentials.fromSecretData(url, secretData);
      } catch (SourceFailure e) {
        // The Secret has no keys for this scheme: the remote is fetched as anyone would.
      }
    }
    if (scheme == TransportSetup.Scheme.SSH) {
      String reason =
          sourceUrl == null
              ? "there are no known_hosts to verify its host key with"
              : "its host key cannot be verified: only remotes on "
                  + origin(sourceUrl)
                  + " (the GitSource's host) use the GitSource's Secret and its known_hosts";
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "SSH to " + Failures.hostOf(url) + " is refused: " + reason + "; use an https:// URL");
    }
    return Credentials.NONE;
  }

  /**
   * Who may see what was fetched from {@code url}: the GitSource whose Secret it was fetched with,
   * or anyone. Fetches are cached apart by this, so a cached private commit never serves a build
   * that could not fetch it.
   */
  public String scopeOf(String url) {
    return usesSecret(url) ? sourceKey : ANONYMOUS;
  }

  private boolean usesSecret(String url) {
    return secret != null && sameOrigin(url, sourceUrl);
  }

  /** Same scheme, host and port: what a browser would call the same origin. */
  private static boolean sameOrigin(String a, String b) {
    return b != null && origin(a).equals(origin(b));
  }

  private static String origin(String url) {
    try {
      URIish uri = new URIish(url);
      String scheme = uri.getScheme() == null ? "ssh" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null) {
        return scheme + "://";
      }
      int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme);
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    } catch (URISyntaxException e) {
      return url;
    }
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "https" -> 443;
      case "http" -> 80;
      case "git" -> 9418;
      default -> 22;
    };
  }
}
