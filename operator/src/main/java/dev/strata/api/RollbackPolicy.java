package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Says whether a failed revision is rolled back to the last revision at which all was Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackPolicy {

  @Default("true")
  @JsonPropertyDescription(
      "When a revision fails in a layer (validation, apply, health or timeout), apply the last"
          + " revision at which every layer was Ready again, with prune, and hold there until a"
          + " new revision arrives or a reconcile is requested. Default true.")
  private Boolean enabled;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }
}
