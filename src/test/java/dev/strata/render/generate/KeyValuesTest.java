package dev.strata.render.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.strata.render.RenderException;
import dev.strata.render.generate.KeyValues.KeyValue;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Literal, file-source and env-file parsing as kustomize's kv loader does it. */
class KeyValuesTest {

  @Test
  void envFileSkipsCommentsBlanksAndEmptyKeysAndKeepsValuesVerbatim() throws Exception {
    String content =
        "\uFEFF# comment\n"
            + "\n"
            + "  \t\n"
            + "\u00A0 INDENTED=1\n"
            + "CRLF=windows\r\n"
            + "EQUALS=a=b\n"
            + "QUOTED=\"kept\"\n"
            + "TRAILING=x  \n"
            + "NO_VALUE\n"
            + "=no key\n"
            + "\u001CSEPARATOR=not trimmed by Go\n"
            + "LAST=no newline";

    var pairs = KeyValues.envFile("k.yaml", "a.env", content.getBytes(StandardCharsets.UTF_8));

    assertThat(pairs)
        .extracting(KeyValue::key, p -> new String(p.value(), StandardCharsets.UTF_8))
        .containsExactly(
            tuple("INDENTED", "1"),
            tuple("CRLF", "windows"),
            tuple("EQUALS", "a=b"),
            tuple("QUOTED", "\"kept\""),
            tuple("TRAILING", "x  "),
            tuple("NO_VALUE", ""),
            tuple("\u001CSEPARATOR", "not trimmed by Go"),
            tuple("LAST", "no newline"));
    assertThat(pairs.get(0).source()).isEqualTo("env file 'a.env' line 4");
  }

  @Test
  void byteOrderMarkIsDroppedOnlyFromTheFirstLine() throws Exception {
    var pairs =
        KeyValues.envFile(
            "k.yaml", "a.env", "\uFEFFA=1\n\uFEFFB=2\n".getBytes(StandardCharsets.UTF_8));

    assertThat(pairs).extracting(KeyValue::key).containsExactly("A", "\uFEFFB");
  }

  @Test
  void envLineLongerThanKustomizeReadsIsRefused() {
    byte[] content = ("A=" + "x".repeat(65534) + "\n").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> KeyValues.envFile("k.yaml: configMapGenerator 'c': envs", "a.env", content))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith(
            "k.yaml: configMapGenerator 'c': envs: env file 'a.env' line 1: longer than 65535 bytes");
  }

  @Test
  void carriageReturnCountsTowardsTheLimit() {
    byte[] content = ("A=" + "x".repeat(65533) + "\r\nB=2\n").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> KeyValues.envFile("k.yaml", "a.env", content))
        .hasMessageContaining("line 1: longer than 65535 bytes");
  }

  @Test
  void envLineAtKustomizesLimitIsRead() throws Exception {
    byte[] content = ("A=" + "x".repeat(65533) + "\n").getBytes(StandardCharsets.UTF_8);

    assertThat(KeyValues.envFile("k.yaml", "a.env", content)).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "\"a\"    | a",
        "'a'      | a",
        "\"a'     | \"a'",
        "\"       | \"",
        "\"\"     | ''",
        "'x\"y'   | x\"y",
        "a\"      | a\"",
      })
  void literalValuesLoseOnePairOfMatchingQuotes(String value, String expected) {
    assertThat(KeyValues.removeQuotes(value)).isEqualTo(expected.equals("''") ? "" : expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a/b.txt | b.txt",
        "b.txt   | b.txt",
        "dir/    | dir",
        "/       | /",
        "a//b//  | b",
      })
  void fileKeyDefaultsToGosPathBase(String path, String key) {
    assertThat(KeyValues.baseName(path)).isEqualTo(key);
  }

  @Test
  void emptyPathBaseIsDot() {
    assertThat(KeyValues.baseName("")).isEqualTo(".");
  }

  @Test
  void goWhiteSpaceIsNotJavas() {
    assertThat(KeyValues.trimLeadingGoSpace("\u00A0\u0085\u2000\u3000\u000Bx")).isEqualTo("x");
    assertThat(KeyValues.trimLeadingGoSpace("\u001Fx")).isEqualTo("\u001Fx");
    assertThat(KeyValues.trimLeadingGoSpace("\u200Bx")).isEqualTo("\u200Bx");
  }
}
