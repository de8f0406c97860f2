package dev.strata.render.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link KustomizeYaml} to what kustomize 5.8.1 prints; every expected string was produced by
 * Go (encoding/json, then sigs.k8s.io/yaml 1.5.0's JSONToYAML) from the same input.
 */
class KustomizeYamlTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Digit runs compare by value, letters after non-letters, Go's Unicode tables. */
  @Test
  void sortsKeysLikeGoYaml() {
    // digit runs, case, punctuation
    assertYaml(
        "{\"a10\":1,\"a9\":2,\"A\":3,\"a\":4,\"_x\":5,\"-x\":6,\"1\":7,\"10\":8,\"2\":9,\"é\":10,\"Z\":11,\"\":12,\"a01\":13,\"a1\":14,\".x\":15,\"~\":16}",
        """
        "": 12
        -x: 6
        .x: 15
        _x: 5
        "~": 16
        "1": 7
        "2": 9
        "10": 8
        A: 3
        Z: 11
        a: 4
        a1: 14
        a01: 13
        a9: 2
        a10: 1
        é: 10
        """);

    // pairs: numeric runs, leading zeros, digits before letters
    assertYaml(
        "[{\"x10\":1,\"x9\":2},{\"x01\":1,\"x1\":2},{\"x1a\":1,\"x10\":2},{\"x0\":1,\"x!\":2},{\"x00\":1,\"x0\":2},{\"10\":1,\"1a\":2},{\"a:\":1,\"a0\":2}]",
        """
        - x9: 2
          x10: 1
        - x1: 2
          x01: 1
        - x10: 2
          x1a: 1
        - x!: 2
          x0: 1
        - x0: 2
          x00: 1
        - "10": 1
          1a: 2
        - 'a:': 1
          a0: 2
        """);

    // kubernetes-looking keys
    assertYaml(
        "{\"spec\":1,\"apiVersion\":2,\"kind\":3,\"metadata\":4,\"status\":5,\"app.kubernetes.io/name\":6,\"app\":7}",
        """
        apiVersion: 2
        app: 7
        app.kubernetes.io/name: 6
        kind: 3
        metadata: 4
        spec: 1
        status: 5
        """);

    // versions (adding v10 would make the order cyclic: v10 < v1beta1 < v2 < v10)
    assertYaml(
        "{\"v1beta2\":1,\"v1beta1\":2,\"v2\":3,\"v1\":4,\"v1alpha1\":5,\"v2beta1\":6}",
        """
        v1: 4
        v1alpha1: 5
        v1beta1: 2
        v1beta2: 1
        v2: 3
        v2beta1: 6
        """);

    // U+31350 is a letter in Go's Unicode 15 but not in Java 17's tables
    assertYaml(
        "{\"x\ud884\udf50\":1,\"x1\":2,\"x!\":3}",
        """
        x!: 3
        x1: 2
        "x\\U00031350": 1
        """);

    // non-ASCII digits take part in digit runs with their code point minus '0'
    assertYaml(
        "{\"a\u0663\":1,\"a2\":2,\"a\uff11\":3,\"a9999\":4}",
        "a2: 2\na\u0663: 1\na9999: 4\na\uff11: 3\n");

    // emoji and other non-letters
    assertYaml(
        "{\"b\ud83d\ude00\":1,\"b\":2,\"b!\":3,\"bé\":4,\"b1\":5}",
        """
        b: 2
        b!: 3
        "b\\U0001F600": 1
        b1: 5
        bé: 4
        """);
  }

  /** go-yaml's resolver decides: booleans (YAML 1.1), null, numbers, timestamps, base 60. */
  @Test
  void quotesStringsThatWouldReadAsOtherTypes() {
    // booleans and null
    assertYaml(
        "[\"true\",\"False\",\"YES\",\"yes\",\"y\",\"N\",\"on\",\"Off\",\"null\",\"Null\",\"~\",\"\",\"yEs\",\"nil\",\"<<\"]",
        """
        - "true"
        - "False"
        - "YES"
        - "yes"
        - "y"
        - "N"
        - "on"
        - "Off"
        - "null"
        - "Null"
        - "~"
        - ""
        - yEs
        - nil
        - <<
        """);

    // numbers in Go's syntax
    assertYaml(
        "[\"8080\",\"-1\",\"+1\",\"1.5\",\"1e3\",\".5\",\"5.\",\"0x1F\",\"0o17\",\"0b101\",\"017\",\"019\",\"1_000\",\"0x_1\",\"._5\",\".5_5\",\"0b-1\"]",
        """
        - "8080"
        - "-1"
        - "+1"
        - "1.5"
        - "1e3"
        - ".5"
        - "5."
        - "0x1F"
        - "0o17"
        - "0b101"
        - "017"
        - "019"
        - "1_000"
        - "0x_1"
        - ._5
        - ".5_5"
        - "0b-1"
        """);

    // numbers too big to parse stay plain
    assertYaml(
        "[\"99999999999999999999\",\"10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000\",\"0xFFFFFFFFFFFFFFFFF\",\".5e999\"]",
        """
        - "99999999999999999999"
        - 10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
        - 0xFFFFFFFFFFFFFFFFF
        - .5e999
        """);

    // special floats
    assertYaml(
        "[\".inf\",\"-.Inf\",\"+.INF\",\".nan\",\".NaN\",\"inf\",\"NaN\"]",
        """
        - ".inf"
        - "-.Inf"
        - "+.INF"
        - ".nan"
        - ".NaN"
        - inf
        - NaN
        """);

    // timestamps only when time.Parse accepts them
    assertYaml(
        "[\"2001-12-14\",\"2001-13-14\",\"2001-2-29\",\"2000-2-29\",\"2001-12-14T21:59:43.10-05:00\",\"2001-12-14t21:59:43Z\",\"2001-12-14 21:59:43.10\",\"2001-12-14    1:2:3\",\"2001-1-1T1:1:1\",\"2001-12-14T24:00:00Z\",\"20011-12-14\"]",
        """
        - "2001-12-14"
        - 2001-13-14
        - 2001-2-29
        - "2000-2-29"
        - "2001-12-14T21:59:43.10-05:00"
        - "2001-12-14t21:59:43Z"
        - "2001-12-14 21:59:43.10"
        - "2001-12-14    1:2:3"
        - 2001-1-1T1:1:1
        - 2001-12-14T24:00:00Z
        - 20011-12-14
        """);

    // base 60 floats are quoted although go-yaml no longer reads them
    assertYaml(
        "[\"1:20\",\"1:2:3.5\",\"-1:30\",\"1:60\",\"1:2:\",\"12:30:45\"]",
        """
        - "1:20"
        - "1:2:3.5"
        - "-1:30"
        - 1:60
        - '1:2:'
        - "12:30:45"
        """);
  }

  /** Indicators, spaces and special characters push strings out of plain style. */
  @Test
  void choosesPlainSingleOrDoubleQuotes() {
    // indicators
    assertYaml(
        "{\"s\":[\"- x\",\"-x\",\"-\",\": x\",\":x\",\"? x\",\"?x\",\"#x\",\"x #y\",\"x#y\",\"x: y\",\"x:y\",\"[x]\",\"{x}\",\"&a\",\"*a\",\"!t\",\"|x\",\">x\",\"%x\",\"@x\",\"`x\",\"'x\",\"\\\"x\",\",x\",\"x,y\",\"---\",\"--- x\",\"...\",\"x ---\"]}",
        """
        s:
        - '- x'
        - -x
        - '-'
        - ': x'
        - :x
        - '? x'
        - ?x
        - '#x'
        - 'x #y'
        - x#y
        - 'x: y'
        - x:y
        - '[x]'
        - '{x}'
        - '&a'
        - '*a'
        - '!t'
        - '|x'
        - '>x'
        - '%x'
        - '@x'
        - '`x'
        - '''x'
        - '"x'
        - ',x'
        - x,y
        - '---'
        - '--- x'
        - '...'
        - x ---
        """);

    // quotes and backslashes
    assertYaml(
        "{\"s\":[\"'\",\"''\",\"it's\",\"\\\"\",\"say \\\"hi\\\"\",\"\\\\\",\"a\\\\b\"]}",
        """
        s:
        - ''''
        - ''''''
        - it's
        - '"'
        - say "hi"
        - \\
        - a\\b
        """);

    // leading and trailing spaces
    assertYaml(
        "{\"s\":[\" a\",\"a \",\" \",\" a b \",\"a  b\"]}",
        """
        s:
        - ' a'
        - 'a '
        - ' '
        - ' a b '
        - a  b
        """);

    // tabs and control characters force double quotes
    assertYaml(
        "{\"s\":[\"\\t\",\"a\\tb\",\"\\u0000\",\"\\u0007\\b\\f\\u000b\\r\\u001b\",\"\\u0001\\u001f\"]}",
        """
        s:
        - "\\t"
        - "a\\tb"
        - "\\0"
        - "\\a\\b\\f\\v\\r\\e"
        - "\\x01\\x1F"
        """);

    // non-ASCII: BMP printable stays, emoji and BOM are escaped
    assertYaml(
        "{\"s\":[\"été\",\"日本語\",\"\u00a0\",\"x \ud83d\ude00\",\"\ud83d\udc4d\ud83c\udffd\",\"\ufeffabc\",\"a\ufeffb\",\"\ufffd\",\"\u2028\",\"a\u2028b\"]}",
        "s:\n- été\n- 日本語\n- \u00a0\n- \"x \\U0001F600\"\n- \"\\U0001F44D\\U0001F3FD\"\n- \"\\uFEFF\\x61\\x62\\x63\"\n- \"a\\uFEFFb\"\n- \ufffd\n- '\u2028'\n- 'a\u2028  b'\n");
  }

  /** Newlines select literal style; chomping and indentation hints follow the ends. */
  @Test
  void writesMultiLineStringsAsLiteralBlocks() {
    // chomping
    assertYaml(
        "{\"clip\":\"a\\nb\\n\",\"strip\":\"a\\nb\",\"keep\":\"a\\nb\\n\\n\",\"only\":\"\\n\",\"two\":\"\\n\\n\"}",
        """
        clip: |
          a
          b
        keep: |+
          a
          b

        only: |2+

        strip: |-
          a
          b
        two: |2+


        """);

    // indentation hint for a leading space or break
    assertYaml(
        "{\"space\":\" a\\nb\",\"break\":\"\\nabc\"}",
        """
        break: |2-

          abc
        space: |2-
           a
          b
        """);

    // blank lines carry no indentation
    assertYaml(
        "{\"k\":{\"v\":\"a\\n\\n\\nb\\n\"}}",
        """
        k:
          v: |
            a


            b
        """);

    // a space before a newline, a tab or a CR forces double quotes
    assertYaml(
        "{\"a\":\"a \\nb\",\"b\":\"a\\tb\\nc\",\"c\":\"a\\r\\nb\",\"d\":\"trailing \\n\"}",
        """
        a: "a \\nb"
        b: "a\\tb\\nc"
        c: "a\\r\\nb"
        d: "trailing \\n"
        """);

    // a space after a newline is fine
    assertYaml(
        "{\"a\":\"a\\n b\"}",
        """
        a: |-
          a
           b
        """);

    // in sequences
    assertYaml(
        "[[\"a\\nb\"],\"x\\ny\\n\"]",
        """
        - - |-
            a
            b
        - |
          x
          y
        """);
  }

  /** libyaml breaks at a space once the column passes 80, never inside a word. */
  @Test
  void foldsLongScalarsAtEightyColumns() {
    // plain
    assertYaml(
        "{\"description\":\"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.\"}",
        """
        description: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod
          tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.
        """);

    // no spaces, no folding
    assertYaml(
        "{\"token\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
        "token: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n");

    // runs of spaces are not broken
    assertYaml(
        "{\"a\":\"word word word word word word word word word word word word word word word    word word word word word word word word word word end\"}",
        """
        a: word word word word word word word word word word word word word word word    word
          word word word word word word word word word end
        """);

    // single-quoted
    assertYaml(
        "{\"a\":\"'quoted words quoted words quoted words quoted words quoted words quoted words quoted words quoted words quoted words quoted words \"}",
        """
        a: '''quoted words quoted words quoted words quoted words quoted words quoted words
          quoted words quoted words quoted words quoted words '
        """);

    // double-quoted, escaping a space that would start the next line
    assertYaml(
        "{\"a\":\"\\ttab words tab words tab words tab words tab words tab words tab words tab words  two  spaces here and more words to pass the limit\"}",
        """
        a: "\\ttab words tab words tab words tab words tab words tab words tab words tab words
          \\ two  spaces here and more words to pass the limit"
        """);

    // deeper indentation
    assertYaml(
        "{\"a\":{\"b\":{\"c\":[\"nested words nested words nested words nested words nested words nested words nested words nested words nested words \"]}}}",
        """
        a:
          b:
            c:
            - 'nested words nested words nested words nested words nested words nested words
              nested words nested words nested words '
        """);

    // keys do not fold
    assertYaml(
        "{\"key words key words key words key words key words key words key words key words key words key words key words key words \":1}",
        "'key words key words key words key words key words key words key words key words key words key words key words key words ': 1\n");
  }

  /** Integers stay integers within int64/uint64; floats use Go's shortest 'g' format. */
  @Test
  void formatsNumbersAsKustomize() {
    // integers
    assertYaml(
        "[0,1,-1,9223372036854775807,-9223372036854775808,9223372036854775808,18446744073709551615,18446744073709551616,-9223372036854775809]",
        """
        - 0
        - 1
        - -1
        - 9223372036854775807
        - -9223372036854775808
        - 9223372036854775808
        - 18446744073709551615
        - 1.8446744073709552e+19
        - -9.223372036854776e+18
        """);

    // floats
    assertYaml(
        "[1.5,-2.25,0.1,100.0,1.0,-0.0,123456.5,1234567.5,0.0001,0.00001,1e-7,1e21,1e20,1e19,5e-324,1.7976931348623157e308]",
        """
        - 1.5
        - -2.25
        - 0.1
        - 100
        - 1
        - 0
        - 123456.5
        - 1.2345675e+06
        - 0.0001
        - 1e-05
        - 1e-07
        - 1e+21
        - 1e+20
        - 10000000000000000000
        - 5e-324
        - 1.7976931348623157e+308
        """);

    // integral doubles past 2^53 print Go's padded shortest digits
    assertYaml(
        "[9007199254740993.0,9223372036854775808.0,12345678901234567890.0,18446744073709551616.0]",
        """
        - 9007199254740992
        - 9223372036854776000
        - 12345678901234567000
        - 1.8446744073709552e+19
        """);
  }

  /** Empty maps and lists are {} and [], null is null. */
  @Test
  void writesEmptyCollectionsAndNullInFlowStyle() {
    // nested empties
    assertYaml(
        "{\"m\":{},\"l\":[],\"n\":null,\"t\":true,\"f\":false,\"deep\":{\"a\":[{},[],[[]],{\"b\":{}}],\"c\":[null]}}",
        """
        deep:
          a:
          - {}
          - []
          - - []
          - b: {}
          c:
          - null
        f: false
        l: []
        m: {}
        "n": null
        t: true
        """);

    // sequences of sequences and maps
    assertYaml(
        "[[1,[2,[3]]],{\"a\":[{\"b\":1,\"c\":[]}]},[{}]]",
        """
        - - 1
          - - 2
            - - 3
        - a:
          - b: 1
            c: []
        - - {}
        """);
  }

  /** Not resources, but JSONToYAML handles any value. */
  @Test
  void writesRootScalarsAndSequences() {
    // string
    assertYaml("\"abc\"", "abc\n");

    // literal
    assertYaml(
        "\"a\\nb\"",
        """
        |-
          a
          b
        """);

    // number
    assertYaml("1.5", "1.5\n");

    // null
    assertYaml("null", "null\n");

    // list
    assertYaml(
        "[\"a\",[\"b\"],{\"c\":\"d\"}]",
        """
        - a
        - - b
        - c: d
        """);

    // empty list
    assertYaml("[]", "[]\n");

    // empty map
    assertYaml("{}", "{}\n");
  }

  /** Keys over 128 bytes or with line breaks use the explicit '? ' form. */
  @Test
  void writesComplexKeys() {
    // long key, nested values
    assertYaml(
        "{\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\":{\"x\":1},\"long key words long key words long key words long key words long key words long key words long key words long key words long key words long key words \":[1,2],\"short\":\"vvvvvvvvvv\"}",
        """
        ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk
        : x: 1
        ? 'long key words long key words long key words long key words long key words long
          key words long key words long key words long key words long key words '
        : - 1
          - 2
        short: vvvvvvvvvv
        """);

    // multi-line keys
    assertYaml(
        "{\"multi\\nline\":\"v\",\"trailing\\n\":{\"a\":1},\"a\\u2028b\":1}",
        "? 'a\u2028  b'\n: 1\n? |-\n  multi\n  line\n: v\n? |\n  trailing\n: a: 1\n");

    // quoted keys
    assertYaml(
        "{\"true\":1,\"8080\":2,\"\":3,\"a: b\":4,\"- x\":5,\"#c\":6,\" lead\":7,\"tab\\tkey\":8,\"\ud83d\ude00\":9}",
        """
        "": 3
        ' lead': 7
        '#c': 6
        '- x': 5
        "\\U0001F600": 9
        "8080": 2
        'a: b': 4
        "tab\\tkey": 8
        "true": 1
        """);

    // multi-byte keys count bytes, not characters
    assertYaml(
        "{\"éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\":1,\"ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\":2}",
        """
        éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé: 1
        ? ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé
        : 2
        """);
  }

  /** Go's JSON leaves U+0085 raw; go-yaml reads it as a line break inside the quoted string. */
  @Test
  void foldsRawNextLineCharactersLikeGoYamlReadingJson() {
    // single break becomes a space, more become newlines, surrounding spaces go
    assertYaml(
        "{\"a\":\"x\\u0085y\",\"b\":\"  a\\u0085  \\u0085b  \",\"c\":\"\\u0085a\",\"d\":\"a\\u0085\",\"e\":\"a  \\u0085  \\u0085\\u0085 b\"}",
        """
        a: x y
        b: "  a\\nb  "
        c: ' a'
        d: 'a '
        e: |-
          a

          b
        """);
  }

  /** Java number types stand for what kyaml would have decoded: int64, uint64 or float64. */
  @Test
  void acceptsJavaNumberTypes() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("byte", (byte) 7);
    tree.put("short", (short) 300);
    tree.put("int", -5);
    tree.put("long", Long.MAX_VALUE);
    tree.put("uint", BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    tree.put("big", BigInteger.ONE.shiftLeft(64));
    tree.put("float", 0.1f);
    tree.put("decimal", new BigDecimal("1.50"));
    tree.put("decimalInt", new BigDecimal("2.0"));
    tree.put("double", 2.5);

    assertThat(KustomizeYaml.write(tree))
        .isEqualTo(
            """
            big: 1.8446744073709552e+19
            byte: 7
            decimal: 1.5
            decimalInt: 2
            double: 2.5
            float: 0.1
            int: -5
            long: 9223372036854775807
            short: 300
            uint: 18446744073709551615
            """);
  }

  /** Go's JSON numbers for the oracle test: shortest digits, exponent outside [1e-6, 1e21). */
  @Test
  void formatsJsonNumbersLikeGoEncodingJson() {
    assertThat(KustomizeYaml.goJsonNumber(1.0)).isEqualTo("1");
    assertThat(KustomizeYaml.goJsonNumber(-0.0)).isEqualTo("-0");
    assertThat(KustomizeYaml.goJsonNumber(0.1)).isEqualTo("0.1");
    assertThat(KustomizeYaml.goJsonNumber(1e21)).isEqualTo("1e+21");
    assertThat(KustomizeYaml.goJsonNumber(1e20)).isEqualTo("100000000000000000000");
    assertThat(KustomizeYaml.goJsonNumber(1e-7)).isEqualTo("1e-7");
    assertThat(KustomizeYaml.goJsonNumber(0.000001)).isEqualTo("0.000001");
    assertThat(KustomizeYaml.goJsonNumber(9223372036854775808.0)).isEqualTo("9223372036854776000");
    assertThat(KustomizeYaml.goJsonNumber(5e-324)).isEqualTo("5e-324");
    assertThat(KustomizeYaml.goJsonNumber(1.7976931348623157e308))
        .isEqualTo("1.7976931348623157e+308");
    // Java 17's Double.toString gives 2.0E-3 as "0.0020" and some values with extra digits.
    assertThat(KustomizeYaml.goJsonNumber(2.0e-3)).isEqualTo("0.002");
    assertThat(KustomizeYaml.goJsonNumber(1.0E23)).isEqualTo("1e+23");
    assertThat(KustomizeYaml.goJsonNumber(2.82879384806159E17)).isEqualTo("282879384806159000");
    assertThat(KustomizeYaml.goJsonNumber(new BigInteger("18446744073709551616")))
        .isEqualTo("18446744073709552000");
  }

  /** The input map's iteration order does not matter: go-yaml sorts. */
  @Test
  void ignoresMapIterationOrder() {
    List<String> keys = new ArrayList<>(List.of("b", "a10", "a9", "A", "_", "1", "é", "z"));
    Map<String, Object> linked = new LinkedHashMap<>();
    keys.forEach(k -> linked.put(k, k));
    Collections.reverse(keys);
    Map<String, Object> reversed = new LinkedHashMap<>();
    keys.forEach(k -> reversed.put(k, k));

    // '_' sorts before "1": neither is a letter, and a digit run beats no digits.
    String expected = "_: _\n\"1\": \"1\"\nA: A\na9: a9\na10: a10\nb: b\nz: z\né: é\n";
    assertThat(KustomizeYaml.write(linked)).isEqualTo(expected);
    assertThat(KustomizeYaml.write(reversed)).isEqualTo(expected);
    assertThat(KustomizeYaml.write(new TreeMap<>(linked))).isEqualTo(expected);
    assertThat(KustomizeYaml.write(new HashMap<>(linked))).isEqualTo(expected);
  }

  /**
   * go-yaml's key order is not transitive ("0001" &lt; "000a" &lt; "001" &lt; "0001"); kustomize
   * prints such sets in an order that varies between runs, so only require an answer.
   */
  @Test
  void survivesKeySetsGoYamlCannotOrderConsistently() {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (String key : List.of("0001", "000a", "001", "01", "1a", "10", "0", "a")) {
      tree.put(key, 1);
    }
    for (int i = 0; i < 40; i++) {
      tree.put("k" + (i * 7919 % 1000) + (i % 3 == 0 ? "a" : "0"), i);
    }

    String yaml = KustomizeYaml.write(tree);

    assertThat(yaml.lines()).hasSize(tree.size());
    assertThat(KustomizeYaml.write(tree)).isEqualTo(yaml);
  }

  /**
   * A literal block ending in a raw U+2028 or U+2029 ends the document: the break resets the
   * column, so libyaml writes no final line feed.
   */
  @Test
  void endsWithoutLineFeedAfterALiteralEndingInALineSeparator() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("k", "a\nb\u2028");
    tree.put("j", "x");

    assertThat(KustomizeYaml.write(tree)).isEqualTo("j: x\nk: |\n  a\n  b\u2028");
    assertThat(KustomizeYaml.write("a\nb\u2029")).isEqualTo("|\n  a\n  b\u2029");
  }

  /** Go strings cannot hold lone surrogates; its JSON writes invalid UTF-8 as U+FFFD. */
  @Test
  void replacesLoneSurrogatesWithReplacementCharacter() {
    assertThat(KustomizeYaml.write(Map.of("k", "a\uD800b", "\uDC00", "\uD83D")))
        .isEqualTo("\uFFFD: \uFFFD\nk: a\uFFFDb\n");
  }

  /** A NEL followed by a document marker and a blank ends go-yaml's reading of Go's JSON. */
  @Test
  void rejectsDocumentMarkersAfterNextLine() {
    assertThatThrownBy(() -> KustomizeYaml.write(Map.of("x", "a\u0085--- b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found unexpected document indicator");
    assertThatThrownBy(() -> KustomizeYaml.write(Map.of("x", "\u0085... y")))
        .isInstanceOf(IllegalArgumentException.class);
    // Without the blank after the marker, or with a space before it, go-yaml reads on.
    assertThat(KustomizeYaml.write(Map.of("x", "a\u0085---"))).isEqualTo("x: a ---\n");
    assertThat(KustomizeYaml.write(Map.of("x", "a\u0085 --- b"))).isEqualTo("x: a --- b\n");
  }

  /** Characters go-yaml's reader refuses when Go's JSON carries them raw. */
  @Test
  void rejectsControlCharactersGoYamlCannotRead() {
    for (String bad :
        List.of("\u007f", "\u0080", "\u0084", "\u0086", "\u009f", "\ufffe", "\uffff")) {
      assertThatThrownBy(() -> KustomizeYaml.write(Map.of("x", "a" + bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("control characters are not allowed");
      assertThatThrownBy(() -> KustomizeYaml.write(Map.of(bad, 1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Keys must fit go-yaml's implicit-key limit and stay on one line. */
  @Test
  void rejectsKeysGoYamlCannotRead() {
    assertThat(KustomizeYaml.write(Map.of("k".repeat(1022), 1))).startsWith("? kkk");
    assertThatThrownBy(() -> KustomizeYaml.write(Map.of("k".repeat(1023), 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1022");
    // Go's JSON escapes '<' as \u003c: six characters towards the limit.
    assertThat(KustomizeYaml.write(Map.of("<" + "k".repeat(1016), 1))).startsWith("? <kk");
    assertThatThrownBy(() -> KustomizeYaml.write(Map.of("<" + "k".repeat(1017), 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(KustomizeYaml.write(Map.of("\uD83D\uDE00".repeat(1022), 1))).startsWith("? \"");
    assertThatThrownBy(() -> KustomizeYaml.write(Map.of("a\u0085b", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U+0085");
  }

  /** encoding/json refuses NaN and infinities, and the tree must be JSON. */
  @Test
  void rejectsValuesJsonCannotHold() {
    for (Object bad : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY)) {
      assertThatThrownBy(() -> KustomizeYaml.write(Map.of("x", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsupported value");
    }
    assertThatThrownBy(() -> KustomizeYaml.write(Map.of("x", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON value");
  }

  private static void assertYaml(String json, String expected) {
    Object tree;
    try {
      tree = JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad test input " + json, e);
    }
    assertThat(KustomizeYaml.write(tree)).as(json).isEqualTo(expected);
  }
}
