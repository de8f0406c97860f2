package dev.strata.webhook;

import dev.strata.api.GitRef;
import dev.strata.api.GitSourceSpec;

/**
 * Decides whether a push concerns a GitSource: same repository (by {@link GitUrls#key}) and a ref
 * the source follows. A branch source wants pushes to its branch; a tag source, pushes of its tag
 * (a moved tag); a semver source, any tag push, since the new tag may be the highest in range; a
 * commit source, any push, since the commit may have just arrived.
 */
final class SourceMatcher {

  private SourceMatcher() {}

  static boolean matches(GitSourceSpec spec, PushEvent push) {
    return spec != null
        && spec.getUrl() != null
        && sameRepository(spec.getUrl(), push)
        && refMatches(spec.getRef(), push);
  }

  private static boolean sameRepository(String url, PushEvent push) {
    if (push.repositoryUrls().isEmpty()) {
      return true;
    }
    return push.repositoryUrls().stream().anyMatch(pushed -> GitUrls.sameRepository(url, pushed));
  }

  private static boolean refMatches(GitRef ref, PushEvent push) {
    if (push.ref() == null) {
      return true;
    }
    if (ref == null) {
      return false;
    }
    if (ref.getBranch() != null) {
      return ref.getBranch().equals(push.branch());
    }
    if (ref.getTag() != null) {
      return ref.getTag().equals(push.tag());
    }
    if (ref.getSemver() != null) {
      return push.tag() != null;
    }
    return ref.getCommit() != null;
  }
}
