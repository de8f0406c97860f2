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
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a configuration built from one ConfigMap and the Secrets it names equal to them, through
 * two informers in the operator's namespace, so that adding an entry or rotating a token needs no
 * restart. Used by the webhook receivers and the notification providers.
 *
 * @param <T> the configuration built, an immutable snapshot replaced as a whole
 */
public final class ConfigMapWatcher<T> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigMapWatcher.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String configMapName;
  private final BiFunction<ConfigMap, Function<String, Secret>, T> build;
  private final BiConsumer<T, T> changed;
  private final AtomicReference<T> current;
  private SharedIndexInformer<ConfigMap> configMaps;
  private SharedIndexInformer<Secret> secrets;
  private boolean built;

  /**
   * @param empty what is in force before the first read
   * @param build builds the snapshot from the ConfigMap (null when there is none) and a lookup of
   *     the namespace's Secrets by name (null when absent)
   * @param changed told (previous, next) on the first build and after each rebuild
   */
  public ConfigMapWatcher(
      KubernetesClient client,
      String namespace,
      String configMapName,
      T empty,
      BiFunction<ConfigMap, Function<String, Secret>, T> build,
      BiConsumer<T, T> changed) {
    this.client = client;
    this.namespace = namespace;
    this.configMapName = configMapName;
    this.current = new AtomicReference<>(empty);
    this.build = build;
    this.changed = changed;
  }

  /**
   * Starts both informers and waits up to {@code wait} for their first lists. Past that, they keep
   * retrying in the background and the empty configuration stays in force until they are read.
   */
  public void start(Duration wait) {
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
          "configuration {}/{} not read within {}s; still trying",
          namespace,
          configMapName,
          wait.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    rebuild();
  }

  /** The configuration in force now. */
  public T current() {
    return current.get();
  }

  /** The ConfigMap's namespace and name, for messages. */
  public String describe() {
    return namespace + "/" + configMapName;
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
    T next = build.apply(configMap, name -> secrets.getStore().getByKey(namespace + "/" + name));
    T previous = current.getAndSet(next);
    changed.accept(built ? previous : null, next);
    built = true;
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
  private final class Rebuild<O> implements ResourceEventHandler<O> {
    @Override
    public void onAdd(O added) {
      rebuild();
    }

    @Override
    public void onUpdate(O old, O updated) {
      rebuild();
    }

    @Override
    public void onDelete(O deleted, boolean finalStateUnknown) {
      rebuild();
    }
  }
}
