package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * CEL expressions that decide the health of one kind, as Flux's Kustomization {@code
 * spec.healthCheckExprs} entries have them, so that repositories port unchanged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthCheckExpression {

  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "The kind's API version, e.g. example.com/v1; only its group is matched, as Flux does.")
  private String apiVersion;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("The kind, e.g. Database.")
  private String kind;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "CEL expression true when the object is healthy, e.g."
          + " status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True'). The"
          + " object's top-level fields (apiVersion, kind, metadata, spec, status) are variables,"
          + " and self is the whole object.")
  private String current;

  @JsonPropertyDescription(
      "CEL expression true while the object is still being worked on; evaluated first.")
  private String inProgress;

  @JsonPropertyDescription(
      "CEL expression true when the object has failed; evaluated after inProgress and before"
          + " current. A failure fails the layer at once.")
  private String failed;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getCurrent() {
    return current;
  }

  public void setCurrent(String current) {
    this.current = current;
  }

  public String getInProgress() {
    return inProgress;
  }

  public void setInProgress(String inProgress) {
    this.inProgress = inProgress;
  }

  public String getFailed() {
    return failed;
  }

  public void setFailed(String failed) {
    this.failed = failed;
  }
}
