package dev.strata.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.strata.api.GitSource;
import dev.strata.api.StrataMetadata;
import dev.strata.controller.GitSourceReconciler;
import dev.strata.controller.LayeredKustomizationReconciler;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.LayerScenario;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import dev.strata.webhook.Signatures;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Notifications through the API server: providers read from a ConfigMap and a Secret, a real
 * GitSource failure reaching a loopback endpoint signed with the Secret's key, and a changed
 * ConfigMap and rotated key taking effect without a restart.
 */
@ExtendWith(ApiServerExtension.class)
class NotificationsIT {

  private static final String CONFIG = "strata-notifications";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path served;
  private static GitDaemon daemon;

  @TempDir Path cache;
  private final KubernetesClient client;
  private final PrometheusMeterRegistry registry = Metrics.newRegistry();
  private final BlockingQueue<Map.Entry<String, Map<String, String>>> received =
      new LinkedBlockingQueue<>();
  private final Logger notifyLogger = (Logger) LoggerFactory.getLogger("dev.strata");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private String namespace;
  private HttpServer endpoint;
  private NotificationService notifications;
  private StrataOperator operator;

  NotificationsIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeAll
  static void serve() throws Exception {
    daemon = GitDaemon.serve(served);
  }

  @AfterAll
  static void stopServing() {
    daemon.close();
  }

