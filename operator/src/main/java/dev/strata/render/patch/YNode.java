package dev.strata.render.patch;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Models a YAML node as go-yaml v3's {@code yaml.Node}, with the kyaml helpers strategic merge
 * uses.
 *
 * <p>kyaml merges by mutating nodes in place, replacing a node's contents with another's ({@code
 * RNode.SetYNode}) and rebuilding content lists; its results depend on which nodes are shared, so
 * this model keeps node identity and copies content lists on every change, as Go reassigns slices.
 * Scalars keep the Java value they were made from, so values come back with the type they went in
 * with.
 */
final class YNode {

  enum Kind {
    MAPPING,
    SEQUENCE,
    SCALAR
  }

  static final String NULL_TAG = "!!null";

  private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();

  Kind kind;
  String tag;
  String value;
  List<YNode> content;

  /** The Java scalar this node stands for; null for a node kyaml creates from a string. */
  Object scalar;

  /** kyaml's RNode.ShouldKeep: a null that merge must write rather than clear. */
  boolean keep;

  /**
   * Whether the scalar was quoted (or a block) in its file. The file's style is gone by now, so
   * this is known only for strings that YAML would otherwise read as something else, or that span
   * lines; other strings are taken as plain, as hand-written manifests mostly have them.
   */
  boolean quoted;

  private YNode(Kind kind, String tag, String value, List<YNode> content, Object scalar) {
    this.kind = kind;
    this.tag = tag;
    this.value = value;
    this.content = content;
    this.scalar = scalar;
  }

  static YNode mapping(List<YNode> content) {
    return new YNode(Kind.MAPPING, "!!map", "", content, null);
  }

  static YNode sequence(List<YNode> content) {
    return new YNode(Kind.SEQUENCE, "!!seq", "", content, null);
  }

  /** kyaml's NewScalarRNode: an untagged scalar, which reads back as a string. */
  static YNode untaggedScalar(String value) {
    return new YNode(Kind.SCALAR, "", value, List.of(), null);
  }

  /** kyaml's MakePersistentNullNode. */
  static YNode persistentNull(String value) {
    YNode node = new YNode(Kind.SCALAR, NULL_TAG, value, List.of(), null);
    node.keep = true;
    return node;
  }

  /** The node for a YAML value made of maps, lists and scalars. */
  static YNode of(Object value) {
    if (value instanceof Map<?, ?> map) {
      List<YNode> content = new ArrayList<>(map.size() * 2);
      map.forEach(
          (k, v) -> {
            String key = String.valueOf(k);
            content.add(new YNode(Kind.SCALAR, "!!str", key, List.of(), key));
            content.add(of(v));
          });
      return mapping(content);
    }
    if (value instanceof List<?> list) {
      List<YNode> content = new ArrayList<>(list.size());
      list.forEach(item -> content.add(of(item)));
      return sequence(content);
    }
    if (value == null) {
      // The source text (null, ~ or nothing) is gone; "null" keeps it as kyaml keeps a
      // non-empty null in a merge target.
      return new YNode(Kind.SCALAR, NULL_TAG, "null", List.of(), null);
    }
    if (value instanceof String s) {
      YNode node = new YNode(Kind.SCALAR, "!!str", s, List.of(), s);
      node.quoted = s.indexOf('\n') >= 0 || !Tag.STR.equals(CORE.resolve(s, true));
      return node;
    }
    if (value instanceof Boolean b) {
      return new YNode(Kind.SCALAR, "!!bool", b.toString(), List.of(), b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return new YNode(Kind.SCALAR, "!!int", value.toString(), List.of(), value);
    }
    if (value instanceof Number n) {
      return new YNode(Kind.SCALAR, "!!float", GoFloat.formatG(n.doubleValue()), List.of(), value);
    }
    return new YNode(Kind.SCALAR, "!!str", value.toString(), List.of(), value.toString());
  }

  /** The YAML value this node stands for, as fresh maps and lists. */
  Object toValue() {
    switch (kind) {
      case MAPPING:
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < content.size(); i += 2) {
          map.put(content.get(i).value, content.get(i + 1).toValue());
        }
        return map;
      case SEQUENCE:
        List<Object> list = new ArrayList<>(content.size());
        content.forEach(item -> list.add(item.toValue()));
        return list;
      default:
        if (NULL_TAG.equals(tag)) {
          return null;
        }
        // An untagged scalar kyaml made from a key's text: it prints quoted where go-yaml would
        // read it as another type, so it reads back as a string.
        return scalar != null ? scalar : value;
    }
  }

