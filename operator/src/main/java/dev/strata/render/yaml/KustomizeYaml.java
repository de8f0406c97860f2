package dev.strata.render.yaml;

import java.util.List;
import java.util.Map;

/** Prints JSON-like trees byte for byte as {@code kustomize build} (v5.8.1) prints resources. */
public final class KustomizeYaml {

  // kustomize prints each resource with sigs.k8s.io/yaml's JSONToYAML: Go's encoding/json writes
  // the resource, go-yaml v2 (go.yaml.in/yaml/v2 v2.4.2) reads that JSON into plain Go values and
  // marshals them again. The output is therefore go-yaml v2's. This class ports the parts of it a
  // JSON tree can reach, state for state rather than rule by rule, so that the corner cases agree
  // without being enumerated: the encoder's choices (encode.go: key order, which strings need
  // quotes, numbers) and libyaml's emitter (emitterc.go: scalar analysis and style selection,
  // indentation, folding past column 80, escapes). The JSON leg changes a few inputs too, see
  // JsonRoundTrip and GoNumbers. What kustomize cannot print (NaN, raw U+007F-U+009F, keys with
  // U+0085 or past go-yaml's implicit-key limit) throws IllegalArgumentException.

  // libyaml's defaults, which go-yaml v2 keeps: best_indent 2, best_width 80.
  private static final int BEST_INDENT = 2;
  private static final int BEST_WIDTH = 80;
  private static final int MAX_SIMPLE_KEY_LENGTH = 128;

  private static final int PLAIN = 1;
  private static final int SINGLE_QUOTED = 2;
  private static final int DOUBLE_QUOTED = 3;
  private static final int LITERAL = 4;

  private final StringBuilder out;

  // Emitter state, named as in libyaml's yaml_emitter_t.
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int indent = -1;
  private boolean mappingContext;
  private boolean simpleKeyContext;

  // Analysis of the scalar being emitted (yaml_emitter_analyze_scalar).
  private boolean multiline;
  private boolean blockPlainAllowed;
  private boolean singleQuotedAllowed;
  private boolean blockAllowed;

  private KustomizeYaml(StringBuilder out) {
    this.out = out;
  }

  /** Writes one resource as kustomize build prints it. */
  public static String write(Object tree) {
    StringBuilder out = new StringBuilder(1024);
    KustomizeYaml emitter = new KustomizeYaml(out);
    // The document start is implicit and the end writes only the final line break.
    emitter.node(tree, false, false);
    emitter.writeIndent();
    return out.toString();
  }

  /** The JSON text kustomize's encoding/json writes for {@code n}; for tests that feed Go. */
  static String goJsonNumber(Number n) {
    return GoNumbers.json(n);
  }

  // ---- nodes (yaml_emitter_emit_node and the block/flow collection states) ----

