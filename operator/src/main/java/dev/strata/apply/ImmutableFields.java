package dev.strata.apply;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recognises the API server's refusal to change an immutable field: 422 Invalid whose causes say
 * "field is immutable" (a Deployment's selector, a Job's template, an immutable ConfigMap's data),
 * "spec is immutable" (a bound PVC) or "Forbidden: updates to statefulset spec for fields other
 * than ..." (a StatefulSet's volumeClaimTemplates), as Flux's {@code IsImmutableError} does.
 */
final class ImmutableFields {

  private ImmutableFields() {}

  /** The fields the error names as immutable; empty when it is not such an error. */
  static List<String> of(Throwable error) {
    Throwable cause = error instanceof Retries.GaveUp gaveUp ? gaveUp.getCause() : error;
    if (!(cause instanceof KubernetesClientException k) || k.getCode() != 422) {
      return List.of();
    }
    Status status = k.getStatus();
    List<String> fields = new ArrayList<>();
    if (status != null && status.getDetails() != null && status.getDetails().getCauses() != null) {
      for (StatusCause statusCause : status.getDetails().getCauses()) {
        if (isImmutable(statusCause.getMessage())) {
          String field = statusCause.getField();
          fields.add(field == null || field.isBlank() ? "(unnamed field)" : field);
        }
      }
    }
    if (fields.isEmpty() && status != null && isImmutable(status.getMessage())) {
      fields.add("(unnamed field)");
    }
    return fields;
  }

  private static boolean isImmutable(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    // "field is immutable", "spec is immutable", "field is immutable when `immutable` is set"
    return lower.contains("is immutable")
        || lower.contains("updates to statefulset spec for fields other than");
  }
}
