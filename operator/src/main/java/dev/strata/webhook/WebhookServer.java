package dev.strata.webhook;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the webhook receivers at {@code /hook/<name>} on their own port: Git hosts post pushes
 * there, and every GitSource a push concerns is annotated for an immediate reconcile. Receivers and
 * their secrets are read from the ConfigMap {@link WebhookSettings#configMapName()} and its Secrets
 * in {@link WebhookSettings#namespace()}, and follow their changes without a restart.
 *
 * <p>It needs no Lease: annotating is idempotent and the leader's informer sees the annotation
 * whichever replica wrote it, so every replica can answer behind one Service.
 */
public final class WebhookServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
  private static final Duration CONFIG_WAIT = Duration.ofSeconds(10);

  /**
   * Worker threads; a client that sends slowly holds one until {@link
   * HttpServerLimits#REQUEST_DEADLINE}, and a per-client limit keeps one client to a few of them.
   */
  private static final int THREADS = 32;

  private final WebhookSettings settings;
  private final ConfigMapWatcher<Receivers> watcher;
  private final WebhookEvents events;
  private final HttpServer server;
  private final ExecutorService executor;

  /** Binds the port; nothing is served or watched until {@link #start()}. */
  public WebhookServer(KubernetesClient client, WebhookSettings settings, MeterRegistry registry)
      throws IOException {
    this.settings = settings;
    Clock clock = Clock.systemUTC();
    events = new WebhookEvents(client, settings.identity(), clock);
    watcher =
        new ConfigMapWatcher<>(
            client,
            settings.namespace(),
            settings.configMapName(),
            Receivers.NONE,
            Receivers::build,
            (previous, next) -> report(previous, next));
    var handler =
        new DeliveryHandler(
            watcher::current,
            new SourceTrigger(client, settings.watchedNamespaces(), clock),
            events,
            registry,
            settings.maxBodyBytes(),
            settings.defaultRateLimit());
    HttpServerLimits.install();
    server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 0);
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              var thread = new Thread(task, "webhook-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", handler);
  }

  /** Reads the configuration (waiting a few seconds for it at most), then starts serving. */
  public void start() {
    watcher.start(CONFIG_WAIT);
    server.start();
    log.info(
        "serving webhook receivers at /hook/<name> on port {}; configuration: ConfigMap {}/{}",
        port(),
        settings.namespace(),
        settings.configMapName());
  }

  /**
   * Logs the receivers in force each time they change, and their mistakes once each, also as an
   * Event.
   */
  private void report(Receivers previous, Receivers next) {
    if (previous != null && next.sameAs(previous)) {
      return;
    }
    if (next.configMap() == null) {
      log.info("no ConfigMap {}: no webhook receivers (see docs/webhooks.md)", watcher.describe());
    } else {
      log.info("webhook receivers: {}", next.describe());
    }
    List<String> before = previous == null ? List.of() : previous.problems();
    if (!next.problems().isEmpty() && !next.problems().equals(before)) {
      next.problems().forEach(problem -> log.warn("webhook configuration: {}", problem));
      events.invalidConfig(next);
    }
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving and watching; deliveries in progress get a second to finish. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
    watcher.close();
    events.close();
  }
}
