package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Refers to the source a LayeredKustomization reads from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SourceReference {

  @Default("GitSource")
  @ValidationRule(value = "self == 'GitSource'", message = "kind must be GitSource")
  @JsonPropertyDescription("Kind of the source. Only GitSource exists today. Default GitSource.")
  private String kind;

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the source.")
  private String name;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription("Namespace of the source. Empty: this resource's namespace.")
  private String namespace;

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
