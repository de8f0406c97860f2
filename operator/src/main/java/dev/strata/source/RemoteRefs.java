package dev.strata.source;

import dev.strata.api.Revision;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.semver4j.Semver;

/** Resolves a {@link RefSelector} against the refs a remote advertises. */
final class RemoteRefs {

  /**
   * What a selector resolved to.
   *
   * @param name the ref's short name for the revision string (branch, tag or "commit")
   * @param commit the commit to fetch
   */
  record Resolved(String name, ObjectId commit) {
    String revision() {
      return new Revision(name, commit.name()).toString();
    }
  }

  private RemoteRefs() {}

  static Resolved resolve(RefSelector selector, Map<String, Ref> refs, String url)
      throws SourceFailure {
    url = Failures.redact(url);
    if (selector instanceof RefSelector.Branch branch) {
      return exact(refs, "refs/heads/" + branch.name(), branch.name(), "branch", url);
    }
    if (selector instanceof RefSelector.Tag tag) {
      return exact(refs, "refs/tags/" + tag.name(), tag.name(), "tag", url);
    }
    if (selector instanceof RefSelector.SemverRange range) {
      return highestInRange(refs, range.range(), url);
    }
    if (selector instanceof RefSelector.Name name) {
      return byName(refs, name.describe(), url);
    }
    return new Resolved("commit", ObjectId.fromString(((RefSelector.Commit) selector).sha()));
  }

  /**
   * Asks the remote for its refs (one round trip). With {@code narrowed}, only the kind the
   * selector needs: heads for a branch, tags otherwise.
   */
  static Map<String, Ref> list(FetchRequest request, TransportSetup transport, boolean narrowed)
      throws Exception {
    boolean branch = request.ref() instanceof RefSelector.Branch;
    boolean tags = !branch && !(request.ref() instanceof RefSelector.Name);
    return transport.withTrust(
        () ->
            Git.lsRemoteRepository()
                .setRemote(transport.url(request.url()))
                .setTransportConfigCallback(transport)
                .setHeads(narrowed && branch)
                .setTags(narrowed && tags)
                .callAsMap());
  }

  /**
   * The ref-prefixes (protocol v2's ls-refs) that cover every ref the selector could resolve to;
   * empty for all refs.
   */
  static List<String> prefixes(RefSelector selector) {
    if (selector instanceof RefSelector.Branch branch) {
      return List.of("refs/heads/" + branch.name());
    }
    if (selector instanceof RefSelector.Tag tag) {
      return List.of("refs/tags/" + tag.name());
    }
    if (selector instanceof RefSelector.Name name) {
      return NAME_RULES.stream().map(rule -> rule.replace("%s", name.describe())).toList();
    }
    return List.of("refs/tags/");
  }

  /**
   * The ref-prefixes that list the selector's kind of ref (every branch, every tag): what a "not
   * found" message names as available.
   */
  static List<String> kindPrefixes(RefSelector selector) {
    if (selector instanceof RefSelector.Branch) {
      return List.of("refs/heads/");
    }
    if (selector instanceof RefSelector.Name) {
      return List.of();
    }
    return List.of("refs/tags/");
  }

