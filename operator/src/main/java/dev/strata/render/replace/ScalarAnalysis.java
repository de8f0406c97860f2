package dev.strata.render.replace;

/**
 * Decides which styles can hold a scalar's text, as go-yaml v3's yaml_emitter_analyze_scalar does:
 * plain in flow or block context, single-quoted, or as a literal or folded block.
 */
final class ScalarAnalysis {

  final boolean empty;
  boolean multiline;
  boolean flowPlainAllowed = true;
  boolean blockPlainAllowed = true;
  boolean singleQuotedAllowed = true;
  boolean blockAllowed = true;

  ScalarAnalysis(String value) {
    int[] text = value.codePoints().toArray();
    empty = text.length == 0;
    if (empty) {
      flowPlainAllowed = false;
      blockAllowed = false;
      return;
    }
    boolean blockIndicators = value.startsWith("---") || value.startsWith("...");
    boolean flowIndicators = blockIndicators;
    boolean lineBreaks = false;
    boolean special = false;
    boolean tabs = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean previousSpace = false;
    boolean previousBreak = false;
    for (int i = 0; i < text.length; i++) {
      int c = text[i];
      boolean followedByWhitespace = i + 1 >= text.length || isBlank(text[i + 1]);
      if (i == 0) {
        if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
          flowIndicators = true;
          blockIndicators = true;
        } else if (c == '?' || c == ':') {
          flowIndicators = true;
          blockIndicators |= followedByWhitespace;
        } else if (c == '-' && followedByWhitespace) {
          flowIndicators = true;
          blockIndicators = true;
        }
      } else if (",?[]{}".indexOf(c) >= 0) {
        flowIndicators = true;
      } else if (c == ':') {
        flowIndicators = true;
        blockIndicators |= followedByWhitespace;
      } else if (c == '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (c == '\t') {
        tabs = true;
      } else if (!isPrintable(c)) {
        special = true;
      }
      if (c == ' ') {
        leadingSpace |= i == 0;
        trailingSpace |= i == text.length - 1;
        breakSpace |= previousBreak;
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(c)) {
        lineBreaks = true;
        leadingBreak |= i == 0;
        trailingBreak |= i == text.length - 1;
        spaceBreak |= previousSpace;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isBlank(c) || isBreak(c) || c == 0;
    }
    multiline = lineBreaks;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
      flowPlainAllowed = false;
      blockPlainAllowed = false;
    }
    if (trailingSpace) {
      blockAllowed = false;
    }
    if (breakSpace || spaceBreak || tabs || special) {
      flowPlainAllowed = false;
      blockPlainAllowed = false;
      singleQuotedAllowed = false;
    }
    if (spaceBreak || special) {
      blockAllowed = false;
    }
    if (lineBreaks) {
      flowPlainAllowed = false;
      blockPlainAllowed = false;
    }
    if (flowIndicators) {
      flowPlainAllowed = false;
    }
    if (blockIndicators) {
      blockPlainAllowed = false;
    }
  }

  static boolean isBreak(int c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  static boolean isBlank(int c) {
    return c == ' ' || c == '\t';
  }

  /** libyaml's is_printable, on code points: supplementary characters are not. */
  static boolean isPrintable(int c) {
    return c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
  }
}