  private void node(Object value, boolean mapping, boolean simpleKey) {
    mappingContext = mapping;
    simpleKeyContext = simpleKey;
    if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      if (map.isEmpty()) {
        emptyFlow("{", "}");
      } else {
        blockMapping(map);
      }
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      if (list.isEmpty()) {
        emptyFlow("[", "]");
      } else {
        blockSequence(list);
      }
    } else if (value instanceof String) {
      string(JsonRoundTrip.value((String) value));
    } else if (value instanceof CharSequence) {
      string(JsonRoundTrip.value(value.toString()));
    } else if (value == null) {
      scalar("null", PLAIN);
    } else if (value instanceof Boolean) {
      scalar((Boolean) value ? "true" : "false", PLAIN);
    } else if (value instanceof Number) {
      scalar(GoNumbers.yaml((Number) value), PLAIN);
    } else {
      throw new IllegalArgumentException(
          "not a JSON value: " + value.getClass().getName() + " " + value);
    }
  }

  private void string(String s) {
    scalar(s, stringStyle(s));
  }

  /**
   * go-yaml's stringv: literal if it has a newline, plain if it reads back as a string, double
   * quotes otherwise; the emitter may still overrule it (selectStyle).
   */
  private static int stringStyle(String s) {
    if (s.indexOf('\n') >= 0) {
      return LITERAL;
    }
    return GoResolve.plainReadsAsString(s) ? PLAIN : DOUBLE_QUOTED;
  }

  private void emptyFlow(String open, String close) {
    writeIndicator(open, true, true, false);
    writeIndicator(close, false, false, false);
  }

  private void blockSequence(List<?> list) {
    int saved = indent;
    increaseIndent(false, mappingContext && !indention);
    for (Object item : list) {
      writeIndent();
      writeIndicator("-", true, false, true);
      node(item, false, false);
    }
    indent = saved;
  }

  private void blockMapping(Map<?, ?> map) {
    int saved = indent;
    increaseIndent(false, false);
    int n = map.size();
    String[] keys = new String[n];
    Object[] values = new Object[n];
    int i = 0;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      keys[i] = JsonRoundTrip.key(String.valueOf(entry.getKey()));
      values[i++] = entry.getValue();
    }
    for (int e : KeyOrder.order(keys)) {
      String key = keys[e];
      Object value = values[e];
      writeIndent();
      analyze(key);
      int style = stringStyle(key);
      // yaml_emitter_check_simple_key: "key: value" only for one-line keys of at most 128 bytes;
      // others take the explicit "? key" / ": value" form, where they may even fold.
      if (!multiline && utf8Length(key) <= MAX_SIMPLE_KEY_LENGTH) {
        mappingContext = true;
        simpleKeyContext = true;
        emitScalar(key, style);
        writeIndicator(":", false, false, false);
      } else {
        writeIndicator("?", true, false, true);
        mappingContext = true;
        simpleKeyContext = false;
        emitScalar(key, style);
        writeIndent();
        writeIndicator(":", true, false, true);
      }
      node(value, true, false);
    }
    indent = saved;
  }

  // ---- scalars ----

  private void scalar(String value, int style) {
    analyze(value);
    emitScalar(value, style);
  }

  /** yaml_emitter_emit_scalar after analysis: select the style, indent, write. */
  private void emitScalar(String value, int style) {
    style = selectStyle(value, style);
    int saved = indent;
    increaseIndent(true, false);
    boolean allowBreaks = !simpleKeyContext;
    switch (style) {
      case PLAIN:
        writePlain(value, allowBreaks);
        break;
      case SINGLE_QUOTED:
        writeSingleQuoted(value, allowBreaks);
        break;
      case DOUBLE_QUOTED:
        writeDoubleQuoted(value, allowBreaks);
        break;
      default:
        writeLiteral(value);
        break;
    }
    indent = saved;
  }

  /** yaml_emitter_select_scalar_style, outside flow collections and without tags. */
  private int selectStyle(String value, int style) {
    if (simpleKeyContext && multiline) {
      style = DOUBLE_QUOTED;
    }
    if (style == PLAIN) {
      if (!blockPlainAllowed || (value.isEmpty() && simpleKeyContext)) {
        style = SINGLE_QUOTED;
      }
    }
    if (style == SINGLE_QUOTED && !singleQuotedAllowed) {
      style = DOUBLE_QUOTED;
    }
    if (style == LITERAL && (!blockAllowed || simpleKeyContext)) {
      style = DOUBLE_QUOTED;
    }
    return style;
  }

  /** yaml_emitter_analyze_scalar, keeping the flags block context needs. */
  private void analyze(String value) {
    int n = value.length();
    if (n == 0) {
      multiline = false;
      blockPlainAllowed = true;
      singleQuotedAllowed = true;
      blockAllowed = false;
      return;
    }
    boolean blockIndicators = false;
    boolean lineBreaks = false;
    boolean specialCharacters = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean previousSpace = false;
    boolean previousBreak = false;

    if (n >= 3 && (value.startsWith("---") || value.startsWith("..."))) {
      blockIndicators = true;
    }
    for (int i = 0; i < n; ) {
      int c = value.codePointAt(i);
      int next = i + Character.charCount(c);
      boolean last = next >= n;
      boolean followedByWhitespace = last || isBlank(value.charAt(next));
      if (i == 0) {
        switch (c) {
          case '#':
          case ',':
          case '[':
          case ']':
          case '{':
          case '}':
          case '&':
          case '*':
          case '!':
          case '|':
          case '>':
          case '\'':
          case '"':
          case '%':
          case '@':
          case '`':
            blockIndicators = true;
            break;
          case '?':
          case ':':
          case '-':
            blockIndicators |= followedByWhitespace;
            break;
          default:
            break;
        }
      } else if (c == ':') {
        blockIndicators |= followedByWhitespace;
      } else if (c == '#') {
        blockIndicators |= precededByWhitespace;
      }
      if (!isPrintable(c)) {
        specialCharacters = true;
      }
      if (c == ' ') {
        leadingSpace |= i == 0;
        trailingSpace |= last;
        breakSpace |= previousBreak;
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(c)) {
        lineBreaks = true;
        leadingBreak |= i == 0;
        trailingBreak |= last;
        spaceBreak |= previousSpace;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = c == ' ' || c == '\t' || c == 0 || isBreak(c);
      i = next;
    }
    multiline = lineBreaks;
    blockPlainAllowed =
        !(leadingSpace
            || leadingBreak
            || trailingSpace
            || trailingBreak
            || breakSpace
            || spaceBreak
            || specialCharacters
            || lineBreaks
            || blockIndicators);
    singleQuotedAllowed = !(breakSpace || spaceBreak || specialCharacters);
    blockAllowed = !(trailingSpace || spaceBreak || specialCharacters);
  }

  // ---- writers (yaml_emitter_write_*) ----

  private void writePlain(String value, boolean allowBreaks) {
    if (!whitespace) {
      put(' ');
    }
    boolean spaces = false;
    boolean breaks = false;
    int n = value.length();
    for (int i = 0; i < n; ) {
      int c = value.codePointAt(i);
      int next = i + Character.charCount(c);
      if (c == ' ') {
        if (allowBreaks
            && !spaces
            && column > BEST_WIDTH
            && !(next < n && value.charAt(next) == ' ')) {
          writeIndent();
        } else {
          put(' ');
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        write(c);
        indention = false;
        spaces = false;
        breaks = false;
      }
      i = next;
    }
    whitespace = false;
    indention = false;
  }

  private void writeSingleQuoted(String value, boolean allowBreaks) {
    writeIndicator("'", true, false, false);
    boolean spaces = false;
    boolean breaks = false;
    int n = value.length();
    for (int i = 0; i < n; ) {
      int c = value.codePointAt(i);
      int next = i + Character.charCount(c);
      if (c == ' ') {
        if (allowBreaks
            && !spaces
            && column > BEST_WIDTH
            && i > 0
            && next < n
            && value.charAt(next) != ' ') {
          writeIndent();
        } else {
          put(' ');
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        indention = true;
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
        spaces = false;
        breaks = false;
      }
      i = next;
    }
    writeIndicator("'", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeDoubleQuoted(String value, boolean allowBreaks) {
    boolean spaces = false;
    writeIndicator("\"", true, false, false);
    // libyaml's is_bom(value, i) ignores i: a value starting with U+FEFF escapes every character.
    boolean bom = !value.isEmpty() && value.charAt(0) == '\uFEFF';
    int n = value.length();
    for (int i = 0; i < n; ) {
      int c = value.codePointAt(i);
      int next = i + Character.charCount(c);
      if (!isPrintable(c) || bom || isBreak(c) || c == '"' || c == '\\') {
        put('\\');
        writeEscape(c);
        spaces = false;
      } else if (c == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && next < n) {
          writeIndent();
          if (value.charAt(next) == ' ') {
            // Keeps the next space from being read as indentation.
            put('\\');
          }
        } else {
          put(' ');
        }
        spaces = true;
      } else {
        write(c);
        spaces = false;
      }
      i = next;
    }
    writeIndicator("\"", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeEscape(int c) {
    switch (c) {
      case 0x00:
        put('0');
        return;
      case 0x07:
        put('a');
        return;
      case 0x08:
        put('b');
        return;
      case 0x09:
        put('t');
        return;
      case 0x0A:
        put('n');
        return;
      case 0x0B:
        put('v');
        return;
      case 0x0C:
        put('f');
        return;
      case 0x0D:
        put('r');
        return;
      case 0x1B:
        put('e');
        return;
      case 0x22:
        put('"');
        return;
      case 0x5C:
        put('\\');
        return;
      case 0x85:
        put('N');
        return;
      case 0xA0:
        put('_');
        return;
      case 0x2028:
        put('L');
        return;
      case 0x2029:
        put('P');
        return;
      default:
        int width;
        if (c <= 0xFF) {
          put('x');
          width = 2;
        } else if (c <= 0xFFFF) {
          put('u');
          width = 4;
        } else {
          put('U');
          width = 8;
        }
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
          put(Character.toUpperCase(Character.forDigit((c >> shift) & 0xF, 16)));
        }
    }
  }

  private void writeLiteral(String value) {
    writeIndicator("|", true, false, false);
    // yaml_emitter_write_block_scalar_hints
    int first = value.codePointAt(0);
    if (first == ' ' || isBreak(first)) {
      writeIndicator(String.valueOf((char) ('0' + BEST_INDENT)), false, false, false);
    }
    int lastStart = value.offsetByCodePoints(value.length(), -1);
    int last = value.codePointAt(lastStart);
    String chomp = null;
    if (!isBreak(last)) {
      chomp = "-";
    } else if (lastStart == 0) {
      chomp = "+";
    } else if (isBreak(value.codePointBefore(lastStart))) {
      chomp = "+";
    }
    if (chomp != null) {
      writeIndicator(chomp, false, false, false);
    }
    putBreak();
    indention = true;
    whitespace = true;
    boolean breaks = true;
    int n = value.length();
    for (int i = 0; i < n; ) {
      int c = value.codePointAt(i);
      if (isBreak(c)) {
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent();
        }
        write(c);
        indention = false;
        breaks = false;
      }
      i += Character.charCount(c);
    }
  }

  // ---- low-level output (put, put_break, write, write_break, write_indent, write_indicator) ----

  private void increaseIndent(boolean flow, boolean indentless) {
    if (indent < 0) {
      indent = flow ? BEST_INDENT : 0;
    } else if (!indentless) {
      indent += BEST_INDENT;
    }
  }

  private void writeIndent() {
    int ind = Math.max(indent, 0);
    if (!indention || column > ind || (column == ind && !whitespace)) {
      putBreak();
    }
    while (column < ind) {
      put(' ');
    }
    whitespace = true;
    indention = true;
  }

  private void writeIndicator(
      String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put(' ');
    }
    out.append(indicator);
    column += indicator.length();
    whitespace = isWhitespace;
    indention = indention && isIndention;
  }

  private void put(char c) {
    out.append(c);
    column++;
  }

  private void putBreak() {
    out.append('\n');
    column = 0;
  }

  /** Copies one character; the column counts characters, as libyaml counts UTF-8 sequences. */
  private void write(int c) {
    out.appendCodePoint(c);
    column++;
  }

  private void writeBreak(int c) {
    if (c == '\n') {
      putBreak();
    } else {
      out.appendCodePoint(c);
      column = 0;
    }
  }

  // ---- character classes (yamlprivateh.go) ----

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isBreak(int c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /**
   * is_printable: LF, ASCII 0x20-0x7E, and U+00A0-U+FFFD except surrogates, U+FEFF and U+FFFE/FFFF.
   * Nothing beyond the BMP: its four-byte lead octets fall outside libyaml's test, so emoji force
   * double quotes and come out as \U escapes.
   */
  private static boolean isPrintable(int c) {
    if (c < 0x80) {
      return c == 0x0A || (c >= 0x20 && c <= 0x7E);
    }
    return (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
  }

  private static int utf8Length(String s) {
    int len = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len += 1;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c)) {
        len += 4;
        i++;
      } else {
        len += 3;
      }
    }
    return len;
  }
}
