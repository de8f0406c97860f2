package dev.strata.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FileUtils;

/**
 * Prepares JGit transports for one fetch: the stall timeout as JGit's per-read idle timeout, and
 * the credentials for the URL's scheme. SSH uses only the Secret's key and known_hosts, never the
 * user's ~/.ssh.
 */
final class TransportSetup implements TransportConfigCallback, AutoCloseable {

  /** git:// goes through the stall guard on loopback, which answers at once. */
  private static final int LOOPBACK_CONNECT_MILLIS = 10_000;

  /** The kinds of remote, by how they authenticate. */
  enum Scheme {
    SSH,
    HTTP,
    GIT,
    FILE
  }

  private final Scheme scheme;
  private final int timeoutSeconds;
  private final CredentialsProvider credentialsProvider;
  private final Map<String, String> httpHeaders;
  private final HttpTrust.Scope httpTrust;
  private final KnownHostsVerifier knownHosts;
  private final SshdSessionFactory sshSessionFactory;
  private final Path sshDirectory;
  private StallGuardRelay stallGuard;
  private String basicAuthorization;

  private TransportSetup(
      Scheme scheme,
      int timeoutSeconds,
      CredentialsProvider credentialsProvider,
      Map<String, String> httpHeaders,
      HttpTrust.Scope httpTrust,
      KnownHostsVerifier knownHosts,
      SshdSessionFactory sshSessionFactory,
      Path sshDirectory) {
    this.scheme = scheme;
    this.timeoutSeconds = timeoutSeconds;
    this.credentialsProvider = credentialsProvider;
    this.httpHeaders = httpHeaders;
    this.httpTrust = httpTrust;
    this.knownHosts = knownHosts;
    this.sshSessionFactory = sshSessionFactory;
    this.sshDirectory = sshDirectory;
  }

  /** Checks the credentials fit the URL and builds what the transport needs. */
  static TransportSetup forRequest(FetchRequest request) throws SourceFailure {
    Scheme scheme = schemeOf(request.url());
    Credentials credentials = request.credentials();
    int timeout = (int) Math.max(1, (request.stallTimeout().toMillis() + 999) / 1000);
    return switch (scheme) {
      case SSH -> ssh(credentials, timeout);
      case HTTP -> http(credentials, timeout);
      case GIT -> withStallGuard(request);
      case FILE -> new TransportSetup(scheme, timeout, null, Map.of(), null, null, null, null);
    };
  }

