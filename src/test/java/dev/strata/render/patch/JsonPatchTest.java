package dev.strata.render.patch;

import static dev.strata.render.patch.StrategicMergeTest.at;
import static dev.strata.render.patch.StrategicMergeTest.yaml;
import static dev.strata.render.patch.StrategicMergeTest.yamlList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** evanphx json-patch v4's rules, which kustomize's output follows. */
class JsonPatchTest {

  private static final Map<String, Object> CONFIG_MAP =
      yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}, list: [x, y, z]}");

  @Test
  void replaceOfAnAbsentObjectKeyAddsIt() throws Exception {
    var patched = apply("- {op: replace, path: /data/new, value: v}");

    assertThat(at(patched, "data")).isEqualTo(Map.of("a", "b", "new", "v"));
  }

  @Test
  void negativeIndicesCountFromTheEnd() throws Exception {
    var patched =
        apply(
            """
            - {op: replace, path: /list/-1, value: last}
            - {op: add, path: /list/-1, value: before-end}
            - {op: remove, path: /list/-4}
            """);

    assertThat(patched.get("list")).isEqualTo(List.of("y", "last", "before-end"));
  }

  @Test
  void aPathWithoutALeadingSlashLosesItsFirstSegment() throws Exception {
    var patched = apply("- {op: add, path: data/top, value: 1}");

    assertThat(patched.get("top")).isEqualTo(1);
    assertThat(at(patched, "data")).isEqualTo(Map.of("a", "b"));
  }

  @Test
  void anAbsentValueAddsNull() throws Exception {
    var patched = apply("- {op: add, path: /data/none}");

    var data = (Map<?, ?>) at(patched, "data");
    assertThat(data.containsKey("none")).isTrue();
    assertThat(data.get("none")).isNull();
  }

  @Test
  void moveAndCopyTakeFromThePath() throws Exception {
    var patched =
        apply(
            """
            - {op: copy, from: /data, path: /copied}
            - {op: move, from: /list/0, path: /data/first}
            """);

    assertThat(patched.get("copied")).isEqualTo(Map.of("a", "b"));
    assertThat(at(patched, "data")).isEqualTo(Map.of("a", "b", "first", "x"));
    assertThat(patched.get("list")).isEqualTo(List.of("y", "z"));
  }

  @Test
  void numbersComeBackAsKustomizesFloat64RoundTripMakesThem() throws Exception {
    var patched = apply("- {op: add, path: /n, value: [3, 1234567, 2.5, 1.0]}");

    assertThat(patched.get("n")).isEqualTo(List.of(3, 1234567.0, 2.5, 1));
  }

  @Test
  void testComparesNumbersByTheirJsonText() throws Exception {
    var patch =
        JsonPatch.of(
            List.of(
                Map.of("op", "add", "path", "/n", "value", new BigDecimal("1.0")),
                Map.of("op", "test", "path", "/n", "value", 1)));

    assertThatThrownBy(() -> patch.apply(CONFIG_MAP))
        .isInstanceOf(PatchException.class)
        .hasMessage("testing value /n failed: test failed");
  }

  @Test
  void removingAnAbsentKeyIsAnError() {
    assertThatThrownBy(() -> apply("- {op: remove, path: /data/none}"))
        .hasMessage(
            "error in remove for path: '/data/none': Unable to remove nonexistent key: none:"
                + " missing value");
  }

  @Test
  void addingBelowAMissingPathIsAnError() {
    assertThatThrownBy(() -> apply("- {op: add, path: /metadata/annotations/a, value: b}"))
        .hasMessage(
            "add operation does not apply: doc is missing path: \"/metadata/annotations/a\":"
                + " missing value");
  }

  @Test
  void anIndexPastTheEndIsAnError() {
    assertThatThrownBy(() -> apply("- {op: add, path: /list/5, value: v}"))
        .hasMessage(
            "error in add for path: '/list/5': Unable to access invalid index: 5: invalid index"
                + " referenced");
  }

  @Test
  void anUnknownOperationIsAnError() {
    assertThatThrownBy(() -> apply("- {op: merge, path: /data}"))
        .hasMessage("Unexpected kind: merge");
  }

  @Test
  void aPatchMustBeAListOfMaps() {
    assertThatThrownBy(() -> JsonPatch.of(Map.of("op", "add")))
        .hasMessage("a JSON patch must be a list of operations, found a map");
  }

  private static Map<String, Object> apply(String operations) throws PatchException {
    return JsonPatch.of(yamlList(operations)).apply(CONFIG_MAP);
  }
}
