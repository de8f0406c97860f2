package dev.strata.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.strata.api.GitSource;
import dev.strata.controller.GitSourceReconciler;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole path a push takes: a commit on a Git server, a GitHub-signed push delivered to the
 * receiver, the annotation, and the GitSource reconciler fetching the new revision, although the
 * source's interval is an hour.
 */
@ExtendWith(ApiServerExtension.class)
class WebhookFetchIT {

  private static final Logger log = LoggerFactory.getLogger(WebhookFetchIT.class);
  private static final String TOKEN = "push-to-fetch";

  private final KubernetesClient client;

  WebhookFetchIT(KubernetesClient client) {
    this.client = client;
  }

  @Test
  void signedPushFetchesTheNewRevisionAtOnce(@TempDir Path served, @TempDir Path cache)
      throws Exception {
    String namespace = TestNamespaces.create(client, "webhook-fetch");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("hook")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("token", TOKEN)
                .build())
        .create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("strata-webhooks")
                .withNamespace(namespace)
                .endMetadata()
                .addToData(
                    "receivers.yaml",
                    "receivers:\n  - {name: github, type: github, secretRef: {name: hook}}\n")
                .build())
        .create();
    var store = new ObjectStore(cache);
    try (var daemon = GitDaemon.serve(served);
        var operator =
            new StrataOperator(
                client,
                new OperatorSettings(
                    Set.of(namespace),
                    false,
                    "unused",
                    namespace,
                    "test",
                    0,
                    Duration.ofSeconds(5)),
                List.of(
                    new GitSourceReconciler(
                        store, new GitFetcher(store, Duration.ofMillis(200)), Clock.systemUTC())),
                Metrics.newRegistry());
        var webhook =
            new WebhookServer(
                client,
                new WebhookSettings(
                    "127.0.0.1",
                    0,
                    namespace,
                    "strata-webhooks",
                    WebhookSettings.DEFAULT_MAX_BODY_BYTES,
                    10,
                    20,
                    Set.of(namespace),
                    "test"),
                Metrics.newRegistry())) {
      operator.start();
      webhook.start();
      var repo = TestRepository.generate(served, "homelab", 20, 200, 7);
      String url = daemon.url("homelab.git");
      var source = TestResources.gitSource(namespace, "homelab", ref -> ref.setBranch("main"));
      source.getSpec().setUrl(url);
      source.getSpec().setInterval("1h");
      client.resource(source).create();
      await().atMost(Duration.ofSeconds(60)).until(() -> revision(namespace) != null);

      String pushed = repo.commitFile("apps/new.yaml", "kind: ConfigMap\n");
      byte[] body =
          ("{\"ref\":\"refs/heads/main\",\"after\":\""
                  + pushed
                  + "\",\"repository\":{\"clone_url\":\""
                  + url
                  + "\"}}")
              .getBytes(UTF_8);
      long start = System.nanoTime();
      var response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + webhook.port() + "/hook/github"))
                      .header("X-GitHub-Event", "push")
                      .header(
                          "X-Hub-Signature-256",
                          Signatures.sha256Header(TOKEN.getBytes(UTF_8), body))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      long answered = System.nanoTime();
      assertThat(response.statusCode()).isEqualTo(200);

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> ("main@sha1:" + pushed).equals(revision(namespace)));
      log.info(
          "webhook answered in {} ms; new revision in status {} ms after the push was sent",
          (answered - start) / 1_000_000,
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  private String revision(String namespace) {
    GitSource source =
        client.resources(GitSource.class).inNamespace(namespace).withName("homelab").get();
    return source.getStatus() == null || source.getStatus().getArtifact() == null
        ? null
        : source.getStatus().getArtifact().getRevision();
  }
}
