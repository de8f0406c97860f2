package dev.strata.apply;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Describes failed API requests as status, Events and logs show them (status code, reason and the
 * API server's message), and tells which failures may succeed when sent again.
 */
public final class ApiErrors {

  private ApiErrors() {}

  /**
   * One line: {@code "413 RequestEntityTooLarge: Request entity too large: limit is 3145728"} for
   * an answer; {@code "no answer: HttpTimeoutException: request timed out"} when the request got
   * none; the message of any other exception.
   */
  public static String describe(Throwable error) {
    if (error instanceof Retries.GaveUp gaveUp) {
      return describe(gaveUp.getCause()) + " (gave up after " + gaveUp.attempts() + " attempts)";
    }
    if (error instanceof KubernetesClientException k) {
      Status status = k.getStatus();
      if (k.getCode() > 0) {
        String reason = status == null ? null : status.getReason();
        String message = status == null ? null : status.getMessage();
        String name = reason == null || reason.isBlank() ? phrase(k.getCode()) : reason;
        return k.getCode()
            + (name.isEmpty() ? "" : " " + name)
            + ": "
            + (message == null || message.isBlank() ? k.getMessage() : message);
      }
      Throwable cause = rootCause(k);
      if (cause != k) {
        return "no answer: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
    }
    return error.getMessage() == null ? error.toString() : error.getMessage();
  }

  /**
   * {@link #describe} for a failed API request; for any other error (a bug, usually) its type and
   * message.
   */
  public static String describeUnexpected(Throwable error) {
    return error instanceof KubernetesClientException || error instanceof Retries.GaveUp
        ? describe(error)
        : error.toString();
  }

  /** The HTTP status code of the answer, or 0 when there was none. */
  public static int code(Throwable error) {
    if (error instanceof Retries.GaveUp gaveUp) {
      return code(gaveUp.getCause());
    }
    return error instanceof KubernetesClientException k ? Math.max(0, k.getCode()) : 0;
  }

  static boolean isNotFound(RuntimeException error) {
    return code(error) == 404;
  }

  /**
   * Whether sending the request again may succeed: the API server is overloaded (429, 503), timed
   * out (504; a 500 it marks ServerTimeout or with a retry delay), or the connection broke before
   * an answer. A 4xx answer or any other 500, such as a field a built-in kind does not have, says
   * the same thing however often it is asked.
   */
  static boolean isTransient(RuntimeException error) {
    if (!(error instanceof KubernetesClientException k)) {
      return false;
    }
    int code = k.getCode();
    if (code == 429 || code == 503 || code == 504) {
      return true;
    }
    if (code == 500) {
      Status status = k.getStatus();
      return status != null
          && ("ServerTimeout".equals(status.getReason()) || retryAfter(k).isPresent());
    }
    if (code > 0) {
      return false;
    }
    Throwable cause = rootCause(k);
    for (Throwable t = k; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)
          || t instanceof InterruptedException) {
        return false; // cancelled by us, not broken
      }
    }
    return cause instanceof IOException;
  }

  /** The delay the API server asks for before trying again (Status details.retryAfterSeconds). */
  static Optional<Duration> retryAfter(KubernetesClientException error) {
    Status status = error.getStatus();
    if (status == null
        || status.getDetails() == null
        || status.getDetails().getRetryAfterSeconds() == null
        || status.getDetails().getRetryAfterSeconds() <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(status.getDetails().getRetryAfterSeconds()));
  }

  /** The HTTP reason phrase, for answers whose Status names no reason (as most 500s). */
  private static String phrase(int code) {
    return switch (code) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Request Entity Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
