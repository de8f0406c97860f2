package dev.strata.api;

import java.util.regex.Pattern;

/**
 * A source revision as GitSource status publishes it and LayeredKustomization status records it:
 * {@code <ref>@sha1:<40 hex>}, e.g. {@code main@sha1:0123…}, Flux's format. The ref is the branch,
 * the tag, or {@code commit} for a pinned commit.
 *
 * @param ref the branch or tag name, or "commit"
 * @param commit 40 lower-case hex digits
 */
public record Revision(String ref, String commit) {

  /** The form as a regular expression, for CRD validation. */
  public static final String PATTERN = "^.+@sha1:[0-9a-f]{40}$";

  private static final String SEPARATOR = "@sha1:";
  private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

  public Revision {
    if (ref == null || ref.isEmpty()) {
      throw new IllegalArgumentException("a revision needs a ref name");
    }
    if (commit == null || !SHA1.matcher(commit).matches()) {
      throw new IllegalArgumentException(
          "a revision's commit must be 40 lower-case hex digits, got '" + commit + "'");
    }
  }

  /**
   * Reads {@code <ref>@sha1:<hex>}.
   *
   * @throws IllegalArgumentException naming the text when it is not a revision
   */
  public static Revision parse(String text) {
    int separator = text == null ? -1 : text.lastIndexOf(SEPARATOR);
    if (separator <= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a revision of the form <ref>@sha1:<40 hex digits>");
    }
    return new Revision(
        text.substring(0, separator), text.substring(separator + SEPARATOR.length()));
  }

  /** The first 7 hex digits, as {@code git log --oneline} shows a commit. */
  public String shortCommit() {
    return commit.substring(0, 7);
  }

  /** {@code <ref>@sha1:<7 hex>}, for columns where the whole commit does not fit. */
  public String abbreviated() {
    return ref + SEPARATOR + shortCommit();
  }

  /** {@link #abbreviated()} of {@code text} when it is a revision, else {@code text} itself. */
  public static String abbreviate(String text) {
    try {
      return parse(text).abbreviated();
    } catch (IllegalArgumentException notARevision) {
      return text;
    }
  }

  @Override
  public String toString() {
    return ref + SEPARATOR + commit;
  }
}
