package dev.strata.source;

import java.time.Duration;
import java.util.Objects;

/**
 * Describes one fetch: from where, what, with which credentials, and how patiently.
 *
 * @param url the remote: https://, http://, ssh://, scp-like user@host:path, git:// or file://
 * @param ref what to fetch
 * @param credentials how to authenticate; {@link Credentials#NONE} for none
 * @param stallTimeout an attempt is aborted only when no byte arrived for this long
 * @param maxFailures consecutive failed attempts (without progress in between) before giving up
 * @param scope the paths left out and the size limits
 */
public record FetchRequest(
    String url,
    RefSelector ref,
    Credentials credentials,
    Duration stallTimeout,
    int maxFailures,
    FetchScope scope) {

  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_FAILURES = 4;

  public FetchRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(ref, "ref");
    credentials = credentials == null ? Credentials.NONE : credentials;
    stallTimeout = stallTimeout == null ? DEFAULT_STALL_TIMEOUT : stallTimeout;
    scope = scope == null ? FetchScope.DEFAULT : scope;
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1");
    }
  }

  /** A request with the default scope: nothing left out, the default size limits. */
  public FetchRequest(
      String url,
      RefSelector ref,
      Credentials credentials,
      Duration stallTimeout,
      int maxFailures) {
    this(url, ref, credentials, stallTimeout, maxFailures, FetchScope.DEFAULT);
  }

  /** A request with the default stall timeout and retries, and no credentials. */
  public static FetchRequest of(String url, RefSelector ref) {
    return new FetchRequest(
        url, ref, Credentials.NONE, DEFAULT_STALL_TIMEOUT, DEFAULT_MAX_FAILURES);
  }

  public FetchRequest withCredentials(Credentials newCredentials) {
    return new FetchRequest(url, ref, newCredentials, stallTimeout, maxFailures, scope);
  }

  public FetchRequest withStallTimeout(Duration newStallTimeout) {
    return new FetchRequest(url, ref, credentials, newStallTimeout, maxFailures, scope);
  }

  public FetchRequest withMaxFailures(int newMaxFailures) {
    return new FetchRequest(url, ref, credentials, stallTimeout, newMaxFailures, scope);
  }

  public FetchRequest withScope(FetchScope newScope) {
    return new FetchRequest(url, ref, credentials, stallTimeout, maxFailures, newScope);
  }
}
