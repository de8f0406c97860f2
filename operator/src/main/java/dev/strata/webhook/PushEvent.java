package dev.strata.webhook;

import java.util.List;

/**
 * Says what a push changed: the repository (every URL the host gave for it) and the ref.
 *
 * @param repositoryUrls the repository's URLs; empty when the sender did not name it (generic
 *     receivers), which matches every repository
 * @param ref the full ref name ({@code refs/heads/main}, {@code refs/tags/v1.0.0}), or null when
 *     the sender did not name it, which matches every ref
 * @param commit the commit the ref now points at, when the payload says; only for messages
 */
record PushEvent(List<String> repositoryUrls, String ref, String commit) {

  static final String BRANCH_PREFIX = "refs/heads/";
  static final String TAG_PREFIX = "refs/tags/";

  PushEvent {
    repositoryUrls = List.copyOf(repositoryUrls);
  }

  /** The pushed branch, or null when the push was not to a branch. */
  String branch() {
    return ref != null && ref.startsWith(BRANCH_PREFIX)
        ? ref.substring(BRANCH_PREFIX.length())
        : null;
  }

  /** The pushed tag, or null when the push was not of a tag. */
  String tag() {
    return ref != null && ref.startsWith(TAG_PREFIX) ? ref.substring(TAG_PREFIX.length()) : null;
  }
}
