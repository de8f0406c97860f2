package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Refers to an object by name in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalObjectReference {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the object, in the same namespace.")
  private String name;

  public LocalObjectReference() {}

  public LocalObjectReference(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
