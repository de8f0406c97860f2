package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading resource YAML as kustomize reads it; YamlReadOracleIT compares with kyaml itself. */
class YamlDocumentsTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> first(String yaml) throws RenderException {
    List<Object> documents = YamlDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8), "r.yaml");
    return (Map<String, Object>) documents.get(0);
  }

  @Test
  void numbersFollowGoSyntax() throws Exception {
    var values = first("a: 0755\nb: 0o644\nc: 0x1F\nd: 1_000\ne: 0b101\nf: '0755'\ng: yes\n");

    assertThat(values.get("a")).isEqualTo(493);
    assertThat(values.get("b")).isEqualTo(420);
    assertThat(values.get("c")).isEqualTo(31);
    assertThat(values.get("d")).isEqualTo(1000);
    assertThat(values.get("e")).isEqualTo(5);
    assertThat(values.get("f")).isEqualTo("0755");
    assertThat(values.get("g")).isEqualTo("yes");
  }

  @Test
  void annotationsKeepTheirText() throws Exception {
    var metadata =
        (Map<?, ?>) first("metadata:\n  annotations:\n    a: 0755\n    b: ~\n").get("metadata");

    @SuppressWarnings("unchecked")
    var annotations = (Map<String, Object>) metadata.get("annotations");
    assertThat(annotations).containsEntry("a", "0755").containsEntry("b", "~");
  }

  @Test
  void aTabAfterContentIsWhiteSpaceButNotInIndentationOrAfterADash() throws Exception {
    assertThat(first("metadata:\t\n  name: x\t\nb: \"1\"\t # c\n"))
        .containsEntry("metadata", Map.of("name", "x"))
        .containsEntry("b", "1");
    assertThatThrownBy(() -> first("a:\n\t- x\n")).isInstanceOf(RenderException.class);
    assertThatThrownBy(() -> first("a:\n- \t- x\n"))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith("r.yaml: invalid YAML at line 2");
  }

  @Test
  void foldedScalarsComeBackAsGoYamlRoundTripsThem() throws Exception {
    assertThat(first("d: >-\n  x\n    y\n  z\n")).containsEntry("d", "x\n\n  y\nz");
    assertThat(first("d: >-\n  a\n  b\n")).containsEntry("d", "a b");
  }

  @Test
  void mergeKeysMergeAndBinaryIsTheDecodedText() throws Exception {
    var values = first("x: &b {a: 1, b: 2}\ny:\n  <<: *b\n  b: 3\nz: !!binary aGVsbG8=\n");

    assertThat(values.get("y")).isEqualTo(Map.of("a", 1, "b", 3));
    assertThat(values.get("z")).isEqualTo("hello");
  }

  @Test
  void anEmojiAtAnyOffsetIsRead() throws Exception {
    // snakeyaml-engine 2.10 failed when its 1,024-character window ended inside a surrogate pair.
    for (int pad = 1000; pad < 1100; pad++) {
      String text = "a: \"" + "x".repeat(pad) + "\uD83D\uDE00\"\n";
      assertThat((String) first(text).get("a")).endsWith("\uD83D\uDE00");
    }
  }
}
