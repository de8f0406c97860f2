package dev.strata.render.yaml;

/**
 * Reads a plain YAML timestamp as go-yaml v3 does (Go's time.Parse with four layouts) and writes it
 * as Go's time.Time JSON (RFC 3339 with nanoseconds), which is what kustomize then prints.
 */
public final class GoTimestamp {

  // The layouts, from go-yaml v3's resolve.go: "2006-1-2T15:4:5.999999999Z07:00", the same with a
  // lower-case t, "2006-1-2 15:4:5.999999999" and "2006-1-2". java.time parses neither Go's
  // one-or-two-digit fields nor its comma fractions, hence this small reader.

  private static final int[] DAYS_IN = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private final String s;
  private int at;

  private GoTimestamp(String s) {
    this.s = s;
  }

  /** The RFC 3339 text of the timestamp {@code s} denotes, or null when it is not one. */
  public static String rfc3339(String s) {
    int digits = 0;
    while (digits < s.length() && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') {
      digits++;
    }
    if (digits != 4 || digits == s.length() || s.charAt(digits) != '-') {
      return null;
    }
    for (char separator : new char[] {'T', 't', ' ', 0}) {
      String parsed = new GoTimestamp(s).parse(separator);
      if (parsed != null) {
        return parsed;
      }
    }
    return null;
  }

  /** One layout; separator 0 is the date-only layout. */
  private String parse(char separator) {
    int year = Integer.parseInt(s.substring(0, 4));
    at = 5;
    int month = number();
    if (month < 1 || month > 12 || !literal('-')) {
      return null;
    }
    int day = number();
    if (day < 1) {
      return null;
    }
    int hour = 0;
    int minute = 0;
    int second = 0;
    String fraction = "";
    String zone = "Z";
    if (separator != 0) {
      if (!literal(separator)) {
        return null;
      }
      hour = number();
      if (hour < 0 || hour >= 24 || !literal(':')) {
        return null;
      }
      minute = number();
      if (minute < 0 || minute >= 60 || !literal(':')) {
        return null;
      }
      second = number();
      if (second < 0 || second >= 60) {
        return null;
      }
      fraction = fraction();
      if (separator != ' ') {
        zone = zone();
        if (zone == null) {
          return null;
        }
      }
    }
    if (at != s.length() || day > daysIn(month, year)) {
      return null;
    }
    return String.format(
        "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
        year, month, day, hour, minute, second, fraction, zone);
  }

  /** Go's getnum: one digit, or two when the second is a digit too; -1 when none. */
  private int number() {
    if (!digit(at)) {
      return -1;
    }
    if (!digit(at + 1)) {
      return s.charAt(at++) - '0';
    }
    int value = (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    at += 2;
    return value;
  }

  /** An optional fraction after a period or comma; up to nine digits count, as in Go. */
  private String fraction() {
    if (at + 1 >= s.length() || (s.charAt(at) != '.' && s.charAt(at) != ',') || !digit(at + 1)) {
      return "";
    }
    int start = ++at;
    while (digit(at)) {
      at++;
    }
    String digits = s.substring(start, Math.min(at, start + 9));
    digits = (digits + "000000000").substring(0, 9).replaceAll("0+$", "");
    return digits.isEmpty() ? "" : "." + digits;
  }

  /** Z or ±hh:mm; Go prints Z for any zero offset. */
  private String zone() {
    if (at < s.length() && s.charAt(at) == 'Z') {
      at++;
      return "Z";
    }
    if (at + 6 > s.length() || s.charAt(at + 3) != ':') {
      return null;
    }
    char sign = s.charAt(at);
    String hours = s.substring(at + 1, at + 3);
    String minutes = s.substring(at + 4, at + 6);
    if ((sign != '+' && sign != '-')
        || !digit(at + 1)
        || !digit(at + 2)
        || !digit(at + 4)
        || !digit(at + 5)) {
      return null;
    }
    int h = Integer.parseInt(hours);
    int m = Integer.parseInt(minutes);
    if (h > 24 || m > 60) {
      return null;
    }
    at += 6;
    return h == 0 && m == 0 ? "Z" : sign + hours + ":" + minutes;
  }

  private boolean literal(char c) {
    if (at < s.length() && s.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private boolean digit(int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  private static int daysIn(int month, int year) {
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return month == 2 && leap ? 29 : DAYS_IN[month - 1];
  }
}
