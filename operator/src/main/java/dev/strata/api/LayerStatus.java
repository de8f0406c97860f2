package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Reports one layer's phase, revision, counts and unhealthy objects. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LayerStatus {

  @Required
  @JsonPropertyDescription("Name of the layer, as in spec.layers.")
  private String name;

  @Required
  @JsonPropertyDescription("Pending, Applying, Progressing, Ready or Failed.")
  private LayerPhase phase;

  @JsonPropertyDescription("The source revision this phase refers to.")
  private String revision;

  @JsonPropertyDescription(
      "The revision whose objects the layer last applied: what runs in the cluster, and what drift"
          + " is healed towards, while a newer revision fails to render or validate.")
  private String appliedRevision;

  @JsonPropertyDescription("Number of objects the layer renders to.")
  private Integer objects;

  @JsonPropertyDescription("Number of objects the last apply created or changed.")
  private Integer changed;

  @JsonPropertyDescription("Objects not yet healthy, each with the reason.")
  private List<UnhealthyObject> unhealthy = new ArrayList<>();

  @JsonPropertyDescription("What happened last, or why the layer failed.")
  private String message;

  @JsonPropertyDescription("Time the phase last changed, in RFC 3339 form.")
  private String lastTransitionTime;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public LayerPhase getPhase() {
    return phase;
  }

  public void setPhase(LayerPhase phase) {
    this.phase = phase;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public String getAppliedRevision() {
    return appliedRevision;
  }

  public void setAppliedRevision(String appliedRevision) {
    this.appliedRevision = appliedRevision;
  }

  public Integer getObjects() {
    return objects;
  }

  public void setObjects(Integer objects) {
    this.objects = objects;
  }

  public Integer getChanged() {
    return changed;
  }

  public void setChanged(Integer changed) {
    this.changed = changed;
  }

  public List<UnhealthyObject> getUnhealthy() {
    return unhealthy;
  }

  public void setUnhealthy(List<UnhealthyObject> unhealthy) {
    this.unhealthy = unhealthy;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }
}
