package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.strata.source.FetchMode;
import dev.strata.source.GitFetcher;
import dev.strata.source.HttpFiles;
import dev.strata.source.ObjectStore;
import dev.strata.source.RemoteCredentials;
import dev.strata.testing.git.FaultyLink;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.GitHttpServer;
import dev.strata.testing.git.GitHttpServer.Access;
import dev.strata.testing.git.TestRepository;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote bases, components and files, fetched from C git's daemon and http-backend and a plain HTTP
 * server, all on loopback: the forms kustomize accepts, ref pinning, paths inside the repository,
 * what a remote kustomization may read, caching, credentials and stalls.
 */
class RemoteResourcesIT {

  @TempDir static Path served;
  private static TestRepository repo;
  private static String v1;
  private static GitDaemon daemon;
  private static HttpServer files;

  @TempDir Path work;
  private ObjectStore store;

  @BeforeAll
  static void serve() throws Exception {
    repo = TestRepository.generate(served, "bases", 1, 64, 7);
    Map<String, String> content = new LinkedHashMap<>();
    content.put("kustomization.yaml", "resources:\n- base\n");
    content.put(
        "base/kustomization.yaml",
        """
        resources:
        - deployment.yaml
        - ../shared
        configMapGenerator:
        - name: settings
          literals: [version=1]
        """);
    content.put("base/deployment.yaml", deployment("nginx:1"));
    content.put("shared/kustomization.yaml", "resources:\n- service.yaml\n");
    content.put(
        "shared/service.yaml",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n");
    content.put(
        "component/kustomization.yaml",
        """
        apiVersion: kustomize.config.k8s.io/v1alpha1
        kind: Component
        commonAnnotations:
          team: platform
        """);
    content.put("escape/kustomization.yaml", "resources:\n- ../base/deployment.yaml\n");
    content.put("leave/kustomization.yaml", "resources:\n- ../../outside\n");
    repo.commitFiles(content);
    repo.tag("v1");
    v1 = repo.head();
    repo.commitFiles(
        Map.of(
            "base/deployment.yaml",
            deployment("nginx:2"),
            "base/kustomization.yaml",
            "resources:\n- deployment.yaml\n- ../shared\n"));
    daemon = GitDaemon.serve(served);

    files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    files.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body =
                switch (path) {
                  case "/config.yaml" ->
                      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fetched\ndata:\n  a: b\n"
                          .getBytes(StandardCharsets.UTF_8);
                  case "/huge.yaml" -> new byte[(int) FileTree.MAX_FILE_BYTES + 1];
                  case "/moved.yaml" -> null;
                  default -> new byte[0];
                };
            if (path.equals("/moved.yaml")) {
              exchange.getResponseHeaders().set("Location", "/config.yaml");
              exchange.sendResponseHeaders(302, -1);
            } else if (body.length == 0) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          }
        });
    files.start();
  }

  @AfterAll
  static void stop() {
    daemon.close();
    files.stop(0);
  }

  @BeforeEach
  void newStore() {
    store = new ObjectStore(work.resolve("cache"));
  }

  @Test
  void remoteBaseOverGitDaemonIsFetchedAndBuilt() throws Exception {
    var built = build(resources(daemon.url("bases.git") + "//base?ref=v1"));

    assertThat(ids(built))
        .containsExactly("ConfigMap/settings-55ct8mc2df", "Service/web", "Deployment/web");
    assertThat(image(built)).isEqualTo("nginx:1");
  }

  @Test
  void remoteBaseOverSmartHttpIsFetchedAfterTheFileGetFails() throws Exception {
    try (var http = GitHttpServer.http(served, Access.ANYONE)) {
      var built = build(resources(http.url("bases.git") + "//base?ref=main"));

      assertThat(ids(built)).containsExactly("Service/web", "Deployment/web");
      assertThat(image(built)).isEqualTo("nginx:2");
    }
  }

  @Test
  void refsPinWhatIsBuilt() throws Exception {
    String url = daemon.url("bases.git");

    assertThat(image(build(resources(url + "//base?ref=v1")))).isEqualTo("nginx:1");
    assertThat(image(build(resources(url + "//base?version=main")))).isEqualTo("nginx:2");
    assertThat(image(build(resources(url + "//base?ref=" + v1)))).isEqualTo("nginx:1");
    // No ref: the remote's HEAD, as git fetch takes it.
    assertThat(image(build(resources(url + "//base")))).isEqualTo("nginx:2");
    assertThatThrownBy(() -> build(resources(url + "//base?ref=v9")))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("remote resource '" + url + "//base?ref=v9': cannot fetch it: ")
        .hasMessageContaining("ref 'v9' not found in " + url + "; it has: HEAD, main, v1");
  }

  @Test
  void pathsInsideTheRepositoryAndItsRoot() throws Exception {
    String url = daemon.url("bases.git");

    assertThat(ids(build(resources(url + "//shared?ref=v1")))).containsExactly("Service/web");
    // Without "//", kustomize splits after ".git".
    assertThat(ids(build(resources(url + "/shared?ref=v1")))).containsExactly("Service/web");
    assertThat(ids(build(resources("git::" + url + "?ref=v1"))))
        .containsExactly("ConfigMap/settings-55ct8mc2df", "Service/web", "Deployment/web");
    assertThatThrownBy(() -> build(resources(url + "//absent?ref=v1")))
        .hasMessageContaining("'absent' is not a directory in the repository");
  }

  @Test
  void aRemoteComponentRunsOnTheResourcesSoFar() throws Exception {
    String url = daemon.url("bases.git");
    var built =
        build(
            "resources:\n- "
                + url
                + "//shared?ref=v1\ncomponents:\n- "
                + url
                + "//component?ref=v1\n");

    assertThat(built.get(0).annotations()).containsEntry("team", "platform");
    assertThatThrownBy(() -> build(resources(url + "//component?ref=v1")))
        .hasMessageContaining("it is a Component; list it under components");
  }

  @Test
  void aRemoteKustomizationReadsOnlyWithinItsDirectoryAndItsRepository() {
    String url = daemon.url("bases.git");

    assertThatThrownBy(() -> build(resources(url + "//escape?ref=v1")))
        .hasMessageContaining("remote resource '" + url + "//escape?ref=v1' (" + url + " at ")
        .hasMessageContaining(
            "escape/kustomization.yaml: resources: security: file '../base/deployment.yaml' is"
                + " not in or below 'escape'");
    assertThatThrownBy(() -> build(resources(url + "//leave?ref=v1")))
        .hasMessageContaining("'../../outside' (from leave) leaves the repository root");
  }

  @Test
  void eachRemoteIsFetchedOncePerBuildAndNotAgainWhenUnchanged() throws Exception {
    String url = daemon.url("bases.git");
    String kustomization =
        "resources:\n- " + url + "//base?ref=v1\ncomponents:\n- " + url + "//component?ref=v1\n";

    try (var loader = loader(RemoteCredentials.anonymous(false))) {
      build(kustomization, loader);

      assertThat(loader.fetched()).hasSize(1);
      assertThat(loader.fetched().get(0).result().mode()).isEqualTo(FetchMode.CHUNKED);
    }
    try (var loader = loader(RemoteCredentials.anonymous(false))) {
      build(resources(url + "//base?ref=v1"), loader);

      assertThat(loader.fetched()).hasSize(1);
      assertThat(loader.fetched().get(0).result().mode()).isEqualTo(FetchMode.UNCHANGED);
      assertThat(loader.fetched().get(0).result().bytesReceived()).isZero();
    }
  }

  @Test
  void aRemoteFileOverPlainHttp() throws Exception {
    String base = "http://127.0.0.1:" + files.getAddress().getPort();

    assertThat(ids(build(resources(base + "/config.yaml")))).containsExactly("ConfigMap/fetched");
    assertThat(ids(build(resources(base + "/moved.yaml")))).containsExactly("ConfigMap/fetched");
    assertThatThrownBy(() -> build(resources(base + "/absent.yaml")))
        .hasMessageContaining(
            "remote resource '" + base + "/absent.yaml': HTTP Error: status code 404");
    assertThatThrownBy(() -> build(resources(base + "/huge.yaml")))
        .hasMessageContaining(base + "/huge.yaml is 8.0 MiB, over the limit of 8.0 MiB");
  }

  @Test
  void aStalledRemoteHitsTheStallTimeoutNamingTheUrl() throws Exception {
    try (var link = FaultyLink.to(daemon.port()).stall(1, Duration.ofSeconds(30), 100)) {
      String url = daemon.url("bases.git", link.port()) + "//base?ref=v1&timeout=1s";
      Instant started = Instant.now();

      assertThatThrownBy(() -> build(resources(url)))
          .hasMessageContaining("remote resource '" + url + "': cannot fetch it: ")
          .hasMessageContaining("for 1s (stall timeout)")
          .hasMessageContaining("(after 4 attempts)");
      assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void aStalledFileHitsTheStallTimeoutNamingTheUrl() throws Exception {
    try (var link =
            FaultyLink.to(files.getAddress().getPort()).stall(1, Duration.ofSeconds(30), 100);
        var loader =
            new FetchingRemoteLoader(
                new GitFetcher(store, Duration.ofMillis(20)),
                store,
                new HttpFiles(Duration.ofMillis(20), 2),
                RemoteCredentials.anonymous(false),
                Duration.ofSeconds(1))) {
      String url = "http://127.0.0.1:" + link.port() + "/config.yaml";

      assertThatThrownBy(() -> build(resources(url), loader))
          .hasMessageContaining("remote resource '" + url + "': ")
          .hasMessageContaining("for 1s (stall timeout)")
          .hasMessageContaining("(after 2 attempts)");
    }
  }

  @Test
  void aRemoteOnTheSourcesOriginGetsItsCredentialsAndNoOtherDoes() throws Exception {
    try (var http = GitHttpServer.http(served, new Access("deploy", "hunter2", null))) {
      String url = http.url("bases.git") + "//shared?ref=v1";
      var sameOrigin =
          RemoteCredentials.ofSource(
              "flux/homelab",
              http.url("homelab.git"),
              () -> Map.of("username", "deploy", "password", "hunter2"));
      var otherOrigin =
          RemoteCredentials.ofSource(
              "flux/homelab",
              "https://git.example.org/homelab.git",
              () -> Map.of("username", "deploy", "password", "hunter2"));

      try (var loader = loader(sameOrigin)) {
        assertThat(ids(build(resources(url), loader))).containsExactly("Service/web");
      }
      try (var loader = loader(otherOrigin)) {
        assertThatThrownBy(() -> build(resources(url), loader))
            .hasMessageContaining("authentication to 127.0.0.1:");
      }
    }
  }

  @Test
  void sshWithoutKnownHostsAndLocalRepositoriesAreRefusedInTheOperator() {
    assertThatThrownBy(() -> build(resources("git@git.example.org:team/bases.git//base")))
        .hasMessageContaining(
            "remote resource 'git@git.example.org:team/bases.git//base': cannot fetch it: SSH to"
                + " git.example.org is refused");
    assertThatThrownBy(() -> build(resources("file://" + repo.bare() + "//base")))
        .hasMessageContaining("a file:// remote would read the operator's own disk");
  }

  @Test
  void theRefusingLoaderKeepsTheClearRefusal() throws Exception {
    var overlay = overlay(resources(daemon.url("bases.git") + "//base"));
    var builder =
        new KustomizeBuilder(
            new DiskTree(overlay), RemoteLoader.refusing("spec.remoteResources is false"));

    assertThatThrownBy(() -> builder.build("", null))
        .hasMessage(
            "kustomization.yaml: remote resource '"
                + daemon.url("bases.git")
                + "//base' is not allowed (spec.remoteResources is false); vendor it into the"
                + " repository");
  }

  // --- helpers ---

  private List<Resource> build(String kustomization) throws Exception {
    try (var loader = loader(RemoteCredentials.anonymous(false))) {
      return build(kustomization, loader);
    }
  }

  private List<Resource> build(String kustomization, RemoteLoader loader) throws Exception {
    return new KustomizeBuilder(new DiskTree(overlay(kustomization)), loader).build("", null);
  }

  private FetchingRemoteLoader loader(RemoteCredentials credentials) {
    return new FetchingRemoteLoader(
        new GitFetcher(store, Duration.ofMillis(50)),
        store,
        new HttpFiles(Duration.ofMillis(50), 4),
        credentials,
        Duration.ofSeconds(20));
  }

  private Path overlay(String kustomization) throws IOException {
    Path directory = Files.createTempDirectory(work, "overlay");
    Files.writeString(directory.resolve("kustomization.yaml"), kustomization);
    return directory;
  }

  private static String resources(String url) {
    return "resources:\n- " + url + "\n";
  }

  private static List<String> ids(List<Resource> resources) {
    return resources.stream().map(Resource::id).toList();
  }

  @SuppressWarnings("unchecked")
  private static String image(List<Resource> resources) {
    Resource deployment =
        resources.stream().filter(r -> r.kind().equals("Deployment")).findFirst().orElseThrow();
    var spec = (Map<String, Object>) deployment.object().get("spec");
    var template = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
    return String.valueOf(
        ((List<Map<String, Object>>) template.get("containers")).get(0).get("image"));
  }

  private static String deployment(String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: %s
        """
        .formatted(image);
  }
}