  /** Validates a selector before any network traffic. */
  static void validate(RefSelector selector) throws SourceFailure {
    if (selector instanceof RefSelector.Commit commit && !ObjectId.isId(commit.sha())) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "commit '" + commit.sha() + "' is not a 40-hex SHA-1");
    }
    if (selector instanceof RefSelector.SemverRange range) {
      parseRange(range.range());
    }
  }

  private static Resolved exact(
      Map<String, Ref> refs, String fullName, String name, String kind, String url)
      throws SourceFailure {
    Ref ref = refs.get(fullName);
    if (ref == null) {
      String prefix = fullName.substring(0, fullName.length() - name.length());
      List<String> available =
          refs.keySet().stream()
              .filter(r -> r.startsWith(prefix) && !r.endsWith("^{}"))
              .map(r -> r.substring(prefix.length()))
              .sorted()
              .limit(10)
              .toList();
      throw new SourceFailure(
          SourceFailure.Reason.REF_NOT_FOUND,
          kind
              + " '"
              + name
              + "' not found in "
              + url
              + (available.isEmpty()
                  ? "; the remote has no " + kind + "es"
                  : "; it has: " + String.join(", ", available)));
    }
    return new Resolved(name, commitOf(ref, refs));
  }

  /** git's ref_rev_parse_rules, in the order git fetch prefers them. */
  private static final List<String> NAME_RULES =
      List.of(
          "%s",
          "refs/%s", "refs/tags/%s", "refs/heads/%s", "refs/remotes/%s", "refs/remotes/%s/HEAD");

  private static Resolved byName(Map<String, Ref> refs, String name, String url)
      throws SourceFailure {
    for (String rule : NAME_RULES) {
      Ref ref = refs.get(rule.replace("%s", name));
      if (ref != null && ref.getObjectId() != null) {
        return new Resolved(name, commitOf(ref, refs));
      }
    }
    List<String> available =
        refs.keySet().stream()
            .filter(r -> !r.endsWith("^{}"))
            .map(r -> r.replaceFirst("^refs/(heads|tags)/", ""))
            .sorted()
            .limit(10)
            .toList();
    throw new SourceFailure(
        SourceFailure.Reason.REF_NOT_FOUND,
        "ref '"
            + name
            + "' not found in "
            + url
            + (available.isEmpty()
                ? "; the remote has no refs"
                : "; it has: " + String.join(", ", available)));
  }

  private static Resolved highestInRange(Map<String, Ref> refs, String range, String url)
      throws SourceFailure {
    parseRange(range);
    record Candidate(String tag, Semver version) {}
    Optional<Candidate> best =
        refs.keySet().stream()
            .filter(r -> r.startsWith("refs/tags/") && !r.endsWith("^{}"))
            .map(r -> r.substring("refs/tags/".length()))
            .map(
                tag ->
                    new Candidate(tag, Semver.coerce(tag.startsWith("v") ? tag.substring(1) : tag)))
            .filter(
                c ->
                    c.version() != null && isStrictVersion(c.tag()) && c.version().satisfies(range))
            .max(Comparator.comparing(Candidate::version));
    if (best.isEmpty()) {
      throw new SourceFailure(
          SourceFailure.Reason.REF_NOT_FOUND,
          "no tag in "
              + url
              + " satisfies semver range '"
              + range
              + "'; tags: "
              + refs.keySet().stream()
                  .filter(r -> r.startsWith("refs/tags/") && !r.endsWith("^{}"))
                  .map(r -> r.substring("refs/tags/".length()))
                  .sorted()
                  .limit(10)
                  .collect(Collectors.joining(", ")));
    }
    String tag = best.get().tag();
    return new Resolved(tag, commitOf(refs.get("refs/tags/" + tag), refs));
  }

  /** Accepts only tags that are versions themselves (v1.2.3, 1.2.3-rc.1), not "release-1". */
  private static boolean isStrictVersion(String tag) {
    return Semver.isValid(tag.startsWith("v") ? tag.substring(1) : tag);
  }

  private static void parseRange(String range) throws SourceFailure {
    try {
      Semver.parse("0.0.0").satisfies(range);
    } catch (IllegalArgumentException e) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "'" + range + "' is not a semver range: " + e.getMessage());
    }
  }

  /** The commit a ref points at, peeling annotated tags. */
  private static ObjectId commitOf(Ref ref, Map<String, Ref> refs) {
    if (ref.getPeeledObjectId() != null) {
      return ref.getPeeledObjectId();
    }
    Ref peeled = refs.get(ref.getName() + "^{}");
    return peeled != null ? peeled.getObjectId() : ref.getObjectId();
  }
}
