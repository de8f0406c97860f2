package dev.strata.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the duration fields of the API, which take Go's duration syntax as Flux does. */
public final class Durations {

  /** Schema pattern: a Go duration without sign, e.g. 30s, 5m, 1h30m, 500ms. */
  static final String PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a Go-style duration made of whole units (30s, 5m, 1h30m, 500ms).
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
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
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration; use forms like 30s, 5m or 1h30m");
    }
    return total;
  }
}
