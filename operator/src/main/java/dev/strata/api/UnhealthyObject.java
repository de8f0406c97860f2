package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Names an object that is not healthy yet and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UnhealthyObject {

  @Required
  @JsonPropertyDescription("The object, as Kind/namespace/name (Kind/name when cluster-scoped).")
  private String object;

  @Required
  @JsonPropertyDescription("Why it is not healthy, e.g. '1 of 3 replicas available'.")
  private String reason;

  public String getObject() {
    return object;
  }

  public void setObject(String object) {
    this.object = object;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
