package dev.strata.render;

import dev.strata.render.yaml.KustomizeYaml;
import java.util.List;

/** Prints built resources the way {@code kustomize build} does: documents joined by "---". */
public final class KustomizeOutput {

  private KustomizeOutput() {}

  public static String print(List<Resource> resources) {
    StringBuilder out = new StringBuilder();
    for (Resource resource : resources) {
      if (!out.isEmpty()) {
        out.append("---\n");
      }
      out.append(KustomizeYaml.write(resource.object()));
    }
    return out.toString();
  }
}
