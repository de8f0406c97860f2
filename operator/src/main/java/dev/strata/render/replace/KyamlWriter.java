package dev.strata.render.replace;

import static dev.strata.render.replace.ScalarAnalysis.isBlank;
import static dev.strata.render.replace.ScalarAnalysis.isBreak;
import static dev.strata.render.replace.ScalarAnalysis.isPrintable;

import dev.strata.render.replace.StyledScalar.Style;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Writes a YAML tree as kyaml's encoder writes nodes: go-yaml v3 with an indent of two, compact
 * sequences ("- " at the parent key's column), no line width, each node in the style it was read in
 * where that style can hold its text.
 */
public final class KyamlWriter {

  // A port of go-yaml v3's emitter (emitterc.go) for what StyledYaml reads: block and flow
  // collections and scalars of any style, without comments, anchors or explicit tags. The event
  // state machine becomes recursion; "parent is a block sequence item" stands for the top of the
  // emitter's state stack, the one thing its indentation reads from it. With no width limit the
  // emitter never folds lines, so the folding branches are gone.

  private static final int BEST_INDENT = 2;

  private final StringBuilder out = new StringBuilder();
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int indent = -1;
  private final Deque<Integer> indents = new ArrayDeque<>();
  private int flowLevel;
  private boolean mappingContext;
  private boolean simpleKeyContext;

  private KyamlWriter() {}

  /** The text kyaml's String() gives for the tree, without the final line break. */
  public static String write(Object root) {
    KyamlWriter writer = new KyamlWriter();
    writer.node(root, false, false, false, false);
    writer.writeIndent(); // document end
    return writer.out.toString().strip();
  }

  private void node(
      Object node, boolean sequence, boolean mapping, boolean simpleKey, boolean inBlockItem) {
    mappingContext = mapping;
    simpleKeyContext = simpleKey;
    if (node instanceof Map<?, ?> map) {
      if (flowLevel > 0 || map instanceof StyledYaml.FlowMap || map.isEmpty()) {
        flowMapping(map, inBlockItem);
      } else {
        blockMapping(map, inBlockItem);
      }
    } else if (node instanceof List<?> list) {
      if (flowLevel > 0 || list instanceof StyledYaml.FlowList || list.isEmpty()) {
        flowSequence(list, inBlockItem);
      } else {
        blockSequence(list, inBlockItem);
      }
    } else {
      scalar(Scalar.of(node, simpleKey), inBlockItem);
    }
  }

  // ---- collections ----

  private void blockSequence(List<?> list, boolean inBlockItem) {
    boolean compact = mappingContext && (column == 0 || !indention);
    increaseIndent(false, compact, inBlockItem);
    for (Object item : list) {
      writeIndent();
      writeIndicator("-", true, false, true);
      node(item, true, false, false, true);
    }
    popIndent();
  }

  private void blockMapping(Map<?, ?> map, boolean inBlockItem) {
    increaseIndent(false, false, inBlockItem);
    for (var entry : map.entrySet()) {
      writeIndent();
      Scalar key = Scalar.of(entry.getKey(), true);
      if (isSimpleKey(key)) {
        node(entry.getKey(), false, true, true, false);
        writeIndicator(":", false, false, false);
      } else {
        writeIndicator("?", true, false, true);
        node(entry.getKey(), false, true, false, false);
        writeIndent();
        writeIndicator(":", true, false, true);
      }
      node(entry.getValue(), false, true, false, false);
    }
    popIndent();
  }

  private void flowSequence(List<?> list, boolean inBlockItem) {
    writeIndicator("[", true, true, false);
    increaseIndent(true, false, inBlockItem);
    flowLevel++;
    boolean first = true;
    for (Object item : list) {
      if (!first) {
        writeIndicator(",", false, false, false);
      }
      first = false;
      if (column == 0) {
        writeIndent();
      }
      node(item, true, false, false, false);
    }
    flowLevel--;
    popIndent();
    if (column == 0) {
      writeIndent();
    }
    writeIndicator("]", false, false, false);
  }

  private void flowMapping(Map<?, ?> map, boolean inBlockItem) {
    writeIndicator("{", true, true, false);
    increaseIndent(true, false, inBlockItem);
    flowLevel++;
    boolean first = true;
    for (var entry : map.entrySet()) {
      if (!first) {
        writeIndicator(",", false, false, false);
      }
      first = false;
      if (column == 0) {
        writeIndent();
      }
      if (isSimpleKey(Scalar.of(entry.getKey(), true))) {
        node(entry.getKey(), false, true, true, false);
        writeIndicator(":", false, false, false);
      } else {
        writeIndicator("?", true, false, false);
        node(entry.getKey(), false, true, false, false);
        writeIndicator(":", true, false, false);
      }
      node(entry.getValue(), false, true, false, false);
    }
    flowLevel--;
    popIndent();
    writeIndicator("}", false, false, false);
  }

  /** yaml_emitter_check_simple_key for a scalar key: one line, at most 128 bytes. */
  private static boolean isSimpleKey(Scalar key) {
    ScalarAnalysis analysis = new ScalarAnalysis(key.value);
    int length =
        key.value.getBytes(StandardCharsets.UTF_8).length
            + (key.tag.isEmpty() ? 0 : key.tag.length());
    return !analysis.multiline && length <= 128;
  }

  // ---- scalars ----

  /** A scalar as go-yaml's encoder hands it to the emitter: text, tag kept or not, style. */
  private record Scalar(String value, String tag, Style style) {

    /**
     * encoder.node for a scalar: the tag is dropped when the text implies it; a string whose plain
     * text would read as another type is double-quoted.
     */
    static Scalar of(Object node, boolean key) {
      String value;
      String tag;
      Style style;
      if (node instanceof StyledScalar styled) {
        value = styled.value();
        tag = styled.tag();
        style = styled.style();
      } else {
        // Plain values come from kustomize: keys and elements it created (untagged) or a copy
        // of the source (tagged as read).
        value = node == null ? "null" : YamlScalars.text(node);
        tag = key && node instanceof String ? YamlScalars.UNTAGGED : YamlScalars.tag(node);
        style = Style.PLAIN;
      }
      boolean forceQuoting = false;
      // A tag the text wrote out is written back; another is dropped where the text implies it.
      boolean written = node instanceof StyledScalar styled && styled.tagged();
      if (!tag.isEmpty() && !written) {
        if (tag.equals(YamlScalars.STR) && style != Style.PLAIN) {
          tag = "";
        } else {
          String resolved = YamlScalars.plainTag(value);
          if (resolved.equals(tag)) {
            tag = "";
          } else if (tag.equals(YamlScalars.STR)) {
            tag = "";
            forceQuoting = true;
          }
        }
      }
      if (style == Style.PLAIN && value.contains("\n")) {
        style = Style.LITERAL;
      } else if (style == Style.PLAIN && forceQuoting) {
        style = Style.DOUBLE_QUOTED;
      }
      return new Scalar(value, tag, style);
    }
  }

  private void scalar(Scalar scalar, boolean inBlockItem) {
    ScalarAnalysis analysis = new ScalarAnalysis(scalar.value);
    Style style = selectStyle(scalar.style, analysis);
    if (!scalar.tag.isEmpty()) {
      // The "!!" handle, then the suffix; kyaml's tags are all in the YAML namespace.
      if (!whitespace) {
        put(' ');
      }
      append("!!");
      append(scalar.tag.substring(2));
      whitespace = false;
      indention = false;
    }
    increaseIndent(true, false, inBlockItem);
    int[] text = scalar.value.codePoints().toArray();
    switch (style) {
      case PLAIN -> plain(text);
      case SINGLE_QUOTED -> singleQuoted(text);
      case DOUBLE_QUOTED -> doubleQuoted(text);
      case LITERAL -> literal(text);
      default -> folded(text);
    }
    popIndent();
  }

  /** yaml_emitter_select_scalar_style. */
  private Style selectStyle(Style requested, ScalarAnalysis analysis) {
    Style style = requested;
    if (simpleKeyContext && analysis.multiline) {
      style = Style.DOUBLE_QUOTED;
    }
    if (style == Style.PLAIN) {
      if ((flowLevel > 0 && !analysis.flowPlainAllowed)
          || (flowLevel == 0 && !analysis.blockPlainAllowed)) {
        style = Style.SINGLE_QUOTED;
      }
      if (analysis.empty && (flowLevel > 0 || simpleKeyContext)) {
        style = Style.SINGLE_QUOTED;
      }
    }
    if (style == Style.SINGLE_QUOTED && !analysis.singleQuotedAllowed) {
      style = Style.DOUBLE_QUOTED;
    }
    if ((style == Style.LITERAL || style == Style.FOLDED)
        && (!analysis.blockAllowed || flowLevel > 0 || simpleKeyContext)) {
      style = Style.DOUBLE_QUOTED;
    }
    return style;
  }

  private void plain(int[] text) {
    if (text.length > 0 && !whitespace) {
      put(' ');
    }
    boolean breaks = false;
    for (int c : text) {
      if (c == ' ') {
        write(c);
      } else if (isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        write(c);
        indention = false;
        breaks = false;
      }
    }
    if (text.length > 0) {
      whitespace = false;
    }
    indention = false;
  }

  private void singleQuoted(int[] text) {
    writeIndicator("'", true, false, false);
    boolean breaks = false;
    for (int c : text) {
      if (c == ' ') {
        write(c);
      } else if (isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        if (c == '\'') {
          put('\'');
        }
        write(c);
        indention = false;
        breaks = false;
      }
    }
    writeIndicator("'", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void doubleQuoted(int[] text) {
    writeIndicator("\"", true, false, false);
    // go-yaml's is_bom looks at the start of the text whatever the position, so a text that
    // starts with a byte order mark has every character escaped.
    boolean bom = text.length > 0 && text[0] == 0xFEFF;
    for (int c : text) {
      if (!isPrintable(c) || bom || isBreak(c) || c == '"' || c == '\\') {
        put('\\');
        String escape = ESCAPES.get(c);
        if (escape != null) {
          append(escape);
        } else {
          int width = c <= 0xFF ? 2 : (c <= 0xFFFF ? 4 : 8);
          put(width == 2 ? 'x' : (width == 4 ? 'u' : 'U'));
          append(String.format("%0" + width + "X", c));
        }
      } else {
        write(c);
      }
    }
    writeIndicator("\"", false, false, false);
    whitespace = false;
    indention = false;
  }

  private static final Map<Integer, String> ESCAPES =
      Map.ofEntries(
          Map.entry(0x00, "0"),
          Map.entry(0x07, "a"),
          Map.entry(0x08, "b"),
          Map.entry(0x09, "t"),
          Map.entry(0x0A, "n"),
          Map.entry(0x0B, "v"),
          Map.entry(0x0C, "f"),
          Map.entry(0x0D, "r"),
          Map.entry(0x1B, "e"),
          Map.entry(0x22, "\""),
          Map.entry(0x5C, "\\"),
          Map.entry(0x85, "N"),
          Map.entry(0xA0, "_"),
          Map.entry(0x2028, "L"),
          Map.entry(0x2029, "P"));

  private void literal(int[] text) {
    writeIndicator("|", true, false, false);
    blockScalarHints(text);
    putBreak();
    whitespace = true;
    boolean breaks = true;
    for (int c : text) {
      if (isBreak(c)) {
        writeBreak(c);
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        write(c);
        indention = false;
        breaks = false;
      }
    }
  }

  private void folded(int[] text) {
    writeIndicator(">", true, false, false);
    blockScalarHints(text);
    putBreak();
    whitespace = true;
    boolean breaks = true;
    boolean leadingSpaces = true;
    for (int c : text) {
      if (isBreak(c)) {
        if (!breaks && !leadingSpaces && c == '\n') {
          // As go-yaml: the look-ahead starts from the beginning of the text, not from here.
          int k = 0;
          while (k < text.length && isBreak(text[k])) {
            k++;
          }
          if (!(k == text.length || isBlank(text[k]) || isBreak(text[k]) || text[k] == 0)) {
            putBreak();
          }
        }
        writeBreak(c);
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
          leadingSpaces = isBlank(c);
        }
        write(c);
        indention = false;
        breaks = false;
      }
    }
  }

  /** An indentation indicator before leading space, and the chomping indicator. */
  private void blockScalarHints(int[] text) {
    if (text.length > 0 && (text[0] == ' ' || isBreak(text[0]))) {
      writeIndicator(String.valueOf(BEST_INDENT), false, false, false);
    }
    String chomp = "";
    int last = text.length - 1;
    if (text.length == 0 || !isBreak(text[last])) {
      chomp = "-";
    } else if (last == 0 || isBreak(text[last - 1])) {
      chomp = "+";
    }
    if (!chomp.isEmpty()) {
      writeIndicator(chomp, false, false, false);
    }
  }

  // ---- output primitives ----

  /** yaml_emitter_increase_indent_compact. */
  private void increaseIndent(boolean flow, boolean compactSequence, boolean inBlockItem) {
    indents.push(indent);
    if (indent < 0) {
      indent = flow ? BEST_INDENT : 0;
    } else if (inBlockItem) {
      indent += 2; // the first indent in a sequence item only skips the "- "
    } else {
      indent = BEST_INDENT * ((indent + BEST_INDENT) / BEST_INDENT);
      if (compactSequence) {
        indent -= 2;
      }
    }
  }

  private void popIndent() {
    indent = indents.pop();
  }

  private void writeIndent() {
    int target = Math.max(indent, 0);
    if (!indention || column > target || (column == target && !whitespace)) {
      putBreak();
    }
    while (column < target) {
      put(' ');
    }
    whitespace = true;
  }

  private void writeIndicator(
      String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put(' ');
    }
    append(indicator);
    whitespace = isWhitespace;
    indention = indention && isIndention;
  }

  private void put(char c) {
    out.append(c);
    column++;
  }

  private void append(String s) {
    out.append(s);
    column += s.codePointCount(0, s.length());
  }

  private void write(int c) {
    out.appendCodePoint(c);
    column++;
  }

  private void putBreak() {
    out.append('\n');
    column = 0;
    indention = true;
  }

  private void writeBreak(int c) {
    if (c == '\n') {
      putBreak();
    } else {
      out.appendCodePoint(c);
      column = 0;
      indention = true;
    }
  }
}
