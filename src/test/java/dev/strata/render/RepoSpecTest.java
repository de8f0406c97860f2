package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** kustomize 5.8.1's own URL table (api/internal/git/repospec_test.go), case for case. */
class RepoSpecTest {

  /** TestNewRepoSpecFromUrl_Permute: every host form with every repo, path and ref. */
  static Stream<Arguments> permutations() {
    String[][] hosts = {
      {"gitHub.com/", "https://github.com/"},
      {"github.com:", "https://github.com/"},
      {"http://github.com/", "https://github.com/"},
      {"https://github.com/", "https://github.com/"},
      {"hTTps://github.com/", "https://github.com/"},
      {
        "https://git-codecommit.us-east-2.amazonaws.com/",
        "https://git-codecommit.us-east-2.amazonaws.com/"
      },
      {"https://fabrikops2.visualstudio.com/", "https://fabrikops2.visualstudio.com/"},
      {"ssh://git.example.com:7999/", "ssh://git.example.com:7999/"},
      {"git::https://gitlab.com/", "https://gitlab.com/"},
      {"git::http://git.example.com/", "http://git.example.com/"},
      {"git::https://git.example.com/", "https://git.example.com/"},
      {"git@github.com:", "git@github.com:"},
      {"git@github.com/", "git@github.com:"},
      {"git::git@github.com:", "git@github.com:"},
      {"org-12345@github.com:", "org-12345@github.com:"},
      {"org-12345@github.com/", "org-12345@github.com:"},
    };
    String[] repoPaths = {"someOrg/someRepo", "kubernetes/website"};
    String[] pathNames = {"README.md", "foo/krusty.txt", ""};
    String[] refs = {"group/version", "someBranch", "master", "v0.1.0", ""};
    List<Arguments> cases = new ArrayList<>();
    for (String[] host : hosts) {
      for (String repoPath : repoPaths) {
        for (String pathName : pathNames) {
          for (String ref : refs) {
            String url =
                host[0]
                    + repoPath
                    + (pathName.isEmpty() ? "" : "/" + pathName)
                    + (ref.isEmpty() ? "" : "?ref=" + ref);
            cases.add(Arguments.of(url, host[1], repoPath, pathName, ref));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("permutations")
  void permutations(String url, String host, String repoPath, String path, String ref)
      throws Exception {
    RepoSpec spec = RepoSpec.parse(url);

    assertThat(spec.host()).isEqualTo(host);
    assertThat(spec.repoPath()).isEqualTo(repoPath);
    assertThat(spec.kustRootPath()).isEqualTo(path);
    assertThat(spec.ref()).isEqualTo(ref);
  }

  /** TestNewRepoSpecFromUrlErrors. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/tmp                                                 | uri looks like abs path",
        "../../tmp                                            | failed to parse scheme",
        "src/github.com/org/repo/path                         | failed to parse scheme",
        "iauhsdiuashduas                                      | failed to parse scheme",
        "htxxxtp://github.com/                                | failed to parse scheme",
        "ssh://git.example.com                                | failed to parse repo path segment",
        "git::___                                             | failed to parse scheme",
        "https://host?ref=group/version/minor_version         | failed to parse repo path segment",
        "https://github.com/org/repo.git//path/../../exits/repo | url path exits repo",
        "github.com!org/repo.git//path                        | failed to parse scheme",
        "gh:org/repo                                          | failed to parse scheme",
        "https://github.com/thisisa404.yaml                   | failed to parse repo path segment",
        "file:////tmp//path/to/whatever                       | failed to parse repo path segment",
        "git@scp://github.com/org/repo.git//path              | failed to parse repo path segment",
        "git@ssh://github.com/org/repo.git//path              | failed to parse repo path segment",
      })
  void errors(String url, String message) {
    assertThatThrownBy(() -> RepoSpec.parse(url))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining(message);
    assertThat(RepoSpec.tryParse(url)).isEmpty();
  }

  /** TestNewRepoSpecFromUrl_Smoke: URL | cloneSpec | host | repoPath | kustRootPath | ref. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      emptyValue = "",
      value = {
        // https aws code commit url
        "https://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo/somedir | https://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo | https://git-codecommit.us-east-2.amazonaws.com/ | someorg/somerepo | somedir | ''",
        "https://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo/somedir?ref=testbranch | https://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo | https://git-codecommit.us-east-2.amazonaws.com/ | someorg/somerepo | somedir | testbranch",
        // legacy azure https url with params
        "https://fabrikops2.visualstudio.com/someorg/somerepo?ref=master | https://fabrikops2.visualstudio.com/someorg/somerepo | https://fabrikops2.visualstudio.com/ | someorg/somerepo | '' | master",
        "http://github.com/someorg/somerepo/somedir | https://github.com/someorg/somerepo | https://github.com/ | someorg/somerepo | somedir | ''",
        "git@github.com:someorg/somerepo/somedir | git@github.com:someorg/somerepo | git@github.com: | someorg/somerepo | somedir | ''",
        "http://github.com/someorg/somerepo.git/somedir | https://github.com/someorg/somerepo.git | https://github.com/ | someorg/somerepo.git | somedir | ''",
        "git@github.com:someorg/somerepo.git/somedir | git@github.com:someorg/somerepo.git | git@github.com: | someorg/somerepo.git | somedir | ''",
        // non-github scp
        "git@gitlab2.sqtools.ru:infra/kubernetes/thanos-base.git?ref=v0.1.0 | git@gitlab2.sqtools.ru:infra/kubernetes/thanos-base.git | git@gitlab2.sqtools.ru: | infra/kubernetes/thanos-base.git | '' | v0.1.0",
        "git@bitbucket.org:company/project.git//path?ref=branch | git@bitbucket.org:company/project.git | git@bitbucket.org: | company/project.git | path | branch",
        // non-github scp incorrectly using slash (invalid but passed through to git)
        "git@bitbucket.org/company/project.git//path?ref=branch | git@bitbucket.org/company/project.git | git@bitbucket.org/ | company/project.git | path | branch",
        "ssh://git@bitbucket.org/company/project.git//path?ref=branch | ssh://git@bitbucket.org/company/project.git | ssh://git@bitbucket.org/ | company/project.git | path | branch",
        // _git host delimiter
        "https://itfs.mycompany.com/collection/project/_git/somerepos | https://itfs.mycompany.com/collection/project/_git/somerepos | https://itfs.mycompany.com/ | collection/project/_git/somerepos | '' | ''",
        "https://itfs.mycompany.com/collection/project/_git/somerepos?version=v1.0.0 | https://itfs.mycompany.com/collection/project/_git/somerepos | https://itfs.mycompany.com/ | collection/project/_git/somerepos | '' | v1.0.0",
        "https://itfs.mycompany.com/collection/project/_git/somerepos/somedir?version=v1.0.0 | https://itfs.mycompany.com/collection/project/_git/somerepos | https://itfs.mycompany.com/ | collection/project/_git/somerepos | somedir | v1.0.0",
        "git::https://itfs.mycompany.com/collection/project/_git/somerepos | https://itfs.mycompany.com/collection/project/_git/somerepos | https://itfs.mycompany.com/ | collection/project/_git/somerepos | '' | ''",
        "https://bitbucket.example.com/scm/project/repository.git | https://bitbucket.example.com/scm/project/repository.git | https://bitbucket.example.com/ | scm/project/repository.git | '' | ''",
        "ssh://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo/somepath | ssh://git-codecommit.us-east-2.amazonaws.com/someorg/somerepo | ssh://git-codecommit.us-east-2.amazonaws.com/ | someorg/somerepo | somepath | ''",
        // scp Github with slash fixed to colon
        "git@github.com/someorg/somerepo/somepath | git@github.com:someorg/somerepo | git@github.com: | someorg/somerepo | somepath | ''",
        "https://github.com/kubernetes-sigs/kustomize//examples/multibases/dev/?ref=v1.0.6 | https://github.com/kubernetes-sigs/kustomize | https://github.com/ | kubernetes-sigs/kustomize | examples/multibases/dev/ | v1.0.6",
        // file protocol
        "file://a/b/c/someRepo.git/somepath?ref=someBranch | file://a/b/c/someRepo.git | file:// | a/b/c/someRepo.git | somepath | someBranch",
        "file://a/b/c/someRepo//somepath?ref=someBranch | file://a/b/c/someRepo | file:// | a/b/c/someRepo | somepath | someBranch",
        "file://a/b/c/someRepo?ref=someBranch | file://a/b/c/someRepo | file:// | a/b/c/someRepo | '' | someBranch",
        "file:///a/b/c/someRepo?ref=someBranch | file:///a/b/c/someRepo | file:// | /a/b/c/someRepo | '' | someBranch",
        "ssh://git@github.com/kubernetes-sigs/kustomize//examples/multibases/dev?ref=v1.0.6 | git@github.com:kubernetes-sigs/kustomize | git@github.com: | kubernetes-sigs/kustomize | examples/multibases/dev | v1.0.6",
        "file:///a/b/c/someRepo | file:///a/b/c/someRepo | file:// | /a/b/c/someRepo | '' | ''",
        "file:/// | file:/// | file:// | / | '' | ''",
        // arbitrary hosts
        "https://example.org/path/to/repo//examples/multibases/dev | https://example.org/path/to/repo | https://example.org/ | path/to/repo | examples/multibases/dev | ''",
        "https://example.org/path/to/repo.git/examples/multibases/dev | https://example.org/path/to/repo.git | https://example.org/ | path/to/repo.git | examples/multibases/dev | ''",
        "ssh://alice@example.com/path/to/repo//examples/multibases/dev | ssh://alice@example.com/path/to/repo | ssh://alice@example.com/ | path/to/repo | examples/multibases/dev | ''",
        // the query
        "https://authority/org/repo?ref=group/version | https://authority/org/repo | https://authority/ | org/repo | '' | group/version",
        "https://authority/org/repo/?ref=includes_git/for_some_reason | https://authority/org/repo | https://authority/ | org/repo | '' | includes_git/for_some_reason",
        "https://authority/org/repo/?ref=includes.git/for_some_reason | https://authority/org/repo | https://authority/ | org/repo | '' | includes.git/for_some_reason",
        "https://authority/org/repo/%-invalid-uri-so-not-parsable-by-net/url.Parse | https://authority/org/repo | https://authority/ | org/repo | %-invalid-uri-so-not-parsable-by-net/url.Parse | ''",
        // user names
        "ssh://myusername@bitbucket.org/ourteamname/ourrepositoryname.git//path?ref=branch | ssh://myusername@bitbucket.org/ourteamname/ourrepositoryname.git | ssh://myusername@bitbucket.org/ | ourteamname/ourrepositoryname.git | path | branch",
        "file://git@home/path/to/repository.git//path?ref=branch | file://git@home/path/to/repository.git | file:// | git@home/path/to/repository.git | path | branch",
        "http://git@home.com/path/to/repository.git//path?ref=branch | http://git@home.com/path/to/repository.git | http://git@home.com/ | path/to/repository.git | path | branch",
        "https://git@home.com/path/to/repository.git//path?ref=branch | https://git@home.com/path/to/repository.git | https://git@home.com/ | path/to/repository.git | path | branch",
        "ssh://git@ssh.github.com:443/YOUR-USERNAME/YOUR-REPOSITORY.git | ssh://git@ssh.github.com:443/YOUR-USERNAME/YOUR-REPOSITORY.git | ssh://git@ssh.github.com:443/ | YOUR-USERNAME/YOUR-REPOSITORY.git | '' | ''",
        // colon behind slash is not an scp delimiter
        "git@gitlab.com/user:name/YOUR-REPOSITORY.git/path | git@gitlab.com/user:name/YOUR-REPOSITORY.git | git@gitlab.com/ | user:name/YOUR-REPOSITORY.git | path | ''",
        "git@gitlab.com:gitlab-tests/sample-project.git | git@gitlab.com:gitlab-tests/sample-project.git | git@gitlab.com: | gitlab-tests/sample-project.git | '' | ''",
        "git@gitlab.com:gitlab-tests/sample-project | git@gitlab.com:gitlab-tests/sample-project | git@gitlab.com: | gitlab-tests/sample-project | '' | ''",
        // azure
        "https://username@dev.azure.com/org/project/_git/repo//path/to/kustomization/root | https://username@dev.azure.com/org/project/_git/repo | https://username@dev.azure.com/ | org/project/_git/repo | path/to/kustomization/root | ''",
        "https://org.visualstudio.com/project/_git/repo/path/to/kustomization/root | https://org.visualstudio.com/project/_git/repo | https://org.visualstudio.com/ | project/_git/repo | path/to/kustomization/root | ''",
        // custom user names on GitHub (SSH certificate authorities)
        "ssh://org-12345@github.com/kubernetes-sigs/kustomize | org-12345@github.com:kubernetes-sigs/kustomize | org-12345@github.com: | kubernetes-sigs/kustomize | '' | ''",
        "org-12345@github.com/kubernetes-sigs/kustomize | org-12345@github.com:kubernetes-sigs/kustomize | org-12345@github.com: | kubernetes-sigs/kustomize | '' | ''",
        // gists
        "git@gist.github.com:bc7947cb727d7f9217e7862d961a1ffd.git | git@gist.github.com:bc7947cb727d7f9217e7862d961a1ffd.git | git@gist.github.com: | bc7947cb727d7f9217e7862d961a1ffd.git | '' | ''",
        "https://gist.github.com/bc7947cb727d7f9217e7862d961a1ffd.git | https://gist.github.com/bc7947cb727d7f9217e7862d961a1ffd.git | https://gist.github.com/ | bc7947cb727d7f9217e7862d961a1ffd.git | '' | ''",
      })
  void smoke(String url, String cloneSpec, String host, String repoPath, String path, String ref)
      throws Exception {
    RepoSpec spec = RepoSpec.parse(url);

    assertThat(spec.cloneSpec()).isEqualTo(cloneSpec);
    assertThat(spec.host()).isEqualTo(host);
    assertThat(spec.repoPath()).isEqualTo(repoPath);
    assertThat(spec.kustRootPath()).isEqualTo(path);
    assertThat(spec.ref()).isEqualTo(ref);
  }

  @Test
  void defaultQueryParameters() throws Exception {
    RepoSpec spec = RepoSpec.parse("https://github.com/org/repo");

    assertThat(spec.submodules()).isTrue();
    assertThat(spec.timeout()).isEmpty();
    assertThat(spec.timeoutOrDefault()).isEqualTo(Duration.ofSeconds(27));
  }

  /** TestParseQuery: query | ref | submodules | timeout in seconds (- for none given). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "''                                          | ''               | true  | -",
        "ref=v1.0.0                                  | v1.0.0           | true  | -",
        "ref=kustomize/v4.5.7                        | kustomize/v4.5.7 | true  | -",
        "version=master                              | master           | true  | -",
        "version=master&ref=v1.0.0                   | v1.0.0           | true  | -",
        "version=master&submodules=                  | master           | true  | -",
        "version=master&submodules=maybe             | master           | true  | -",
        "version=master&submodules=true              | master           | true  | -",
        "version=master&submodules=false             | master           | false | -",
        "version=master&timeout=                     | master           | true  | -",
        "version=master&timeout=jiffy                | master           | true  | -",
        "version=master&timeout=0                    | master           | true  | -",
        "version=master&timeout=0s                   | master           | true  | -",
        "version=master&timeout=61                   | master           | true  | 61",
        "version=master&timeout=1m1s                 | master           | true  | 61",
        "version=master&submodules=false&timeout=1m1s | master          | false | 61",
        // Go's url.ParseQuery refuses a semicolon; kustomize then takes every default.
        "ref=v1;x=y                                  | ''               | true  | -",
        "ref=a%zz                                    | ''               | true  | -",
        "ref=release%2F1.0&timeout=1.5m              | release/1.0      | true  | 90",
      })
  void query(String query, String ref, boolean submodules, Long timeoutSeconds) {
    RepoSpec.Query parsed = RepoSpec.Query.parse(query);

    assertThat(parsed.ref()).isEqualTo(ref);
    assertThat(parsed.submodules()).isEqualTo(submodules);
    assertThat(parsed.timeout())
        .isEqualTo(Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://github.com/o/r//deploy/base/?ref=v1 | deploy/base",
        "https://github.com/o/r                     | ''",
        "file:///srv/repo.git//./a/../b             | b",
      })
  void directoryIsTheKustomizationsTreePath(String url, String directory) throws Exception {
    assertThat(RepoSpec.parse(url).directory()).isEqualTo(directory);
  }

  @Test
  void gitUrlsAreAcceptedAsAGitSourceAcceptsThem() throws Exception {
    RepoSpec spec = RepoSpec.parse("git://127.0.0.1:9418/repo.git//base?ref=main");

    assertThat(spec.cloneSpec()).isEqualTo("git://127.0.0.1:9418/repo.git");
    assertThat(spec.directory()).isEqualTo("base");
    assertThat(spec.ref()).isEqualTo("main");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://example.com/a/deploy.yaml | true",
        "HTTP://example.com/deploy.yaml    | true",
        "github.com/o/r                    | false",
        "git@github.com:o/r                | false",
        "deploy.yaml                       | false",
        "file:///x.yaml                    | false",
      })
  void httpFilesAreUrlsWithAnHttpScheme(String path, boolean http) {
    assertThat(RepoSpec.isHttpFile(path)).isEqualTo(http);
  }
}
