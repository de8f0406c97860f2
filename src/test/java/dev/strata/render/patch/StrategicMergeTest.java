package dev.strata.render.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.render.schema.KubernetesSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Strategic merge on its own; the fixtures under src/test/resources/render/patches-strategic-merge
 * check the same against the kustomize CLI.
 */
class StrategicMergeTest {

  private final StrategicMerge merge = new StrategicMerge(KubernetesSchema.builtin());

  @Test
  void containersMergeByNameWithThePatchedOnesFirst() throws Exception {
    var merged =
        merge.apply(
            yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: a, image: a:1}
                      - {name: b, image: b:1, env: [{name: X, value: x}]}
                """),
            yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  template:
                    spec:
                      containers:
                      - {name: b, env: [{name: Y, value: y}]}
                      - {name: c, image: c:1}
                """));

    assertThat(at(merged, "spec", "template", "spec", "containers"))
        .isEqualTo(
            yamlList(
                """
                - {name: b, image: b:1, env: [{name: Y, value: y}, {name: X, value: x}]}
                - {name: c, image: c:1}
                - {name: a, image: a:1}
                """));
  }

  @Test
  void nullDeletesAFieldAndPatchDeleteAListElement() throws Exception {
    var merged =
        merge.apply(
            yaml(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, labels: {a: b, c: d}}
                spec:
                  volumes: [{name: one, emptyDir: {}}, {name: two, emptyDir: {}}]
                """),
            yaml(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, labels: {a: null}}
                spec:
                  volumes: [{name: one, $patch: delete}]
                """));

    assertThat(at(merged, "metadata", "labels")).isEqualTo(Map.of("c", "d"));
    assertThat(at(merged, "spec", "volumes")).isEqualTo(yamlList("- {name: two, emptyDir: {}}"));
  }

  @Test
  void patchReplaceTakesThePatchsMapWhole() throws Exception {
    var merged =
        merge.apply(
            yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}}
                """),
            yaml(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec: {strategy: {$patch: replace, type: Recreate}}
                """));

    assertThat(at(merged, "spec", "strategy")).isEqualTo(Map.of("type", "Recreate"));
  }

  @Test
  void listsWithoutAMergeStrategyAreReplaced() throws Exception {
    var merged =
        merge.apply(
            yaml(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec: {tolerations: [{key: a}, {key: b}]}
                """),
            yaml(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec: {tolerations: [{key: c}]}
                """));

    assertThat(at(merged, "spec", "tolerations")).isEqualTo(yamlList("- {key: c}"));
  }

  @Test
  void unknownKindsReplaceListsButEmbeddedKnownKindsMergeThem() throws Exception {
    var merged =
        merge.apply(
            yaml(
                """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec:
                  items: [{name: a}, {name: b}]
                  template:
                    apiVersion: v1
                    kind: Pod
                    spec: {containers: [{name: a, image: a}]}
                """),
            yaml(
                """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec:
                  items: [{name: b, v: 2}]
                  template:
                    apiVersion: v1
                    kind: Pod
                    spec: {containers: [{name: b, image: b}]}
                """));

    assertThat(at(merged, "spec", "items")).isEqualTo(yamlList("- {name: b, v: 2}"));
    assertThat(at(merged, "spec", "template", "spec", "containers"))
        .isEqualTo(yamlList("- {name: b, image: b}\n- {name: a, image: a}"));
  }

  @Test
  void listsOfScalarsWithAMergeStrategyAreSetsWithThePatchsValuesFirst() throws Exception {
    var merged =
        merge.apply(
            yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, finalizers: [a, b]}}"),
            yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, finalizers: [c, a]}}"));

    assertThat(at(merged, "metadata", "finalizers")).isEqualTo(List.of("c", "a", "b"));
  }

  @Test
  void aPortMatchedWithoutItsProtocolKeepsTheTargetsFieldsAsKyamlDoes() throws Exception {
    // kyaml merges [containerPort, protocol] keys loosely, then sets the target's element back.
    var merged =
        merge.apply(
            yaml(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec: {containers: [{name: a, ports: [{containerPort: 80}]}]}
                """),
            yaml(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec: {containers: [{name: a, ports: [{containerPort: 80, protocol: TCP, name: h}]}]}
                """));

    assertThat(at(merged, "spec", "containers"))
        .isEqualTo(yamlList("- {name: a, ports: [{containerPort: 80}]}"));
  }

  @Test
  void patchDeleteAtTheTopDeletesTheObject() throws Exception {
    assertThat(
            merge.apply(
                yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}"),
                yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, $patch: delete}")))
        .isNull();
  }

  @Test
  void theArgumentsAreNotChanged() throws Exception {
    var target = yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}");
    var patch =
        yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {$patch: replace}}");

    var merged = merge.apply(target, patch);

    assertThat(merged.get("data")).isEqualTo(Map.of());
    assertThat(target.get("data")).isEqualTo(Map.of("a", "b"));
    assertThat(patch.get("data")).isEqualTo(Map.of("$patch", "replace"));
  }

  @Test
  void aMapWhereTheTargetHasAListIsAnErrorNamingTheField() {
    assertThatThrownBy(
            () ->
                merge.apply(
                    yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}"),
                    yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: [1]}")))
        .isInstanceOf(PatchException.class)
        .hasMessage("wrong node kind at 'data': expected a map but got a list");
  }

  @Test
  void anUnknownDirectiveIsAnError() {
    assertThatThrownBy(
            () ->
                merge.apply(
                    yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: b}}"),
                    yaml(
                        "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {$patch: x}}")))
        .hasMessage("unknown patch strategy 'x'");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(String text) {
    return (Map<String, Object>) load(text);
  }

  static List<?> yamlList(String text) {
    return (List<?>) load(text);
  }

  private static Object load(String text) {
    return new Load(LoadSettings.builder().setSchema(new CoreSchema()).build())
        .loadFromString(text);
  }

  static Object at(Map<String, Object> object, String... path) {
    Object current = object;
    for (String key : path) {
      current = ((Map<?, ?>) current).get(key);
    }
    return current;
  }
}
