package dev.strata.source;

/** Explains why a fetch failed, with a reason a program can act on and a message a person can. */
public final class SourceFailure extends Exception {

  /** Why a fetch failed. */
  public enum Reason {
    /** The spec or Secret cannot work as written (bad URL, missing known_hosts, bad range). */
    INVALID_SOURCE("InvalidSource", false),
    /** The remote refused the credentials, or needs some and none were given. */
    AUTHENTICATION_FAILED("AuthenticationFailed", false),
    /** The SSH host key is not in known_hosts. */
    HOST_KEY_UNKNOWN("HostKeyUnknown", false),
    /** known_hosts lists this host with a different key. */
    HOST_KEY_MISMATCH("HostKeyMismatch", false),
    /** The HTTPS server's certificate is not trusted or the TLS handshake failed. */
    TLS_FAILED("TLSHandshakeFailed", false),
    /** The remote has no repository at that path. */
    REPOSITORY_NOT_FOUND("RepositoryNotFound", false),
    /** The remote has no such branch or tag, no tag in the range, or not that commit. */
    REF_NOT_FOUND("RefNotFound", false),
    /** The host name does not resolve, or nothing accepts the connection. */
    UNREACHABLE("Unreachable", true),
    /** No byte arrived for the stall timeout. */
    TRANSFER_STALLED("TransferStalled", true),
    /** The connection dropped mid-transfer. */
    TRANSFER_INTERRUPTED("TransferInterrupted", true),
    /** A file or the fetch is larger than the GitSource's spec.limits allow. */
    LIMIT_EXCEEDED("LimitExceeded", false),
    /** Anything else the remote or the local store reported. */
    FETCH_FAILED("FetchFailed", true);

    private final String conditionReason;
    private final boolean transient_;

    Reason(String conditionReason, boolean transient_) {
      this.conditionReason = conditionReason;
      this.transient_ = transient_;
    }

    /** The PascalCase reason for a Ready=False condition. */
    public String conditionReason() {
      return conditionReason;
    }

    /** Whether trying again soon may succeed without anyone changing anything. */
    public boolean isTransient() {
      return transient_;
    }
  }

  private final Reason reason;

  public SourceFailure(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public SourceFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
