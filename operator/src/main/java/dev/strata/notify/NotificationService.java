package dev.strata.notify;

import dev.strata.api.GitSource;
import dev.strata.webhook.ConfigMapWatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to the providers declared in the ConfigMap {@code configMapName} of the
 * operator's namespace (key {@value NotificationConfig#DATA_KEY}), with their tokens in Secrets of
 * that namespace, following their changes without a restart. Reconcilers see it as a {@link
 * Notifier}.
 */
public final class NotificationService implements Notifier, AutoCloseable {

  public static final String DEFAULT_CONFIG_MAP = "strata-notifications";

  private static final Logger log = LoggerFactory.getLogger(NotificationService.class);
  private static final Duration CONFIG_WAIT = Duration.ofSeconds(10);

  private final ConfigMapWatcher<Providers> watcher;
  private final Dispatcher dispatcher;

  public NotificationService(
      KubernetesClient client, String namespace, String configMapName, MeterRegistry registry) {
    this(client, namespace, configMapName, registry, Dispatcher.Limits.DEFAULT);
  }

  NotificationService(
      KubernetesClient client,
      String namespace,
      String configMapName,
      MeterRegistry registry,
      Dispatcher.Limits limits) {
    this.watcher =
        new ConfigMapWatcher<>(
            client, namespace, configMapName, Providers.NONE, Providers::build, this::report);
    this.dispatcher =
        new Dispatcher(watcher::current, key -> repositoryUrl(client, key), registry, limits);
  }

  /** Reads the configuration, waiting a few seconds at most. */
  public void start() {
    watcher.start(CONFIG_WAIT);
  }

  @Override
  public void publish(Notification notification) {
    dispatcher.publish(notification);
  }

  private void report(Providers previous, Providers next) {
    if (next.sameAs(previous)) {
      return;
    }
    if (!next.configured()) {
      log.info(
          "no ConfigMap {}: no notification providers (see docs/notifications.md)",
          watcher.describe());
    } else {
      log.info("notification providers: {}", next.describe());
    }
    List<String> before = previous == null ? List.of() : previous.problems();
    if (!next.problems().equals(before)) {
      next.problems().forEach(problem -> log.warn("notification configuration: {}", problem));
    }
  }

  /** The URL of the GitSource {@code namespace/name}, or null; read on a sender thread. */
  private static String repositoryUrl(KubernetesClient client, String key) {
    if (key == null || !key.contains("/")) {
      return null;
    }
    String[] parts = key.split("/", 2);
    try {
      GitSource source =
          client.resources(GitSource.class).inNamespace(parts[0]).withName(parts[1]).get();
      return source == null ? null : source.getSpec().getUrl();
    } catch (KubernetesClientException e) {
      log.debug("cannot read GitSource {}: {}", key, e.getMessage());
      return null;
    }
  }

  @Override
  public void close() {
    dispatcher.close();
    watcher.close();
  }
}
