package dev.strata.layers;

import dev.strata.health.ObjectRef;
import dev.strata.render.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the objects an owner applied, by informers on their kinds restricted to the owner's
 * labels, and hands a changed or deleted object to a {@link Handler} within a moment: a spec edit
 * ({@code kubectl edit}, {@code kubectl scale}), a label or annotation change, a deletion. Status
 * updates are ignored; between runs nothing polls, so an idle cluster costs only the watches.
 */
public final class DriftWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DriftWatch.class);
  private static final long SETTLE_MILLIS = 200;

  /** Decides about and acts on drifted objects. */
  public interface Handler {
    /**
     * Called with the desired state of objects that changed in the cluster (each at most once per
     * settle period), off the informer threads.
     */
    void changed(String owner, List<Resource> desired);
  }

  /** One owner's watched objects. */
  private static final class Owned {
    final Map<String, String> labels;
    final Map<String, Resource> desiredByIdentity = new ConcurrentHashMap<>();
    final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new HashMap<>();
    final Set<String> pending = new LinkedHashSet<>();
    volatile boolean paused;

    Owned(Map<String, String> labels) {
      this.labels = labels;
    }
  }

  private final KubernetesClient client;
  private final Handler handler;
  private final ScheduledExecutorService executor;
  private final Map<String, Owned> owners = new ConcurrentHashMap<>();

  public DriftWatch(KubernetesClient client, Handler handler, ScheduledExecutorService executor) {
    this.client = client;
    this.handler = handler;
    this.executor = executor;
  }

  /**
   * Watches an owner's objects (replacing what was watched before) and resumes handling changes.
   *
   * @param owner a key for the owner, e.g. namespace/name
   * @param labels the labels every applied object carries
   * @param desired the objects as last applied
   * @param defaultNamespace where the objects that name no namespace were applied
   */
  public synchronized void watch(
      String owner, Map<String, String> labels, List<Resource> desired, String defaultNamespace) {
    Owned owned = owners.computeIfAbsent(owner, o -> new Owned(labels));
    owned.desiredByIdentity.clear();
    Set<String> kinds = new LinkedHashSet<>();
    for (Resource resource : desired) {
      owned.desiredByIdentity.put(LayerRunner.ref(resource, defaultNamespace).identity(), resource);
      kinds.add(resource.apiVersion() + " " + resource.kind());
    }
    for (String kind : kinds) {
      if (!owned.informers.containsKey(kind)) {
        String[] parts = kind.split(" ");
        try {
          var informer =
              client
                  .genericKubernetesResources(parts[0], parts[1])
                  .inAnyNamespace()
                  .withLabels(labels)
                  .inform(events(owner, owned));
          owned.informers.put(kind, informer);
        } catch (RuntimeException e) {
          log.warn("{}: cannot watch {} for drift: {}", owner, kind, e.getMessage());
        }
      }
    }
    owned
        .informers
        .keySet()
        .removeIf(
            kind -> {
              if (!kinds.contains(kind)) {
                owned.informers.get(kind).close();
                return true;
              }
              return false;
            });
    owned.paused = false;
    // Objects deleted while a run applied: handled now, against what is desired now.
    synchronized (owned.pending) {
      if (!owned.pending.isEmpty()) {
        executor.schedule(() -> flush(owner, owned), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * Stops handling changes while a run applies (its own writes are not drift); the informers stay.
   * Deletions seen meanwhile are kept and handled when {@link #watch} resumes, against what is
   * desired then: a layer that fails would not bring a deleted object back.
   */
  public void pause(String owner) {
    Owned owned = owners.get(owner);
    if (owned != null) {
      owned.paused = true;
    }
  }

  /** Stops watching an owner. */
  public synchronized void stop(String owner) {
    Owned owned = owners.remove(owner);
    if (owned != null) {
      owned.informers.values().forEach(SharedIndexInformer::close);
    }
  }

  /** The informers watching an owner's objects, by kind: for tests and metrics. */
  public int informers(String owner) {
    Owned owned = owners.get(owner);
    return owned == null ? 0 : owned.informers.size();
  }

  @Override
  public synchronized void close() {
    new ArrayList<>(owners.keySet()).forEach(this::stop);
  }

  private ResourceEventHandler<GenericKubernetesResource> events(String owner, Owned owned) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource object) {
        // The initial list, or an object created by an apply: not drift.
      }

      @Override
      public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource updated) {
        if (changedByHand(old, updated) && !owned.paused) {
          changed(owner, owned, updated);
        }
      }

      @Override
      public void onDelete(GenericKubernetesResource object, boolean unknownFinalState) {
        // Kept while a run applies: a run whose layer fails would not bring the object back.
        changed(owner, owned, object);
      }
    };
  }

  /** A change of spec (generation), of an object without generation, or of labels/annotations. */
  static boolean changedByHand(GenericKubernetesResource old, GenericKubernetesResource updated) {
    if (Objects.equals(
        old.getMetadata().getResourceVersion(), updated.getMetadata().getResourceVersion())) {
      return false; // a resync
    }
    Long generation = updated.getMetadata().getGeneration();
    if (generation == null) {
      return true;
    }
    return !Objects.equals(generation, old.getMetadata().getGeneration())
        || !Objects.equals(old.getMetadata().getLabels(), updated.getMetadata().getLabels())
        || !Objects.equals(
            old.getMetadata().getAnnotations(), updated.getMetadata().getAnnotations());
  }

  private void changed(String owner, Owned owned, GenericKubernetesResource object) {
    String identity = ObjectRef.of(object).identity();
    if (!owned.desiredByIdentity.containsKey(identity)) {
      return;
    }
    boolean first;
    synchronized (owned.pending) {
      first = owned.pending.isEmpty();
      owned.pending.add(identity);
    }
    if (first && !owned.paused) {
      // Settle briefly so that a burst (kubectl apply of many objects) is handled at once.
      executor.schedule(() -> flush(owner, owned), SETTLE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void flush(String owner, Owned owned) {
    if (owned.paused) {
      return; // handled when the run is over and watch() resumes
    }
    List<Resource> desired = new ArrayList<>();
    synchronized (owned.pending) {
      for (String identity : owned.pending) {
        Resource resource = owned.desiredByIdentity.get(identity);
        if (resource != null) {
          desired.add(resource);
        }
      }
      owned.pending.clear();
    }
    if (desired.isEmpty()) {
      return;
    }
    try {
      handler.changed(owner, desired);
    } catch (RuntimeException e) {
      log.warn("{}: handling drift failed: {}", owner, e.getMessage());
    }
  }
}
