package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.source.GitFetcher;
import dev.strata.source.HttpFiles;
import dev.strata.source.ObjectStore;
import dev.strata.source.RemoteCredentials;
import dev.strata.testing.git.GitHttpServer;
import dev.strata.testing.git.GitHttpServer.Access;
import dev.strata.testing.git.TestRepository;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Remote bases, components and files built by Strata and by the kustomize CLI (v5.8.1), which fetch
 * from the same loopback servers (file:// and C git's http-backend; kustomize cannot read git://),
 * compared byte for byte, origin annotations included. Skips, saying why, where the CLI is absent.
 */
class RemoteConformanceIT {

  @TempDir static Path served;
  @TempDir static Path work;
  private static TestRepository bases;
  private static String v1;
  private static GitHttpServer http;
  private static HttpServer files;

  /** Overlay name to kustomization; {file}, {http}, {files}, {v1} are filled in. */
  private static final Map<String, String> CASES = new LinkedHashMap<>();

  static {
    String metadata = "buildMetadata: [originAnnotations, transformerAnnotations]\n";
    CASES.put(
        "file-url-with-path-and-tag",
        "namePrefix: x-\n" + metadata + "resources:\n- {file}//base?ref=v1\n");
    CASES.put("repository-root", metadata + "resources:\n- {file}?ref=main\n");
    CASES.put(
        "smart-http-after-the-file-get",
        "commonLabels: {tier: web}\n" + metadata + "resources:\n- {http}//base?ref=main\n");
    CASES.put(
        "git-prefix-version-and-dot-git-split",
        metadata + "resources:\n- git::{http}/shared?version=v1&timeout=90s&submodules=false\n");
    CASES.put("commit-id", metadata + "resources:\n- {file}//base?ref={v1}\n");
    CASES.put(
        "remote-component",
        metadata
            + "resources:\n- {file}//shared?ref=v1\ncomponents:\n- {file}//component?ref=v1\n");
    CASES.put("nested-remote", metadata + "resources:\n- {file}//nested?ref=main\n");
    CASES.put(
        "http-files",
        metadata + "resources:\n- {files}/config.yaml\n- {files}/team/configs/more.yaml\n");
    CASES.put(
        "no-build-metadata",
        "namespace: apps\nresources:\n- {file}//base?ref=main\n- {files}/config.yaml\n");
  }

  @BeforeAll
  static void serve() throws Exception {
    var nestedTarget = TestRepository.generate(served, "nested-target", 1, 64, 3);
    nestedTarget.commitFiles(
        Map.of(
            "app/kustomization.yaml",
            "resources:\n- secret.yaml\n",
            "app/secret.yaml",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  t: x\n"));
    bases = TestRepository.generate(served, "bases", 1, 64, 5);
    Map<String, String> content = new LinkedHashMap<>();
    content.put(
        "kustomization.yaml",
        "resources:\n- shared\nconfigMapGenerator:\n- name: root\n  literals: [a=b]\n");
    content.put(
        "base/kustomization.yaml",
        """
        resources:
        - deployment.yaml
        - ../shared
        configMapGenerator:
        - name: settings
          literals: [version=1]
        images:
        - name: nginx
          newTag: "1.27"
        """);
    content.put(
        "base/deployment.yaml",
        """
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
                image: nginx
        """);
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
    content.put(
        "nested/kustomization.yaml",
        "nameSuffix: -n\nresources:\n- file://"
            + nestedTarget.bare()
            + "//app?ref=main\n- ../shared\n");
    bases.commitFiles(content);
    bases.tag("v1");
    v1 = bases.head();
    bases.commitFile(
        "shared/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e\n");
    bases.commitFile("shared/kustomization.yaml", "resources:\n- service.yaml\n- extra.yaml\n");
    http = GitHttpServer.http(served, Access.ANYONE);

    files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    files.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1).replace(".yaml", "");
            if (!path.endsWith(".yaml")) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            byte[] body =
                ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
                        + name
                        + "\ndata:\n  a: b\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    files.start();
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close();
    }
    if (files != null) {
      files.stop(0);
    }
  }

  static Stream<String> cases() {
    return CASES.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputIsByteIdenticalToKustomize(String name) throws Exception {
    Path kustomize = kustomize().orElse(null);
    assumeTrue(
        kustomize != null,
        "the kustomize CLI is not provisioned (hack/test-binaries.sh builds it with Go)");
    Path overlay = work.resolve(name);
    Files.createDirectories(overlay);
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        CASES
            .get(name)
            .replace("{file}", "file://" + bases.bare())
            .replace("{http}", http.url("bases.git"))
            .replace("{files}", "http://127.0.0.1:" + files.getAddress().getPort())
            .replace("{v1}", v1));

    String theirs = run(overlay, kustomize.toString(), "build", ".");
    var store = new ObjectStore(work.resolve("cache-" + name));
    String ours;
    try (var loader =
        new FetchingRemoteLoader(
            new GitFetcher(store),
            store,
            new HttpFiles(),
            RemoteCredentials.anonymous(true),
            Duration.ofSeconds(30))) {
      ours =
          KustomizeOutput.print(
              new KustomizeBuilder(new DiskTree(overlay), loader).build("", null));
    }

    assertThat(ours).isEqualTo(theirs);
    assertThat(theirs).contains("kind: ");
    if (CASES.get(name).contains("originAnnotations")) {
      assertThat(theirs).contains("config.kubernetes.io/origin");
    }
  }

  private static Optional<Path> kustomize() {
    return ControlPlaneBinaries.locate()
        .map(b -> b.binary("kustomize"))
        .filter(Files::isExecutable);
  }

  private static String run(Path directory, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kustomize exit code").isZero();
    return output;
  }
}
