package dev.strata.render.replace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.render.yaml.GoYamlV3;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scalars take types as go-yaml v3 gives them, then as encoding/json writes them. */
class YamlScalarsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // text                        | Java type | value
        "5                             | Integer   | 5",
        "+5                            | Integer   | 5",
        "0x1F                          | Integer   | 31",
        "0o17                          | Integer   | 15",
        "017                           | Integer   | 15",
        "0b101                         | Integer   | 5",
        "1_000                         | Integer   | 1000",
        "9223372036854775807           | Long      | 9223372036854775807",
        "9223372036854775808           | BigInteger| 9223372036854775808",
        "18446744073709551616          | Double    | 1.8446744073709552E19",
        "08                            | Double    | 8.0",
        "1.0                           | Double    | 1.0",
        ".5                            | Double    | 0.5",
        "1e3                           | Double    | 1000.0",
        "1e400                         | String    | 1e400",
        "True                          | Boolean   | true",
        "yes                           | String    | yes",
        "1:30                          | String    | 1:30",
        "2001-12-14                    | String    | 2001-12-14T00:00:00Z",
        "2001-12-14t21:59:43.10-05:00  | String    | 2001-12-14T21:59:43.1-05:00",
        "2001-2-3 1:2:3,5              | String    | 2001-02-03T01:02:03.5Z",
        "2001-12-14 21:59:43.10 -5     | String    | 2001-12-14 21:59:43.10 -5",
        "2001-02-29                    | String    | 2001-02-29",
      })
  void untaggedTextsResolveAsPlainScalars(String text, String type, String expected)
      throws Exception {
    Object value = YamlScalars.decode(YamlScalars.UNTAGGED, text);

    assertThat(value.getClass().getSimpleName()).isEqualTo(type);
    assertThat(String.valueOf(value)).isEqualTo(expected);
  }

  @Test
  void nullsAndEmptyTextsResolveToNull() throws Exception {
    for (String text : new String[] {"", "~", "null", "Null", "NULL"}) {
      assertThat(YamlScalars.decode(YamlScalars.UNTAGGED, text)).isNull();
    }
  }

  @Test
  void aTaggedTargetKeepsItsType() throws Exception {
    assertThat(YamlScalars.decode(YamlScalars.STR, "5")).isEqualTo("5");
    assertThat(YamlScalars.decode(YamlScalars.INT, "0x10")).isEqualTo(16);
    assertThat(YamlScalars.decode(YamlScalars.FLOAT, "5")).isEqualTo(5.0);
    assertThat(YamlScalars.decode(YamlScalars.BOOL, "TRUE")).isEqualTo(true);
    assertThat(YamlScalars.decode(YamlScalars.NULL, "~")).isNull();
    // No timestamp under another tag: the date stays a string.
    assertThat(YamlScalars.decode(YamlScalars.STR, "2001-12-14")).isEqualTo("2001-12-14");
  }

  @Test
  void aTextThatDoesNotFitTheTagFailsAsGoYaml() {
    assertThatThrownBy(() -> YamlScalars.decode(YamlScalars.INT, "abc"))
        .hasMessage("cannot decode !!str `abc` as a !!int");
    assertThatThrownBy(() -> YamlScalars.decode(YamlScalars.INT, "1.5"))
        .hasMessage("cannot decode !!float `1.5` as a !!int");
    assertThatThrownBy(() -> YamlScalars.decode(YamlScalars.NULL, "5"))
        .hasMessage("cannot decode !!int `5` as a !!null");
    assertThatThrownBy(() -> YamlScalars.decode(YamlScalars.BOOL, "2001-12-14"))
        .hasMessage("cannot decode !!str `2001-12-14` as a !!bool");
    assertThatThrownBy(() -> YamlScalars.decode(YamlScalars.UNTAGGED, ".inf"))
        .hasMessage("json: unsupported value: +Inf");
  }

  @Test
  void textsAreWhatKyamlHolds() {
    assertThat(YamlScalars.text(null)).isEmpty();
    assertThat(YamlScalars.text(1.5)).isEqualTo("1.5");
    assertThat(YamlScalars.text(Double.NEGATIVE_INFINITY)).isEqualTo("-.inf");
    assertThat(YamlScalars.text(new BigInteger("18446744073709551615")))
        .isEqualTo("18446744073709551615");
    assertThat(YamlScalars.text(java.util.Map.of("a", 1))).isEmpty();
  }

  @Test
  void parsesGoIntegersWithBasePrefixes() {
    assertThat(GoYamlV3.parseGoInt("-0b11")).isEqualTo(BigInteger.valueOf(-3));
    assertThat(GoYamlV3.parseGoInt("0")).isEqualTo(BigInteger.ZERO);
    assertThat(GoYamlV3.parseGoInt("0x")).isNull();
    assertThat(GoYamlV3.parseGoInt("+18446744073709551615")).isNull();
    assertThat(GoYamlV3.parseGoInt("-9223372036854775809")).isNull();
  }
}
