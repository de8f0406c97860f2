package dev.strata.render.yaml;

import java.util.Set;

/** Decides, as go-yaml v2 does, whether a string printed unquoted would read back as a string. */
final class GoResolve {

  // go-yaml quotes a string exactly when its plain form resolves to another tag (resolve.go) or
  // looks like a base 60 float (encode.go), so this ports the resolver's quirks rather than the
  // YAML 1.1 spec: its first-byte hint table, Go's strconv number syntax (base prefixes,
  // underscores, overflow) and time.Parse with go-yaml's four timestamp layouts.

  private static final Set<String> SPECIAL =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", //
          "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", //
          "", "~", "null", "Null", "NULL", //
          ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", //
          "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");

  private static final int[] DAYS_IN = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private GoResolve() {}

  /** Whether go-yaml v2's {@code stringv} may print {@code s} unquoted (canUsePlain). */
  static boolean plainReadsAsString(String s) {
    return resolvesToString(s) && !isBase60Float(s);
  }

  private static boolean resolvesToString(String s) {
    if (s.isEmpty()) {
      return false; // resolves to null
    }
    char c = s.charAt(0);
    char hint = hint(c);
    if (hint == 0) {
      return true;
    }
    if (SPECIAL.contains(s)) {
      return false;
    }
    switch (hint) {
      case 'M':
        return true;
      case '.':
        return !parseFloatOk(s, 0, s.length());
      default: // 'D' or 'S'
        if (isTimestamp(s)) {
          return false;
        }
        String plain = s.indexOf('_') < 0 ? s : s.replace("_", "");
        if (parseIntOk(plain) || parseUintOk(plain, 0, plain.length(), 0)) {
          return false;
        }
        if (yamlStyleFloat(plain) && parseFloatOk(plain, 0, plain.length())) {
          return false;
        }
        if (plain.startsWith("0b")) {
          String rest = plain.substring(2);
          if (parseSignedOk(rest, 2) || parseUintOk(rest, 0, rest.length(), 2)) {
            return false;
          }
        } else if (plain.startsWith("-0b")) {
          if (parseSignedOk("-" + plain.substring(3), 2)) {
            return false;
          }
        }
        return true;
    }
  }

  private static char hint(char c) {
    if (c == '+' || c == '-') {
      return 'S';
    }
    if (c >= '0' && c <= '9') {
      return 'D';
    }
    if (c == '.') {
      return '.';
    }
    switch (c) {
      case 'y':
      case 'Y':
      case 'n':
      case 'N':
      case 't':
      case 'T':
      case 'f':
      case 'F':
      case 'o':
      case 'O':
      case '~':
        return 'M';
      default:
        return 0;
    }
  }

  // ---- strconv.ParseInt / ParseUint (bitSize 64) ----

  /** strconv.ParseInt(s, 0, 64) succeeds. */
  private static boolean parseIntOk(String s) {
    return parseSignedOk(s, 0);
  }

  /** strconv.ParseInt(s, base, 64) succeeds. */
  private static boolean parseSignedOk(String s, int base) {
    if (s.isEmpty()) {
      return false;
    }
    int start = 0;
    boolean neg = false;
    if (s.charAt(0) == '+') {
      start = 1;
    } else if (s.charAt(0) == '-') {
      start = 1;
      neg = true;
    }
    long[] value = new long[1];
    if (!parseUint(s, start, s.length(), base, value)) {
      return false;
    }
    int cmp = Long.compareUnsigned(value[0], Long.MIN_VALUE);
    return neg ? cmp <= 0 : cmp < 0;
  }

  private static boolean parseUintOk(String s, int from, int to, int base) {
    return parseUint(s, from, to, base, new long[1]);
  }

  /**
   * strconv.ParseUint(s[from:to], base, 64): whether it succeeds, with the uint64 bits in value[0].
   * Base 0 reads Go's 0b/0o/0x/0 prefixes and allows underscores.
   */
  private static boolean parseUint(String s, int from, int to, int base, long[] value) {
    if (from >= to) {
      return false;
    }
    boolean base0 = base == 0;
    int i = from;
    if (base0) {
      base = 10;
      if (s.charAt(i) == '0') {
        char p = to - from >= 3 ? (char) (s.charAt(i + 1) | 0x20) : 0;
        if (p == 'b') {
          base = 2;
          i += 2;
        } else if (p == 'o') {
          base = 8;
          i += 2;
        } else if (p == 'x') {
          base = 16;
          i += 2;
        } else {
          base = 8;
          i += 1;
        }
      }
    }
    long cutoff = Long.divideUnsigned(-1L, base) + 1;
    boolean underscores = false;
    long n = 0;
    for (; i < to; i++) {
      char c = s.charAt(i);
      int d;
      if (c == '_' && base0) {
        underscores = true;
        continue;
      } else if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c < 0x80 && (c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        d = (c | 0x20) - 'a' + 10;
      } else {
        return false;
      }
      if (d >= base || Long.compareUnsigned(n, cutoff) >= 0) {
        return false;
      }
      n *= base;
      long n1 = n + d;
      if (Long.compareUnsigned(n1, n) < 0) {
        return false;
      }
      n = n1;
    }
    if (underscores && !underscoreOk(s, from, to)) {
      return false;
    }
    value[0] = n;
    return true;
  }

  private static boolean underscoreOk(String s, int from, int to) {
    char saw = '^';
    int i = from;
    if (to - i >= 1 && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    boolean hex = false;
    if (to - i >= 2 && s.charAt(i) == '0') {
      char p = (char) (s.charAt(i + 1) | 0x20);
      if (p == 'b' || p == 'o' || p == 'x') {
        i += 2;
        saw = '0';
        hex = p == 'x';
      }
    }
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9' || hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  // ---- strconv.ParseFloat (bitSize 64) ----

  /**
   * strconv.ParseFloat(s[from:to], 64) succeeds, for the only inputs it gets here: text starting
   * with '.' or matching yamlStyleFloat (so no hex mantissa and no inf/nan words). Go accepts
   * underscores between digits and fails on overflow to ±Inf.
   */
  private static boolean parseFloatOk(String s, int from, int to) {
    int i = from;
    if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    boolean underscores = false;
    boolean sawdot = false;
    boolean sawdigits = false;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
      } else if (c == '.' && !sawdot) {
        sawdot = true;
      } else if (c >= '0' && c <= '9') {
        sawdigits = true;
      } else {
        break;
      }
    }
    if (!sawdigits) {
      return false;
    }
    if (i < to && (s.charAt(i) | 0x20) == 'e') {
      i++;
      if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      if (i >= to || !isDigit(s.charAt(i))) {
        return false;
      }
      for (; i < to && (isDigit(s.charAt(i)) || s.charAt(i) == '_'); i++) {
        underscores |= s.charAt(i) == '_';
      }
    }
    if (i != to || (underscores && !underscoreOk(s, from, to))) {
      return false;
    }
    String text = s.substring(from, to);
    return !Double.isInfinite(Double.parseDouble(underscores ? text.replace("_", "") : text));
  }

  /** {@code ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$}, without a regex. */
  private static boolean yamlStyleFloat(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
    } else {
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return false;
      }
    }
    return i == n;
  }

  /**
   * {@code isBase60Float}: {@code ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$}. go-yaml no
   * longer reads these as numbers but still quotes them for older parsers.
   */
  static boolean isBase60Float(String s) {
    if (s.isEmpty()) {
      return false;
    }
    char c = s.charAt(0);
    if (!(c == '+' || c == '-' || isDigit(c)) || s.indexOf(':') < 0) {
      return false;
    }
    int n = s.length();
    int i = 0;
    if (c == '+' || c == '-') {
      i++;
    }
    if (i >= n || !isDigit(s.charAt(i))) {
      return false;
    }
    i++;
    while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    int groups = 0;
    while (i < n && s.charAt(i) == ':') {
      i++;
      // [0-5]?[0-9]: one digit, or two digits with the first in 0-5.
      if (i < n && isDigit(s.charAt(i))) {
        if (i + 1 < n && isDigit(s.charAt(i + 1)) && s.charAt(i) <= '5') {
          i += 2;
        } else {
          i += 1;
        }
      } else {
        return false;
      }
      groups++;
    }
    if (groups == 0) {
      return false;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---- timestamps: go-yaml's parseTimestamp over Go's time.Parse ----

  /**
   * go-yaml's {@code parseTimestamp}: four leading digits and a dash, then any of the layouts
   * "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case t, "2006-1-2 15:4:5.999999999"
   * and "2006-1-2", as Go's time.Parse reads them.
   */
  static boolean isTimestamp(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    if (i != 4 || i == n || s.charAt(i) != '-') {
      return false;
    }
    return parseLayout(s, 'T')
        || parseLayout(s, 't')
        || parseLayout(s, ' ')
        || parseLayout(s, (char) 0);
  }

  /**
   * time.Parse with layout 2006-1-2, followed (unless {@code sep} is 0) by sep + 15:4:5.999999999
   * and, when sep is 'T' or 't', Z07:00.
   */
  private static boolean parseLayout(String v, char sep) {
    int n = v.length();
    int year = (v.charAt(0) - '0') * 1000 + (v.charAt(1) - '0') * 100;
    year += (v.charAt(2) - '0') * 10 + (v.charAt(3) - '0');
    int[] pos = {4};
    if (!literal(v, pos, '-')) {
      return false;
    }
    int month = getnum(v, pos);
    if (month < 0) {
      return false;
    }
    if (month < 1 || month > 12) {
      return false;
    }
    if (!literal(v, pos, '-')) {
      return false;
    }
    int day = getnum(v, pos);
    if (day < 0) {
      return false;
    }
    if (sep != 0) {
      if (sep == ' ') {
        // time.skip: a space in the layout matches any run of spaces, or the end of the value.
        if (pos[0] < n && v.charAt(pos[0]) != ' ') {
          return false;
        }
        while (pos[0] < n && v.charAt(pos[0]) == ' ') {
          pos[0]++;
        }
      } else if (!literal(v, pos, sep)) {
        return false;
      }
      int hour = getnum(v, pos);
      if (hour < 0 || hour >= 24) {
        return false;
      }
      if (!literal(v, pos, ':')) {
        return false;
      }
      int min = getnum(v, pos);
      if (min < 0 || min >= 60) {
        return false;
      }
      if (!literal(v, pos, ':')) {
        return false;
      }
      int sec = getnum(v, pos);
      if (sec < 0 || sec >= 60) {
        return false;
      }
      // .999999999: optional; a separator followed by a digit takes every digit after it.
      int p = pos[0];
      if (n - p >= 2 && (v.charAt(p) == '.' || v.charAt(p) == ',') && isDigit(v.charAt(p + 1))) {
        p += 2;
        while (p < n && isDigit(v.charAt(p))) {
          p++;
        }
        pos[0] = p;
      }
      if (sep != ' ' && !zone(v, pos)) {
        return false;
      }
    }
    if (pos[0] != n) {
      return false; // extra text
    }
    return day >= 1 && day <= daysIn(month, year);
  }

  /** Z07:00: "Z", or a sign, two digits, a colon and two digits, each at most 24 and 60. */
  private static boolean zone(String v, int[] pos) {
    int p = pos[0];
    int n = v.length();
    if (p < n && v.charAt(p) == 'Z') {
      pos[0] = p + 1;
      return true;
    }
    if (n - p < 6 || v.charAt(p + 3) != ':') {
      return false;
    }
    char sign = v.charAt(p);
    if (!(isDigit(v.charAt(p + 1)) && isDigit(v.charAt(p + 2)))) {
      return false;
    }
    if (!(isDigit(v.charAt(p + 4)) && isDigit(v.charAt(p + 5)))) {
      return false;
    }
    int hr = (v.charAt(p + 1) - '0') * 10 + (v.charAt(p + 2) - '0');
    int mm = (v.charAt(p + 4) - '0') * 10 + (v.charAt(p + 5) - '0');
    if (hr > 24 || mm > 60) {
      return false;
    }
    if (sign != '+' && sign != '-') {
      return false;
    }
    pos[0] = p + 6;
    return true;
  }

  private static boolean literal(String v, int[] pos, char c) {
    if (pos[0] < v.length() && v.charAt(pos[0]) == c) {
      pos[0]++;
      return true;
    }
    return false;
  }

  /** time.getnum(s, false): one or two digits, or -1. */
  private static int getnum(String v, int[] pos) {
    int p = pos[0];
    int n = v.length();
    if (p >= n || !isDigit(v.charAt(p))) {
      return -1;
    }
    if (p + 1 >= n || !isDigit(v.charAt(p + 1))) {
      pos[0] = p + 1;
      return v.charAt(p) - '0';
    }
    pos[0] = p + 2;
    return (v.charAt(p) - '0') * 10 + (v.charAt(p + 1) - '0');
  }

  private static int daysIn(int month, int year) {
    if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
      return 29;
    }
    return DAYS_IN[month - 1];
  }
}
