package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IgnoreRulesTest {

  @Test
  void noRulesKeepEverything() {
    assertThat(IgnoreRules.of(null, null).ignores("a/b.yaml", false)).isFalse();
    assertThat(IgnoreRules.of("  \n", null).isEmpty()).isTrue();
  }

  @Test
  void gitignoreSyntaxAsGitReadsIt() {
    var rules =
        IgnoreRules.of(
            "# comment\n*.png\n/top.yaml\nbuild/\ndocs/**/*.md\n!docs/keep/README.md\n", null);

    assertThat(rules.ignores("logo.png", false)).isTrue();
    assertThat(rules.ignores("apps/img/logo.png", false)).as("no slash: any depth").isTrue();
    assertThat(rules.ignores("top.yaml", false)).isTrue();
    assertThat(rules.ignores("apps/top.yaml", false)).as("anchored to the root").isFalse();
    assertThat(rules.ignores("build", true)).isTrue();
    assertThat(rules.ignores("build", false)).as("a trailing slash matches directories").isFalse();
    assertThat(rules.ignores("apps/build/deploy.yaml", false)).as("below an ignored dir").isTrue();
    assertThat(rules.ignores("docs/a/b/c.md", false)).isTrue();
    assertThat(rules.ignores("docs/keep/README.md", false)).as("negated").isFalse();
    assertThat(rules.ignores("# comment", false)).isFalse();
    assertThat(rules.ignores("apps/deploy.yaml", false)).isFalse();
  }

  @Test
  void nothingBelowAnIgnoredDirectoryComesBack() {
    var rules = IgnoreRules.of("vendor/\n!vendor/keep.yaml\n", null);

    assertThat(rules.ignores("vendor/keep.yaml", false)).isTrue();
  }

  @Test
  void specIgnoreComesAfterSourceIgnoreAndNamesWhichExcluded() {
    byte[] sourceIgnore = "*.bin\nlarge/\n".getBytes(StandardCharsets.UTF_8);
    var rules = IgnoreRules.of("!apps/small.bin\ntests/\n", sourceIgnore);

    assertThat(rules.excludedBy("media/video.bin", false)).contains(".sourceignore");
    assertThat(rules.excludedBy("large/x.yaml", false)).contains(".sourceignore");
    assertThat(rules.excludedBy("tests/a.yaml", false)).contains("spec.ignore");
    assertThat(rules.excludedBy("apps/small.bin", false))
        .as("re-included by spec.ignore")
        .isEmpty();
    assertThat(rules.excludedBy("apps/deploy.yaml", false)).isEmpty();
  }
}
