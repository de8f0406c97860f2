package dev.strata.render.builtin;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Transformer;
import dev.strata.render.fields.FieldPath;
import dev.strata.render.fields.FieldSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds labels or annotations to the fields a configuration names (metadata, pod templates,
 * selectors), as kustomize's LabelTransformer and AnnotationsTransformer, which share one filter:
 * each key in sorted order, creating the maps the specs allow.
 */
public final class MetadataMapTransformer implements Transformer {

  private final Map<String, String> entries;
  private final List<FieldSpec> specs;

  public MetadataMapTransformer(Map<String, String> entries, List<FieldSpec> specs) {
    this.entries = new TreeMap<>(entries);
    this.specs = specs;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void transform(Accumulator resources) throws RenderException {
    if (entries.isEmpty()) {
      return;
    }
    for (Resource resource : resources.resources()) {
      for (var entry : entries.entrySet()) {
        for (FieldSpec spec : specs) {
          if (!spec.selects(resource)) {
            continue;
          }
          FieldPath.apply(
              resource.object(),
              spec,
              FieldPath.Create.MAPPING,
              slot -> {
                Object value = slot.get();
                if (value == null) {
                  value = new LinkedHashMap<String, Object>();
                  slot.set(value);
                }
                if (!(value instanceof Map<?, ?> map)) {
                  throw new RenderException(
                      resource.id()
                          + ": field '"
                          + spec.path()
                          + "' is not a mapping, cannot add '"
                          + entry.getKey()
                          + "'");
                }
                ((Map<String, Object>) map).put(entry.getKey(), entry.getValue());
              });
        }
      }
    }
  }
}
