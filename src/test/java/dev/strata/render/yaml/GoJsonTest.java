package dev.strata.render.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON comes out as Go's encoding/json writes it. */
class GoJsonTest {

  @Test
  void compactSortsKeysEscapesHtmlAndFormatsNumbersAsGo() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("z", List.of(1, 2.5, 1e21, 0.000001, 100000.0));
    tree.put("a", "<a&b>\u2028\"\\\n\t\u0001");
    tree.put("é", null);
    tree.put("b", Map.of());

    assertThat(GoJson.write(tree, false))
        .isEqualTo(
            "{\"a\":\"\\u003ca\\u0026b\\u003e\\u2028\\\"\\\\\\n\\t\\u0001\",\"b\":{},"
                + "\"z\":[1,2.5,1e+21,0.000001,100000],\"é\":null}");
  }

  @Test
  void indentedAsMarshalIndentWithTwoSpaces() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("list", List.of(Map.of("k", true), List.of()));
    tree.put("empty", Map.of());

    assertThat(GoJson.write(tree, true))
        .isEqualTo(
            "{\n"
                + "  \"empty\": {},\n"
                + "  \"list\": [\n"
                + "    {\n"
                + "      \"k\": true\n"
                + "    },\n"
                + "    []\n"
                + "  ]\n"
                + "}");
  }

  @Test
  void refusesWhatGoRefuses() {
    assertThatThrownBy(() -> GoJson.write(List.of(Double.NaN), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GoJson.write(Map.of(1, "a"), false))
        .hasMessageContaining("map[interface {}]interface {}");
  }
}
