package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Records the last drift detected on managed objects and the action taken. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriftStatus {

  @JsonPropertyDescription("Time drift was last detected, in RFC 3339 form.")
  private String lastDetectedAt;

  @JsonPropertyDescription("The drifted objects, as Kind/namespace/name.")
  private List<String> objects = new ArrayList<>();

  @JsonPropertyDescription("What was done: Healed (re-applied) or Reported (left as found).")
  private String action;

  @JsonPropertyDescription("Number of drift detections since the operator started managing this.")
  private Long count;

  public String getLastDetectedAt() {
    return lastDetectedAt;
  }

  public void setLastDetectedAt(String lastDetectedAt) {
    this.lastDetectedAt = lastDetectedAt;
  }

  public List<String> getObjects() {
    return objects;
  }

  public void setObjects(List<String> objects) {
    this.objects = objects;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public Long getCount() {
    return count;
  }

  public void setCount(Long count) {
    this.count = count;
  }
}
