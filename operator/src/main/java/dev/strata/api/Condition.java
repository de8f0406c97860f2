package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * Describes one aspect of a resource's state, shaped like Kubernetes' metav1.Condition so that
 * {@code kubectl wait --for=condition=Ready} and kstatus-aware tools read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  @Required
  @JsonPropertyDescription(
      "Type of the condition: Ready (always present), Reconciling or Stalled (present only while"
          + " True), or Healthy.")
  private String type;

  @Required
  @JsonPropertyDescription("Status of the condition: True, False or Unknown.")
  private String status;

  @JsonPropertyDescription(
      "The metadata.generation of the resource that this condition was computed from.")
  private Long observedGeneration;

  @Required
  @JsonPropertyDescription("Time the condition last changed status, in RFC 3339 form.")
  private String lastTransitionTime;

  @Required
  @JsonPropertyDescription(
      "Machine-readable reason for the condition's last transition, in PascalCase.")
  private String reason;

  @JsonPropertyDescription("Human-readable message: what happened and, on failure, what to do.")
  private String message;

  public Condition() {}

  public Condition(
      String type,
      String status,
      String reason,
      String message,
      Long observedGeneration,
      String lastTransitionTime) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
    this.observedGeneration = observedGeneration;
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
