package dev.strata.render.yaml;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves plain scalars as go-yaml v3 does (resolve.go), the library kustomize reads every
 * resource and patch with: YAML 1.2's booleans and nulls, but Go's number syntax, so {@code 0755}
 * is the octal 493, {@code 1_000} is 1000 and {@code 0b101} is 5.
 */
public final class GoYamlV3 {

  public static final String STR = "!!str";
  public static final String INT = "!!int";
  public static final String FLOAT = "!!float";
  public static final String BOOL = "!!bool";
  public static final String NULL = "!!null";
  public static final String TIMESTAMP = "!!timestamp";

  /** The tag of a node kyaml creates (a new field or list element): resolved from the text. */
  public static final String UNTAGGED = "";

  private static final Pattern YAML_STYLE_FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");

  private static final Map<String, Object> SPECIAL =
      Map.ofEntries(
          Map.entry("true", Boolean.TRUE),
          Map.entry("True", Boolean.TRUE),
          Map.entry("TRUE", Boolean.TRUE),
          Map.entry("false", Boolean.FALSE),
          Map.entry("False", Boolean.FALSE),
          Map.entry("FALSE", Boolean.FALSE),
          Map.entry(".nan", Double.NaN),
          Map.entry(".NaN", Double.NaN),
          Map.entry(".NAN", Double.NaN),
          Map.entry(".inf", Double.POSITIVE_INFINITY),
          Map.entry(".Inf", Double.POSITIVE_INFINITY),
          Map.entry(".INF", Double.POSITIVE_INFINITY),
          Map.entry("+.inf", Double.POSITIVE_INFINITY),
          Map.entry("+.Inf", Double.POSITIVE_INFINITY),
          Map.entry("+.INF", Double.POSITIVE_INFINITY),
          Map.entry("-.inf", Double.NEGATIVE_INFINITY),
          Map.entry("-.Inf", Double.NEGATIVE_INFINITY),
          Map.entry("-.INF", Double.NEGATIVE_INFINITY));

  private static final List<String> NULLS = List.of("", "~", "null", "Null", "NULL");

  private GoYamlV3() {}

  /**
   * A resolved scalar.
   *
   * @param tag one of the tag constants
   * @param value the Java value: String, Boolean, Integer, Long, BigInteger (uint64), Double or
   *     null; for a timestamp, its RFC 3339 text
   */
  public record Resolved(String tag, Object value) {}

  /** The tag go-yaml v3 gives a plain scalar with this text. */
  public static String plainTag(String text) {
    return resolve(UNTAGGED, text).tag();
  }

  /**
   * go-yaml v3's resolve for a scalar's text; the tag it was given decides only whether timestamps
   * are tried (untagged or !!timestamp).
   */
  public static Resolved resolve(String tag, String in) {
    char hint = in.isEmpty() ? 'N' : hint(in.charAt(0));
    if (hint == 0) {
      return new Resolved(STR, in);
    }
    if (NULLS.contains(in)) {
      return new Resolved(NULL, null);
    }
    Object special = SPECIAL.get(in);
    if (special != null) {
      return new Resolved(special instanceof Boolean ? BOOL : FLOAT, special);
    }
    if (hint == '.') {
      Double d = parseFloat(in, DOT_FLOAT);
      return d == null ? new Resolved(STR, in) : new Resolved(FLOAT, d);
    }
    if (hint == 'D' || hint == 'S') {
      if (tag.equals(UNTAGGED) || tag.equals(TIMESTAMP)) {
        String timestamp = GoTimestamp.rfc3339(in);
        if (timestamp != null) {
          return new Resolved(TIMESTAMP, timestamp);
        }
      }
      String plain = in.replace("_", "");
      BigInteger integer = parseGoInt(plain);
      if (integer != null && integer.bitLength() < 64) {
        long l = integer.longValue();
        return new Resolved(INT, l == (int) l ? (Object) (int) l : (Object) l);
      }
      if (integer != null && integer.signum() > 0 && integer.bitLength() == 64) {
        return new Resolved(INT, integer); // uint64
      }
      Double d = parseFloat(plain, YAML_STYLE_FLOAT);
      if (d != null) {
        return new Resolved(FLOAT, d);
      }
    }
    return new Resolved(STR, in);
  }

  private static char hint(char c) {
    if (c == '+' || c == '-') {
      return 'S';
    }
    if (c >= '0' && c <= '9') {
      return 'D';
    }
    if ("yYnNtTfFoO~".indexOf(c) >= 0) {
      return 'M';
    }
    return c == '.' ? '.' : 0;
  }

  /** strconv.ParseFloat on texts the pattern allows; null where Go reports an error. */
  private static Double parseFloat(String s, Pattern allowed) {
    if (!allowed.matcher(s).matches()) {
      return null;
    }
    double d = Double.parseDouble(s);
    return Double.isInfinite(d) ? null : d; // Go reports ErrRange beyond float64
  }

  /**
   * strconv.ParseInt(s, 0, 64) and ParseUint(s, 0, 64) together: an optional sign (ints only), then
   * 0x, 0o, 0b or a leading 0 for octal; null when neither accepts the text.
   */
  public static BigInteger parseGoInt(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean negative = s.charAt(0) == '-';
    String digits = s.charAt(0) == '+' || negative ? s.substring(1) : s;
    if (digits.isEmpty()) {
      return null;
    }
    int radix = 10;
    if (digits.charAt(0) == '0') {
      char second = digits.length() >= 3 ? Character.toLowerCase(digits.charAt(1)) : 0;
      if (second == 'b' || second == 'o' || second == 'x') {
        radix = second == 'b' ? 2 : (second == 'o' ? 8 : 16);
        digits = digits.substring(2);
      } else {
        radix = 8;
        digits = digits.substring(1);
        if (digits.isEmpty()) {
          return BigInteger.ZERO;
        }
      }
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 'z') {
        return null;
      }
    }
    BigInteger value = new BigInteger(digits, radix);
    if (negative) {
      value = value.negate();
      return value.bitLength() < 64 ? value : null;
    }
    // ParseUint takes what ParseInt refuses for range, up to 2^64-1; a sign makes it refuse.
    if (value.bitLength() < 64 || (value.bitLength() == 64 && s.charAt(0) != '+')) {
      return value;
    }
    return null;
  }
}
