package dev.strata.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.api.GitRef;
import dev.strata.api.GitSource;
import dev.strata.api.StrataMetadata;
import dev.strata.runtime.Metrics;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Posts deliveries over loopback HTTP to a WebhookServer configured by a ConfigMap and a Secret on
 * a real API server, and checks what happens to GitSources, Events and the counters.
 */
@ExtendWith(ApiServerExtension.class)
class WebhookServerIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String GITHUB_TOKEN = "It's a Secret to Everybody";
  private static final String GITLAB_TOKEN = "glpat-for-webhooks";
  private static final long MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry = Metrics.newRegistry();
  private String namespace;
  private String other;
  private WebhookServer server;
  private final Logger webhookLogger = (Logger) LoggerFactory.getLogger("dev.strata.webhook");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  WebhookServerIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void start() throws Exception {
    logs.start();
    webhookLogger.addAppender(logs);
    namespace = TestNamespaces.create(client, "webhook");
    other = TestNamespaces.create(client, "webhook-other");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("webhook-tokens")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("github", GITHUB_TOKEN + "\n")
                .addToStringData("generic", "generic-token")
                .build())
        .create();
    writeConfig(
        """
        receivers:
          - name: github
            type: github
            secretRef: {name: webhook-tokens, key: github}
          - name: generic
            type: generic
            secretRef: {name: webhook-tokens, key: generic}
          - name: wide
            type: github
            secretRef: {name: webhook-tokens, key: github}
            namespaces: ["*"]
          - name: limited
            type: github
            secretRef: {name: webhook-tokens, key: github}
            rateLimit: {perSecond: 0.01, burst: 2}
        """);
    server =
        new WebhookServer(
            client,
            new WebhookSettings(
                "127.0.0.1",
                0,
                namespace,
                "strata-webhooks",
                MAX_BODY,
                10,
                20,
                Set.of(namespace, other),
                "test"),
            registry);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    logs.stop();
    webhookLogger.detachAppender(logs);
    // Whatever the test sent, no token, HMAC or signature header value may reach the logs.
    assertThat(logs.list)
        .isNotEmpty()
        .allSatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .doesNotContain(GITHUB_TOKEN)
                    .doesNotContain(GITLAB_TOKEN)
                    .doesNotContain("generic-token")
                    .doesNotContain("rotated")
                    .doesNotContainPattern("[0-9a-f]{64}"));
  }

  @Test
  void signedGitHubPushAnnotatesTheSourcesOfThatRepositoryAndBranch() throws Exception {
    // Spelled differently from every URL in the payload; the same repository nonetheless.
    String url = "ssh://git@github.com/octo-org/homelab";
    createSource(namespace, "main", url, ref -> ref.setBranch("main"));
    createSource(namespace, "develop", url, ref -> ref.setBranch("develop"));
    createSource(
        namespace,
        "elsewhere",
        "https://github.com/octo-org/other.git",
        ref -> ref.setBranch("main"));
    createSource(
        namespace, "paused", url, ref -> ref.setBranch("main"), s -> s.getSpec().setSuspend(true));
    createSource(other, "outside", url, ref -> ref.setBranch("main"));
    Instant before = Instant.now();

    var response = postGitHub("github", "push", PushPayloadsTest.fixture("github-push.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.path("triggered").toString()).isEqualTo("[\"" + namespace + "/main\"]");
    assertThat(answer.path("suspended").toString()).isEqualTo("[\"" + namespace + "/paused\"]");
    assertThat(answer.path("ref").asText()).isEqualTo("refs/heads/main");
    assertThat(Instant.parse(requestedAt(namespace, "main"))).isBetween(before, Instant.now());
    assertThat(requestedAt(namespace, "develop")).isNull();
    assertThat(requestedAt(namespace, "elsewhere")).isNull();
    assertThat(requestedAt(namespace, "paused")).isNull();
    assertThat(requestedAt(other, "outside")).as("outside the receiver's namespaces").isNull();
    assertThat(count("github", "accepted")).isEqualTo(1);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events(namespace))
                    .anySatisfy(
                        event -> {
                          assertThat(event.getReason()).isEqualTo(WebhookEvents.RECEIVED);
                          assertThat(event.getType()).isEqualTo("Normal");
                          assertThat(event.getRegarding().getKind()).isEqualTo("GitSource");
                          assertThat(event.getRegarding().getName()).isEqualTo("main");
                          assertThat(event.getNote())
                              .contains("refs/heads/main")
                              .contains("59b20b8d5c6f")
                              .contains("receiver github");
                        }));

    // A second push changes the annotation again, so the reconciler's filter lets it through.
    String first = requestedAt(namespace, "main");
    assertThat(
            postGitHub("github", "push", PushPayloadsTest.fixture("github-push.json")).statusCode())
        .isEqualTo(200);
    assertThat(requestedAt(namespace, "main")).isNotEqualTo(first);
  }

  @Test
  void receiverForAllNamespacesTriggersInEveryWatchedOne() throws Exception {
    String url = "https://github.com/Octo-Org/homelab.git";
    createSource(namespace, "here", url, ref -> ref.setBranch("main"));
    createSource(other, "there", url, ref -> ref.setBranch("main"));

    var response = postGitHub("wide", "push", PushPayloadsTest.fixture("github-push.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(requestedAt(namespace, "here")).isNotNull();
    assertThat(requestedAt(other, "there")).isNotNull();
  }

  @Test
  void tamperedOrMissingSignatureIs401AndTouchesNothing() throws Exception {
    createSource(
        namespace, "main", "https://github.com/octo-org/homelab", ref -> ref.setBranch("main"));
    byte[] body = PushPayloadsTest.fixture("github-push.json");
    String signature = Signatures.sha256Header(GITHUB_TOKEN.getBytes(UTF_8), body);
    byte[] tampered =
        new String(body, UTF_8).replace("refs/heads/main", "refs/heads/mainx").getBytes(UTF_8);

    var forged =
        post(
            "github", tampered, Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", signature));
    var unsigned = post("github", body, Map.of("X-GitHub-Event", "push"));
    var wrongKey =
        post(
            "github",
            body,
            Map.of(
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                Signatures.sha256Header("guess".getBytes(UTF_8), body)));

    assertThat(List.of(forged.statusCode(), unsigned.statusCode(), wrongKey.statusCode()))
        .containsOnly(401);
    assertThat(forged.body()).isEqualTo("unauthorized\n");
    assertThat(requestedAt(namespace, "main")).isNull();
    assertThat(count("github", "unauthorized")).isEqualTo(3);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events(namespace))
                    .filteredOn(e -> WebhookEvents.REJECTED.equals(e.getReason()))
                    .as("one event for the three, throttled")
                    .singleElement()
                    .satisfies(
                        event -> {
                          assertThat(event.getType()).isEqualTo("Warning");
                          assertThat(event.getRegarding().getKind()).isEqualTo("ConfigMap");
                          assertThat(event.getNote())
                              .contains("receiver github")
                              .contains("401")
                              .doesNotContain(signature.substring(7, 20))
                              .doesNotContain(GITHUB_TOKEN);
                        }));
  }

  @Test
  void pingIsAnsweredAndOtherEventsAreIgnored() throws Exception {
    createSource(
        namespace, "main", "https://github.com/octo-org/homelab", ref -> ref.setBranch("main"));
    byte[] body = PushPayloadsTest.fixture("github-push.json");

    var ping =
        postGitHub("github", "ping", "{\"zen\":\"Keep it logically awesome.\"}".getBytes(UTF_8));
    var issues = postGitHub("github", "issues", body);

    assertThat(ping.statusCode()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("pong\n");
    assertThat(issues.statusCode()).isEqualTo(202);
    assertThat(issues.body()).isEqualTo("ignored event: issues\n");
    assertThat(requestedAt(namespace, "main")).isNull();
    assertThat(count("github", "ignored")).isEqualTo(1);
  }

  @Test
  void declaredOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
    // Only the headers go out: the answer must come without the server waiting for the body.
    try (var socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /hook/github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: push\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + (MAX_BODY + 1)
                  + "\r\n\r\n")
              .getBytes(UTF_8));
      out.flush();
      String statusLine = readLine(socket.getInputStream());
      assertThat(statusLine).startsWith("HTTP/1.1 413 ");
    }
    assertThat(count("github", "too_large")).isEqualTo(1);
  }

  @Test
  void slowClientsDelayNoOtherDelivery() throws Exception {
    // Headers, then 3 bytes of a promised 1,000-byte body, on 8 connections from one address.
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        var socket = new Socket();
        socket.bind(new InetSocketAddress("127.0.0.2", 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        socket
            .getOutputStream()
            .write(
                ("POST /hook/github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: push\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\nabc")
                    .getBytes(UTF_8));
        slow.add(socket);
      }

      var delivery =
          HttpRequest.newBuilder(hook("github"))
              .timeout(Duration.ofSeconds(5))
              .header("X-GitHub-Event", "ping")
              .header(
                  "X-Hub-Signature-256",
                  Signatures.sha256Header(GITHUB_TOKEN.getBytes(UTF_8), "{}".getBytes(UTF_8)))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      assertThat(http.send(delivery, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);

      // Past its few requests in progress the slow client is answered at once; the ones it holds
      // are closed at the request deadline.
      List<String> answers = new ArrayList<>();
      for (Socket socket : slow) {
        socket.setSoTimeout((int) HttpServerLimits.REQUEST_DEADLINE.multipliedBy(3).toMillis());
        answers.add(readLine(socket.getInputStream()));
      }
      assertThat(answers)
          .filteredOn(line -> line.startsWith("HTTP/1.1 429 "))
          .hasSize(8 - DeliveryHandler.MAX_REQUESTS_PER_CLIENT);
      assertThat(answers)
          .filteredOn(String::isEmpty)
          .as("closed without an answer")
          .hasSize(DeliveryHandler.MAX_REQUESTS_PER_CLIENT);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void chunkedBodyOverTheLimitIsRefused() throws Exception {
    byte[] body = new byte[(int) MAX_BODY + 4096];
    var request =
        HttpRequest.newBuilder(hook("github"))
            .header("X-GitHub-Event", "push")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();

    var response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(count("github", "too_large")).isEqualTo(1);
  }

  @Test
  void rateLimitAnswers429WithRetryAfter() throws Exception {
    byte[] ping = "{}".getBytes(UTF_8);

    var first = postGitHub("limited", "ping", ping);
    var second = postGitHub("limited", "ping", ping);
    var third = postGitHub("limited", "ping", ping);
    var otherReceiver = postGitHub("github", "ping", ping);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Retry-After")).contains("1");
    assertThat(otherReceiver.statusCode()).as("each receiver has its own bucket").isEqualTo(200);
    assertThat(count("limited", "rate_limited")).isEqualTo(1);
  }

  @Test
  void unknownReceiverIs404AndOtherMethods405() throws Exception {
    var unknown = postGitHub("nobody", "push", "{}".getBytes(UTF_8));
    var get =
        http.send(
            HttpRequest.newBuilder(hook("github")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    var elsewhere =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    var head =
        http.send(
            HttpRequest.newBuilder(hook("github"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(head.statusCode()).isEqualTo(405);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(count("unknown", "not_found"))
        .as("names senders choose never become tags")
        .isEqualTo(2);
    assertThat(count("github", "method_not_allowed")).isEqualTo(2);
    assertThat(registry.scrape())
        .contains(
            "strata_webhook_deliveries_total{application=\"strata\",outcome=\"not_found\",receiver=\"unknown\"} 2.0");
  }

  @Test
  void genericPushWithAnEmptyBodyTriggersEverySourceInScope() throws Exception {
    createSource(namespace, "a", "https://git.example.org/one.git", ref -> ref.setBranch("main"));
    createSource(namespace, "b", "http://127.0.0.1:3000/two.git", ref -> ref.setTag("v1"));

    var response =
        post(
            "generic",
            new byte[0],
            Map.of(
                "X-Signature",
                Signatures.sha256Header("generic-token".getBytes(UTF_8), new byte[0])));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("triggered").toString())
        .isEqualTo("[\"" + namespace + "/a\",\"" + namespace + "/b\"]");
    assertThat(requestedAt(namespace, "a")).isNotNull();
    assertThat(requestedAt(namespace, "b")).isNotNull();
  }

  @Test
  void configurationAndSecretChangesApplyWithoutRestart() throws Exception {
    createSource(
        namespace,
        "lab",
        "https://gitlab.example.com/infra/platform/homelab",
        ref -> ref.setTag("v1.4.0"));
    byte[] tagPush = PushPayloadsTest.fixture("gitlab-tag-push.json");
    Map<String, String> gitlabHeaders =
        Map.of("X-Gitlab-Event", "Tag Push Hook", "X-Gitlab-Token", GITLAB_TOKEN);
    assertThat(post("gitlab", tagPush, gitlabHeaders).statusCode()).isEqualTo(404);

    // A receiver whose Secret does not exist yet answers 503, then works once the Secret exists.
    writeConfig(
        """
        receivers:
          - {name: gitlab, type: gitlab, secretRef: {name: gitlab-token}}
        """);
    await().atMost(WAIT).until(() -> post("gitlab", tagPush, gitlabHeaders).statusCode() == 503);
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("gitlab-token")
                .withNamespace(namespace)
                .endMetadata()
                .addToStringData("token", GITLAB_TOKEN)
                .build())
        .create();
    await().atMost(WAIT).until(() -> post("gitlab", tagPush, gitlabHeaders).statusCode() == 200);
    assertThat(requestedAt(namespace, "lab")).isNotNull();
    assertThat(postGitHub("github", "ping", "{}".getBytes(UTF_8)).statusCode())
        .as("removed from the configuration")
        .isEqualTo(404);

    // Rotating the token: the old one stops working.
    client
        .secrets()
        .inNamespace(namespace)
        .withName("gitlab-token")
        .edit(s -> new SecretBuilder(s).withData(null).addToStringData("token", "rotated").build());
    await().atMost(WAIT).until(() -> post("gitlab", tagPush, gitlabHeaders).statusCode() == 401);
    assertThat(
            post(
                    "gitlab",
                    tagPush,
                    Map.of("X-Gitlab-Event", "Tag Push Hook", "X-Gitlab-Token", "rotated"))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void invalidConfigurationIsReportedOnTheConfigMap() throws Exception {
    writeConfig(
        """
        receivers:
          - {name: typo, type: githb, secretRef: {name: webhook-tokens}}
        """);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events(namespace))
                    .anySatisfy(
                        event -> {
                          assertThat(event.getReason()).isEqualTo(WebhookEvents.INVALID_CONFIG);
                          assertThat(event.getRegarding().getName()).isEqualTo("strata-webhooks");
                          assertThat(event.getNote()).contains("type 'githb' is not one of");
                        }));
    assertThat(postGitHub("github", "ping", "{}".getBytes(UTF_8)).statusCode()).isEqualTo(404);
  }

  private void writeConfig(String yaml) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("strata-webhooks")
                .withNamespace(namespace)
                .endMetadata()
                .addToData("receivers.yaml", yaml)
                .build())
        .serverSideApply();
  }

  private void createSource(String ns, String name, String url, Consumer<GitRef> ref) {
    createSource(ns, name, url, ref, s -> {});
  }

  private void createSource(
      String ns, String name, String url, Consumer<GitRef> ref, Consumer<GitSource> customize) {
    var source = TestResources.gitSource(ns, name, ref);
    source.getSpec().setUrl(url);
    source.getMetadata().setAnnotations(new HashMap<>());
    customize.accept(source);
    client.resource(source).create();
  }

  private String requestedAt(String ns, String name) {
    var annotations =
        client
            .resources(GitSource.class)
            .inNamespace(ns)
            .withName(name)
            .get()
            .getMetadata()
            .getAnnotations();
    return annotations == null ? null : annotations.get(StrataMetadata.REQUESTED_AT_ANNOTATION);
  }

  private List<Event> events(String ns) {
    return client.events().v1().events().inNamespace(ns).list().getItems();
  }

  private double count(String receiver, String outcome) {
    var counter =
        registry
            .find(DeliveryHandler.DELIVERIES)
            .tag("receiver", receiver)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private HttpResponse<String> postGitHub(String receiver, String event, byte[] body)
      throws Exception {
    return post(
        receiver,
        body,
        Map.of(
            "X-GitHub-Event",
            event,
            "X-GitHub-Delivery",
            "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            "X-Hub-Signature-256",
            Signatures.sha256Header(GITHUB_TOKEN.getBytes(UTF_8), body)));
  }

  private HttpResponse<String> post(String receiver, byte[] body, Map<String, String> headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(hook(receiver)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    request.header("Content-Type", "application/json");
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI hook(String receiver) {
    return URI.create("http://127.0.0.1:" + server.port() + "/hook/" + receiver);
  }

  private static String readLine(InputStream in) throws Exception {
    var line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
