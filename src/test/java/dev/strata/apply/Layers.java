package dev.strata.apply;

import dev.strata.render.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Builds a layer's rendered resources from YAML documents, as the renderer would give them. */
final class Layers {

  private Layers() {}

  /** One resource per YAML document, each with {@code origin} as its file. */
  @SuppressWarnings("unchecked")
  static List<Resource> from(String origin, String yaml) {
    List<Resource> resources = new ArrayList<>();
    for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (document != null) {
        resources.add(new Resource(Resource.deepCopy((Map<String, Object>) document), origin));
      }
    }
    return resources;
  }

  /** The resources of several files, in order. */
  @SafeVarargs
  static List<Resource> concat(List<Resource>... files) {
    List<Resource> all = new ArrayList<>();
    for (List<Resource> file : files) {
      all.addAll(file);
    }
    return all;
  }
}
