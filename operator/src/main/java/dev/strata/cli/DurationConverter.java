package dev.strata.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses Go-style durations (30s, 5m, 1h30m, 500ms), the syntax the CRDs use too. */
public final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** Parses a Go-style duration made of whole units. */
  public static Duration parse(String value) {
    Matcher matcher = PART.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
              });
      end = matcher.end();
    }
    if (end == 0 || end != value.length()) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration; use forms like 30s, 5m or 1h30m");
    }
    return total;
  }
}
