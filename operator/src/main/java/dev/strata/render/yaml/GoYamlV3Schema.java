package dev.strata.render.yaml;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads YAML into the values kustomize ends up with: scalars typed by go-yaml v3's rules ({@link
 * GoYamlV3}), and folded block scalars as go-yaml's round trip leaves them ({@link FoldedScalars}).
 */
public final class GoYamlV3Schema extends CoreSchema {

  // kustomize reads a file into yaml.v3 nodes, and everything after that (patches, output) starts
  // from the node re-encoded and decoded again (kyaml's RNode.MarshalJSON). For every scalar style
  // but folded that round trip is exact.

  /**
   * An annotation value: kustomize reads annotations as the node's text and writes them back as new
   * string nodes, so {@code 0755} stays "0755", {@code ~} stays "~" and a folded value is not
   * round-tripped.
   */
  private static final Tag ANNOTATION = new Tag("tag:strata.dev,2026:annotation");

  /** A plain timestamp: kustomize decodes it into a time.Time and prints its RFC 3339 text. */
  private static final Tag TIMESTAMP = new Tag(Tag.PREFIX + "timestamp");

  /**
   * Marks the scalar values of {@code metadata.annotations} in a composed document (and in the
   * items of a List) to be read as their text.
   */
  public static void keepAnnotationText(Node document) {
    if (!(document instanceof MappingNode object)) {
      return;
    }
    valueOf(object, "metadata")
        .flatMap(metadata -> valueOf(metadata, "annotations"))
        .ifPresent(
            annotations -> {
              for (NodeTuple annotation : annotations.getValue()) {
                if (annotation.getValueNode() instanceof ScalarNode text) {
                  text.setTag(ANNOTATION);
                }
              }
            });
    for (NodeTuple field : object.getValue()) {
      if (field.getKeyNode() instanceof ScalarNode key
          && key.getValue().equals("items")
          && field.getValueNode() instanceof SequenceNode items) {
        items.getValue().forEach(GoYamlV3Schema::keepAnnotationText);
      }
    }
  }

  private static Optional<MappingNode> valueOf(MappingNode mapping, String key) {
    for (NodeTuple field : mapping.getValue()) {
      if (field.getKeyNode() instanceof ScalarNode name
          && name.getValue().equals(key)
          && field.getValueNode() instanceof MappingNode value) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  @Override
  public ScalarResolver getScalarResolver() {
    // "<<" is go-yaml's merge key: the mapping (or list of mappings) it names is merged in, keys
    // written beside it winning.
    return (value, implicit) ->
        !implicit ? Tag.STR : value.equals("<<") ? Tag.MERGE : tagOf(GoYamlV3.plainTag(value));
  }

  private static Tag tagOf(String goTag) {
    return switch (goTag) {
      case GoYamlV3.INT -> Tag.INT;
      case GoYamlV3.FLOAT -> Tag.FLOAT;
      case GoYamlV3.BOOL -> Tag.BOOL;
      case GoYamlV3.NULL -> Tag.NULL;
      case GoYamlV3.TIMESTAMP -> TIMESTAMP;
      default -> Tag.STR;
    };
  }

  @Override
  public Map<Tag, ConstructNode> getSchemaTagConstructors() {
    Map<Tag, ConstructNode> constructors = new HashMap<>(super.getSchemaTagConstructors());
    constructors.put(Tag.INT, node -> decode(GoYamlV3.INT, node));
    constructors.put(Tag.FLOAT, node -> decode(GoYamlV3.FLOAT, node));
    constructors.put(Tag.BOOL, node -> decode(GoYamlV3.BOOL, node));
    constructors.put(Tag.NULL, node -> null);
    // go-yaml decodes !!binary into interface{} as the decoded bytes, a Go string.
    constructors.put(
        Tag.BINARY,
        node ->
            new String(
                Base64.getMimeDecoder().decode(((ScalarNode) node).getValue()),
                StandardCharsets.UTF_8));
    constructors.put(TIMESTAMP, node -> decode(GoYamlV3.TIMESTAMP, node));
    constructors.put(Tag.STR, GoYamlV3Schema::string);
    constructors.put(ANNOTATION, node -> ((ScalarNode) node).getValue());
    return constructors;
  }

  private static Object string(Node node) {
    ScalarNode scalar = (ScalarNode) node;
    return scalar.getScalarStyle() == ScalarStyle.FOLDED
        ? FoldedScalars.afterRoundTrip(scalar.getValue())
        : scalar.getValue();
  }

  /** The value of a scalar tagged (or resolved) as {@code goTag}; go-yaml's error otherwise. */
  private static Object decode(String goTag, Node node) {
    String text = ((ScalarNode) node).getValue();
    GoYamlV3.Resolved resolved = GoYamlV3.resolve(goTag, text);
    if (resolved.tag().equals(goTag)) {
      return resolved.value();
    }
    if (goTag.equals(GoYamlV3.FLOAT) && resolved.tag().equals(GoYamlV3.INT)) {
      return ((Number) resolved.value()).doubleValue();
    }
    throw new YamlEngineException(
        "cannot decode " + resolved.tag() + " `" + text + "` as a " + goTag);
  }
}
