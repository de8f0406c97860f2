package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Fields of selected objects that are neither applied nor healed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IgnoreFields {

  @Required
  @JsonPropertyDescription(
      "Which objects the rule applies to; unset parts match any object, so {} selects all.")
  private Selector target;

  @Required
  @Size(min = 1, max = 32)
  @JsonPropertyDescription(
      "JSON pointers (RFC 6901) of the fields, e.g. /spec/replicas. They are removed before"
          + " applying, so another controller's value stays, and not compared for drift.")
  private List<@Pattern("^/.+") String> jsonPointers = new ArrayList<>();

  public Selector getTarget() {
    return target;
  }

  public void setTarget(Selector target) {
    this.target = target;
  }

  public List<String> getJsonPointers() {
    return jsonPointers;
  }

  public void setJsonPointers(List<String> jsonPointers) {
    this.jsonPointers = jsonPointers;
  }

  /** Selects objects; every part that is set must match. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Selector {
    @JsonPropertyDescription("API group, e.g. apps; empty string for the core group.")
    private String group;

    @JsonPropertyDescription("API version, e.g. v1.")
    private String version;

    @JsonPropertyDescription("Kind, e.g. Deployment.")
    private String kind;

    @JsonPropertyDescription("Object name, exactly.")
    private String name;

    @JsonPropertyDescription("Namespace the object is applied in, exactly.")
    private String namespace;

    @JsonPropertyDescription(
        "Equality-based label selector: key=value, key!=value, key, !key, comma-separated.")
    private String labelSelector;

    @JsonPropertyDescription("Equality-based selector over the object's annotations.")
    private String annotationSelector;

    public String getGroup() {
      return group;
    }

    public void setGroup(String group) {
      this.group = group;
    }

    public String getVersion() {
      return version;
    }

    public void setVersion(String version) {
      this.version = version;
    }

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

    public String getLabelSelector() {
      return labelSelector;
    }

    public void setLabelSelector(String labelSelector) {
      this.labelSelector = labelSelector;
    }

    public String getAnnotationSelector() {
      return annotationSelector;
    }

    public void setAnnotationSelector(String annotationSelector) {
      this.annotationSelector = annotationSelector;
    }
  }
}
