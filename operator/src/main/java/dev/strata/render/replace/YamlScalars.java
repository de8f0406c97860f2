package dev.strata.render.replace;

import dev.strata.render.yaml.KustomizeYaml;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Types scalars as kustomize's yaml.v3 nodes do: the tag a parsed value carries, the text it holds,
 * and the value a text takes under a tag once kustomize decodes it for output.
 */
final class YamlScalars {

  // A replacement copies only the text into a scalar target and keeps the target's tag, so "5"
  // into replicas: 1 becomes the int 5 and 5 into image: x becomes the string "5". kustomize
  // decodes the node with go-yaml v3 when it prints it, and fails there when the text does not
  // fit the tag; this class ports that decoding (resolve.go) and the JSON step after it.

  static final String STR = "!!str";
  static final String INT = "!!int";
  static final String FLOAT = "!!float";
  static final String BOOL = "!!bool";
  static final String NULL = "!!null";
  static final String TIMESTAMP = "!!timestamp";

  /** The tag of a node kyaml creates (a new field or list element): resolved from the text. */
  static final String UNTAGGED = "";

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

  private YamlScalars() {}

  static boolean isScalar(Object value) {
    return !(value instanceof Map<?, ?>) && !(value instanceof List<?>);
  }

  /** The tag go-yaml gives the node this value was read from. */
  static String tag(Object value) {
    if (value instanceof StyledScalar styled) {
      return styled.tag();
    }
    if (value == null) {
      return NULL;
    }
    if (value instanceof String) {
      return STR;
    }
    if (value instanceof Boolean) {
      return BOOL;
    }
    if (value instanceof Double || value instanceof Float) {
      return FLOAT;
    }
    if (value instanceof Number) {
      return INT;
    }
    return value instanceof Map<?, ?> ? "!!map" : "!!seq";
  }

  /**
   * The node's text (yaml.Node.Value). The original spelling of a number is not kept after parsing,
   * so a float reads as kustomize would print it; null reads as the empty text.
   */
  static String text(Object value) {
    if (value instanceof StyledScalar styled) {
      return styled.value();
    }
    if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
      return "";
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return d.isNaN() ? ".nan" : (d > 0 ? ".inf" : "-.inf");
    }
    if (value instanceof Double || value instanceof Float) {
      return KustomizeYaml.write(value).strip();
    }
    return String.valueOf(value);
  }

  /**
   * The value kustomize prints for a scalar node with this tag and text.
   *
   * @throws KyamlException as go-yaml's "cannot decode" or encoding/json's "unsupported value"
   */
  static Object decode(String tag, String text) throws KyamlException {
    if (STR.equals(tag)) {
      return text;
    }
    Resolved resolved = resolve(tag, text);
    Object value = resolved.value;
    if (!tag.equals(UNTAGGED) && !tag.equals(resolved.tag)) {
      if (tag.equals(FLOAT) && resolved.tag.equals(INT)) {
        value = ((Number) value).doubleValue();
      } else {
        throw new KyamlException("cannot decode " + resolved.tag + " `" + text + "` as a " + tag);
      }
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      throw new KyamlException(
          "json: unsupported value: " + (d.isNaN() ? "NaN" : (d > 0 ? "+Inf" : "-Inf")));
    }
    return value;
  }

  /** The tag go-yaml v3 gives a plain scalar with this text. */
  static String plainTag(String text) {
    return resolve(UNTAGGED, text).tag;
  }

  private record Resolved(String tag, Object value) {}

  /** go-yaml v3's resolve for a plain scalar, the tag deciding only whether to try timestamps. */
  private static Resolved resolve(String tag, String in) {
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
  static BigInteger parseGoInt(String s) {
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
