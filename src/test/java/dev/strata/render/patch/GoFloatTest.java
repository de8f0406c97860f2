package dev.strata.render.patch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {

  /** Expected values are what Go's strconv.FormatFloat(f, 'g', -1, 64) prints. */
  @ParameterizedTest
  @CsvSource({
    "2.5, 2.5",
    "100000, 100000",
    "1000000, 1e+06",
    "12345678, 1.2345678e+07",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "-1.5e-7, -1.5e-07",
    "1e21, 1e+21",
    "123456789012345678901234, 1.2345678901234569e+23",
    "1e23, 1e+23",
    "8.41e21, 8.41e+21",
    "5e-324, 5e-324",
    "0, 0"
  })
  void formatsAsGoDoes(double value, String expected) {
    assertThat(GoFloat.formatG(value)).isEqualTo(expected);
  }

  /** Expected values are what Go's strconv.FormatFloat(f, 'f', -1, 64) prints. */
  @ParameterizedTest
  @CsvSource({
    "2.5, 2.5",
    "1000000, 1000000",
    "0.00001, 0.00001",
    "-1.5e-7, -0.00000015",
    "1e23, 100000000000000000000000",
    "3.0, 3",
    "0, 0"
  })
  void formatsWithoutExponentAsGoDoes(double value, String expected) {
    assertThat(GoFloat.formatF(value)).isEqualTo(expected);
  }
}
