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
 * Adds namePrefix or nameSuffix to names, as kustomize's Prefix/SuffixTransformer: every field the
 * configuration names (metadata/name by default), except on CRDs, APIServices and Namespaces,
 * recording the change so name references can follow it.
 */
public final class NameAffixTransformer implements Transformer {

  private final String affix;
  private final boolean prefix;
  private final List<FieldSpec> specs;

  private NameAffixTransformer(String affix, boolean prefix, List<FieldSpec> specs) {
    this.affix = affix;
    this.prefix = prefix;
    this.specs = specs;
  }

  public static NameAffixTransformer prefix(String prefix, List<FieldSpec> specs) {
    return new NameAffixTransformer(prefix, true, specs);
  }

  public static NameAffixTransformer suffix(String suffix, List<FieldSpec> specs) {
    return new NameAffixTransformer(suffix, false, specs);
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    for (Resource resource : resources.resources()) {
      ResourceId original = resource.originalId();
      if (skipped(original)) {
        continue;
      }
      for (FieldSpec spec : specs) {
        if (!spec.selects(original.group(), original.version(), original.kind())) {
          continue;
        }
        // As kustomize: an empty affix (possible in a plugin config) is not recorded.
        if (spec.path().equals("metadata/name") && !affix.isEmpty()) {
          if (prefix) {
            resource.addNamePrefix(affix);
          } else {
            resource.addNameSuffix(affix);
          }
          resource.rememberCurrentId();
        }
        FieldPath.apply(
            resource.object(),
            spec,
            FieldPath.Create.SCALAR,
            slot -> {
              String value = slot.get() == null ? "" : String.valueOf(slot.get());
              slot.set(prefix ? affix + value : value + affix);
            });
      }
    }
  }

  /** Kinds whose names kustomize never prefixes or suffixes. */
  private static boolean skipped(ResourceId id) {
    return id.kind().equals("CustomResourceDefinition")
        || id.kind().equals("Namespace")
        || (id.kind().equals("APIService") && id.group().equals("apiregistration.k8s.io"));
  }
}
