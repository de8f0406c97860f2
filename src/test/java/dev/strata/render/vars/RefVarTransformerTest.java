package dev.strata.render.vars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** $(NAME) expansion as kustomize's refvar.DoReplacements (expected values from its tests). */
class RefVarTransformerTest {

  private final RefVarTransformer transformer =
      new RefVarTransformer(
          Map.of(
              "VAR_A",
              "A",
              "VAR_B",
              "B",
              "VAR_EMPTY",
              "",
              "PORT",
              8080L,
              "RATIO",
              0.5,
              "BIG",
              1e6,
              "FLAG",
              true,
              "LIST",
              Vars.NOT_PRIMITIVE),
          List.of());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "$(VAR_A)-$(VAR_B)           | A-B",
        "$(VAR_A)$(VAR_B)$$(VAR_A)   | AB$(VAR_A)",
        "$$(VAR_B)_$(VAR_A)          | $(VAR_B)_A",
        "foo\\$(VAR_A)               | foo\\A",
        "$$$$$(VAR_A)                | $$A",
        "$(VAR_DNE)                  | $(VAR_DNE)",
        "$(VAR_A                     | $(VAR_A",
        "$VAR_A and $ and $          | $VAR_A and $ and $",
        "'$(VAR_EMPTY)x'             | x",
        "$()                         | $()",
        "$(LIST) stays               | $(LIST) stays",
        "port $(PORT)                | port 8080",
        "$(RATIO)/$(BIG)/$(FLAG)     | 0.5/1e+06/true",
      })
  void expandsInsideStrings(String input, String expected) {
    assertThat(transformer.expand(input)).isEqualTo(expected);
  }

  @Test
  void aWholeReferenceTakesTheValuesType() {
    assertThat(transformer.expand("$(PORT)")).isEqualTo(8080L);
    assertThat(transformer.expand("$(RATIO)")).isEqualTo(0.5);
    assertThat(transformer.expand("$(FLAG)")).isEqualTo(true);
    assertThat(transformer.expand("$(LIST)")).isEqualTo("$(LIST)");
    assertThat(transformer.expand("$(VAR_EMPTY)")).isEqualTo("");
  }
}
