package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.runtime.CustomResourceDefinitions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field of the shipped CRDs has a description, so `kubectl explain` documents it. */
class CrdDocumentationTest {

  @Test
  void everyFieldIsDescribed() {
    List<String> undocumented = new ArrayList<>();
    for (var crd : CustomResourceDefinitions.shipped()) {
      for (var version : crd.getSpec().getVersions()) {
        collectUndocumented(
            crd.getSpec().getNames().getKind(),
            version.getSchema().getOpenAPIV3Schema(),
            undocumented);
      }
    }
    assertThat(undocumented).as("fields without a description").isEmpty();
  }

  @Test
  void printerColumnsAreInFluxOrderAndWideOnesComeLast() {
    Map<String, List<String>> columns =
        Map.of(
            "GitSource", List.of("URL", "Ready", "Status", "Revision", "Age"),
            "LayeredKustomization",
                List.of("Source", "Revision", "Layers", "Ready", "Status", "Age"));
    Map<String, List<String>> wide =
        Map.of(
            "GitSource", List.of("Ref", "Fetched", "Bytes", "Suspended"),
            "LayeredKustomization",
                List.of("Attempted Revision", "Suspended", "Target Namespace", "Drift Count"));
    for (var crd : CustomResourceDefinitions.shipped()) {
      String kind = crd.getSpec().getNames().getKind();
      var printed = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
      assertThat(printed.stream().filter(c -> priority(c) == 0).map(c -> c.getName()).toList())
          .isEqualTo(columns.get(kind));
      assertThat(printed.stream().filter(c -> priority(c) == 1).map(c -> c.getName()).toList())
          .isEqualTo(wide.get(kind));
      // kubectl -o wide keeps the declared order: the wide columns follow the default ones.
      assertThat(printed.stream().map(c -> c.getName()).toList())
          .endsWith(wide.get(kind).toArray(String[]::new));
    }
  }

  private static int priority(
      io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition column) {
    return column.getPriority() == null ? 0 : column.getPriority();
  }

  private static void collectUndocumented(String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, property) -> {
                String fieldPath = path + "." + name;
                // ObjectMeta is documented by Kubernetes; the API server forbids more here.
                if (!name.equals("metadata")
                    && (property.getDescription() == null || property.getDescription().isBlank())) {
                  out.add(fieldPath);
                }
                collectUndocumented(fieldPath, property, out);
              });
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectUndocumented(path + "[]", schema.getItems().getSchema(), out);
    }
  }
}
