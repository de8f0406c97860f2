package dev.strata.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Parses a duration as Go's time.ParseDuration does ("1m1s", "1.5h", "300ms", "-2us"). */
final class GoDuration {

  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDuration() {}

  /** The duration, or null where Go reports an error. */
  static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      return null;
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      char first = s.charAt(i);
      if (!(first == '.' || isDigit(first))) {
        return null;
      }
      int start = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      boolean whole = i > start;
      String number = s.substring(start, i);
      boolean fraction = false;
      if (i < s.length() && s.charAt(i) == '.') {
        int dot = ++i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        fraction = i > dot;
        number = (number.isEmpty() ? "0" : number) + "." + s.substring(dot, i);
      }
      if (!whole && !fraction) {
        return null;
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      Long unit = UNITS.get(s.substring(unitStart, i));
      if (unit == null) {
        return null;
      }
      total =
          total.add(
              new BigDecimal(number.endsWith(".") ? number + "0" : number)
                  .multiply(BigDecimal.valueOf(unit)));
      if (total.toBigInteger().compareTo(MAX_NANOS) > 0) {
        return null;
      }
    }
    long nanos = total.toBigInteger().longValueExact();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
