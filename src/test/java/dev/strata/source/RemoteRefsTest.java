package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;

class RemoteRefsTest {

  private static final String URL = "https://git.example.org/homelab.git";
  private final Map<String, Ref> refs = new HashMap<>();

  @Test
  void semverRangePicksTheHighestMatchingVersionTag() throws Exception {
    tag("v1.0.0", 1);
    tag("v1.4.2", 2);
    tag("1.9.0", 3);
    tag("v2.0.0", 4);
    tag("release-7", 5);
    tag("v1.10.0-rc.1", 6);

    var resolved = RemoteRefs.resolve(new RefSelector.SemverRange(">=1.0.0 <2.0.0"), refs, URL);

    assertThat(resolved.revision()).isEqualTo("1.9.0@sha1:" + id(3).name());
  }

  @Test
  void lsRefsAsksOnlyForWhatTheSelectorCanMatch() {
    assertThat(RemoteRefs.prefixes(new RefSelector.Branch("main")))
        .containsExactly("refs/heads/main");
    assertThat(RemoteRefs.prefixes(new RefSelector.Tag("v1.0.0")))
        .containsExactly("refs/tags/v1.0.0");
    assertThat(RemoteRefs.prefixes(new RefSelector.SemverRange(">=1.0.0")))
        .containsExactly("refs/tags/");
    assertThat(RemoteRefs.prefixes(new RefSelector.Name("")))
        .startsWith("HEAD", "refs/HEAD", "refs/tags/HEAD", "refs/heads/HEAD");
    assertThat(RemoteRefs.kindPrefixes(new RefSelector.Branch("main")))
        .containsExactly("refs/heads/");
    assertThat(RemoteRefs.kindPrefixes(new RefSelector.Name("x"))).isEmpty();
  }

  @Test
  void annotatedTagsArePeeledToTheirCommit() throws Exception {
    refs.put(
        "refs/tags/v1.0.0",
        new ObjectIdRef.PeeledTag(Ref.Storage.NETWORK, "refs/tags/v1.0.0", id(10), id(11)));

    assertThat(RemoteRefs.resolve(new RefSelector.Tag("v1.0.0"), refs, URL).commit())
        .isEqualTo(id(11));
  }

  @Test
  void missingBranchListsTheBranchesThereAre() {
    refs.put(
        "refs/heads/main",
        new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/heads/main", id(1)));
    refs.put(
        "refs/heads/staging",
        new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/heads/staging", id(2)));

    assertThatThrownBy(() -> RemoteRefs.resolve(new RefSelector.Branch("master"), refs, URL))
        .hasMessage("branch 'master' not found in " + URL + "; it has: main, staging");
  }

  @Test
  void noTagInRangeSaysWhichTagsExist() {
    tag("v3.0.0", 1);

    assertThatThrownBy(() -> RemoteRefs.resolve(new RefSelector.SemverRange("^1.2"), refs, URL))
        .isInstanceOf(SourceFailure.class)
        .hasMessageContaining("no tag in " + URL + " satisfies semver range '^1.2'; tags: v3.0.0");
  }

  @Test
  void invalidInputIsRefusedBeforeAnyNetworkTraffic() {
    assertThatThrownBy(() -> RemoteRefs.validate(new RefSelector.Commit("abc123")))
        .isInstanceOf(SourceFailure.class)
        .hasMessage("commit 'abc123' is not a 40-hex SHA-1");
  }

  @Test
  void aNameResolvesAsGitFetchResolvesIt() throws Exception {
    ref("HEAD", 1);
    ref("refs/heads/main", 1);
    ref("refs/heads/v1", 2);
    tag("v1", 3);
    ref("refs/heads/feature/x", 4);
    ref("refs/pull/7/head", 5);

    assertThat(RemoteRefs.resolve(new RefSelector.Name(""), refs, URL).revision())
        .isEqualTo("HEAD@sha1:" + id(1).name());
    // A tag wins over a branch of the same name, as in git's ref_rev_parse_rules.
    assertThat(RemoteRefs.resolve(new RefSelector.Name("v1"), refs, URL).commit()).isEqualTo(id(3));
    assertThat(RemoteRefs.resolve(new RefSelector.Name("refs/heads/v1"), refs, URL).commit())
        .isEqualTo(id(2));
    assertThat(RemoteRefs.resolve(new RefSelector.Name("feature/x"), refs, URL).commit())
        .isEqualTo(id(4));
    assertThat(RemoteRefs.resolve(new RefSelector.Name("pull/7/head"), refs, URL).commit())
        .isEqualTo(id(5));
  }

  @Test
  void anUnknownNameListsWhatTheRemoteHas() {
    ref("refs/heads/main", 1);
    tag("v1", 2);

    assertThatThrownBy(() -> RemoteRefs.resolve(new RefSelector.Name("v2"), refs, URL))
        .isInstanceOf(SourceFailure.class)
        .hasMessage("ref 'v2' not found in " + URL + "; it has: main, v1");
  }

  private void ref(String name, int id) {
    refs.put(name, new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, name, id(id)));
  }

  private void tag(String name, int id) {
    refs.put(
        "refs/tags/" + name,
        new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/tags/" + name, id(id)));
  }

  private static ObjectId id(int n) {
    return ObjectId.fromString(String.format("%040x", n));
  }
}
