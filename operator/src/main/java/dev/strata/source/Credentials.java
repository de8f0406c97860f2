package dev.strata.source;

/**
 * Holds what authenticates a fetch, with the keys of a GitSource's Secret. Any may be null. Its
 * string form never shows a secret value.
 *
 * @param username HTTPS user name (with {@code password})
 * @param password HTTPS password or token
 * @param bearerToken HTTPS bearer token, sent as an Authorization header
 * @param identity SSH private key in OpenSSH or PEM form
 * @param identityPassphrase passphrase of the SSH private key
 * @param knownHosts SSH known_hosts lines; required for SSH, since host keys are always verified
 * @param caCertificate PEM certificates to trust for HTTPS, in addition to the system's
 */
public record Credentials(
    String username,
    String password,
    String bearerToken,
    String identity,
    String identityPassphrase,
    String knownHosts,
    String caCertificate) {

  /** No credentials: anonymous HTTPS or git://, local files. */
  public static final Credentials NONE = new Credentials(null, null, null, null, null, null, null);

  /**
   * Reads a GitSource Secret's data, whose keys mean different things by scheme: for SSH, identity,
   * password (the key's passphrase) and known_hosts; for HTTPS, username and password, or
   * bearerToken, and ca.crt.
   *
   * @throws SourceFailure when the Secret has none of the keys the URL's scheme uses
   */
  public static Credentials fromSecretData(String url, java.util.Map<String, String> data)
      throws SourceFailure {
    return switch (TransportSetup.schemeOf(url)) {
      case SSH -> {
        if (!data.containsKey("identity") && !data.containsKey("known_hosts")) {
          throw new SourceFailure(
              SourceFailure.Reason.INVALID_SOURCE,
              "the Secret has no identity or known_hosts, the keys an SSH source uses; found: "
                  + String.join(", ", new java.util.TreeSet<>(data.keySet())));
        }
        yield ssh(data.get("identity"), data.get("password"), data.get("known_hosts"));
      }
      case HTTP -> {
        if (!data.containsKey("username")
            && !data.containsKey("password")
            && !data.containsKey("bearerToken")
            && !data.containsKey("ca.crt")) {
          throw new SourceFailure(
              SourceFailure.Reason.INVALID_SOURCE,
              "the Secret has none of username, password, bearerToken or ca.crt, the keys an"
                  + " HTTPS source uses; found: "
                  + String.join(", ", new java.util.TreeSet<>(data.keySet())));
        }
        yield new Credentials(
            data.get("username"),
            data.get("password"),
            data.get("bearerToken"),
            null,
            null,
            null,
            data.get("ca.crt"));
      }
      case GIT, FILE -> NONE;
    };
  }

  /** SSH with a key and the known host keys. */
  public static Credentials ssh(String identity, String passphrase, String knownHosts) {
    return new Credentials(null, null, null, identity, passphrase, knownHosts, null);
  }

  /** HTTPS with a user name and password. */
  public static Credentials basic(String username, String password) {
    return new Credentials(username, password, null, null, null, null, null);
  }

  @Override
  public String toString() {
    return "Credentials["
        + String.join(
            ", ",
            present("username", username),
            present("password", password),
            present("bearerToken", bearerToken),
            present("identity", identity),
            present("identityPassphrase", identityPassphrase),
            present("knownHosts", knownHosts),
            present("caCertificate", caCertificate))
        + "]";
  }

  private static String present(String key, String value) {
    return key + (value == null ? "=absent" : "=<redacted>");
  }
}
