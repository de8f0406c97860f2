package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the patch fixtures build to, checked without the kustomize CLI (KustomizeConformanceIT
 * compares the same fixtures with it byte for byte).
 */
class PatchFieldsTest {

  private final KustomizeBuilder builder;

  PatchFieldsTest() throws IOException {
    builder = new KustomizeBuilder(new DiskTree(KustomizeBuilderTest.FIXTURES));
  }

  @Test
  void patchesStrategicMergeMergesDeletesAndKeepsPatchedElementsFirst() throws Exception {
    var resources = builder.build("patches-strategic-merge/overlay", Ordering.FIFO);

    assertThat(resources)
        .extracting(Resource::id)
        .containsExactly(
            "Deployment/web", "Service/web", "ConfigMap/settings", "ConfigMap/team/scoped");
    var web = resources.get(0);
    assertThat(at(web, "spec", "replicas")).isEqualTo(3);
    assertThat(names(at(web, "spec", "template", "spec", "containers")))
        .containsExactly("exporter", "web", "sidecar");
    assertThat(names(at(web, "spec", "template", "spec", "volumes"))).containsExactly("config");
    assertThat(at(resources.get(2), "data")).isEqualTo(Map.of("size", "3", "shape", "round"));
  }

  @Test
  void allowedNameAndKindChangesKeepTheResourcesOriginalId() throws Exception {
    var resource = builder.build("patches/rename", Ordering.FIFO).get(0);

    assertThat(resource.id()).isEqualTo("Secret/new-name");
    assertThat(resource.originalId().toString()).isEqualTo("ConfigMap/old");
    assertThat(resource.object().get("stringData")).isEqualTo(Map.of("a", "b"));
  }

  @Test
  void jsonPatchesSeeBuildAnnotationsWhichNeverReachTheOutput() throws Exception {
    var resource = builder.build("patches-json6902/build-annotations", Ordering.FIFO).get(0);

    assertThat(resource.id()).isEqualTo("ConfigMap/renamed");
    assertThat(resource.annotations()).isEqualTo(Map.of("seen", "build-annotations"));
  }

  @Test
  void aNumberReplacingAQuotedStringStaysAString() throws Exception {
    var resource = builder.build("patches-strategic-merge/quoted-values", Ordering.FIFO).get(0);

    assertThat(resource.object().get("data"))
        .isEqualTo(Map.of("enabled", "true", "port", "8080", "plain", 5, "block", "false"));
  }

  private static Object at(Resource resource, String... path) {
    Object current = resource.object();
    for (String key : path) {
      current = ((Map<?, ?>) current).get(key);
    }
    return current;
  }

  private static List<Object> names(Object list) {
    return ((List<?>) list).stream().map(item -> (Object) ((Map<?, ?>) item).get("name")).toList();
  }
}
