package dev.strata.render.patch;

import dev.strata.render.schema.KubernetesSchema;
import java.util.Map;

/**
 * Applies a strategic merge patch to an object as kustomize does (kyaml's merge2 with the
 * Kubernetes schema): fields merge, null deletes, {@code $patch: delete|replace|merge} act on maps
 * and list elements, lists with a merge strategy in the schema merge by their keys with the patch's
 * elements first, and all other lists (every list of a kind the schema does not know) are replaced.
 */
public final class StrategicMerge {

  private final MergeWalker walker;

  public StrategicMerge(KubernetesSchema schema) {
    this.walker = new MergeWalker(schema);
  }

  /**
   * The merged object, or null when the patch deletes it ({@code $patch: delete} at the top). The
   * arguments are not changed; the schema is found from the target's apiVersion and kind.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch)
      throws PatchException {
    YNode merged = walker.merge(YNode.of(target), YNode.of(patch));
    if (merged == null) {
      return null;
    }
    if (merged.kind != YNode.Kind.MAPPING) {
      throw new PatchException("the merge result is not a map");
    }
    return (Map<String, Object>) merged.toValue();
  }
}
