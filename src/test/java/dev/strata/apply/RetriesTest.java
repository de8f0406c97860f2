package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which failures are sent again, how often and how they are described. */
class RetriesTest {

  private static final Retries QUICK = new Retries(4, Duration.ofMillis(1), Duration.ofMillis(5));

  private static KubernetesClientException answer(int code, String reason, String message) {
    Status status =
        new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build();
    return new KubernetesClientException(status);
  }

  private static KubernetesClientException noAnswer(Throwable cause) {
    return new KubernetesClientException(
        "Operation: [patch]  for kind: [ConfigMap]  with name: [c]  in namespace: [a]  failed.",
        cause);
  }

  /** Fails with each of {@code failures} in turn, then answers "ok". */
  private static final class Script {
    final Deque<RuntimeException> failures;
    int calls;

    Script(RuntimeException... failures) {
      this.failures = new ArrayDeque<>(List.of(failures));
    }

    String call() {
      calls++;
      RuntimeException next = failures.poll();
      if (next != null) {
        throw next;
      }
      return "ok";
    }
  }

  @Test
  void overloadTimeoutsAndDroppedConnectionsAreSentAgain() {
    var script =
        new Script(
            answer(429, "TooManyRequests", "too many requests"),
            answer(503, "ServiceUnavailable", "the server is shutting down"),
            noAnswer(new IOException("connection reset")));

    assertThat(QUICK.call(Deadline.none(), script::call)).isEqualTo("ok");
    assertThat(script.calls).isEqualTo(4);
  }

  @Test
  void answersThatCannotChangeAreNotSentAgain() {
    for (RuntimeException failure :
        List.of(
            answer(500, "", "failed to create typed patch object: .spec.x: field not declared"),
            answer(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"),
            answer(422, "Invalid", "Deployment.apps \"web\" is invalid"),
            answer(403, "Forbidden", "secrets \"s\" is forbidden"),
            answer(404, "NotFound", "namespaces \"x\" not found"),
            noAnswer(new InterruptedIOException()))) {
      var script = new Script(failure);

      assertThat(catchThrowable(() -> QUICK.call(Deadline.none(), script::call))).isSameAs(failure);
      assertThat(script.calls).as(failure.toString()).isEqualTo(1);
    }
  }

  @Test
  void aServerTimeoutIsSentAgainButNotAnyOther500() {
    assertThat(ApiErrors.isTransient(answer(500, "ServerTimeout", "the server timed out")))
        .isTrue();
    assertThat(ApiErrors.isTransient(answer(500, "InternalError", "etcd is broken"))).isFalse();
    assertThat(ApiErrors.isTransient(answer(504, "Timeout", "timed out"))).isTrue();
    assertThat(ApiErrors.isTransient(noAnswer(new HttpTimeoutException("request timed out"))))
        .isTrue();
  }

  @Test
  void aFailureThatLastsIsReportedWithTheNumberOfAttempts() {
    var failure = answer(503, "ServiceUnavailable", "overloaded");
    var script = new Script(failure, failure, failure, failure, failure);

    Throwable error = catchThrowable(() -> QUICK.call(Deadline.none(), script::call));

    assertThat(script.calls).isEqualTo(4);
    assertThat(ApiErrors.describe(error))
        .isEqualTo("503 ServiceUnavailable: overloaded (gave up after 4 attempts)");
    assertThat(ApiErrors.code(error)).isEqualTo(503);
  }

  @Test
  void noAttemptStartsPastTheDeadline() {
    var slow = new Retries(10, Duration.ofSeconds(1), Duration.ofSeconds(1));
    var failure = answer(503, "ServiceUnavailable", "overloaded");
    var script = new Script(failure, failure, failure);

    long start = System.nanoTime();
    Throwable error =
        catchThrowable(() -> slow.call(Deadline.after(Duration.ofMillis(1500)), script::call));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(script.calls).isEqualTo(2);
    assertThat(error).isInstanceOf(Retries.GaveUp.class);
  }

  @Test
  void describesAnswersByCodeReasonAndMessageAndOtherFailuresByTheirCause() {
    assertThat(
            ApiErrors.describe(
                answer(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728")))
        .isEqualTo("413 RequestEntityTooLarge: Request entity too large: limit is 3145728");
    assertThat(ApiErrors.describe(answer(500, null, "failed to create typed patch object")))
        .isEqualTo("500 Internal Server Error: failed to create typed patch object");
    assertThat(ApiErrors.describe(noAnswer(new HttpTimeoutException("request timed out"))))
        .isEqualTo("no answer: HttpTimeoutException: request timed out");
    assertThat(ApiErrors.describeUnexpected(new IllegalStateException("bug")))
        .isEqualTo("java.lang.IllegalStateException: bug");
  }
}
