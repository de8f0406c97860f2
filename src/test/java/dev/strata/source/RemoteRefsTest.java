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

  private void tag(String name, int id) {
    refs.put(
        "refs/tags/" + name,
        new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, "refs/tags/" + name, id(id)));
  }

  private static ObjectId id(int n) {
    return ObjectId.fromString(String.format("%040x", n));
  }
}
