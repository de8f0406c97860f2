package dev.strata.webhook;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the receivers in force equal to the configuration ConfigMap and the Secrets it names,
 * through two informers in the operator's namespace, so that adding a receiver or rotating a token
 * needs no restart.
 */
final class ReceiverConfigWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReceiverConfigWatcher.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String configMapName;
  private final Consumer<Receivers> onProblems;
  private final AtomicReference<Receivers> current = new AtomicReference<>(Receivers.NONE);
  private SharedIndexInformer<ConfigMap> configMaps;
  private SharedIndexInformer<Secret> secrets;
  private boolean reported;

  /**
   * @param onProblems told each time the configuration changes into one with problems
   */
  ReceiverConfigWatcher(
      KubernetesClient client,
      String namespace,
      String configMapName,
      Consumer<Receivers> onProblems) {
    this.client = client;
    this.namespace = namespace;
    this.configMapName = configMapName;
    this.onProblems = onProblems;
  }

  /**
   * Starts both informers and waits up to {@code wait} for their first lists, so that receivers
   * answer as soon as the server is up. Past that, they keep retrying in the background and
   * receivers answer 404 until the configuration is read.
   */
  void start(Duration wait) {
    configMaps =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(configMapName)
            .runnableInformer(0)
            .exceptionHandler(retryLogging("ConfigMap " + namespace + "/" + configMapName));
    secrets =
        client
            .secrets()
            .inNamespace(namespace)
            .runnableInformer(0)
            .exceptionHandler(retryLogging("Secrets in " + namespace));
    configMaps.addEventHandler(new Rebuild<>());
    secrets.addEventHandler(new Rebuild<>());
    var started =
        CompletableFuture.allOf(
            configMaps.start().toCompletableFuture(), secrets.start().toCompletableFuture());
    try {
      started.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.warn(
          "webhook configuration {}/{} not read within {}s; receivers answer 404 until it is",
          namespace,
          configMapName,
          wait.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    rebuild();
  }

  /** The receivers in force now. */
  Receivers current() {
    return current.get();
  }

  private ExceptionHandler retryLogging(String what) {
    return (started, failure) -> {
      log.warn("watching {} failed ({}); retrying", what, failure.getMessage());
      return !ExceptionHandler.isDeserializationException(failure);
    };
  }

  private synchronized void rebuild() {
    if (!configMaps.hasSynced() || !secrets.hasSynced()) {
      // A half-filled cache would report every Secret as missing.
      return;
    }
    ConfigMap configMap = configMaps.getStore().getByKey(namespace + "/" + configMapName);
    Receivers next =
        Receivers.build(configMap, name -> secrets.getStore().getByKey(namespace + "/" + name));
    Receivers previous = current.getAndSet(next);
    if (reported && next.sameAs(previous)) {
      return;
    }
    reported = true;
    if (configMap == null) {
      log.info(
          "no ConfigMap {}/{}: no webhook receivers (see docs/webhooks.md)",
          namespace,
          configMapName);
    } else {
      log.info("webhook receivers: {}", next.describe());
    }
    if (!next.problems().isEmpty() && !next.problems().equals(previous.problems())) {
      next.problems().forEach(problem -> log.warn("webhook configuration: {}", problem));
      onProblems.accept(next);
    }
  }

  @Override
  public void close() {
    if (configMaps != null) {
      configMaps.stop();
    }
    if (secrets != null) {
      secrets.stop();
    }
  }

  /** Rebuilds the snapshot on any change; which object changed does not matter. */
  private final class Rebuild<T> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T added) {
      rebuild();
    }

    @Override
    public void onUpdate(T old, T updated) {
      rebuild();
    }

    @Override
    public void onDelete(T deleted, boolean finalStateUnknown) {
      rebuild();
    }
  }
}
