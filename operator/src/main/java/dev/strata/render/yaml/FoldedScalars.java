package dev.strata.render.yaml;

/**
 * Gives a folded ({@code >}) block scalar the value it has after go-yaml v3 writes it and reads it
 * back, which is the value kustomize prints. go-yaml's writer adds a blank line after every line
 * that does not start with a space (emitterc.go checks the first line of the value where it means
 * the current one), so a value with more-indented lines comes back with extra line breaks. (It does
 * not wrap long lines: go-yaml v3's line width is unlimited.)
 */
final class FoldedScalars {

  /** Any indentation does: without wrapping, the value read back does not depend on it. */
  private static final int INDENT = 2;

  private FoldedScalars() {}

  /**
   * The value after the round trip.
   *
   * @param value the folded scalar's value as read
   */
  static String afterRoundTrip(String value) {
    if (!blockAllowed(value)) {
      return value; // go-yaml writes it double-quoted, which reads back exactly
    }
    return read(write(value), chomping(value));
  }

  /** yaml_emitter_analyze_scalar's block_allowed. */
  private static boolean blockAllowed(String value) {
    if (value.isEmpty()) {
      return false;
    }
    boolean previousSpace = false;
    int[] cps = value.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c != '\t' && !isPrintable(c)) {
        return false;
      }
      if (c == ' ') {
        if (i == cps.length - 1) {
          return false; // trailing space
        }
        previousSpace = true;
      } else if (isBreak(c)) {
        if (previousSpace) {
          return false; // a space before a line break
        }
        previousSpace = false;
      } else {
        previousSpace = false;
      }
    }
    return true;
  }

  /** go-yaml's is_printable, on a code point (NEL and CR are not). */
  private static boolean isPrintable(int c) {
    return c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  private static boolean isBreak(int c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  private static boolean isBlank(int[] cps, int i) {
    return i < cps.length && (cps[i] == ' ' || cps[i] == '\t');
  }

  /** -1 strip, 0 clip, 1 keep: the chomping indicator go-yaml writes for the value. */
  private static int chomping(String value) {
    int[] cps = value.codePoints().toArray();
    int last = cps.length - 1;
    if (!isBreak(cps[last])) {
      return -1;
    }
    return last == 0 || isBreak(cps[last - 1]) ? 1 : 0;
  }

  /** The lines yaml_emitter_write_folded_scalar writes after the header, ending with a break. */
  private static String write(String value) {
    int[] cps = value.codePoints().toArray();
    StringBuilder out = new StringBuilder();
    boolean breaks = true;
    boolean leadingSpaces = true;
    // The check go-yaml means for the current line but runs from the start of the value.
    int k = 0;
    while (k < cps.length && isBreak(cps[k])) {
      k++;
    }
    boolean valueStartsBlank = k >= cps.length || isBlank(cps, k);
    for (int i = 0; i < cps.length; ) {
      int c = cps[i];
      if (isBreak(c)) {
        if (!breaks && !leadingSpaces && c == '\n' && !valueStartsBlank) {
          out.append('\n');
        }
        out.appendCodePoint(c);
        i++;
        breaks = true;
      } else {
        if (breaks) {
          out.append(" ".repeat(INDENT));
          leadingSpaces = isBlank(cps, i);
        }
        out.appendCodePoint(c);
        i++;
        breaks = false;
      }
    }
    if (!breaks) {
      out.append('\n'); // the next token starts on a new line
    }
    return out.toString();
  }

  /** yaml_parser_scan_block_scalar for a folded scalar written by {@link #write}. */
  private static String read(String text, int chomping) {
    int[] cps = text.codePoints().toArray();
    int[] at = {0};
    StringBuilder s = new StringBuilder();
    StringBuilder leadingBreak = new StringBuilder();
    StringBuilder trailingBreaks = new StringBuilder();
    int column = breaks(cps, at, trailingBreaks);
    boolean leadingBlank = false;
    while (column == INDENT && at[0] < cps.length) {
      boolean trailingBlank = isBlank(cps, at[0]);
      if (!leadingBlank
          && !trailingBlank
          && leadingBreak.length() > 0
          && leadingBreak.charAt(0) == '\n') {
        if (trailingBreaks.length() == 0) {
          s.append(' ');
        }
      } else {
        s.append(leadingBreak);
      }
      leadingBreak.setLength(0);
      s.append(trailingBreaks);
      trailingBreaks.setLength(0);
      leadingBlank = isBlank(cps, at[0]);
      while (at[0] < cps.length && !isBreak(cps[at[0]])) {
        s.appendCodePoint(cps[at[0]++]);
      }
      readLine(cps, at, leadingBreak);
      column = breaks(cps, at, trailingBreaks);
    }
    if (chomping != -1) {
      s.append(leadingBreak);
    }
    if (chomping == 1) {
      s.append(trailingBreaks);
    }
    return s.toString();
  }

  /** Eats indentation and empty lines; returns the column reached. */
  private static int breaks(int[] cps, int[] at, StringBuilder breaks) {
    while (true) {
      int column = 0;
      while (column < INDENT && at[0] < cps.length && cps[at[0]] == ' ') {
        at[0]++;
        column++;
      }
      if (at[0] >= cps.length || !isBreak(cps[at[0]])) {
        return column;
      }
      readLine(cps, at, breaks);
    }
  }

  /** go-yaml's read_line: CR LF, CR, LF and NEL become LF; LS and PS stay. */
  private static void readLine(int[] cps, int[] at, StringBuilder into) {
    if (at[0] >= cps.length) {
      return;
    }
    int c = cps[at[0]];
    if (c == '\r' && at[0] + 1 < cps.length && cps[at[0] + 1] == '\n') {
      into.append('\n');
      at[0] += 2;
    } else if (c == '\r' || c == '\n' || c == 0x85) {
      into.append('\n');
      at[0]++;
    } else if (c == 0x2028 || c == 0x2029) {
      into.appendCodePoint(c);
      at[0]++;
    }
  }
}
