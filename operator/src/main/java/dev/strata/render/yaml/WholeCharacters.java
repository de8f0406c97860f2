package dev.strata.render.yaml;

import java.io.Reader;

/**
 * Reads a string without ever ending a read between the two halves of a surrogate pair:
 * snakeyaml-engine 2.10 fails with an IndexOutOfBoundsException when its 1024-character window ends
 * on a high surrogate (an emoji at the wrong offset); fixed in snakeyaml-engine 3.1.1, which needs
 * Java 11 but changes its API. Every parse of user YAML goes through this reader.
 */
public final class WholeCharacters extends Reader {
  private final String text;
  private int at;

  public WholeCharacters(String text) {
    this.text = text;
  }

  @Override
  public int read(char[] buffer, int offset, int length) {
    if (at >= text.length()) {
      return -1;
    }
    int end = Math.min(text.length(), at + length);
    if (end - at > 1 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    text.getChars(at, end, buffer, offset);
    int read = end - at;
    at = end;
    return read;
  }

  @Override
  public void close() {}
}
