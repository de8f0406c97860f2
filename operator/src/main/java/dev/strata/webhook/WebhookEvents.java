package dev.strata.webhook;

import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (events.k8s.io/v1) about deliveries: a Normal {@value #RECEIVED} on
 * each GitSource a push triggered, a Warning {@value #REJECTED} on the configuration ConfigMap when
 * a delivery to one of its receivers is refused, and a Warning {@value #INVALID_CONFIG} when the
 * configuration has mistakes.
 *
 * <p>Events are written from one background thread so that a delivery's answer never waits on them,
 * and a failure to write one is logged, not answered. Rejections are recorded at most once per
 * receiver, outcome and {@link #REJECTION_EVERY}: a flood of forged deliveries must not become a
 * flood of Events; the deliveries counter has every one.
 */
final class WebhookEvents implements AutoCloseable {

  static final String CONTROLLER = "strata.dev/webhook-receiver";
  static final String RECEIVED = "WebhookReceived";
  static final String REJECTED = "WebhookRejected";
  static final String INVALID_CONFIG = "InvalidWebhookConfig";
  static final Duration REJECTION_EVERY = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);
  private static final int MAX_NOTE = 1024;

  private final KubernetesClient client;
  private final String instance;
  private final Clock clock;
  private final ThreadPoolExecutor writer;
  private final Map<String, Instant> lastRejection = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong(System.nanoTime());

  WebhookEvents(KubernetesClient client, String instance, Clock clock) {
    this.client = client;
    this.instance = instance;
    this.clock = clock;
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            task -> {
              var thread = new Thread(task, "webhook-events");
              thread.setDaemon(true);
              return thread;
            },
            (task, executor) -> log.debug("dropped a webhook event: too many queued"));
  }

  /** A push triggered the GitSource {@code source}. */
  void received(ObjectReference source, String receiver, PushEvent push) {
    String what = push.ref() == null ? "a push" : "a push to " + push.ref();
    String commit = push.commit() == null ? "" : " (" + shortCommit(push.commit()) + ")";
    record(
        source,
        "Normal",
        RECEIVED,
        "RequestReconcile",
        what + commit + " via webhook receiver " + receiver + "; reconcile requested");
  }

  /** A delivery to {@code receiver} was refused with {@code outcome}; throttled. */
  void rejected(ObjectReference configMap, String receiver, Outcome outcome, String reason) {
    if (configMap == null) {
      return;
    }
    Instant now = clock.instant();
    String key = receiver + "/" + outcome;
    Instant last = lastRejection.get(key);
    if (last != null && last.plus(REJECTION_EVERY).isAfter(now)) {
      return;
    }
    lastRejection.put(key, now);
    record(
        configMap,
        "Warning",
        REJECTED,
        "RejectDelivery",
        "receiver "
            + receiver
            + " refused a delivery ("
            + outcome.status()
            + " "
            + outcome.tag()
            + "): "
            + reason
            + "; further ones within "
            + REJECTION_EVERY.toMinutes()
            + "m are only counted in strata_webhook_deliveries_total");
  }

  /** The configuration has the problems listed. */
  void invalidConfig(Receivers receivers) {
    if (receivers.configMap() != null) {
      record(
          receivers.configMap(),
          "Warning",
          INVALID_CONFIG,
          "LoadConfiguration",
          String.join("; ", receivers.problems()));
    }
  }

  private void record(
      ObjectReference regarding, String type, String reason, String action, String note) {
    Instant now = clock.instant();
    var event = new Event();
    event.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(regarding.getNamespace())
            .withName(regarding.getName() + "." + Long.toHexString(sequence.incrementAndGet()))
            .build());
    event.setEventTime(new MicroTime(MICRO_TIME.format(now)));
    event.setReportingController(CONTROLLER);
    event.setReportingInstance(truncate(CONTROLLER + "-" + instance, 128));
    event.setRegarding(regarding);
    event.setType(type);
    event.setReason(reason);
    event.setAction(action);
    event.setNote(truncate(note, MAX_NOTE));
    writer.execute(
        () -> {
          try {
            client.events().v1().events().resource(event).create();
          } catch (KubernetesClientException e) {
            log.warn(
                "cannot record event {} on {} {}/{}: {}",
                reason,
                regarding.getKind(),
                regarding.getNamespace(),
                regarding.getName(),
                e.getMessage());
          }
        });
  }

  private static String shortCommit(String commit) {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  /** At most {@code maxBytes} of UTF-8, the unit the API server's limits count in. */
  private static String truncate(String text, int maxBytes) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return text;
    }
    String cut = text;
    while (cut.getBytes(StandardCharsets.UTF_8).length > maxBytes - 3) {
      cut = cut.substring(0, cut.length() - Math.max(1, cut.length() / 16));
    }
    return cut + "...";
  }

  /** Lets queued events be written for a moment, then stops. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(2, TimeUnit.SECONDS)) {
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      writer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