  private static TransportSetup withStallGuard(FetchRequest request) {
    var setup = new TransportSetup(Scheme.GIT, 0, null, Map.of(), null, null, null, null);
    try {
      setup.stallGuard = StallGuardRelay.forUrl(request.url(), request.stallTimeout());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return setup;
  }

  /** The URL to hand JGit: git:// goes through the stall guard, the rest as given. */
  String url(String url) {
    return stallGuard == null ? url : stallGuard.relayedUrl(url);
  }

  /**
   * Opens a channel to the remote's upload-pack for an {@link UploadPackSession}, or returns null
   * where JGit makes the requests: file://, and HTTP servers that are not smart.
   */
  UploadPackChannel openUploadPack(String url) throws IOException {
    return switch (scheme) {
      case GIT -> StreamChannel.git(url(url), LOOPBACK_CONNECT_MILLIS);
      case SSH -> StreamChannel.ssh(sshSessionFactory, url, timeoutSeconds);
      case HTTP -> {
        Map<String, String> headers = new HashMap<>(httpHeaders);
        if (basicAuthorization != null) {
          headers.put("Authorization", basicAuthorization); // sent at once, not after a 401
        }
        yield HttpChannel.open(url, headers, httpTrust, timeoutSeconds * 1000);
      }
      case FILE -> null;
    };
  }

  /** A message about the URL given to JGit, told about the URL the user gave. */
  String unrelayed(String message) {
    return stallGuard == null || message == null ? message : stallGuard.unrelayed(message);
  }

  /** Why the stall guard could not reach the server since the last call, or null. */
  IOException takeConnectFailure() {
    return stallGuard == null ? null : stallGuard.takeConnectFailure();
  }

  /** Whether the stall guard dropped a connection for stalling since the last call. */
  boolean takeStall() {
    return stallGuard != null && stallGuard.takeStall();
  }

  static Scheme schemeOf(String url) throws SourceFailure {
    try {
      URIish uri = new URIish(url);
      String scheme = uri.getScheme();
      if (scheme == null) {
        return uri.getHost() != null ? Scheme.SSH : Scheme.FILE;
      }
      return switch (scheme) {
        case "ssh" -> Scheme.SSH;
        case "https", "http" -> Scheme.HTTP;
        case "git" -> Scheme.GIT;
        case "file" -> Scheme.FILE;
        default ->
            throw new SourceFailure(
                SourceFailure.Reason.INVALID_SOURCE,
                "unsupported URL scheme '"
                    + scheme
                    + "' in "
                    + url
                    + "; use https://, ssh://, user@host:path, git:// or file://");
      };
    } catch (URISyntaxException e) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE, "'" + url + "' is not a Git URL: " + e.getMessage());
    }
  }

  private static TransportSetup ssh(Credentials credentials, int timeout) throws SourceFailure {
    if (credentials.knownHosts() == null || credentials.knownHosts().isBlank()) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "SSH needs known_hosts in the Secret (host keys are always verified); add the output of"
              + " `ssh-keyscan HOST`");
    }
    KnownHostsVerifier verifier = KnownHostsVerifier.parse(credentials.knownHosts());
    List<KeyPair> identities = parseIdentity(credentials);
    try {
      Path sshDirectory = Files.createTempDirectory("strata-ssh-");
      SshdSessionFactory factory =
          new SshdSessionFactoryBuilder()
              .setHomeDirectory(sshDirectory.toFile())
              .setSshDirectory(sshDirectory.toFile())
              // No ~/.ssh/config, default keys, known_hosts or agent: only the Secret counts.
              .setConfigStoreFactory((home, config, user) -> null)
              .setDefaultIdentities(dir -> List.of())
              .setDefaultKeysProvider(dir -> identities)
              .setServerKeyDatabase((home, dir) -> verifier)
              .setPreferredAuthentications("publickey")
              .setConnectorFactory(null)
              .build(null);
      return new TransportSetup(
          Scheme.SSH, timeout, null, Map.of(), null, verifier, factory, sshDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<KeyPair> parseIdentity(Credentials credentials) throws SourceFailure {
    if (credentials.identity() == null || credentials.identity().isBlank()) {
      return List.of();
    }
    try {
      var keys =
          SecurityUtils.loadKeyPairIdentities(
              null,
              NamedResource.ofName("identity"),
              new ByteArrayInputStream(credentials.identity().getBytes(StandardCharsets.UTF_8)),
              FilePasswordProvider.of(credentials.identityPassphrase()));
      List<KeyPair> result = new ArrayList<>();
      if (keys != null) {
        keys.forEach(result::add);
      }
      if (result.isEmpty()) {
        throw new SourceFailure(
            SourceFailure.Reason.INVALID_SOURCE,
            "the Secret's identity holds no private key (expected OpenSSH or PEM form)");
      }
      return result;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      String hint =
          credentials.identityPassphrase() == null
              ? " (if the key is encrypted, put its passphrase in the Secret's password)"
              : " (check the passphrase in the Secret's password)";
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "the Secret's identity cannot be read: " + e.getMessage() + hint,
          e);
    }
  }

  private static TransportSetup http(Credentials credentials, int timeout) throws SourceFailure {
    CredentialsProvider provider = null;
    if (credentials.username() != null || credentials.password() != null) {
      if (credentials.username() == null || credentials.password() == null) {
        throw new SourceFailure(
            SourceFailure.Reason.INVALID_SOURCE,
            "HTTPS basic authentication needs both username and password in the Secret");
      }
      provider =
          new UsernamePasswordCredentialsProvider(credentials.username(), credentials.password());
    }
    Map<String, String> headers =
        credentials.bearerToken() == null
            ? Map.of()
            : Map.of("Authorization", "Bearer " + credentials.bearerToken());
    HttpTrust.Scope trust =
        credentials.caCertificate() == null ? null : HttpTrust.scope(credentials.caCertificate());
    var setup =
        new TransportSetup(Scheme.HTTP, timeout, provider, headers, trust, null, null, null);
    if (provider != null) {
      setup.basicAuthorization = HttpChannel.basic(credentials.username(), credentials.password());
    }
    return setup;
  }

  @Override
  public void configure(Transport transport) {
    if (timeoutSeconds > 0) {
      transport.setTimeout(timeoutSeconds);
    }
    if (credentialsProvider != null) {
      transport.setCredentialsProvider(credentialsProvider);
    }
    if (transport instanceof SshTransport sshTransport && sshSessionFactory != null) {
      sshTransport.setSshSessionFactory(sshSessionFactory);
    }
    if (transport instanceof TransportHttp httpTransport && !httpHeaders.isEmpty()) {
      httpTransport.setAdditionalHeaders(httpHeaders);
    }
  }

  /** Runs an action with this fetch's extra HTTPS trust in effect on the calling thread. */
  <T> T withTrust(HttpTrust.Action<T> action) throws Exception {
    return httpTrust == null ? action.run() : httpTrust.run(action);
  }

  Scheme scheme() {
    return scheme;
  }

  /** The host-key check's explanation when it refused the server, else null. */
  SourceFailure hostKeyFailure() {
    return knownHosts == null ? null : knownHosts.failure();
  }

  @Override
  public void close() {
    if (stallGuard != null) {
      stallGuard.close();
    }
    if (sshSessionFactory != null) {
      sshSessionFactory.close();
    }
    if (sshDirectory != null) {
      try {
        FileUtils.delete(sshDirectory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
      } catch (IOException e) {
        // A leftover empty temp directory is harmless.
      }
    }
  }
}
