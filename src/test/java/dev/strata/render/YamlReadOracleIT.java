package dev.strata.render;

import static org.junit.jupiter.api.Assertions.fail;

import dev.strata.render.yaml.GoJson;
import dev.strata.testing.YamlOracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Compares how Strata reads resource YAML with how kustomize does (kyaml's kio.FromBytes and
 * RNode.MarshalJSON, through hack/binaries/yaml-oracle in "read" mode), on generated documents:
 * scalars in every spelling where YAML 1.1, YAML 1.2 and Go's number syntax disagree, block scalars
 * of every style at several depths, and tabs after content.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class YamlReadOracleIT {

  private static final long SEED = 20261204L;
  private static final int DOCUMENTS = 3000;
  private static final int SHOWN_MISMATCHES = 6;

  /** Plain scalars whose type depends on the rules: octal, binary, underscores, 1.1 words. */
  private static final String[] PLAIN = {
    "0755",
    "0644",
    "0400",
    "0o17",
    "0x1F",
    "0X1f",
    "-0x1F",
    "+12",
    "-12",
    "1_000",
    "0b101",
    "-0b11",
    "08",
    "09",
    "0",
    "-0",
    "+0",
    "00",
    "0.0",
    "1e3",
    "1E-2",
    "1.",
    "-.5",
    ".5",
    "+.5",
    "1.50",
    "99999999999999999999",
    "18446744073709551615",
    "-9223372036854775809",
    "9223372036854775807",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10",
    "12:30:00",
    "1:20",
    "0123.5",
    "1__0",
    "_1",
    "1_",
    "0x_1F",
    "0_755",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "true",
    "True",
    "TRUE",
    "false",
    "null",
    "~",
    "Null",
    ".inf",
    "-.Inf",
    "+.INF",
    "infinity",
    "NaN",
    "0x",
    "0b",
    "0o",
    "1e",
    "abc",
    "a b",
    "k8s.io/name",
    "v1",
    "1.2.3",
    "-",
    "--x",
    "0.1.2",
    "+",
    "1:2:3",
    "0xG",
    "07:30",
    "1e+3",
    ".e3"
  };

  private static final String[] WORDS = {
    "alpha", "beta", "gamma", "delta", "x", "a", "long-word-of-some-length", "#not", "9", "é", "日本"
  };

  private static YamlOracle oracle;

  @BeforeAll
  static void startOracle() throws IOException {
    if (YamlOracle.missing().isEmpty()) {
      oracle = YamlOracle.start("read");
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
  void generatedDocumentsReadAsKustomizeReadsThem() throws IOException {
    Random random = new Random(SEED);
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (int i = 0; i < DOCUMENTS; i++) {
      String yaml = new Generator(random).document();
      compared++;
      String expected = oracle.ask(GoJson.write(yaml, false)).strip();
      String actual;
      try {
        actual =
            GoJson.write(YamlDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8), "x"), false);
      } catch (RenderException | IllegalArgumentException e) {
        actual = YamlOracle.ERROR_PREFIX + " " + e.getMessage();
      }
      boolean same =
          expected.startsWith(YamlOracle.ERROR_PREFIX)
              ? actual.startsWith(YamlOracle.ERROR_PREFIX)
              : expected.equals(actual);
      if (!same && mismatches.size() < SHOWN_MISMATCHES) {
        mismatches.add(
            "--- YAML:\n"
                + yaml
                + "--- kustomize (oracle):\n"
                + expected
                + "\n--- Strata:\n"
                + actual);
      } else if (!same) {
        mismatches.add("");
      }
    }
    if (!mismatches.isEmpty()) {
      fail(
          mismatches.size()
              + " of "
              + compared
              + " documents read differently, the first:\n"
              + String.join("\n", mismatches.stream().filter(m -> !m.isEmpty()).toList()));
    }
  }

  /** Writes one random YAML document as text, the way people write manifests. */
  private static final class Generator {
    private final Random random;
    private final StringBuilder out = new StringBuilder();

    Generator(Random random) {
      this.random = random;
    }

    String document() {
      mapping(0, 0, false);
      return out.toString();
    }

    /** A block mapping at {@code indent}; the first key continues the current line when inline. */
    private void mapping(int indent, int depth, boolean inline) {
      int keys = 1 + random.nextInt(4);
      for (int k = 0; k < keys; k++) {
        if (!(inline && k == 0)) {
          out.append(" ".repeat(indent));
        }
        out.append("k").append(depth).append(k).append(':');
        value(indent, depth);
      }
    }

    /** What follows "key:" (or "- "), ending with a line break. */
    private void value(int indent, int depth) {
      int choice = random.nextInt(depth > 3 ? 5 : 8);
      switch (choice) {
        case 0, 1 -> out.append(' ').append(pick(PLAIN)).append(trailing()).append('\n');
        case 2 -> out.append(' ').append(quoted()).append(trailing()).append('\n');
        case 3, 4 -> blockScalar(indent);
        case 5 -> {
          out.append(trailing()).append('\n');
          mapping(indent + 2, depth + 1, false);
        }
        default -> {
          out.append(trailing()).append('\n');
          sequence(random.nextBoolean() ? indent : indent + 2, depth + 1);
        }
      }
    }

    private void sequence(int indent, int depth) {
      int items = 1 + random.nextInt(3);
      for (int i = 0; i < items; i++) {
        out.append(" ".repeat(indent)).append('-');
        switch (random.nextInt(4)) {
          case 0 -> out.append(' ').append(pick(PLAIN)).append(trailing()).append('\n');
          case 1 -> blockScalar(indent);
          default -> {
            out.append(' ');
            mapping(indent + 2, depth + 1, true);
          }
        }
      }
    }

    private void blockScalar(int indent) {
      out.append(' ').append(random.nextBoolean() ? '>' : '|');
      out.append(pick(new String[] {"", "", "-", "+"})).append('\n');
      int at = indent + 2 + (random.nextInt(4) == 0 ? 2 : 0);
      int lines = 1 + random.nextInt(6);
      out.append(" ".repeat(at)).append(words(1 + random.nextInt(3))).append('\n');
      for (int i = 1; i < lines; i++) {
        switch (random.nextInt(6)) {
          case 0 -> out.append('\n');
          case 1 -> out.append(" ".repeat(at + 2)).append(words(2)).append('\n');
          case 2 -> out.append(" ".repeat(at)).append(words(12 + random.nextInt(10))).append('\n');
          case 3 -> out.append(" ".repeat(at + 1)).append(words(14)).append('\n');
          default -> out.append(" ".repeat(at)).append(words(1 + random.nextInt(4))).append('\n');
        }
      }
      if (random.nextInt(4) == 0) {
        out.append('\n');
      }
    }

    private String words(int count) {
      StringBuilder words = new StringBuilder();
      for (int i = 0; i < count; i++) {
        if (i > 0) {
          words.append(random.nextInt(10) == 0 ? "\t" : " ");
        }
        words.append(pick(WORDS));
      }
      return words.toString();
    }

    private String quoted() {
      String text = pick(PLAIN);
      return random.nextBoolean() ? "'" + text + "'" : "\"" + text + "\"";
    }

    /** Nothing, or white space with a tab after the content (kustomize takes it as space). */
    private String trailing() {
      return switch (random.nextInt(8)) {
        case 0 -> "\t";
        case 1 -> " \t";
        case 2 -> "\t ";
        default -> "";
      };
    }

    private String pick(String[] options) {
      return options[random.nextInt(options.length)];
    }
  }
}
