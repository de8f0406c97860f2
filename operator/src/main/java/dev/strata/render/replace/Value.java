package dev.strata.render.replace;

import dev.strata.render.Resource;
import dev.strata.render.replace.FieldPath.Create;
import java.util.List;
import java.util.Map;

/**
 * Holds the value a replacement copies: a node of the source resource, the piece of a scalar its
 * delimiter picks (which keeps the scalar's tag), or a {@code sourceValue} literal (which kustomize
 * creates untagged).
 */
final class Value {

  private final Object node;
  private final String tag;
  private final String text;
  private final boolean whole;

  private Value(Object node, String tag, String text, boolean whole) {
    this.node = node;
    this.tag = tag;
    this.text = text;
    this.whole = whole;
  }

  static Value of(Object node) {
    return new Value(node, YamlScalars.tag(node), YamlScalars.text(node), true);
  }

  static Value refined(String tag, String text) {
    return new Value(null, tag, text, false);
  }

  static Value untagged(String text) {
    return new Value(null, YamlScalars.UNTAGGED, text, false);
  }

  /** The text a scalar target takes (kyaml's Node.Value). */
  String text() {
    return text;
  }

  /** The kind a target creates for it. */
  Create kind() {
    if (node instanceof Map<?, ?>) {
      return Create.MAPPING;
    }
    return node instanceof List<?> ? Create.SEQUENCE : Create.SCALAR;
  }

  /**
   * A fresh copy of the node, for a target that is a map or a list (kustomize replaces the node
   * whole, tag included).
   */
  Object node() throws KyamlException {
    return whole ? Resource.deepCopy(node) : YamlScalars.decode(tag, text);
  }

  /** Whether this is a node of the source as read, rather than a literal or a piece of one. */
  boolean isWhole() {
    return whole;
  }

  /**
   * The scalar for a target map or list inside YAML text kustomize writes back, for a literal or a
   * piece: plain, with the tag it has (none for a literal).
   */
  StyledScalar styledNode() {
    return new StyledScalar(text, tag, StyledScalar.Style.PLAIN);
  }
}
