package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Reports what a GitSource last fetched and whether it is ready. */
@JsonClassDescription(
    "The observed state: the last fetched revision and the Ready, Reconciling and Stalled conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitSourceStatus {

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions: Ready is always present; Reconciling while a fetch runs (its message shows"
          + " progress); Stalled while the spec cannot work until it is edited.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "The last revision fetched successfully. Kept when a later fetch fails, so consumers go"
          + " on with it.")
  private Artifact artifact;

  @JsonPropertyDescription(
      "The value of the reconcile.strata.dev/requestedAt annotation last acted upon.")
  private String lastHandledReconcileAt;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Artifact getArtifact() {
    return artifact;
  }

  public void setArtifact(Artifact artifact) {
    this.artifact = artifact;
  }

  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }
}
