package dev.strata.render.replace;

/**
 * Holds a scalar of YAML text as go-yaml v3 keeps it in a node: its text, its tag and the style it
 * was written in, so that it can be written back the same way.
 *
 * @param tag the tag in short form ("!!str", "!!int", ...), or empty for a node kyaml created
 * @param tagged whether the text wrote the tag out, which go-yaml then always writes back
 */
record StyledScalar(String value, String tag, Style style, boolean tagged) {

  /** The styles a scalar node remembers. */
  enum Style {
    PLAIN,
    SINGLE_QUOTED,
    DOUBLE_QUOTED,
    LITERAL,
    FOLDED
  }

  StyledScalar(String value, String tag, Style style) {
    this(value, tag, style, false);
  }

  /** The same node with another text, as kyaml sets a scalar target. */
  StyledScalar withValue(String text) {
    return new StyledScalar(text, tag, style, tagged);
  }

  /** The text, as kyaml's field paths compare it. */
  @Override
  public String toString() {
    return value;
  }
}
