package dev.strata.testing;

import dev.strata.api.Layer;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LayeredKustomizationSpec;
import dev.strata.api.SourceReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small layered repository the reconciler tests share: settings (a ConfigMap), web (a
 * Deployment reading it), extra (a ConfigMap), and the LayeredKustomization that applies them.
 */
public final class LayerScenario {

  private LayerScenario() {}

  /** The repository's files, path to content. */
  public static Map<String, String> threeLayers() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("layers/settings/kustomization.yaml", "resources:\n  - settings.yaml\n");
    files.put(
        "layers/settings/settings.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: info\n");
    files.put("layers/web/kustomization.yaml", "resources:\n  - web.yaml\n");
    files.put("layers/web/web.yaml", deployment("web", 1));
    files.put("layers/extra/kustomization.yaml", "resources:\n  - extra.yaml\n");
    files.put(
        "layers/extra/extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n");
    return files;
  }

  /** An nginx Deployment that reads the settings ConfigMap. */
  public static String deployment(String name, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: %1$s
          template:
            metadata:
              labels:
                app: %1$s
            spec:
              containers:
                - name: main
                  image: nginx:1.27
                  envFrom:
                    - configMapRef:
                        name: settings
        """
        .formatted(name, replicas);
  }

  /** A LayeredKustomization of the three layers, reading the GitSource of the same name. */
  public static LayeredKustomization layeredKustomization(
      String namespace, String name, String timeout) {
    var lk = new LayeredKustomization();
    lk.setSpec(new LayeredKustomizationSpec());
    lk.getMetadata().setName(name);
    lk.getMetadata().setNamespace(namespace);
    var ref = new SourceReference();
    ref.setKind("GitSource");
    ref.setName(name);
    lk.getSpec().setSourceRef(ref);
    lk.getSpec().setInterval("1h");
    lk.getSpec().setTimeout(timeout);
    List<Layer> layers = new ArrayList<>();
    for (String layerName : List.of("settings", "web", "extra")) {
      Layer layer = new Layer();
      layer.setName(layerName);
      layer.setPath("./layers/" + layerName);
      layers.add(layer);
    }
    lk.getSpec().setLayers(layers);
    return lk;
  }
}
