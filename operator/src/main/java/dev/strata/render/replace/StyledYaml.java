package dev.strata.render.replace;

import dev.strata.render.replace.StyledScalar.Style;
import dev.strata.render.yaml.WholeCharacters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads YAML text into maps, lists and {@link StyledScalar}s that remember how each node was
 * written (flow or block collections, scalar styles and tags), as go-yaml v3's nodes do, for text
 * that kustomize edits and writes back.
 */
final class StyledYaml {

  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";
  private static final int MAX_CHARS = 4 * 1024 * 1024;

  private StyledYaml() {}

  /** A mapping written in flow style: {@code {a: b}}. */
  static final class FlowMap extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;
  }

  /** A sequence written in flow style: {@code [a, b]}. */
  static final class FlowList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;
  }

  /**
   * A document read from text.
   *
   * @param root the first document, or {@link FieldPath#EMPTY_DOCUMENT}
   * @param unsupported what in the text {@link KyamlWriter} cannot write back as go-yaml would
   *     (comments, anchors and aliases, other tags, keys that are not scalars), or null
   */
  record Parsed(Object root, String unsupported) {}

  /**
   * Reads the first document of {@code text}, as go-yaml v3 reads it into nodes: tags are kept, not
   * checked against the text.
   *
   * @throws KyamlException when the text is not YAML
   */
  static Parsed parse(String text) throws KyamlException {
    var settings =
        LoadSettings.builder().setParseComments(true).setCodePointLimit(MAX_CHARS).build();
    String source = text;
    while (true) {
      Builder builder = new Builder();
      try {
        for (Event event : new Parse(settings).parseReader(new WholeCharacters(source))) {
          if (builder.handle(event)) {
            break; // go-yaml reads the first document only
          }
        }
        return new Parsed(builder.root, builder.unsupported);
      } catch (MarkedYamlEngineException e) {
        String rewritten = withEscapeGoYamlKnows(source, e);
        if (rewritten == null) {
          throw new KyamlException(
              "yaml: line "
                  + e.getProblemMark().map(m -> m.getLine() + 1).orElse(0)
                  + ": "
                  + e.getProblem());
        }
        source = rewritten;
      } catch (YamlEngineException e) {
        throw new KyamlException("yaml: " + e.getMessage());
      }
    }
  }

  /**
   * The text with the double-quoted escape snakeyaml-engine stopped at spelled another way, when
   * go-yaml reads it: \L and \P (which go-yaml's encoder writes for U+2028 and U+2029) and a
   * backslash before a tab; null for any other error.
   */
  private static String withEscapeGoYamlKnows(String text, MarkedYamlEngineException e) {
    if (e.getProblemMark().isEmpty() || !e.getProblem().startsWith("found unknown escape")) {
      return null;
    }
    int at = e.getProblemMark().get().getIndex();
    if (at <= 0 || at >= text.length() || text.charAt(at - 1) != '\\') {
      return null;
    }
    String replacement =
        switch (text.charAt(at)) {
          case 'L' -> "u2028";
          case 'P' -> "u2029";
          case '\t' -> "t";
          default -> null;
        };
    return replacement == null
        ? null
        : text.substring(0, at) + replacement + text.substring(at + 1);
  }

  /** A collection being read; a mapping alternates between a key and its value. */
  private static final class Frame {
    final Object container;
    Object key;
    boolean keyPending = true;

    Frame(Object container) {
      this.container = container;
    }
  }

  /** Puts nodes where the events say: the root, a list's end, or a key and then its value. */
  private static final class Builder {
    private final Deque<Frame> open = new ArrayDeque<>();
    private final Map<Anchor, Object> anchors = new java.util.HashMap<>();
    Object root = FieldPath.EMPTY_DOCUMENT;
    String unsupported;

    /** Takes one event; true at the end of the first document. */
    boolean handle(Event event) {
      switch (event.getEventId()) {
        case Comment:
          unsupported("comments");
          return false;
        case DocumentEnd:
          return true;
        case Alias:
          unsupported("aliases");
          add(anchors.get(((AliasEvent) event).getAlias()));
          return false;
        case Scalar:
          add(remember((NodeEvent) event, scalar((ScalarEvent) event)));
          return false;
        case MappingStart:
        case SequenceStart:
          CollectionStartEvent start = (CollectionStartEvent) event;
          if (start.getTag().isPresent()) {
            unsupported("tags on collections");
          }
          boolean flow = start.isFlow();
          Object collection =
              event.getEventId() == Event.ID.MappingStart
                  ? (flow ? new FlowMap() : new LinkedHashMap<>())
                  : (flow ? new FlowList() : new ArrayList<>());
          add(remember(start, collection));
          open.push(new Frame(collection));
          return false;
        case MappingEnd:
        case SequenceEnd:
          open.pop();
          return false;
        default:
          return false;
      }
    }

    private Object remember(NodeEvent event, Object node) {
      Optional<Anchor> anchor = event.getAnchor();
      if (anchor.isPresent()) {
        unsupported("anchors");
        anchors.put(anchor.get(), node);
      }
      return node;
    }

    private void unsupported(String what) {
      unsupported = unsupported == null ? "it has " + what : unsupported;
    }

    @SuppressWarnings("unchecked")
    private void add(Object node) {
      if (open.isEmpty()) {
        root = node;
        return;
      }
      Frame frame = open.peek();
      if (frame.container instanceof List<?> list) {
        ((List<Object>) list).add(node);
      } else if (frame.keyPending) {
        if (!(node instanceof StyledScalar)) {
          unsupported("keys that are not scalars");
        }
        frame.key = node;
        frame.keyPending = false;
      } else {
        ((Map<Object, Object>) frame.container).put(frame.key, node);
        frame.keyPending = true;
      }
    }

    private StyledScalar scalar(ScalarEvent event) {
      String value = event.getValue();
      Style style = style(event.getScalarStyle());
      Optional<String> explicit = event.getTag().filter(t -> !t.equals("!"));
      if (explicit.isPresent()) {
        String tag = explicit.get();
        if (!tag.startsWith(YAML_TAG_PREFIX)) {
          unsupported("tags outside the YAML namespace");
          return new StyledScalar(value, tag, style, true);
        }
        return new StyledScalar(value, "!!" + tag.substring(YAML_TAG_PREFIX.length()), style, true);
      }
      if (style != Style.PLAIN) {
        return new StyledScalar(value, YamlScalars.STR, style);
      }
      if (value.equals("<<")) {
        unsupported("merge keys");
      }
      return new StyledScalar(value, YamlScalars.plainTag(value), style);
    }
  }

  private static Style style(ScalarStyle style) {
    if (style == ScalarStyle.DOUBLE_QUOTED) {
      return Style.DOUBLE_QUOTED;
    }
    if (style == ScalarStyle.SINGLE_QUOTED) {
      return Style.SINGLE_QUOTED;
    }
    if (style == ScalarStyle.LITERAL) {
      return Style.LITERAL;
    }
    return style == ScalarStyle.FOLDED ? Style.FOLDED : Style.PLAIN;
  }
}
