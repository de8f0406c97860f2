package dev.strata.source;

/**
 * Names what to fetch: a branch, a tag, the highest tag in a semver range, one commit, or a name
 * resolved as {@code git fetch} resolves it.
 */
public sealed interface RefSelector {

  /**
   * The selector for a GitSource's spec.ref or {@code strata source fetch}'s options, of which at
   * most one is set (the CRD allows exactly one): the first set of branch, tag, semver, commit; the
   * branch {@code main} when none is.
   */
  static RefSelector of(String branch, String tag, String semver, String commit) {
    if (branch != null) {
      return new Branch(branch);
    }
    if (tag != null) {
      return new Tag(tag);
    }
    if (semver != null) {
      return new SemverRange(semver);
    }
    if (commit != null) {
      return new Commit(commit);
    }
    return new Branch("main");
  }

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

  /**
   * Resolves a name as {@code git fetch URL NAME} does, for kustomize's remote {@code ?ref=}: the
   * remote's HEAD when empty, else the first of NAME, refs/NAME, refs/tags/NAME, refs/heads/NAME,
   * refs/remotes/NAME and refs/remotes/NAME/HEAD that the remote has.
   */
  record Name(String name) implements RefSelector {
    @Override
    public String describe() {
      return name.isEmpty() ? "HEAD" : name;
    }
  }
}
