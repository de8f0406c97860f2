package dev.strata.render.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.strata.testing.YamlOracle;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compares {@link KustomizeYaml} with the real thing on thousands of generated trees: the oracle is
 * sigs.k8s.io/yaml's JSONToYAML (hack/binaries/yaml-oracle), fed the JSON that kustomize's
 * encoding/json would write for the same tree.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KustomizeYamlOracleIT {

  private static final long SEED = 20240611L;
  private static final int TREES = 2500;
  private static final int MAX_DEPTH = 5;
  private static final int SHOWN_MISMATCHES = 8;

  private static final String ERROR_PREFIX = YamlOracle.ERROR_PREFIX;

  /** Fragments that exercise quoting, styles, folding and escapes; glued into strings. */
  private static final String[] FRAGMENTS = {
    "",
    " ",
    "  ",
    "a",
    "abc",
    "Hello world",
    "x",
    "value",
    "k8s.io/name",
    "app",
    "-",
    "--",
    "_",
    "true",
    "false",
    "True",
    "FALSE",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "~",
    "null",
    "Null",
    "NULL",
    "0",
    "7",
    "8080",
    "-1",
    "+1",
    "1.5",
    "-2.5e-3",
    "1e3",
    "1E+3",
    ".5",
    "5.",
    ".inf",
    "-.Inf",
    ".NaN",
    "0x1F",
    "0X1f",
    "0o17",
    "0b101",
    "0b-1",
    "017",
    "019",
    "1_000",
    "_1",
    "1__0",
    ".5_5",
    "1:20",
    "1:2:3.5",
    "-1:30",
    "1:60",
    "99999999999999999999",
    "0x" + "F".repeat(17),
    "1" + "0".repeat(400),
    "2001-12-14",
    "2001-12-14T21:59:43.10-05:00",
    "2001-12-14t21:59:43Z",
    "2001-12-14 21:59:43.10",
    "2001-12-14  1:2:3",
    "2001-2-29",
    "2000-2-29",
    "2001-13-01",
    "2001-12-14T24:00:00Z",
    "2001-1-1T1:1:1",
    "<<",
    "=",
    ": ",
    ":",
    ":x",
    "- ",
    "- x",
    "-x",
    "? ",
    "?x",
    "#",
    " #",
    "#x",
    "x #y",
    "x#y",
    "'",
    "''",
    "\"",
    "\\",
    "\\n",
    "\t",
    " \t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\ufeff",
    "\ufffd",
    "\u00ff",
    "\u0100",
    "é",
    "日本語",
    "Ω",
    "😀",
    "👍🏽",
    "\uD835\uDD38",
    "---",
    "...",
    "--- x",
    "... x",
    "[",
    "]",
    "{",
    "}",
    "[x]",
    "{x: y}",
    ",",
    "&a",
    "*a",
    "!t",
    "!!str",
    "|",
    "|-",
    ">",
    "%",
    "@",
    "`",
    "\u0000",
    "\u0001",
    "\u001b",
    "\b",
    "\f",
    "\u000b",
    "\u0007",
    "<",
    ">",
    "&",
    "<script>",
    "a\u0085b",
    "\u0085",
    " \u0085 ",
    "\u0085--- x",
    "\u0085...",
    "\u0660\u0661",
    "\uff11\uff10",
    "\ud807\udf50",
    "\ud884\udf50",
    "ǅ",
    "ʰ",
    "中"
  };

  /** Code points a random character is drawn from, by range. */
  private static final int[][] CHAR_RANGES = {
    {0x20, 0x7E},
    {0x20, 0x7E},
    {0x20, 0x7E},
    {0x09, 0x0A},
    {0x00, 0x1F},
    {0xA0, 0xFF},
    {0x100, 0x24F},
    {0x370, 0x3FF},
    {0x400, 0x4FF},
    {0x600, 0x6FF},
    {0x900, 0x97F},
    {0x2000, 0x206F},
    {0x3040, 0x30FF},
    {0x4E00, 0x9FFF},
    {0xAC00, 0xD7A3},
    {0xE000, 0xE0FF},
    {0xFE00, 0xFFFD},
    {0x1F300, 0x1FAFF},
    {0x10000, 0x1007F},
    {0x11F00, 0x11F5F},
    {0x1E4D0, 0x1E4FF},
    {0x31350, 0x323AF},
    {0x1D400, 0x1D7FF},
    {0x0660, 0x0669}
  };

  /** Characters kustomize cannot print; drawn rarely so that most cases compare output. */
  private static final String[] REJECTED = {"\u007f", "\u0080", "\u009f", "\ufffe", "\uffff"};

  /** Keys that stress go-yaml's key order (keyList.Less) and key styles. */
  private static final String[] KEYS = {
    "a",
    "b",
    "A",
    "B",
    "Z",
    "z",
    "_x",
    "-x",
    ".x",
    "~",
    "a10",
    "a9",
    "a1",
    "a01",
    "a010",
    "a0",
    "a00",
    "a1b",
    "a1a",
    "1",
    "2",
    "10",
    "01",
    "001",
    "0",
    "00",
    "9",
    "x1y2",
    "x1y10",
    "x10y1",
    "é",
    "ä",
    "日本",
    "Ω",
    "ω",
    "😀",
    "a😀",
    "a b",
    "a  b",
    "",
    " ",
    "a:",
    "a: b",
    "- x",
    "#c",
    "true",
    "null",
    "8080",
    "1.5",
    "y",
    "n",
    "<<",
    "a\u0660",
    "a\u0661",
    "a\uff11",
    "a\ud807\udf51",
    "x\ud884\udf50",
    "x\u01c5",
    "apiVersion",
    "kind",
    "metadata",
    "spec",
    "app.kubernetes.io/name",
    "k8s.io/v1",
    "v1beta1",
    "v1",
    "v2",
    "v10",
    "a\nb",
    "\u2028",
    "x\ty",
    "\ufeffk"
  };

  private static YamlOracle oracle;
  private static ObjectMapper json;

  @BeforeAll
  static void startOracle() throws IOException {
    if (YamlOracle.missing().isEmpty()) {
      oracle = YamlOracle.start("");
      json = goLikeJson();
    }
  }

  // Assumed per test rather than in @BeforeAll: Maven reports a class-level skip as no tests.
  @BeforeEach
  void requireOracle() {
    Assumptions.assumeTrue(oracle != null, YamlOracle.missing().orElse(""));
  }

  @AfterAll
  static void stopOracle() throws Exception {
    if (oracle != null) {
      oracle.close();
    }
  }

  @Test
  void generatedTreesMatchKustomize() throws IOException {
    Random random = new Random(SEED);
    List<Object> trees = new ArrayList<>();
    for (int i = 0; i < TREES; i++) {
      trees.add(i % 50 == 49 ? value(random, 0) : resource(random));
    }
    Report report = compare(trees);
    report.assertClean();
    assertThat(report.outputs).as("cases kustomize prints").isGreaterThan(TREES * 8 / 10);
    assertThat(report.errors).as("cases kustomize rejects").isPositive();
  }

  @Test
  void everyPairOfTrickyKeysIsOrderedLikeGoYaml() throws IOException {
    List<Object> trees = new ArrayList<>();
    for (int i = 0; i < KEYS.length; i++) {
      for (int j = i + 1; j < KEYS.length; j++) {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put(KEYS[j], 1L);
        pair.put(KEYS[i], 2L);
        trees.add(pair);
      }
    }
    compare(trees).assertClean();
  }

  @Test
  void keysAroundGoYamlsImplicitKeyLimitMatchKustomize() throws IOException {
    // The limit counts characters of Go's JSON: escapes count in full, an emoji counts once.
    String[] prefixes = {"", "<", "&", "\"", "\n", "\u0001", "\u2028", "é", "😀", "日"};
    List<Object> trees = new ArrayList<>();
    for (String prefix : prefixes) {
      for (int length = 1010; length <= 1024; length++) {
        String key = prefix + "k".repeat(length - prefix.length());
        trees.add(Map.of(key, 1L, "a", List.of(Map.of(key, "v"))));
        trees.add(Map.of(key.replace('k', 'é'), 1L));
        trees.add(Map.of("😀".repeat(length), 1L));
      }
    }
    compare(trees).assertClean();
  }

  @Test
  void documentsEndingInALineSeparatorMatchKustomize() throws IOException {
    // A literal block ending in a raw U+2028/U+2029 leaves the column at 0, so go-yaml writes
    // no final line feed.
    List<Object> trees = new ArrayList<>();
    for (String end : new String[] {"\u2028", "\u2029", "\n\u2028", "\u2028\n", "\u2029\u2029"}) {
      trees.add("a\nb" + end);
      trees.add(Map.of("k", "a\nb" + end));
      trees.add(List.of("x\n" + end));
      trees.add(Map.of("k", Map.of("j", List.of("y\n" + end))));
    }
    compare(trees).assertClean();
  }

  @Test
  void numbersMatchKustomize() throws IOException {
    Random random = new Random(SEED + 1);
    List<Object> trees = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      List<Object> numbers = new ArrayList<>();
      for (int j = 0; j < 25; j++) {
        numbers.add(number(random));
      }
      trees.add(Map.of("n", numbers));
    }
    compare(trees).assertClean();
  }

  // ---- comparison ----

  private static final class Report {
    int outputs;
    int errors;
    final List<String> mismatches = new ArrayList<>();
    int mismatchCount;

    void assertClean() {
      if (mismatchCount > 0) {
        fail(
            mismatchCount
                + " of "
                + (outputs + errors)
                + " cases differ from kustomize; first ones:\n\n"
                + String.join("\n", mismatches));
      }
    }
  }

  private static Report compare(List<Object> trees) throws IOException {
    Report report = new Report();
    for (Object tree : trees) {
      String input = json.writeValueAsString(tree);
      String expected = oracle.ask(input);
      String actual;
      try {
        actual = KustomizeYaml.write(tree);
      } catch (IllegalArgumentException e) {
        actual = ERROR_PREFIX + " " + e.getMessage() + "\n";
      }
      boolean expectError = expected.startsWith(ERROR_PREFIX);
      if (expectError) {
        report.errors++;
      } else {
        report.outputs++;
      }
      boolean same = expectError ? actual.startsWith(ERROR_PREFIX) : expected.equals(actual);
      if (!same && report.mismatchCount++ < SHOWN_MISMATCHES) {
        report.mismatches.add(
            "JSON input:\n"
                + input
                + "\n--- kustomize (oracle):\n"
                + expected
                + "--- KustomizeYaml:\n"
                + actual);
      }
    }
    return report;
  }

  /**
   * Jackson configured to write what Go's encoding/json writes for the same tree: numbers as Go
   * formats float64 (kustomize's own path), and {@code <>&} and U+2028/U+2029 escaped, which
   * changes how go-yaml reads the JSON (line separators, implicit-key length).
   */
  private static ObjectMapper goLikeJson() {
    JsonSerializer<Number> goNumber =
        new JsonSerializer<>() {
          @Override
          public void serialize(Number value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeNumber(KustomizeYaml.goJsonNumber(value));
          }
        };
    SimpleModule module = new SimpleModule();
    module.addSerializer(Double.class, goNumber);
    module.addSerializer(Float.class, goNumber);
    module.addSerializer(BigDecimal.class, goNumber);
    module.addSerializer(BigInteger.class, goNumber);
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(module);
    mapper.getFactory().setCharacterEscapes(new GoEscapes());
    return mapper;
  }

  private static final class GoEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    GoEscapes() {
      ascii['<'] = ESCAPE_STANDARD;
      ascii['>'] = ESCAPE_STANDARD;
      ascii['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }

  // ---- generators ----

  /** A tree shaped like a Kubernetes resource, with random content underneath. */
  private static Map<String, Object> resource(Random random) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("apiVersion", random.nextBoolean() ? "v1" : "apps/v1");
    root.put("kind", pick(random, "ConfigMap", "Deployment", "Secret", "Custom"));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", string(random));
    if (random.nextBoolean()) {
      metadata.put("annotations", map(random, 1));
    }
    root.put("metadata", metadata);
    int extra = random.nextInt(4);
    for (int i = 0; i < extra; i++) {
      root.put(key(random), value(random, 1));
    }
    return consistentKeys(root);
  }

  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth >= MAX_DEPTH ? 10 : 14);
    switch (kind) {
      case 0:
      case 1:
      case 2:
      case 3:
      case 4:
        return string(random);
      case 5:
      case 6:
        return number(random);
      case 7:
        return random.nextBoolean();
      case 8:
        return null;
      case 9:
        return random.nextInt(3) == 0 ? new LinkedHashMap<>() : new ArrayList<>();
      case 10:
      case 11:
        return map(random, depth + 1);
      default:
        return list(random, depth + 1);
    }
  }

  private static Map<String, Object> map(Random random, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    int size = random.nextInt(6);
    for (int i = 0; i < size; i++) {
      map.put(key(random), value(random, depth));
    }
    return consistentKeys(map);
  }

  private static List<Object> list(Random random, int depth) {
    List<Object> list = new ArrayList<>();
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      list.add(value(random, depth));
    }
    return list;
  }

  /**
   * Drops keys until go-yaml's order is a total order on the rest. Where it is not (it is not
   * transitive), Go sorts keys taken in random map order and kustomize's output varies between
   * runs, so there is no single answer to compare with.
   */
  private static Map<String, Object> consistentKeys(Map<String, Object> map) {
    List<String> keys = new ArrayList<>(map.keySet());
    while (!isTotalOrder(keys)) {
      map.remove(keys.remove(keys.size() - 1));
    }
    return map;
  }

  private static boolean isTotalOrder(List<String> keys) {
    int n = keys.size();
    int[][] runes = new int[n][];
    for (int i = 0; i < n; i++) {
      runes[i] = keys.get(i).codePoints().toArray();
    }
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (a == b || !KeyOrder.less(runes[a], runes[b])) {
          continue;
        }
        for (int c = 0; c < n; c++) {
          if (c != a
              && c != b
              && KeyOrder.less(runes[b], runes[c])
              && !KeyOrder.less(runes[a], runes[c])) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static String key(Random random) {
    int kind = random.nextInt(10);
    if (kind < 5) {
      return KEYS[random.nextInt(KEYS.length)];
    }
    if (kind < 6) {
      // Longer than a simple key (128 bytes), sometimes past go-yaml's 1024-character limit.
      int length = random.nextInt(30) == 0 ? 1000 + random.nextInt(60) : 100 + random.nextInt(80);
      StringBuilder sb = new StringBuilder();
      while (sb.length() < length) {
        sb.append(random.nextInt(6) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
        if (random.nextInt(200) == 0) {
          sb.append('<');
        }
      }
      return sb.toString();
    }
    String key = string(random);
    // A NEL makes the key unreadable for go-yaml, failing the whole tree: keep it rare.
    return random.nextInt(20) == 0 ? key : key.replace("\u0085", "");
  }

  private static String string(Random random) {
    StringBuilder sb = new StringBuilder();
    int shape = random.nextInt(10);
    int parts = shape < 6 ? random.nextInt(4) : shape < 9 ? 3 + random.nextInt(12) : 20;
    for (int i = 0; i < parts; i++) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      } else if (kind < 7) {
        int[] range = CHAR_RANGES[random.nextInt(CHAR_RANGES.length)];
        int cp = range[0] + random.nextInt(range[1] - range[0] + 1);
        if (!Character.isSurrogate((char) cp) || cp > 0xFFFF) {
          sb.appendCodePoint(cp);
        }
      } else if (kind < 9) {
        // Words and spaces, to cross the 80-column folding limit in every style.
        int words = 1 + random.nextInt(12);
        for (int w = 0; w < words; w++) {
          sb.append("lorem ipsum dolor sit amet".split(" ")[random.nextInt(5)]);
          sb.append(random.nextInt(8) == 0 ? "  " : " ");
        }
      } else {
        sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(' ');
      }
    }
    if (random.nextInt(400) == 0) {
      sb.insert(random.nextInt(sb.length() + 1), REJECTED[random.nextInt(REJECTED.length)]);
    }
    return sb.toString();
  }

  private static Number number(Random random) {
    switch (random.nextInt(16)) {
      case 0:
        return random.nextInt(2000) - 1000;
      case 1:
        return random.nextLong();
      case 2:
        return pick(random, Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L, 1L);
      case 3:
        // Beyond int64: uint64 while it fits, a float64 beyond.
        return new BigInteger(64 + random.nextInt(3), random)
            .multiply(BigInteger.valueOf(random.nextInt(4) == 0 ? -1 : 1));
      case 4:
        return new BigInteger(70 + random.nextInt(60), random);
      case 5:
        double bits = Double.longBitsToDouble(random.nextLong());
        return Double.isFinite(bits) ? bits : 0.25; // encoding/json rejects NaN and Inf
      case 6:
        return (random.nextInt(2000000) - 1000000) / 100.0;
      case 7:
        return random.nextDouble() * Math.pow(10, random.nextInt(50) - 25);
      case 8:
        // Integral doubles around 2^53, 2^63 and 2^64, where Go's shortest digits are padded.
        return Math.scalb((double) (1L << 52 | random.nextInt(1 << 20)), random.nextInt(16));
      case 9:
        return pick(random, 1e21, 1e20, 1e19, 9.223372036854775807e18, 1.8446744073709552e19);
      case 10:
        return pick(random, 0.0, -0.0, 1.0, -1.0, 0.5, 1e-7, 1e-6, 1e6, 123456.5, 1234567.5);
      case 11:
        return pick(random, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 2.5e-308);
      case 12:
        return Math.scalb(1.0, random.nextInt(2098) - 1074);
      case 13:
        return new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20);
      case 14:
        return random.nextFloat() * 1000;
      default:
        double d = Double.longBitsToDouble(random.nextLong());
        return Double.isFinite(d) ? Math.rint(d) : 1.0;
    }
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... options) {
    return options[random.nextInt(options.length)];
  }
}
