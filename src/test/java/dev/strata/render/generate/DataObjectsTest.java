package dev.strata.render.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.render.Kustomization;
import dev.strata.render.RenderException;
import dev.strata.render.generate.KeyValues.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generated objects, option merging and entry decoding. */
class DataObjectsTest {

  @Test
  void base64BreaksLinesAtSeventyOnlyOnceThereAreTwo() {
    // 51 bytes encode to 68 characters: one line, no newline (kyaml's encodeBase64).
    assertThat(DataObjects.base64(new byte[51])).hasSize(68).doesNotContain("\n");
    // 52 bytes encode to 72: a line of 70 and one of 2, each ending in a newline.
    String wrapped = DataObjects.base64(new byte[52]);
    assertThat(wrapped.split("\n", -1)).extracting(String::length).containsExactly(70, 2, 0);
    assertThat(DataObjects.base64(new byte[0])).isEmpty();
  }

  @Test
  void keysFollowTheApiServersRule() {
    assertThat(DataObjects.keyProblem("app.properties")).isNull();
    assertThat(DataObjects.keyProblem("A-b_c.9")).isNull();
    assertThat(DataObjects.keyProblem("has space")).contains("alphanumeric");
    assertThat(DataObjects.keyProblem("")).contains("alphanumeric");
    assertThat(DataObjects.keyProblem(".")).isEqualTo("must not be '.'");
    assertThat(DataObjects.keyProblem("..a")).isEqualTo("must not start with '..'");
    assertThat(DataObjects.keyProblem("a".repeat(254))).contains("253");
  }

  @Test
  void configMapPutsInvalidUtf8InBinaryDataAndSecretEncodesEverything() throws Exception {
    byte[] binary = {(byte) 0xFF, 0x00, 0x41};
    List<KeyValue> pairs =
        List.of(
            new KeyValue("text", "héllo".getBytes(StandardCharsets.UTF_8), "literal"),
            new KeyValue("blob", binary, "file"));

    var configMap = DataObjects.make(args("ConfigMap", "", GeneratorOptions.NONE), pairs);
    var secret = DataObjects.make(args("Secret", "", GeneratorOptions.NONE), pairs);

    assertThat(configMap.object().get("data")).isEqualTo(Map.of("text", "héllo"));
    assertThat(configMap.object().get("binaryData")).isEqualTo(Map.of("blob", "/wBB"));
    assertThat(secret.object().get("data")).isEqualTo(Map.of("text", "aMOpbGxv", "blob", "/wBB"));
    assertThat(secret.object().get("type")).isEqualTo("Opaque");
    assertThat(configMap.needsHashSuffix()).isTrue();
  }

  @Test
  void optionsSetLabelsAnnotationsImmutableAndHash() throws Exception {
    var options = new GeneratorOptions(Map.of("a", "1"), Map.of("n", "x"), true, true);

    var secret = DataObjects.make(args("Secret", "kubernetes.io/tls", options), List.of());

    assertThat(secret.labels()).isEqualTo(Map.of("a", "1"));
    assertThat(secret.annotations()).isEqualTo(Map.of("n", "x"));
    assertThat(secret.object().get("immutable")).isEqualTo(true);
    assertThat(secret.object().get("type")).isEqualTo("kubernetes.io/tls");
    assertThat(secret.object().get("data")).isEqualTo(Map.of());
    assertThat(secret.needsHashSuffix()).isFalse();
  }

  @Test
  void entryOptionsWinExceptAGlobalTrue() {
    var global = new GeneratorOptions(Map.of("a", "global", "b", "global"), Map.of(), true, true);
    var local = new GeneratorOptions(Map.of("a", "local"), Map.of("n", "local"), false, false);

    var merged = local.withGlobal(global);

    assertThat(merged.labels()).isEqualTo(Map.of("a", "local", "b", "global"));
    assertThat(merged.annotations()).isEqualTo(Map.of("n", "local"));
    assertThat(merged.disableNameSuffixHash()).isTrue();
    assertThat(merged.immutable()).isTrue();
  }

  @Test
  void entryFieldsMatchCaseInsensitivelyAsGoJson() throws Exception {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("NAME", "c");
    entry.put("Literals", List.of("a=b"));
    entry.put("env", "x.env");
    entry.put("envs", List.of("y.env"));

    var read = GeneratorArgs.read(kustomization(Map.of("configMapGenerator", List.of(entry))));

    assertThat(read).hasSize(1);
    assertThat(read.get(0).name()).isEqualTo("c");
    assertThat(read.get(0).literals()).containsExactly("a=b");
    assertThat(read.get(0).envs()).containsExactly("y.env", "x.env");
  }

  @Test
  void typeIsNotAConfigMapField() {
    Map<String, Object> entry = Map.of("name", "c", "type", "Opaque");

    assertThatThrownBy(
            () -> GeneratorArgs.read(kustomization(Map.of("configMapGenerator", List.of(entry)))))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith("k.yaml: configMapGenerator[0]: unknown field 'type'");
  }

  private static Kustomization kustomization(Map<String, Object> fields) {
    return new Kustomization("k.yaml", fields);
  }

  private static GeneratorArgs args(String kind, String type, GeneratorOptions options) {
    return new GeneratorArgs(
        kind,
        kind.equals("Secret") ? "secretGenerator" : "configMapGenerator",
        "k.yaml",
        "c",
        "",
        "",
        List.of(),
        List.of(),
        List.of(),
        type,
        options);
  }
}
