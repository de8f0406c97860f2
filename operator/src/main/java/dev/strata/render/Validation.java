package dev.strata.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a validator (a builtin transformer listed under validators) as kustomize's runValidators: it
 * runs over the resources, which it must leave as they were. The one change allowed is the label
 * {@code validated-by}, which stays. kustomize compares YAML nodes, Strata compares values.
 */
final class Validation {

  /** kustomize's konfig.ValidatedByLabelKey. */
  static final String VALIDATED_BY = "validated-by";

  private Validation() {}

  /**
   * @param where names the validator's config, for errors
   */
  static void run(Transformer validator, Accumulator resources, String where)
      throws RenderException, IOException {
    List<ResourceId> ids = new ArrayList<>();
    List<Map<String, Object>> before = new ArrayList<>();
    for (Resource resource : resources.resources()) {
      ids.add(resource.currentId());
      before.add(view(resource));
    }
    validator.transform(resources);
    String refused = where + ": validator shouldn't modify the resource map: ";
    if (resources.resources().size() != before.size()) {
      throw new RenderException(
          refused
              + "lists have different number of entries ("
              + before.size()
              + " before, "
              + resources.resources().size()
              + " after)");
    }
    for (int i = 0; i < ids.size(); i++) {
      ResourceId id = ids.get(i);
      List<Resource> matches =
          resources.resources().stream()
              .filter(r -> Accumulator.sameId(r.currentId(), id))
              .toList();
      if (matches.size() != 1) {
        throw new RenderException(
            refused + id + (matches.isEmpty() ? " is gone" : " now matches " + matches.size()));
      }
      Map<String, Object> after = view(matches.get(0));
      removeValidatedBy(after);
      if (!after.equals(before.get(i))) {
        throw new RenderException(refused + id + " changed");
      }
    }
  }

  /** The object with its build state, as kustomize keeps them together. */
  private static Map<String, Object> view(Resource resource) {
    return BuildAnnotations.withAnnotations(resource, BuildAnnotations.of(resource));
  }

  /** As kustomize's removeValidatedByLabel: the label removed, and an emptied labels map too. */
  private static void removeValidatedBy(Map<String, Object> object) {
    if (object.get("metadata") instanceof Map<?, ?> metadata
        && metadata.get("labels") instanceof Map<?, ?> labels
        && labels.containsKey(VALIDATED_BY)) {
      labels.remove(VALIDATED_BY);
      if (labels.isEmpty()) {
        metadata.remove("labels");
      }
    }
  }
}
