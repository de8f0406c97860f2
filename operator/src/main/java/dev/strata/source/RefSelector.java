package dev.strata.source;

/** Names what to fetch: a branch, a tag, the highest tag in a semver range, or one commit. */
public sealed interface RefSelector {

  /** The ref's name as it appears in a revision string, e.g. {@code main} or {@code v1.2.3}. */
  String describe();

  /** Follows the tip of a branch. */
  record Branch(String name) implements RefSelector {
    @Override
    public String describe() {
      return name;
    }
  }

  /** Checks out a tag. */
  record Tag(String name) implements RefSelector {
    @Override
    public String describe() {
      return name;
    }
  }

  /** Picks the highest tag whose name (with or without a leading v) satisfies the range. */
  record SemverRange(String range) implements RefSelector {
    @Override
    public String describe() {
      return range;
    }
  }

  /** Pins one commit by its full SHA-1. */
  record Commit(String sha) implements RefSelector {
    @Override
    public String describe() {
      return "commit";
    }
  }
}
