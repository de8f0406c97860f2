package dev.strata.render.builtin;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.ResourceId;
import dev.strata.render.Transformer;
import dev.strata.render.fields.FieldPath;
import dev.strata.render.fields.FieldSpec;
import java.util.List;

/**
 * Sets the replica count of the named workloads, as kustomize's ReplicaCountTransformer: by
 * original or current name, on the kinds the configuration lists; naming nothing is an error.
 */
public final class ReplicaTransformer implements Transformer {

  private final String name;
  private final long count;
  private final List<FieldSpec> specs;
  private final String file;

  public ReplicaTransformer(String name, long count, List<FieldSpec> specs, String file) {
    this.name = name;
    this.count = count;
    this.specs = specs;
    this.file = file;
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    boolean found = false;
    for (FieldSpec spec : specs) {
      for (Resource resource : resources.resources()) {
        if (!matches(resource, spec)) {
          continue;
        }
        found = true;
        Object value = count <= Integer.MAX_VALUE ? (Object) (int) count : (Object) count;
        FieldPath.apply(resource.object(), spec, FieldPath.Create.SCALAR, slot -> slot.set(value));
      }
    }
    if (!found) {
      throw new RenderException(
          file
              + ": replicas: resource with name "
              + name
              + " does not match a config with the following GVK "
              + specs.stream()
                  .map(s -> "[" + s.group() + "/" + s.version() + ", Kind=" + s.kind() + "]")
                  .toList());
    }
  }

  /** kustomize's GetMatchingResourcesByAnyId: the current id or any previous one. */
  private boolean matches(Resource resource, FieldSpec spec) {
    if (matches(resource.currentId(), spec)) {
      return true;
    }
    for (ResourceId id : resource.previousIds()) {
      if (matches(id, spec)) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(ResourceId id, FieldSpec spec) {
    return id.name().equals(name) && spec.selects(id.group(), id.version(), id.kind());
  }
}
