package dev.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({"30s,PT30S", "5m,PT5M", "1h30m,PT1H30M", "500ms,PT0.5S", "2h0m5s,PT2H5S"})
  void parsesGoDurations(String text, String expected) {
    assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 minutes", "m5", "5m x", "-5s", "1d"})
  void rejectsAnythingElseSayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("is not a duration; use forms like 30s, 5m or 1h30m");
  }
}
