package dev.strata.render.replace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * YAML read with {@link StyledYaml} and written with {@link KyamlWriter} comes out as kyaml's
 * String() writes go-yaml v3 nodes (the expected texts are what Go printed for the same input).
 */
class KyamlWriterTest {

  @Test
  void keepsStylesAndWritesCompactSequences() throws Exception {
    assertThat(
            roundTrip(
                """
                a: 1
                list:
                  - x
                  - {k: v, n: [1, 2]}
                  -   - nested
                nested:
                  map:
                    key: 'single'
                """))
        .isEqualTo(
            "a: 1\nlist:\n- x\n- {k: v, n: [1, 2]}\n- - nested\nnested:\n  map:\n    key: 'single'");
  }

  @Test
  void writesBlockScalarsQuotesAndEscapesAsGoYaml() throws Exception {
    assertThat(
            roundTrip(
                """
                text: |
                  line one
                    indented
                fold: >
                  a
                  b

                  c
                keep: |+
                  kept

                quoted: "tab\\there"
                emoji: "\uD83D\uDE00"
                bom: "\\ufeffx"
                empty: ""
                nothing:
                flow: [a, {b: c}, []]
                """))
        .isEqualTo(
            "text: |\n  line one\n    indented\nfold: >\n  a b\n\n  c\n\nkeep: |+\n  kept\n\n"
                + "quoted: \"tab\\there\"\nemoji: \"\\U0001F600\"\nbom: \"\\uFEFF\\x78\"\n"
                + "empty: \"\"\nnothing:\nflow: [a, {b: c}, []]");
  }

  @Test
  void writesComplexKeysAndNoLineWidth() throws Exception {
    String longValue = "a".repeat(92) + " bbbbbbbbbbbbb";
    assertThat(
            roundTrip("\"key with: colon\": 1\n? |\n  block key\n: v\nlong: " + longValue + "\n"))
        .isEqualTo("\"key with: colon\": 1\n? |\n  block key\n: v\nlong: " + longValue);
  }

  @Test
  void aNewTextKeepsTheTagAndQuotesOrTagsWhatNoLongerFits() throws Exception {
    var parsed = StyledYaml.parse("port: 80\nname: web\nhost: 'h'\n");
    @SuppressWarnings("unchecked")
    var map = (java.util.Map<Object, Object>) parsed.root();
    for (var entry : map.entrySet()) {
      entry.setValue(
          ((StyledScalar) entry.getValue())
              .withValue(entry.getKey().toString().equals("port") ? "http" : "8080"));
    }

    assertThat(KyamlWriter.write(parsed.root()))
        .isEqualTo("port: !!int http\nname: \"8080\"\nhost: '8080'");
  }

  @Test
  void readsTheEscapesGoYamlWrites() throws Exception {
    // snakeyaml-engine does not know \L and \P; go-yaml writes them for U+2028 and U+2029.
    assertThat(roundTrip("a: \"x\\Ly\\Pz\"\n")).isEqualTo("a: \"x\\Ly\\Pz\"");
  }

  @Test
  void readsACharacterOutsideTheBmpAcrossTheParsersBufferEnd() throws Exception {
    for (int pad = 1010; pad < 1030; pad++) {
      String value = "x".repeat(pad) + "\uD83D\uDE00";
      assertThat(roundTrip("a: \"" + value + "\"\n"))
          .isEqualTo("a: \"" + "x".repeat(pad) + "\\U0001F600\"");
    }
  }

  @Test
  void saysWhatItCannotWriteBack() throws Exception {
    assertThat(StyledYaml.parse("a: 1 # note\n").unsupported()).isEqualTo("it has comments");
    assertThat(StyledYaml.parse("a: &x 1\nb: *x\n").unsupported()).isEqualTo("it has anchors");
    assertThat(StyledYaml.parse("a: !custom 1\n").unsupported())
        .isEqualTo("it has tags outside the YAML namespace");
    assertThat(StyledYaml.parse("a: !!str 1\n").unsupported()).isNull();
    assertThat(roundTrip("a: !!str 1\n")).isEqualTo("a: !!str 1");
  }

  private static String roundTrip(String yaml) throws Exception {
    return KyamlWriter.write(StyledYaml.parse(yaml).root());
  }
}