  /** RNode.SetYNode: this node takes the other's contents, keeping its own identity. */
  void copyFrom(YNode other) {
    kind = other.kind;
    tag = other.tag;
    value = other.value;
    content = other.content;
    scalar = other.scalar;
  }

  // ---- predicates (kyaml/yaml/rnode.go, types.go) ----

  static boolean isMissingOrNull(YNode node) {
    return node == null || NULL_TAG.equals(node.tag);
  }

  static boolean isTaggedNull(YNode node) {
    return node != null && NULL_TAG.equals(node.tag);
  }

  static boolean isEmptyMap(YNode node) {
    return isMissingOrNull(node) || (node.kind == Kind.MAPPING && node.content.isEmpty());
  }

  static boolean isNilOrEmpty(YNode node) {
    return node == null
        || NULL_TAG.equals(node.tag)
        || (node.kind != Kind.SCALAR && node.content.isEmpty());
  }

  /** yaml.GetValue: the scalar text, "" for a missing or null node. */
  static String valueOf(YNode node) {
    return isMissingOrNull(node) ? "" : node.value;
  }

  // ---- mapping access ----

  /** The field names of a mapping, in order; none for anything else. */
  List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    if (kind == Kind.MAPPING) {
      for (int i = 0; i + 1 < content.size(); i += 2) {
        names.add(content.get(i).value);
      }
    }
    return names;
  }

  /** RNode.Field(name).Value: the value of the first entry with this key, null if none. */
  YNode field(String name) {
    if (kind != Kind.MAPPING) {
      return null;
    }
    for (int i = 0; i + 1 < content.size(); i += 2) {
      if (content.get(i).value.equals(name)) {
        return content.get(i + 1);
      }
    }
    return null;
  }

  /** yaml.Clear(name): removes the first entry with this key. */
  void clearField(String name) {
    for (int i = 0; i + 1 < content.size(); i += 2) {
      if (content.get(i).value.equals(name)) {
        List<YNode> rest = new ArrayList<>(content);
        rest.subList(i, i + 2).clear();
        content = rest;
        return;
      }
    }
  }

  /** Appends an entry, as FieldSetter does when the key is absent. */
  void appendField(String name, YNode fieldValue) {
    List<YNode> more = new ArrayList<>(content);
    more.add(new YNode(Kind.SCALAR, "!!str", name, List.of(), name));
    more.add(fieldValue);
    content = more;
  }

  /**
   * yaml.FieldSetter with a name: clears the field for a missing value or a null kyaml may drop,
   * else overwrites the existing value node's contents or appends an entry.
   */
  void setField(String name, YNode fieldValue) {
    if (fieldValue == null || (isTaggedNull(fieldValue) && !fieldValue.keep)) {
      clearField(name);
      return;
    }
    YNode existing = field(name);
    if (existing != null) {
      if (existing.quoted
          && existing.kind == Kind.SCALAR
          && fieldValue.kind == Kind.SCALAR
          && !"!!str".equals(fieldValue.tag)
          && !NULL_TAG.equals(fieldValue.tag)) {
        // kyaml gives the new value the old one's style: a quoted old value makes a number or
        // boolean that replaces it print quoted, so it reads back as a string.
        existing.copyFrom(new YNode(Kind.SCALAR, "!!str", fieldValue.value, List.of(), null));
        return;
      }
      existing.copyFrom(fieldValue);
    } else {
      appendField(name, fieldValue);
    }
  }

  /** yaml.Append: adds an element to a sequence. */
  void append(YNode element) {
    List<YNode> more = new ArrayList<>(content);
    more.add(element);
    content = more;
  }

  @Override
  public String toString() {
    return kind == Kind.SCALAR ? value : String.valueOf(toValue());
  }
}
