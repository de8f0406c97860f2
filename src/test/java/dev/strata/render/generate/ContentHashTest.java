package dev.strata.render.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.ResourceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The name hash against suffixes kustomize v5.8.1 printed for the same content. */
class ContentHashTest {

  @Test
  void emptyConfigMapHashesAsKustomize() throws Exception {
    // kustomize build: configMapGenerator [{name: empty}] -> empty-6ct58987ht
    assertThat(ContentHash.of(configMap("empty", null))).isEqualTo("6ct58987ht");
  }

  @Test
  void nameAndPrefixesDoNotChangeTheHash() throws Exception {
    assertThat(ContentHash.of(configMap("a", Map.of("k", "v"))))
        .isEqualTo(ContentHash.of(configMap("prefix-b-suffix", Map.of("k", "v"))));
  }

  @Test
  void secretHashCoversTypeAndData() throws Exception {
    // secretGenerator [{name: s, literals: [a=hello]}] -> s-b8b25gc4hc
    Resource secret = secret("s", "Opaque", Map.of("a", "aGVsbG8="));
    assertThat(ContentHash.of(secret)).isEqualTo("b8b25gc4hc");
    assertThat(ContentHash.of(secret("s", "kubernetes.io/tls", Map.of("a", "aGVsbG8="))))
        .isNotEqualTo("b8b25gc4hc");
  }

  @Test
  void jsonEscapesAreGos() throws Exception {
    // literals ["k=x\by"] -> a-9f2t22c5tf: Go 1.22+ writes \b, not \u0008
    assertThat(ContentHash.of(configMap("a", Map.of("k", "x\by")))).isEqualTo("9f2t22c5tf");
    // literals ["k=<&>\u2028é😀\u0001\t\f"] -> b-2b66m6kc7f
    assertThat(ContentHash.of(configMap("b", Map.of("k", "<&>\u2028é😀\u0001\t\f"))))
        .isEqualTo("2b66m6kc7f");
  }

  @Test
  void keysAreSortedInUtf8OrderNotUtf16() throws Exception {
    // literals ["Ａ=b", "😀=a"] -> x-5gf7c7m9c4; in UTF-16 order 😀 (a surrogate pair) would
    // come first and give 6k2f69cfdb
    assertThat(ContentHash.of(configMap("x", Map.of("😀", "a", "\uFF21", "b"))))
        .isEqualTo("5gf7c7m9c4");
  }

  @Test
  void suffixReplacesDigitsAndVowelsLikeKustomize() {
    assertThat(ContentHash.suffix("0123456789abcdef")).isEqualTo("gh2k456789");
    assertThat(ContentHash.suffix("abcdeabcdeff")).isEqualTo("mbcdtmbcdt");
  }

  @Test
  void nonStringDataIsRefusedNamingTheResource() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("count", 3);
    assertThatThrownBy(() -> ContentHash.of(configMap("c", data)))
        .isInstanceOf(RenderException.class)
        .hasMessage(
            "kustomization.yaml: ConfigMap/c: cannot compute the name hash: data.count must be a"
                + " string, found 3");
  }

  @Test
  void hashSuffixesRenameOnlyMarkedResourcesAndRememberTheirIds() throws Exception {
    Resource marked = configMap("empty", null);
    marked.setNeedsHashSuffix(true);
    Resource plain = configMap("plain", null);
    Accumulator resources = new Accumulator();
    resources.appendAll(List.of(marked, plain));

    new HashSuffixes().transform(resources);

    assertThat(marked.name()).isEqualTo("empty-6ct58987ht");
    assertThat(marked.previousIds())
        .containsExactly(new ResourceId("", "v1", "ConfigMap", "", "empty"));
    assertThat(plain.name()).isEqualTo("plain");
    assertThat(plain.previousIds()).isEmpty();
  }

  private static Resource configMap(String name, Map<String, Object> data) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
    if (data != null) {
      object.put("data", new LinkedHashMap<>(data));
    }
    return new Resource(object, "kustomization.yaml");
  }

  private static Resource secret(String name, String type, Map<String, Object> data) {
    Resource secret = configMap(name, data);
    secret.object().put("kind", "Secret");
    secret.object().put("type", type);
    return secret;
  }
}
