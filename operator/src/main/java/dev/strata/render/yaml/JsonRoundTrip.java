package dev.strata.render.yaml;

/** Reproduces what a string goes through between kustomize's JSON and go-yaml v2 reading it. */
final class JsonRoundTrip {

  // Go's json.Marshal escapes control characters, <>& and U+2028/U+2029 but writes everything
  // else raw, and go-yaml's reader, taking that JSON for YAML, then:
  // - rejects raw U+007F-U+009F (except U+0085) and U+FFFE/U+FFFF ("control characters are not
  //   allowed", readerc.go);
  // - takes raw U+0085 (NEL) for a line break inside the double-quoted scalar and folds it as
  //   YAML folds quoted lines (scannerc.go yaml_parser_scan_flow_scalar);
  // - cannot read a key holding a NEL (an implicit key must stay on one line) or whose JSON form
  //   is longer than 1022 characters (the 1024-character implicit-key limit, counted from the
  //   opening quote to the colon).
  // Lone surrogates cannot come out of Go; they become U+FFFD as Go's JSON turns invalid UTF-8.

  private static final char NEL = '\u0085';
  private static final int MAX_KEY_JSON_LENGTH = 1022;

  private JsonRoundTrip() {}

  /** The value go-yaml v2 reads back for string value {@code s}. */
  static String value(String s) {
    if (isPlain(s)) {
      return s;
    }
    String t = sanitize(s);
    return t.indexOf(NEL) < 0 ? t : foldNel(t);
  }

  /** The key go-yaml v2 reads back for map key {@code s}, or a failure where kustomize fails. */
  static String key(String s) {
    String t = isPlain(s) ? s : sanitize(s);
    if (t.indexOf(NEL) >= 0) {
      throw new IllegalArgumentException(
          "kustomize cannot print a key containing U+0085 (NEL): go-yaml reads it as a line"
              + " break inside an implicit key (yaml: did not find expected ',' or '}'): "
              + abbreviate(t));
    }
    if (t.length() > MAX_KEY_JSON_LENGTH / 6 && jsonLength(t) > MAX_KEY_JSON_LENGTH) {
      throw new IllegalArgumentException(
          "kustomize cannot print a key longer than "
              + MAX_KEY_JSON_LENGTH
              + " JSON characters: go-yaml limits implicit keys to 1024 characters"
              + " (yaml: did not find expected ',' or '}'): "
              + abbreviate(t));
    }
    return t;
  }

  /** True when {@code s} has nothing the round trip changes or rejects; the common case. */
  private static boolean isPlain(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x7F && (c <= 0x9F || Character.isSurrogate(c) || c >= 0xFFFE)) {
        return false;
      }
    }
    return true;
  }

  /** Replaces lone surrogates and rejects what the YAML reader rejects. */
  private static String sanitize(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else if ((c >= 0x7F && c <= 0x9F && c != NEL) || c >= 0xFFFE) {
        throw new IllegalArgumentException(
            String.format(
                "kustomize cannot print U+%04X: go-yaml rejects it when reading Go's JSON"
                    + " (yaml: control characters are not allowed): %s",
                (int) c, abbreviate(s)));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Folds raw NELs as yaml_parser_scan_flow_scalar does: spaces before a break are dropped, a
   * single break becomes a space, further breaks become newlines, and spaces after breaks are
   * dropped. Only ' ' and NEL are raw blanks/breaks here: Go's JSON escapes tabs and newlines,
   * which the scanner then treats as ordinary characters.
   */
  private static String foldNel(String s) {
    StringBuilder out = new StringBuilder(s.length());
    StringBuilder whitespaces = new StringBuilder();
    int n = s.length();
    int i = 0;
    boolean atLineStart = false; // column 0: right after a break, before any space
    while (true) {
      if (atLineStart && documentIndicatorAt(s, i)) {
        throw new IllegalArgumentException(
            "kustomize cannot print a string where U+0085 (NEL) is followed by '---' or '...' and"
                + " a blank: go-yaml reads a document marker (yaml: found unexpected document"
                + " indicator): "
                + abbreviate(s));
      }
      while (i < n && s.charAt(i) != ' ' && s.charAt(i) != NEL) {
        out.append(s.charAt(i++));
      }
      if (i == n) {
        break;
      }
      boolean leadingBlanks = false;
      int trailingBreaks = 0;
      whitespaces.setLength(0);
      atLineStart = false;
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == NEL)) {
        if (s.charAt(i) == ' ') {
          if (!leadingBlanks) {
            whitespaces.append(' ');
          }
          atLineStart = false;
        } else {
          if (!leadingBlanks) {
            whitespaces.setLength(0);
            leadingBlanks = true;
          } else {
            trailingBreaks++;
          }
          atLineStart = true;
        }
        i++;
      }
      if (leadingBlanks) {
        if (trailingBreaks == 0) {
          out.append(' ');
        } else {
          out.append("\n".repeat(trailingBreaks));
        }
      } else {
        out.append(whitespaces);
      }
    }
    return out.toString();
  }

  private static boolean documentIndicatorAt(String s, int i) {
    if (i + 3 >= s.length()) {
      return false; // the closing quote follows, which is not blank
    }
    boolean dashes = s.charAt(i) == '-' && s.charAt(i + 1) == '-' && s.charAt(i + 2) == '-';
    boolean dots = s.charAt(i) == '.' && s.charAt(i + 1) == '.' && s.charAt(i + 2) == '.';
    char next = s.charAt(i + 3);
    return (dashes || dots) && (next == ' ' || next == NEL);
  }

  /** Length in characters of Go's json.Marshal form of {@code s}, without the quotes. */
  private static int jsonLength(String s) {
    int len = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        len += (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') ? 2 : 6;
      } else if (c == '"' || c == '\\') {
        len += 2;
      } else if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
        len += 6;
      } else if (Character.isLowSurrogate(c)
          && i > 0
          && Character.isHighSurrogate(s.charAt(i - 1))) {
        // The pair is one character to the YAML reader; its high half was counted.
      } else {
        len += 1;
      }
    }
    return len;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? '"' + s + '"' : '"' + s.substring(0, 57) + "...\"";
  }
}
