package dev.strata.render.replace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.render.replace.FieldPath.Create;
import dev.strata.render.replace.FieldPath.Slot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Field paths read, select and create as kyaml's Lookup and PathMatcher do. */
class FieldPathTest {

  private static final String DEPLOYMENT =
      """
      spec:
        containers:
        - name: web
          image: nginx
          args: ["--a", "--b"]
        - name: web-sidecar
          image: busybox
        - name: proxy
        nothing: null
        annotations:
          config: '{"b": 1}'
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a.b.c                      | a,b,c",
        ".a.b                       | a,b",
        "a\\.b.c                    | a.b,c",
        "metadata.annotations.[a.b/c] | metadata,annotations,a.b/c",
        "x.[name=com.foo].image     | x,[name=com.foo],image",
        "x.[abc]                    | x,[abc]",
        "x.[[a.b]]                  | x,a.b",
      })
  void splitsAsSmarterPathSplitter(String path, String parts) {
    assertThat(FieldPath.parse(path).parts()).containsExactly(parts.split(","));
  }

  @Test
  void splitsEmptyParts() {
    assertThat(FieldPath.parse("").parts()).containsExactly("");
    assertThat(FieldPath.parse("a..b").parts()).containsExactly("a", "", "b");
  }

  @Test
  void findReadsLikeLookup() throws Exception {
    Object tree = yaml(DEPLOYMENT);

    assertThat(get(tree, "spec.containers.0.image")).isEqualTo("nginx");
    assertThat(get(tree, "spec.containers.-.name")).isEqualTo("proxy");
    assertThat(get(tree, "spec.containers.[name=web].args.[=--b]")).isEqualTo("--b");
    // Lookup's [name=..] is an exact match, unlike PathMatcher's.
    assertThat(get(tree, "spec.containers.[name=web-sidecar].image")).isEqualTo("busybox");
    assertThat(FieldPath.parse("spec.containers.[name=we].image").find(tree)).isEmpty();
    assertThat(FieldPath.parse(" spec . containers.5").find(tree)).isEmpty();
    assertThat(FieldPath.parse("spec.nothing.deeper").find(tree)).isEmpty();
    assertThat(FieldPath.parse("spec.nothing").find(tree)).get().extracting(Slot::get).isNull();
  }

  @Test
  void findFailsAsLookup() {
    Object tree = yaml(DEPLOYMENT);

    assertThatThrownBy(() -> FieldPath.parse("spec.containers.*.image").find(tree))
        .hasMessage("wildcard is not supported in PathGetter");
    assertThatThrownBy(() -> FieldPath.parse("spec.containers.-1").find(tree))
        .hasMessage("array index -1 cannot be negative");
    assertThatThrownBy(() -> FieldPath.parse("spec.containers.name").find(tree))
        .hasMessage("wrong node kind: expected MappingNode but got SequenceNode");
    assertThatThrownBy(() -> FieldPath.parse("spec.containers.[name]").find(tree))
        .hasMessage("list path element must contain fieldName=fieldValue for element to match");
    // kyaml does not read JSON held in a string when looking up.
    assertThatThrownBy(() -> FieldPath.parse("spec.annotations.config.b").find(tree))
        .hasMessage("wrong node kind: expected MappingNode but got ScalarNode");
  }

  @Test
  void matchTreatsBracketValuesAsUnanchoredRegularExpressions() throws Exception {
    Object tree = yaml(DEPLOYMENT);

    List<Slot> slots = FieldPath.parse("spec.containers.[name=web].image").match(tree, null);

    assertThat(slots).extracting(Slot::get).containsExactly("nginx", "busybox");
    assertThat(FieldPath.parse("spec.containers.[name=^web$].image").match(tree, null))
        .extracting(Slot::get)
        .containsExactly("nginx");
    assertThat(FieldPath.parse("spec.containers.*.name").match(tree, null))
        .extracting(Slot::get)
        .containsExactly("web", "web-sidecar", "proxy");
    // Parts after a primitive element are ignored, as in kyaml.
    assertThat(FieldPath.parse("spec.containers.0.args.[=b].ignored").match(tree, null))
        .extracting(Slot::get)
        .containsExactly("--b");
  }

  @Test
  void matchCreatesMapsListsAndElements() throws Exception {
    Object tree = yaml(DEPLOYMENT);

    List<Slot> created =
        FieldPath.parse("spec.containers.[name=proxy].env.[name=HOST].value")
            .match(tree, Create.SCALAR);
    created.get(0).set("db");
    FieldPath.parse("spec.volumes.0.name").match(tree, Create.SCALAR).get(0).set("data");
    List<Slot> appended =
        FieldPath.parse("spec.containers.0.args.[=--c]").match(tree, Create.SCALAR);

    assertThat(created).singleElement().extracting(Slot::created).isEqualTo(true);
    assertThat(get(tree, "spec.containers.2.env.0"))
        .isEqualTo(Map.of("name", "HOST", "value", "db"));
    assertThat(get(tree, "spec.volumes")).isEqualTo(List.of(Map.of("name", "data")));
    assertThat(appended).singleElement().extracting(Slot::get).isEqualTo("--c");
    assertThat(get(tree, "spec.containers.0.args")).isEqualTo(List.of("--a", "--b", "--c"));
  }

  @Test
  void matchAppendsOnlyAtTheEndOfAList() {
    Object tree = yaml(DEPLOYMENT);

    assertThatThrownBy(() -> FieldPath.parse("spec.containers.5.name").match(tree, Create.SCALAR))
        .hasMessage("index 5 specified but only 3 elements found");
  }

  @Test
  void matchGoesIntoJsonHeldInAStringButOnlyInACopy() throws Exception {
    Object tree = yaml(DEPLOYMENT);

    List<Slot> slots = FieldPath.parse("spec.annotations.config.b").match(tree, null);
    slots.get(0).set(2);

    assertThat(slots).singleElement().extracting(Slot::detached).isEqualTo(true);
    assertThat(get(tree, "spec.annotations.config")).isEqualTo("{\"b\": 1}");
  }

  @Test
  void matchFailsOnWrongKindsAndBadExpressions() {
    Object tree = yaml(DEPLOYMENT);

    assertThatThrownBy(() -> FieldPath.parse("spec.containers.0.image.x").match(tree, null))
        .hasMessage("wrong node kind: expected MappingNode but got ScalarNode");
    assertThatThrownBy(() -> FieldPath.parse("spec.*").match(tree, null))
        .hasMessage("wrong node kind: expected SequenceNode but got MappingNode");
    assertThatThrownBy(() -> FieldPath.parse("spec.containers.[name=(].image").match(tree, null))
        .hasMessageStartingWith("error parsing regexp: ");
  }

  private static Object get(Object tree, String path) throws KyamlException {
    return FieldPath.parse(path).find(tree).orElseThrow().get();
  }

  private static Object yaml(String text) {
    return new Load(LoadSettings.builder().build())
        .loadFromString(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
  }
}
