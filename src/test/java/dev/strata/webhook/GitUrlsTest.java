package dev.strata.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One repository, many spellings: every form reduces to the same key; others do not. */
class GitUrlsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/owner/homelab",
        "https://github.com/owner/homelab.git",
        "https://github.com/owner/homelab/",
        "https://github.com/owner/homelab.git/",
        "HTTPS://GitHub.COM/Owner/Homelab.git",
        "https://github.com:443/owner/homelab",
        "https://x-access-token:secret@github.com/owner/homelab.git",
        "http://github.com/owner/homelab",
        "ssh://git@github.com/owner/homelab.git",
        "ssh://git@github.com:22/owner/homelab",
        "git@github.com:owner/homelab.git",
        "git@github.com:owner/homelab",
        "github.com:owner/homelab.git",
        "git://github.com/owner/homelab.git",
        "https://github.com//owner//homelab.git",
        "  https://github.com/owner/homelab.git  "
      })
  void everySpellingOfOneRepositoryHasOneKey(String url) {
    assertThat(GitUrls.key(url)).contains("github.com/owner/homelab");
  }

  @ParameterizedTest
  @CsvSource({
    "ssh://git@gitlab.example.com:2222/infra/platform/homelab.git, gitlab.example.com:2222/infra/platform/homelab",
    "https://gitlab.example.com:8443/infra/homelab, gitlab.example.com:8443/infra/homelab",
    "http://127.0.0.1:38421/homelab.git, 127.0.0.1:38421/homelab",
    "file:///srv/git/homelab.git, file/srv/git/homelab",
  })
  void keepsPortsThatAreNotTheSchemesDefault(String url, String key) {
    assertThat(GitUrls.key(url)).contains(key);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/owner/homelab2",
        "https://github.com/other/homelab",
        "https://gitlab.com/owner/homelab",
        "https://github.com:8443/owner/homelab",
        "https://github.com/owner/homelab/tree"
      })
  void otherRepositoriesDiffer(String url) {
    assertThat(GitUrls.sameRepository("https://github.com/owner/homelab.git", url)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "not a url", "https://", "https://github.com/", "/srv/git/x"})
  void nonUrlsHaveNoKey(String url) {
    assertThat(GitUrls.key(url)).isEmpty();
    assertThat(GitUrls.sameRepository(url, url)).isFalse();
  }
}
