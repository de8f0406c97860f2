package dev.strata.render.replace;

import dev.strata.render.yaml.GoYamlV3;
import dev.strata.render.yaml.KustomizeYaml;
import java.util.List;
import java.util.Map;

/**
 * Types scalars as kustomize's yaml.v3 nodes do: the tag a parsed value carries, the text it holds,
 * and the value a text takes under a tag once kustomize decodes it for output.
 */
final class YamlScalars {

  // A replacement copies only the text into a scalar target and keeps the target's tag, so "5"
  // into replicas: 1 becomes the int 5 and 5 into image: x becomes the string "5". kustomize
  // decodes the node with go-yaml v3 when it prints it, and fails there when the text does not
  // fit the tag; this class ports that decoding (resolve.go) and the JSON step after it.

  static final String STR = GoYamlV3.STR;
  static final String INT = GoYamlV3.INT;
  static final String FLOAT = GoYamlV3.FLOAT;
  static final String BOOL = GoYamlV3.BOOL;
  static final String NULL = GoYamlV3.NULL;
  static final String TIMESTAMP = GoYamlV3.TIMESTAMP;

  /** The tag of a node kyaml creates (a new field or list element): resolved from the text. */
  static final String UNTAGGED = GoYamlV3.UNTAGGED;

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
    GoYamlV3.Resolved resolved = GoYamlV3.resolve(tag, text);
    Object value = resolved.value();
    if (!tag.equals(UNTAGGED) && !tag.equals(resolved.tag())) {
      if (tag.equals(FLOAT) && resolved.tag().equals(INT)) {
        value = ((Number) value).doubleValue();
      } else {
        throw new KyamlException("cannot decode " + resolved.tag() + " `" + text + "` as a " + tag);
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
    return GoYamlV3.plainTag(text);
  }
}
