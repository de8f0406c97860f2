package dev.strata.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.strata.webhook.Signatures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Sends each provider's request to a loopback server and checks it exactly as the provider's API
 * documents it: method, path, headers, signature and JSON body. Then a provider that hangs and one
 * that answers 500: publishing returns at once, tries are repeated, and given up at the deadline.
 */
class ProviderRequestsTest {

  private static final String SHA = "59b20b8d5c6ff8d09518454d4dd8b7b5a7b8fb43";
  private static final String REVISION = "main@sha1:" + SHA;
  private static final String TOKEN = "tok-3f9c1e7a5b";
  private static final String HMAC_KEY = "hmac-8d2e4c6a";
  private static final Instant AT = Instant.parse("2026-12-05T06:00:00Z");

  /** One request as the server saw it. */
  record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final AtomicInteger status = new AtomicInteger(201);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hang;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Logger notifyLogger = (Logger) LoggerFactory.getLogger("dev.strata.notify");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private HttpServer server;
  private Dispatcher dispatcher;
  private volatile Providers providers = Providers.NONE;

  @BeforeEach
  void start() throws IOException {
    logs.start();
    notifyLogger.addAppender(logs);
    notifyLogger.setLevel(ch.qos.logback.classic.Level.DEBUG);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  new String(body, StandardCharsets.UTF_8)));
          if (hang) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    dispatcher =
        new Dispatcher(
            () -> providers,
            source -> "https://github.com/Strata-Lab/Homelab.git",
            registry,
            new Dispatcher.Limits(
                16, 2, Duration.ofMillis(100), Duration.ofMillis(1500), Duration.ofMillis(500)));
  }

  @AfterEach
  void stop() {
    release.countDown();
    dispatcher.close();
    server.stop(0);
    notifyLogger.detachAppender(logs);
    notifyLogger.setLevel(null);
    logs.stop();
    // Whatever a test sent, no token, HMAC key or webhook URL path reaches the logs.
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(line -> line.contains(TOKEN) || line.contains(HMAC_KEY))
        .noneMatch(line -> line.contains("/services/T0/B0/"));
  }

  @Test
  void genericPostsTheEventSignedWithTheHmacOfTheBody() throws Exception {
    configure(
        """
        - name: hook
          type: generic
          address: %s/events
          secretRef: {name: tokens, key: hmac}
        """
            .formatted(base()));
    dispatcher.publish(failed());
    Seen request = next();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/events");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.body())
        .isEqualTo(
            "{\"involvedObject\":{\"apiVersion\":\"gitops.strata.dev/v1alpha1\","
                + "\"kind\":\"LayeredKustomization\",\"namespace\":\"apps\",\"name\":\"homelab\","
                + "\"uid\":\"u-1\"},\"severity\":\"error\",\"timestamp\":\"2026-12-05T06:00:00Z\","
                + "\"message\":\"layer apps: Deployment apps/web failed\",\"reason\":\"LayerFailed\","
                + "\"metadata\":{\"revision\":\""
                + REVISION
                + "\",\"layer\":\"apps\",\"reason\":\"LayerFailed\",\"event\":\"failed\"},"
                + "\"reportingController\":\"strata.dev/notifications\"}");
    assertThat(request.header("X-Signature"))
        .isEqualTo(
            Signatures.sha256Header(
                HMAC_KEY.getBytes(StandardCharsets.UTF_8),
                request.body().getBytes(StandardCharsets.UTF_8)));
    awaitCount("hook", "sent", 1);
  }

  @Test
  void slackPostsAnAttachmentToTheWebhookUrlFromTheSecret() throws Exception {
    configure(
        """
        - name: chat
          type: slack
          secretRef: {name: tokens, key: slack}
          channel: ops
        """);
    dispatcher.publish(failed());
    Seen request = next();
    assertThat(request.path()).isEqualTo("/services/T0/B0/xyz");
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.body())
        .isEqualTo(
            "{\"channel\":\"ops\",\"username\":\"strata\",\"attachments\":[{\"color\":\"danger\","
                + "\"author_name\":\"layeredkustomization/homelab.apps\","
                + "\"text\":\"layer apps: Deployment apps/web failed\",\"mrkdwn_in\":[\"text\"],"
                + "\"fields\":[{\"title\":\"revision\",\"value\":\""
                + REVISION
                + "\",\"short\":false},{\"title\":\"layer\",\"value\":\"apps\",\"short\":false},"
                + "{\"title\":\"reason\",\"value\":\"LayerFailed\",\"short\":false},"
                + "{\"title\":\"event\",\"value\":\"failed\",\"short\":false}]}]}");
  }

  @Test
  void discordGetsSlacksPayloadAtTheSlackPathOfItsWebhook() throws Exception {
    configure(
        """
        - name: discord
          type: discord
          secretRef: {name: tokens, key: discord}
          events: [recovered]
        """);
    dispatcher.publish(failed());
    dispatcher.publish(notification(EventType.RECOVERED, "ReconciliationSucceeded", "applied"));
    Seen request = next();
    assertThat(request.path()).isEqualTo("/api/webhooks/42/abc/slack");
    assertThat(request.body())
        .startsWith(
            "{\"username\":\"strata\",\"attachments\":[{\"color\":\"good\","
                + "\"author_name\":\"layeredkustomization/homelab.apps\",\"text\":\"applied\"");
    assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).as("failed is not selected").isNull();
  }

  @Test
  void githubSetsTheCommitStatusOfTheRepositoryTheGitSourceNames() throws Exception {
    configure(
        """
        - name: gh
          type: github
          apiUrl: %s
          secretRef: {name: tokens, key: github}
        """
            .formatted(base()));
    dispatcher.publish(notification(EventType.PROGRESSING, "Progressing", "applying " + REVISION));
    Seen request = next();
    assertThat(request.path()).isEqualTo("/repos/strata-lab/homelab/statuses/" + SHA);
    assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(request.body())
        .isEqualTo(
            "{\"state\":\"pending\",\"context\":\"strata/apps/homelab\","
                + "\"description\":\"applying "
                + REVISION
                + "\"}");
    dispatcher.publish(failed());
    assertThat(next().body()).startsWith("{\"state\":\"failure\"");
    dispatcher.publish(notification(EventType.DRIFT_HEALED, "DriftHealed", "drift healed"));
    assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).as("drift sets no status").isNull();
  }

  @Test
  void giteaAndForgejoUseTheirApiWithATokenHeader() throws Exception {
    configure(
        """
        - name: forge
          type: forgejo
          address: https://git.example.org/lab/homelab.git
          apiUrl: %s/
          secretRef: {name: tokens, key: github}
        """
            .formatted(base()));
    dispatcher.publish(notification(EventType.SUCCEEDED, "ReconciliationSucceeded", "applied"));
    Seen request = next();
    assertThat(request.path()).isEqualTo("/api/v1/repos/lab/homelab/statuses/" + SHA);
    assertThat(request.header("Authorization")).isEqualTo("token " + TOKEN);
    assertThat(request.body())
        .isEqualTo(
            "{\"state\":\"success\",\"context\":\"strata/apps/homelab\","
                + "\"description\":\"applied\"}");
  }

  @Test
  void gitlabEncodesTheProjectPathAndSendsAPrivateToken() throws Exception {
    configure(
        """
        - name: lab
          type: gitlab
          address: git@gitlab.example.org:platform/infra/homelab.git
          apiUrl: %s
          secretRef: {name: tokens, key: github}
        """
            .formatted(base()));
    dispatcher.publish(failed());
    Seen request = next();
    assertThat(request.path())
        .isEqualTo("/api/v4/projects/platform%2Finfra%2Fhomelab/statuses/" + SHA);
    assertThat(request.header("PRIVATE-TOKEN")).isEqualTo(TOKEN);
    assertThat(request.body())
        .isEqualTo(
            "{\"state\":\"failed\",\"name\":\"strata/apps/homelab\","
                + "\"description\":\"layer apps: Deployment apps/web failed\"}");
  }

  @Test
  void aHangingProviderNeitherDelaysPublishingNorOtherProviders() throws Exception {
    hang = true;
    configure(
        """
        - name: stuck
          type: generic
          address: %s/stuck
        """
            .formatted(base()));
    long started = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      dispatcher.publish(notification(EventType.FAILED, "LayerFailed", "failure " + i));
    }
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(tookMillis).as("publishing 20 notifications to a hung provider").isLessThan(100);
    // Burst 10 of the default rate limit: the rest are not even queued.
    assertThat(count("stuck", "rate_limited")).isEqualTo(10);
    // Each try times out after 500 ms, is tried again, and the delivery is given up at 1.5 s.
    await().atMost(Duration.ofSeconds(15)).until(() -> count("stuck", "failed") == 10);
    assertThat(seen.size()).as("tries").isGreaterThan(10);
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsIt() throws Exception {
    dispatcher.close();
    dispatcher =
        new Dispatcher(
            () -> providers,
            source -> null,
            registry,
            new Dispatcher.Limits(
                2, 1, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(300)));
    hang = true;
    configure(
        """
        - name: stuck
          type: generic
          address: %s/stuck
        """
            .formatted(base()));
    for (int i = 0; i < 6; i++) {
      dispatcher.publish(notification(EventType.FAILED, "LayerFailed", "failure " + i));
    }
    // One sender holds one delivery, two wait, the rest push the oldest out.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count("stuck", "dropped") + count("stuck", "failed") == 6);
    assertThat(count("stuck", "dropped")).isGreaterThanOrEqualTo(3);
    assertThat(count("stuck", "sent")).isZero();
  }

  @Test
  void aFailingProviderIsTriedAgainWithBackoffUntilTheDeadline() throws Exception {
    status.set(500);
    configure(
        """
        - name: flaky
          type: generic
          address: %s/flaky
        """
            .formatted(base()));
    long started = System.nanoTime();
    dispatcher.publish(failed());
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(50);
    await().atMost(Duration.ofSeconds(5)).until(() -> count("flaky", "failed") == 1);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    // Tries at 0, 0.1, 0.3, 0.7 s; the next (1.5 s) would be past the deadline.
    assertThat(seen.size()).isEqualTo(4);
    assertThat(tookMillis).isBetween(700L, 3000L);
    assertThat(count("flaky", "sent")).isZero();

    // A 4xx is the request's fault: not tried again.
    seen.clear();
    status.set(404);
    dispatcher.publish(notification(EventType.FAILED, "LayerFailed", "another"));
    await().atMost(Duration.ofSeconds(5)).until(() -> count("flaky", "failed") == 2);
    assertThat(seen.size()).isEqualTo(1);
  }

  @Test
  void theSameNotificationTwiceIsSentOnce() throws Exception {
    configure(
        """
        - name: hook
          type: generic
          address: %s/events
        """
            .formatted(base()));
    dispatcher.publish(failed());
    dispatcher.publish(failed());
    next();
    assertThat(seen.poll(300, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void plainHttpToAnotherHostIsRefusedWithoutSendingTheToken() throws Exception {
    configure(
        """
        - name: gh
          type: github
          apiUrl: http://api.example.org
          secretRef: {name: tokens, key: github}
        """);
    dispatcher.publish(failed());
    await().atMost(Duration.ofSeconds(5)).until(() -> count("gh", "failed") == 1);
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(line -> line.contains("apiUrl is plain http to api.example.org"));
  }

  @Test
  void mistakesAreReportedPerProviderAndTheOthersKept() {
    Providers built =
        Providers.build(
            configMap(
                """
                - name: ok
                  type: slack
                  address: https://hooks.slack.com/services/x
                - name: typo
                  type: slack
                  adress: https://hooks.slack.com/services/x
                - name: gh
                  type: github
                - name: nosecret
                  type: gitlab
                  secretRef: {name: missing}
                - name: badevent
                  type: generic
                  address: https://example.org
                  events: [exploded]
                """),
            name -> null);
    assertThat(built.all()).extracting(p -> p.spec().name()).containsExactly("ok", "nosecret");
    assertThat(built.problems())
        .containsExactly(
            "providers[1]: unknown field 'adress'",
            "providers[2] (gh): secretRef is required: it holds the API token",
            "providers[4] (badevent): events entry 'exploded' is not one of progressing,"
                + " succeeded, recovered, failed, rolledBack, driftHealed, sourceFailed",
            "provider nosecret: Secret missing not found");
    assertThat(built.describe()).isEqualTo("ok (slack), nosecret (gitlab, idle)");
  }

  // Helpers.

  private void configure(String providersYaml) {
    providers =
        Providers.build(
            configMap(providersYaml),
            name ->
                "tokens".equals(name)
                    ? new SecretBuilder()
                        .withNewMetadata()
                        .withName("tokens")
                        .endMetadata()
                        .addToStringData("hmac", HMAC_KEY + "\n")
                        .addToStringData("github", TOKEN)
                        .addToStringData("slack", base() + "/services/T0/B0/xyz")
                        .addToStringData("discord", base() + "/api/webhooks/42/abc")
                        .build()
                    : (Secret) null);
    assertThat(providers.problems()).isEmpty();
  }

  private static ConfigMap configMap(String providersYaml) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("strata-notifications")
        .withNamespace("strata-system")
        .endMetadata()
        .addToData(
            NotificationConfig.DATA_KEY, "providers:\n" + providersYaml.indent(2).stripTrailing())
        .build();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private Seen next() throws InterruptedException {
    Seen request = seen.poll(5, TimeUnit.SECONDS);
    assertThat(request).as("a request within 5 s").isNotNull();
    return request;
  }

  private double count(String provider, String outcome) {
    var counter =
        registry
            .find(Dispatcher.METRIC)
            .tag("provider", provider)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private void awaitCount(String provider, String outcome, double expected) {
    await().atMost(Duration.ofSeconds(5)).until(() -> count(provider, outcome) == expected);
  }

  private static Notification failed() {
    return notification(EventType.FAILED, "LayerFailed", "layer apps: Deployment apps/web failed");
  }

  private static Notification notification(EventType type, String reason, String message) {
    return new Notification(
        type,
        "LayeredKustomization",
        "apps",
        "homelab",
        "u-1",
        REVISION,
        reason,
        message,
        type == EventType.FAILED ? "apps" : null,
        "apps/homelab",
        AT);
  }
}
