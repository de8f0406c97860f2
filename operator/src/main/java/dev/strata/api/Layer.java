package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Names one kustomize directory of the source and how it is gated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Layer {

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the layer, unique in this resource: a DNS label, e.g. data.")
  private String name;

  @Required
  @Size(min = 1, max = 1024)
  // The API server prints a rule's failing value as its type ("Invalid value: \"string\""), so
  // the message names the value itself.
  @ValidationRule(
      value = "!self.startsWith('/') && !('..' in self.split('/'))",
      message = "path must be relative to the repository root and must not contain '..'",
      messageExpression =
          "\"path '\" + self + \"' must be relative to the repository root and must not contain"
              + " '..'\"")
  @JsonPropertyDescription(
      "Path of the kustomize directory, relative to the repository root, e.g."
          + " infrastructure/databases.")
  private String path;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Layers that must be healthy before this one is applied. Absent: the layer before it (none"
          + " for the first). Empty list: no dependency, so it starts at once.")
  private List<String> dependsOn;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "How long this layer may take to apply and become healthy, as a Go duration. Absent:"
          + " spec.timeout.")
  private String timeout;

  @Default("true")
  @JsonPropertyDescription(
      "Wait until every object of the layer is healthy before its dependents start. Default true.")
  private Boolean wait;

  @Default("false")
  @JsonPropertyDescription(
      "Let this layer render no objects after it had some, which prunes them all. Default false:"
          + " a layer that suddenly renders nothing fails, and nothing of it is applied or pruned.")
  private Boolean allowEmpty;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<String> getDependsOn() {
    return dependsOn;
  }

  public void setDependsOn(List<String> dependsOn) {
    this.dependsOn = dependsOn;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Boolean getWait() {
    return wait;
  }

  public void setWait(Boolean wait) {
    this.wait = wait;
  }

  public Boolean getAllowEmpty() {
    return allowEmpty;
  }

  public void setAllowEmpty(Boolean allowEmpty) {
    this.allowEmpty = allowEmpty;
  }
}
