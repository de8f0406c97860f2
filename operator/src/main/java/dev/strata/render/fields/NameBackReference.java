package dev.strata.render.fields;

import java.util.List;

/**
 * Lists the fields that refer to objects of one kind by name, as kustomize's {@code
 * NameBackReferences}: when such an object's name changes, those fields follow.
 *
 * @param group the referred kind's group (empty: any)
 * @param version the referred kind's version (empty: any)
 * @param kind the referred kind
 * @param referrers the fields, in other objects, holding the name
 */
public record NameBackReference(
    String group, String version, String kind, List<FieldSpec> referrers) {

  /** Whether the referred gvk selects an object with this group, version and kind. */
  public boolean refersTo(String group, String version, String kind) {
    return (this.group.isEmpty() || this.group.equals(group))
        && (this.version.isEmpty() || this.version.equals(version))
        && (this.kind.isEmpty() || this.kind.equals(kind));
  }
}
