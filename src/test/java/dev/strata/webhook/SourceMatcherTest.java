package dev.strata.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.GitRef;
import dev.strata.api.GitSourceSpec;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which GitSources a push concerns, by repository and ref. */
class SourceMatcherTest {

  private static final List<String> GITHUB_URLS =
      List.of("https://github.com/Owner/homelab.git", "git@github.com:Owner/homelab.git");

  @Test
  void branchSourcesWantPushesToTheirBranchOfTheirRepository() {
    var main = source("ssh://git@github.com/owner/homelab", ref -> ref.setBranch("main"));

    assertThat(SourceMatcher.matches(main, push("refs/heads/main"))).isTrue();
    assertThat(SourceMatcher.matches(main, push("refs/heads/develop"))).isFalse();
    assertThat(SourceMatcher.matches(main, push("refs/tags/main"))).isFalse();
    assertThat(
            SourceMatcher.matches(
                main,
                new PushEvent(List.of("https://github.com/owner/other"), "refs/heads/main", null)))
        .isFalse();
  }

  @Test
  void tagSourcesWantTheirTagAndSemverSourcesAnyTag() {
    var tag = source("https://github.com/owner/homelab", ref -> ref.setTag("v1.2.0"));
    var semver = source("https://github.com/owner/homelab", ref -> ref.setSemver(">=1.0.0 <2.0.0"));

    assertThat(SourceMatcher.matches(tag, push("refs/tags/v1.2.0"))).isTrue();
    assertThat(SourceMatcher.matches(tag, push("refs/tags/v1.3.0"))).isFalse();
    assertThat(SourceMatcher.matches(tag, push("refs/heads/v1.2.0"))).isFalse();
    assertThat(SourceMatcher.matches(semver, push("refs/tags/v1.3.0"))).isTrue();
    assertThat(SourceMatcher.matches(semver, push("refs/heads/main"))).isFalse();
  }

  @Test
  void commitSourcesWantAnyPushSinceTheirCommitMayJustHaveArrived() {
    var commit =
        source(
            "https://github.com/owner/homelab",
            ref -> ref.setCommit("59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5"));

    assertThat(SourceMatcher.matches(commit, push("refs/heads/feature"))).isTrue();
    assertThat(SourceMatcher.matches(commit, push("refs/tags/v9"))).isTrue();
  }

  @Test
  void whatAGenericPushLeavesOutMatchesEverything() {
    var main = source("https://github.com/owner/homelab", ref -> ref.setBranch("main"));

    assertThat(SourceMatcher.matches(main, new PushEvent(List.of(), null, null))).isTrue();
    assertThat(SourceMatcher.matches(main, new PushEvent(List.of(), "refs/heads/x", null)))
        .isFalse();
    assertThat(
            SourceMatcher.matches(
                main, new PushEvent(List.of("https://github.com/owner/other"), null, null)))
        .isFalse();
  }

  private static PushEvent push(String ref) {
    return new PushEvent(GITHUB_URLS, ref, null);
  }

  private static GitSourceSpec source(String url, Consumer<GitRef> ref) {
    var spec = new GitSourceSpec();
    spec.setUrl(url);
    var gitRef = new GitRef();
    ref.accept(gitRef);
    spec.setRef(gitRef);
    return spec;
  }
}