  @BeforeEach
  void start() throws Exception {
    logs.start();
    notifyLogger.addAppender(logs);
    namespace = TestNamespaces.create(client, "notify");
    endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    endpoint.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String signature = exchange.getRequestHeaders().getFirst("X-Signature");
          String authorization = exchange.getRequestHeaders().getFirst("Authorization");
          received.add(
              Map.entry(
                  exchange.getRequestURI().getPath(),
                  Map.of(
                      "body",
                      body,
                      "signature",
                      signature == null ? "" : signature,
                      "authorization",
                      authorization == null ? "" : authorization)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    endpoint.start();
    notifications = new NotificationService(client, namespace, CONFIG, registry);
    notifications.start();
    var store = new ObjectStore(cache);
    operator =
        new StrataOperator(
            client,
            new OperatorSettings(
                Set.of(namespace), false, "unused", namespace, "test", 0, Duration.ofSeconds(5)),
            List.of(
                new GitSourceReconciler(
                    store,
                    new GitFetcher(store, Duration.ofMillis(200)),
                    Clock.systemUTC(),
                    notifications),
                LayeredKustomizationReconciler.builder(client, store)
                    .meterRegistry(registry)
                    .notifier(notifications)
                    .build()),
            registry);
    operator.start();
  }

  @AfterEach
  void stop() {
    operator.close();
    notifications.close();
    endpoint.stop(0);
    notifyLogger.detachAppender(logs);
    logs.stop();
  }

  @Test
  void aFailingSourceReachesTheProviderAndConfigurationChangesApplyLive() throws Exception {
    secret("first-key");
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CONFIG)
                .withNamespace(namespace)
                .endMetadata()
                .addToData(NotificationConfig.DATA_KEY, config("hook", "/first"))
                .build())
        .create();
    awaitLog("notification providers: hook (generic)");

    var source = TestResources.gitSource(namespace, "gone", ref -> ref.setBranch("main"));
    source.getSpec().setUrl("http://127.0.0.1:" + closedPort() + "/gone.git");
    source.getMetadata().setAnnotations(new HashMap<>());
    client.resource(source).create();

    var first = received.poll(60, TimeUnit.SECONDS);
    assertThat(first).as("a notification within 60 s").isNotNull();
    assertThat(first.getKey()).isEqualTo("/first");
    String body = first.getValue().get("body");
    assertThat(first.getValue().get("signature")).isEqualTo(sign("first-key", body));
    JsonNode event = JSON.readTree(body);
    assertThat(event.at("/involvedObject/kind").asText()).isEqualTo("GitSource");
    assertThat(event.at("/involvedObject/namespace").asText()).isEqualTo(namespace);
    assertThat(event.at("/involvedObject/name").asText()).isEqualTo("gone");
    assertThat(event.at("/severity").asText()).isEqualTo("error");
    assertThat(event.at("/metadata/event").asText()).isEqualTo("sourceFailed");
    assertThat(event.at("/message").asText()).isNotBlank();

    // Rotate the key and rename the provider with a new path: no restart.
    secret("second-key");
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(CONFIG)
        .edit(
            cm -> {
              cm.getData().put(NotificationConfig.DATA_KEY, config("hook-v2", "/second"));
              return cm;
            });
    awaitLog("notification providers: hook-v2 (generic)");
    client
        .resources(GitSource.class)
        .inNamespace(namespace)
        .withName("gone")
        .edit(
            s -> {
              s.getMetadata()
                  .getAnnotations()
                  .put(StrataMetadata.REQUESTED_AT_ANNOTATION, Instant.now().toString());
              return s;
            });
    Map.Entry<String, Map<String, String>> second;
    do {
      second = received.poll(60, TimeUnit.SECONDS);
      assertThat(second).as("a notification to the new path within 60 s").isNotNull();
    } while (!second.getKey().equals("/second"));
    assertThat(second.getValue().get("signature"))
        .isEqualTo(sign("second-key", second.getValue().get("body")));
    // Counted once the endpoint's answer is read, just after it saw the request.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var sent =
                  registry
                      .find("strata.notifications")
                      .tags("provider", "hook-v2", "outcome", "sent")
                      .counter();
              return sent != null && sent.count() >= 1;
            });
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(line -> line.contains("first-key") || line.contains("second-key"));
  }

  @Test
  void aLayeredKustomizationsCommitGetsPendingThenFailureThenSuccess() throws Exception {
    secret("unused");
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(CONFIG)
                .withNamespace(namespace)
                .endMetadata()
                .addToData(
                    NotificationConfig.DATA_KEY,
                    """
                    providers:
                      - name: status
                        type: github
                        address: https://github.com/Lab/Homelab.git
                        apiUrl: http://127.0.0.1:%d
                        secretRef: {name: notify-tokens, key: github}
                    """
                        .formatted(endpoint.getAddress().getPort()))
                .build())
        .create();
    awaitLog("notification providers: status (github)");

    Map<String, String> files = LayerScenario.threeLayers();
    files.put("layers/web/web.yaml", configMap("web", "n: [1, 2]"));
    var repo = TestRepository.generate(served, "statuses", 1, 10, 7);
    String broken = repo.commitFiles(files);
    var source = TestResources.gitSource(namespace, "statuses", ref -> ref.setBranch("main"));
    source.getSpec().setUrl(daemon.url("statuses.git"));
    source.getSpec().setInterval("1h");
    source.getMetadata().setAnnotations(new HashMap<>());
    client.resource(source).create();
    client.resource(LayerScenario.layeredKustomization(namespace, "statuses", "30s")).create();

    assertThat(nextStatus()).containsExactly("/repos/lab/homelab/statuses/" + broken, "pending");
    assertThat(nextStatus()).containsExactly("/repos/lab/homelab/statuses/" + broken, "failure");

    String fixed = repo.commitFiles(Map.of("layers/web/web.yaml", configMap("web", "n: fixed")));
    client
        .resources(GitSource.class)
        .inNamespace(namespace)
        .withName("statuses")
        .edit(
            s -> {
              s.getMetadata()
                  .getAnnotations()
                  .put(StrataMetadata.REQUESTED_AT_ANNOTATION, Instant.now().toString());
              return s;
            });
    assertThat(nextStatus()).containsExactly("/repos/lab/homelab/statuses/" + fixed, "pending");
    assertThat(nextStatus()).containsExactly("/repos/lab/homelab/statuses/" + fixed, "success");
  }

  /** The path and state of the next commit status posted. */
  private List<String> nextStatus() throws Exception {
    var request = received.poll(60, TimeUnit.SECONDS);
    assertThat(request).as("a commit status within 60 s").isNotNull();
    assertThat(request.getValue().get("authorization")).isEqualTo("Bearer unused");
    return List.of(
        request.getKey(), JSON.readTree(request.getValue().get("body")).path("state").asText());
  }

  private static String configMap(String name, String data) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + "\ndata:\n  "
        + data
        + "\n";
  }

  private String config(String name, String path) {
    return """
        providers:
          - name: %s
            type: generic
            address: http://127.0.0.1:%d%s
            secretRef: {name: notify-tokens, key: hmac}
            events: [sourceFailed]
        """
        .formatted(name, endpoint.getAddress().getPort(), path);
  }

  private void secret(String key) {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("notify-tokens")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("hmac", key)
                .addToStringData("github", key)
                .build())
        .serverSideApply();
  }

  private void awaitLog(String text) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                List.copyOf(logs.list).stream()
                    .anyMatch(e -> e.getFormattedMessage().contains(text)));
  }

  private static String sign(String key, String body) {
    return Signatures.sha256Header(
        key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
  }

  private static int closedPort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
