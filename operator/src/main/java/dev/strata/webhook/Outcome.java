package dev.strata.webhook;

import java.util.Locale;

/** Names how a delivery ended, as the {@code outcome} tag of the deliveries counter. */
enum Outcome {
  /** Signed push (or ping) handled: 200. */
  ACCEPTED(200),
  /** Signed, but an event that triggers nothing: 202. */
  IGNORED(202),
  /** Signed push whose body cannot be read as the host's payload: 400. */
  BAD_REQUEST(400),
  /** Missing or wrong signature or token: 401. */
  UNAUTHORIZED(401),
  /** No receiver of that name: 404. */
  NOT_FOUND(404),
  /** Not a POST: 405. */
  METHOD_NOT_ALLOWED(405),
  /** Body over the limit: 413. */
  TOO_LARGE(413),
  /** Over the receiver's rate limit: 429. */
  RATE_LIMITED(429),
  /** Triggering failed on the API server: 500. */
  ERROR(500),
  /** The receiver's Secret cannot be read: 503. */
  UNAVAILABLE(503);

  private final int status;

  Outcome(int status) {
    this.status = status;
  }

  int status() {
    return status;
  }

  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
