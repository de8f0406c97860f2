package dev.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.localcluster.LocalControlPlane;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.Kubectl;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Installs the CRDs on a real API server and checks what users see: validation, columns, docs. */
@ExtendWith(ApiServerExtension.class)
class CustomResourceDefinitionsIT {

  private final KubernetesClient client;
  private final Kubectl kubectl;
  private String namespace;

  CustomResourceDefinitionsIT(KubernetesClient client, LocalControlPlane controlPlane) {
    this.client = client;
    this.kubectl = new Kubectl(controlPlane.kubeconfig());
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "crd");
  }

  @Test
  void validGitSourceIsAcceptedWithDefaults() {
    var created = client.resource(gitSource("homelab", Map.of("branch", "main"))).create();

    assertThat(created.getSpec().getInterval()).isEqualTo("5m");
    assertThat(created.getSpec().getTimeout()).isEqualTo("60s");
    assertThat(created.getSpec().getSuspend()).isFalse();
  }

  @Test
  void gitSourceWithoutUrlIsRejected() {
    var source = gitSource("no-url", Map.of("branch", "main"));
    source.getSpec().setUrl(null);

    assertRejected(source, "spec.url: Required value");
  }

  @Test
  void gitSourceWithBadIntervalIsRejected() {
    var source = gitSource("bad-interval", Map.of("branch", "main"));
    source.getSpec().setInterval("5 minutes");

    assertRejected(source, "spec.interval", "should match");
  }

  @Test
  void gitSourceWithTwoRefsIsRejected() {
    var source = gitSource("two-refs", Map.of("branch", "main", "tag", "v1.0.0"));

    assertRejected(source, "spec.ref", "exactly one of branch, tag, semver or commit must be set");
  }

  @Test
  void gitSourceWithoutAnyRefIsRejected() {
    assertRejected(
        gitSource("no-ref", Map.of()),
        "spec.ref",
        "exactly one of branch, tag, semver or commit must be set");
  }

  @Test
  void gitSourceWithUnsupportedUrlSchemeIsRejected() {
    var source = gitSource("ftp", Map.of("branch", "main"));
    source.getSpec().setUrl("ftp://example.org/repo.git");

    assertRejected(source, "spec.url", "url must be https://");
  }

  @Test
  void gitSourceAcceptsScpLikeUrl() {
    var source = gitSource("scp", Map.of("commit", "0123456789abcdef0123456789abcdef01234567"));
    source.getSpec().setUrl("git@github.com:owner/homelab.git");

    assertThat(client.resource(source).create().getSpec().getUrl())
        .isEqualTo("git@github.com:owner/homelab.git");
  }

  @Test
  void layeredKustomizationWithDuplicateLayerNamesIsRejected() {
    var layers = layeredKustomization("dup", layer("base", "a"), layer("base", "b"));

    assertRejected(layers, "spec.layers", "layer names must be unique");
  }

  @Test
  void layeredKustomizationDependingOnAnUnknownLayerIsRejected() {
    var apps = layer("apps", "apps");
    apps.setDependsOn(List.of("databases"));

    assertRejected(
        layeredKustomization("unknown-dep", layer("base", "base"), apps),
        "spec.layers",
        "every dependsOn entry must name a layer of this list");
  }

  @Test
  void layeredKustomizationWithPathLeavingTheRepositoryIsRejected() {
    assertRejected(
        layeredKustomization("escape", layer("base", "../other-repo")),
        "spec.layers[0].path",
        "path '../other-repo' must be relative to the repository root and must not contain '..'");
    assertRejected(
        layeredKustomization("absolute", layer("base", "/etc/layers")),
        "path '/etc/layers' must be relative");
  }

  @Test
  void layeredKustomizationGetsDefaults() {
    var created =
        client
            .resource(layeredKustomization("defaults", layer("base", "infrastructure/base")))
            .create();

    assertThat(created.getSpec().getPrune()).isTrue();
    assertThat(created.getSpec().getDrift()).isEqualTo(DriftMode.HEAL);
    assertThat(created.getSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.DELETE);
    assertThat(created.getSpec().getSourceRef().getKind()).isEqualTo("GitSource");
    assertThat(created.getSpec().getLayers().get(0).getWait()).isTrue();
  }

  @Test
  void statusIsASubresource() {
    var created = client.resource(gitSource("status", Map.of("branch", "main"))).create();
    var status = new GitSourceStatus();
    status.setObservedGeneration(1L);
    created.setStatus(status);

    client.resource(created).update();
    assertThat(client.resource(created).get().getStatus())
        .as("status written through the main resource is ignored")
        .isNull();

    client.resource(created).updateStatus();
    assertThat(client.resource(created).get().getStatus().getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void kubectlWaitUnderstandsTheReadyCondition() throws Exception {
    var created = client.resource(gitSource("waited", Map.of("branch", "main"))).create();
    var status = new GitSourceStatus();
    status.setObservedGeneration(created.getMetadata().getGeneration());
    status
        .getConditions()
        .add(
            new Condition(
                "Ready",
                "True",
                "Succeeded",
                "stored artifact for revision main@sha1:0123456789abcdef0123456789abcdef01234567",
                created.getMetadata().getGeneration(),
                "2026-11-23T00:00:00Z"));
    created.setStatus(status);
    client.resource(created).updateStatus();

    assertThat(
            kubectl.run(
                "wait",
                "--for=condition=Ready",
                "gitsource/waited",
                "-n",
                namespace,
                "--timeout=10s"))
        .contains("condition met");
    assertThat(words(kubectl.run("get", "gitsource", "waited", "-n", namespace)))
        .contains(
            "True stored artifact for revision main@sha1:0123456789abcdef0123456789abcdef01234567");
  }

  @Test
  void kubectlGetStrataShowsFluxStyleColumns() throws Exception {
    client.resource(gitSource("homelab", Map.of("branch", "main"))).create();
    client.resource(layeredKustomization("homelab", layer("base", "infrastructure/base"))).create();

    String output = kubectl.run("get", "strata", "-n", namespace);

    assertThat(output.lines().filter(l -> l.startsWith("NAME")).map(l -> words(l)).toList())
        .containsExactly(
            header("NAME", "URL", "READY", "STATUS", "REVISION", "AGE"),
            header("NAME", "SOURCE", "REVISION", "LAYERS", "READY", "STATUS", "AGE"));
    assertThat(output)
        .contains("gitsource.gitops.strata.dev/homelab")
        .contains(TestResources.EXAMPLE_URL)
        .contains("layeredkustomization.gitops.strata.dev/homelab");
  }

  @Test
  void kubectlGetWideAddsRefFetchAndRunColumns() throws Exception {
    var source = client.resource(gitSource("homelab", Map.of("branch", "main"))).create();
    var artifact = new Artifact();
    artifact.setRevision("main@sha1:0123456789abcdef0123456789abcdef01234567");
    artifact.setFetchedAt("2026-11-23T00:00:00Z");
    artifact.setBytesReceived(12345L);
    source.setStatus(new GitSourceStatus());
    source.getStatus().setArtifact(artifact);
    client.resource(source).updateStatus();
    var layers = layeredKustomization("homelab", layer("base", "infrastructure/base"));
    layers.getSpec().setTargetNamespace("apps");
    layers = client.resource(layers).create();
    var status = new LayeredKustomizationStatus();
    status.setLastAttemptedRevision("main@sha1:89abcdef0123456789abcdef0123456789abcdef");
    var drift = new DriftStatus();
    drift.setCount(3L);
    status.setDrift(drift);
    layers.setStatus(status);
    client.resource(layers).updateStatus();

    String sources = kubectl.run("get", "gitsource", "-n", namespace, "-o", "wide");
    String layered = kubectl.run("get", "layers", "-n", namespace, "-o", "wide");

    assertThat(words(sources.lines().findFirst().orElseThrow()))
        .isEqualTo(
            header(
                "NAME",
                "URL",
                "READY",
                "STATUS",
                "REVISION",
                "AGE",
                "REF",
                "FETCHED",
                "BYTES",
                "SUSPENDED"));
    assertThat(words(sources.lines().skip(1).findFirst().orElseThrow()))
        .contains("{\"branch\":\"main\"}")
        .endsWith(" 12345 false");
    assertThat(words(layered.lines().findFirst().orElseThrow()))
        .isEqualTo(
            header(
                "NAME",
                "SOURCE",
                "REVISION",
                "LAYERS",
                "READY",
                "STATUS",
                "AGE",
                "ATTEMPTED REVISION",
                "SUSPENDED",
                "TARGET NAMESPACE",
                "DRIFT COUNT"));
    assertThat(words(layered.lines().skip(1).findFirst().orElseThrow()))
        .endsWith(" main@sha1:89abcdef0123456789abcdef0123456789abcdef false apps 3");
  }

  @Test
  void shortNamesWork() throws Exception {
    client.resource(gitSource("short", Map.of("branch", "main"))).create();

    assertThat(kubectl.run("get", "gs", "-n", namespace, "-o", "name"))
        .contains("gitsource.gitops.strata.dev/short");
    assertThat(kubectl.run("get", "lk", "-n", namespace)).contains("No resources found");
  }

  @Test
  void kubectlExplainDocumentsFields() throws Exception {
    assertThat(words(kubectl.run("explain", "gitsource.spec.timeout")))
        .contains("Stall timeout")
        .contains("aborted only when no bytes arrived for this long");
    assertThat(words(kubectl.run("explain", "layeredkustomization.spec.layers.dependsOn")))
        .contains("Layers that must be healthy before this one is applied");
    assertThat(words(kubectl.run("explain", "layeredkustomization.status")))
        .contains("each layer's phase");
  }

  private static String header(String... columns) {
    return String.join(" ", columns);
  }

  /** kubectl pads columns and wraps descriptions; compare words only. */
  private static String words(String text) {
    return String.join(" ", text.trim().split("\\s+"));
  }

  private void assertRejected(HasMetadata resource, String... messageParts) {
    assertThatThrownBy(() -> client.resource(resource).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .message()
        .contains(messageParts);
  }

  private GitSource gitSource(String name, Map<String, String> ref) {
    return TestResources.gitSource(
        namespace,
        name,
        gitRef -> {
          gitRef.setBranch(ref.get("branch"));
          gitRef.setTag(ref.get("tag"));
          gitRef.setSemver(ref.get("semver"));
          gitRef.setCommit(ref.get("commit"));
        });
  }

  private LayeredKustomization layeredKustomization(String name, Layer... layers) {
    var resource = new LayeredKustomization();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    var spec = new LayeredKustomizationSpec();
    var sourceRef = new SourceReference();
    sourceRef.setName("homelab");
    spec.setSourceRef(sourceRef);
    spec.setLayers(List.of(layers));
    resource.setSpec(spec);
    return resource;
  }

  private static Layer layer(String name, String path) {
    var layer = new Layer();
    layer.setName(name);
    layer.setPath(path);
    return layer;
  }
}
