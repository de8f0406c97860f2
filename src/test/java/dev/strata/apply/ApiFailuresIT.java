package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.health.ApiResources;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.render.Resource;
import dev.strata.runtime.KubernetesClients;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.RequestCounter;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.git.FaultyLink;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests the API server refuses, or answers slowly, against a real one: a layer fails at once
 * with the server's status code, reason and message when asking again cannot help, and within its
 * timeout when the server does not answer; transient failures are retried.
 */
@ExtendWith(ApiServerExtension.class)
class ApiFailuresIT {

  /** "Within a few seconds": the failures below take well under a second when nothing is wrong. */
  private static final Duration AT_ONCE = Duration.ofSeconds(5);

  private final KubernetesClient admin;
  private final LocalControlPlane controlPlane;
  private final RequestCounter counter = new RequestCounter();
  private final KubernetesClient client;
  private String namespace;

  ApiFailuresIT(KubernetesClient admin, LocalControlPlane controlPlane) {
    this.admin = admin;
    this.controlPlane = controlPlane;
    this.client = counter.newClient(controlPlane);
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(admin, "failures");
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void anObjectAboveTheServersSizeLimitFailsAtOnceNamingItsFileAndTheLimit() throws Exception {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    List<Resource> layer =
        Layers.from(
            "apps/big.yaml",
            "{apiVersion: v1, kind: ConfigMap, metadata: {name: big, namespace: %s}}"
                .formatted(namespace));
    // 4 MiB: more than the 3 MiB the API server reads of a request body (a YAML document that
    // large exceeds the YAML reader's limit, as a generated ConfigMap would not).
    layer.get(0).object().put("data", Map.of("blob", "x".repeat(4 * 1024 * 1024)));

    long start = System.nanoTime();
    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(AT_ONCE);
    assertThat(error.phase()).isEqualTo(ApplyException.Phase.VALIDATION);
    assertThat(error.getMessage())
        .isEqualTo(
            "validation failed for 1 object (nothing was changed):\n  ConfigMap/"
                + namespace
                + "/big (from apps/big.yaml): 413 RequestEntityTooLarge: Request entity too"
                + " large: limit is 3145728 (this object is 4.0 MiB as JSON)");
    assertThat(counter.sent()).filteredOn(s -> s.method().equals("PATCH")).hasSize(1);
    assertThat(counter.writes()).isEmpty();
  }

  @Test
  void anUnknownFieldOfABuiltInKindFailsAtOnceNamingTheField() {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    List<Resource> layer =
        Layers.from(
            "apps/web.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: %s}
            spec:
              replicaz: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx}]}
            """
                .formatted(namespace));

    long start = System.nanoTime();
    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(AT_ONCE);
    assertThat(error.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.origin()).isEqualTo("apps/web.yaml");
              // The API server answers 500 to this, which fabric8 would send again 10 times.
              assertThat(f.message())
                  .startsWith("500 Internal Server Error: failed to create typed patch object")
                  .endsWith(".spec.replicaz: field not declared in schema");
            });
    assertThat(counter.dryRuns()).isEqualTo(1);
  }

  @Test
  void aFailingSecretsValuesStayOutOfTheMessage() {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    List<Resource> layer =
        Layers.from(
            "apps/secret.yaml",
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: db, namespace: %s}
            stringData: {password: 80417359262, token: [hunter2-token]}
            """
                .formatted(namespace));

    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));

    // The API server quotes the value it cannot read: "got &value.valueUnstructured{Value:...}".
    assertThat(error.getMessage())
        .contains("Secret/" + namespace + "/db (from apps/secret.yaml): 500 Internal Server Error:")
        .contains(".stringData.password: expected string")
        .contains(SecretValues.REDACTED)
        .doesNotContain("80417359262")
        .doesNotContain("hunter2-token");
  }

  @Test
  void theDeadlineBoundsAnApplyTheServerDoesNotAnswer() throws Exception {
    try (FaultyLink link = FaultyLink.to(apiServerPort());
        KubernetesClient slow = throughLink(link)) {
      // Every connection stalls after the server's first byte: no request ever gets an answer.
      link.stall(1, Duration.ofMinutes(5), 1_000);
      // Discovery goes direct, so that the stalled requests are the dry-runs.
      var applier = new LayerApplier(slow, ApplyOptions.defaults(), new ApiResources(admin));
      List<Resource> layer =
          Layers.from(
              "apps/slow.yaml",
              "{apiVersion: v1, kind: ConfigMap, metadata: {name: slow, namespace: %s}}"
                  .formatted(namespace));

      long start = System.nanoTime();
      var error =
          catchThrowableOfType(
              ApplyException.class,
              () -> applier.apply(layer, Deadline.after(Duration.ofSeconds(2))));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
      assertThat(error.timedOut()).isTrue();
      assertThat(error.getMessage())
          .isEqualTo(
              "timeout of 2.0s elapsed during apply (server-side dry-run) for 1 object (nothing"
                  + " was changed):\n  ConfigMap/"
                  + namespace
                  + "/slow (from apps/slow.yaml): dry-run: no answer from the API server before"
                  + " the timeout");
    }
  }

  @Test
  void aDroppedConnectionIsSentAgainAndTheLastErrorKept() throws Exception {
    try (FaultyLink link = FaultyLink.to(apiServerPort());
        KubernetesClient dropping = throughLink(link)) {
      link.resetEvery(1);
      var applier = new LayerApplier(dropping, ApplyOptions.defaults(), new ApiResources(admin));
      List<Resource> layer =
          Layers.from(
              "apps/config.yaml",
              "{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: %s}}"
                  .formatted(namespace));

      var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));

      assertThat(link.connections()).isEqualTo(Retries.DEFAULT.attempts());
      assertThat(error.failures())
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.message())
                      .startsWith("no answer: ")
                      .endsWith("(gave up after 5 attempts)"));
    }
  }

  private int apiServerPort() throws Exception {
    return URI.create(admin.getMasterUrl().toString()).getPort();
  }

  /** An operator-configured client whose requests go through {@code link}. */
  private KubernetesClient throughLink(FaultyLink link) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig()));
    config.setMasterUrl("https://127.0.0.1:" + link.port());
    return KubernetesClients.of(config);
  }
}
