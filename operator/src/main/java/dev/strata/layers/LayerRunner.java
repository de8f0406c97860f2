package dev.strata.layers;

import dev.strata.api.Durations;
import dev.strata.api.Layer;
import dev.strata.api.LayerPhase;
import dev.strata.apply.ApplyException;
import dev.strata.apply.ChangeSet;
import dev.strata.apply.Deadline;
import dev.strata.health.Health;
import dev.strata.health.HealthReport;
import dev.strata.health.HealthWait;
import dev.strata.health.HealthWaiter;
import dev.strata.health.ObjectRef;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the layers of one revision: renders every layer, then applies each as soon as the layers it
 * depends on are healthy (independent layers in parallel), prunes what left Git, and waits, by
 * watching, until its objects are healthy. A layer that fails stops only the layers that depend on
 * it; an invalid layer applies nothing. The run can be cancelled when a newer revision arrives.
 */
public final class LayerRunner {

  private static final Logger log = LoggerFactory.getLogger(LayerRunner.class);

  /**
   * Applies one layer's objects and prunes objects that left it, abandoning requests still
   * unanswered at the layer's deadline.
   */
  public interface Applier {
    /**
     * Validates the whole layer by a server-side dry-run, then applies what differs.
     *
     * @throws InterruptedException when the run is being stopped; what was applied stays
     */
    ChangeSet apply(List<Resource> objects, Deadline deadline)
        throws ApplyException, InterruptedException;

    /**
     * Deletes objects of the previous inventory that left Git, keeping those another layer now
     * renders and those that opted out.
     */
    ChangeSet prune(
        List<ObjectRef> previous,
        List<ObjectRef> current,
        Map<ObjectRef, String> otherLayers,
        Deadline deadline)
        throws ApplyException, InterruptedException;
  }

  /** Hears what a run does, as it happens. */
  public interface Listener {
    /** Every change of a layer's progress, in order for each layer. */
    void progressed(LayerProgress progress);

    /**
     * Called once per run, after rendering and before anything is applied, when some layer may come
     * to own objects its inventory does not list: {@code intended} is, per layer, the previous
     * inventory plus everything rendered. Recording it first means a run killed midway (an OOM
     * kill, a node lost) leaves no object the next run cannot prune. Throwing stops the run before
     * it applies anything.
     */
    default void beforeApply(Map<String, List<ObjectRef>> intended) {}
  }

  /** Renders one layer's directory at the run's revision. */
  public interface Renderer {
    List<Resource> render(String path) throws RenderException, IOException;
  }

  /**
   * What to run.
   *
   * @param revision the source revision being applied
   * @param previousInventory each layer's objects from the last run
   * @param prune whether objects that left Git are deleted
   * @param defaultTimeout how long a layer may take to apply, prune and become healthy, unless it
   *     says otherwise
   * @param defaultNamespace where namespaced objects that name no namespace are applied
   */
  public record Request(
      String revision,
      LayerPlan plan,
      Map<String, List<ObjectRef>> previousInventory,
      boolean prune,
      Duration defaultTimeout,
      String defaultNamespace) {}

  /** Lets the caller stop a run: waits are cancelled, no further layer starts. */
  public static final class Cancellation {
    private final Set<HealthWait> waits = new HashSet<>();
    private volatile String reason;

    public synchronized void cancel(String why) {
      reason = why;
      waits.forEach(HealthWait::cancel);
    }

    public boolean isCancelled() {
      return reason != null;
    }

    public String reason() {
      return reason;
    }

    synchronized boolean register(HealthWait wait) {
      if (reason != null) {
        wait.cancel();
        return false;
      }
      waits.add(wait);
      return true;
    }

    synchronized void unregister(HealthWait wait) {
      waits.remove(wait);
    }
  }

  /**
   * The outcome.
   *
   * @param layers every layer's final progress, in spec order
   * @param applied the objects of each layer whose apply went through (health aside); a layer that
   *     failed to render, failed the dry-run or did not start is absent
   * @param cancelledBecause why the run was cancelled, or null
   */
  public record Result(
      Map<String, LayerProgress> layers,
      Map<String, List<Resource>> applied,
      String cancelledBecause) {
    public boolean cancelled() {
      return cancelledBecause != null;
    }

    public boolean allReady() {
      return !cancelled() && layers.values().stream().allMatch(LayerProgress::isReady);
    }
  }

  private final Applier applier;
  private final HealthWaiter waiter;
  private final Executor executor;

  public LayerRunner(Applier applier, HealthWaiter waiter, Executor executor) {
    this.applier = applier;
    this.waiter = waiter;
    this.executor = executor;
  }

  /** Runs the request, telling {@code listener} what happens as it happens. */
  public Result run(Request request, Renderer renderer, Listener listener, Cancellation cancel)
      throws InterruptedException {
    Progress progress = new Progress(request.revision(), listener);
    for (Layer layer : request.plan().layers()) {
      progress.start(
          LayerProgress.pending(
              layer.getName(), previous(request, layer.getName()), "waiting for dependencies"));
    }
    // Render every layer first: an object that moves between layers must not be pruned.
    Map<String, List<Resource>> rendered = new LinkedHashMap<>();
    Map<String, String> renderErrors = new LinkedHashMap<>();
    for (Layer layer : request.plan().layers()) {
      try {
        rendered.put(layer.getName(), renderer.render(layer.getPath()));
      } catch (RenderException | IOException e) {
        renderErrors.put(layer.getName(), "render failed: " + e.getMessage());
      }
    }
    Map<ObjectRef, String> renderedBy = new LinkedHashMap<>();
    rendered.forEach(
        (name, objects) ->
            objects.forEach(r -> renderedBy.put(ref(r, request.defaultNamespace()), name)));
    journal(request, renderedBy, listener);

    CompletionService<LayerProgress> completion = new ExecutorCompletionService<>(executor);
    Set<String> done = new HashSet<>();
    Set<String> started = new HashSet<>();
    Set<String> failed = new HashSet<>();
    int running = 0;
    while (true) {
      if (!cancel.isCancelled()) {
        for (Layer layer : request.plan().ready(done, started)) {
          started.add(layer.getName());
          running++;
          completion.submit(
              () ->
                  runLayer(
                      request,
                      layer,
                      rendered.get(layer.getName()),
                      renderErrors.get(layer.getName()),
                      renderedBy,
                      progress,
                      cancel));
        }
      }
      if (running == 0) {
        break;
      }
      Future<LayerProgress> next;
      try {
        next = completion.take();
      } catch (InterruptedException e) {
        cancel.cancel("the operator is stopping");
        throw e;
      }
      running--;
      LayerProgress finished;
      try {
        finished = next.get();
      } catch (ExecutionException e) {
        // runLayer turns every error into a failed layer; this is a bug in the runner itself.
        throw new IllegalStateException("layer run failed unexpectedly", e.getCause());
      }
      if (finished.isReady()) {
        done.add(finished.name());
      } else {
        failed.add(finished.name());
      }
    }
    // Layers that never started: say what they wait for.
    for (Layer layer : request.plan().layers()) {
      if (started.contains(layer.getName())) {
        continue;
      }
      List<String> blocking = new ArrayList<>();
      for (String dependency : request.plan().dependencies(layer.getName())) {
        if (!done.contains(dependency)) {
          blocking.add(dependency);
        }
      }
      String message =
          cancel.isCancelled()
              ? "not started: " + cancel.reason()
              : "waiting for layer " + String.join(", ", blocking) + " to become Ready";
      progress.update(progress.get(layer.getName()).to(LayerPhase.PENDING, message));
    }
    return progress.result(cancel.reason());
  }

  private LayerProgress runLayer(
      Request request,
      Layer layer,
      List<Resource> objects,
      String renderError,
      Map<ObjectRef, String> renderedBy,
      Progress progress,
      Cancellation cancel) {
    try {
      return applyLayer(request, layer, objects, renderError, renderedBy, progress, cancel);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return progress.update(
          progress
              .get(layer.getName())
              .to(LayerPhase.PENDING, "interrupted: the operator is stopping"));
    } catch (RuntimeException e) {
      log.warn("layer {} at {}: unexpected error", layer.getName(), request.revision(), e);
      return progress.update(
          progress.get(layer.getName()).to(LayerPhase.FAILED, "unexpected error: " + e));
    }
  }

  private LayerProgress applyLayer(
      Request request,
      Layer layer,
      List<Resource> objects,
      String renderError,
      Map<ObjectRef, String> renderedBy,
      Progress progress,
      Cancellation cancel)
      throws InterruptedException {
    String name = layer.getName();
    LayerProgress state =
        progress.get(name).rendered(request.revision(), objects == null ? 0 : objects.size());
    if (renderError != null) {
      return progress.update(state.to(LayerPhase.FAILED, renderError));
    }
    // A layer that suddenly renders nothing is far more often a broken path or kustomization
    // than an intent to delete everything it holds: refuse it unless the layer says so.
    List<ObjectRef> previous = previous(request, name);
    if (objects.isEmpty() && !previous.isEmpty() && !Boolean.TRUE.equals(layer.getAllowEmpty())) {
      return progress.update(
          state.to(
              LayerPhase.FAILED,
              "rendered no objects at "
                  + request.revision()
                  + " (it had "
                  + previous.size()
                  + " at the last run); nothing was applied or pruned. To empty the layer on"
                  + " purpose, set allowEmpty: true on layer '"
                  + name
                  + "'"));
    }
    // One deadline for the whole layer: apply, prune and health wait.
    Duration timeout =
        layer.getTimeout() != null ? Durations.parse(layer.getTimeout()) : request.defaultTimeout();
    Deadline deadline = Deadline.after(timeout);
    state =
        progress.update(state.to(LayerPhase.APPLYING, "applying " + objects.size() + " objects"));

    // Validate the whole layer, then apply what differs.
    ChangeSet changes;
    try {
      changes = applier.apply(objects, deadline);
    } catch (ApplyException e) {
      List<ObjectRef> inventory = new ArrayList<>(state.inventory());
      e.done().applied().stream().filter(ref -> !inventory.contains(ref)).forEach(inventory::add);
      return progress.update(
          state.applied(e.done(), inventory).to(LayerPhase.FAILED, e.getMessage()));
    }
    List<ObjectRef> inventory = changes.applied();
    progress.applied(name, objects);

    // Prune what left this layer, unless another layer renders it now.
    if (request.prune() && !previous.isEmpty()) {
      Map<ObjectRef, String> otherLayers = new LinkedHashMap<>();
      renderedBy.forEach(
          (ref, owner) -> {
            if (!owner.equals(name)) {
              otherLayers.put(ref, owner);
            }
          });
      try {
        changes = changes.plus(applier.prune(previous, inventory, otherLayers, deadline));
      } catch (ApplyException e) {
        return progress.update(
            state.applied(changes.plus(e.done()), inventory).to(LayerPhase.FAILED, e.getMessage()));
      }
    }
    state = state.applied(changes, inventory);
    log.info("layer {} at {}: {}", name, request.revision(), changes.summary());

    if (Boolean.FALSE.equals(layer.getWait()) || inventory.isEmpty()) {
      return progress.update(state.to(LayerPhase.READY, changes.summary()));
    }
    state =
        progress.update(
            state.to(LayerPhase.PROGRESSING, changes.summary() + "; waiting for health"));
    try (HealthWait wait = waiter.start(inventory, deadline.remaining())) {
      if (!cancel.register(wait)) {
        return progress.update(state.to(LayerPhase.PENDING, "cancelled: " + cancel.reason()));
      }
      HealthReport report;
      try {
        report = wait.result().get();
      } catch (CancellationException e) {
        return progress.update(state.to(LayerPhase.PENDING, "cancelled: " + cancel.reason()));
      } catch (ExecutionException e) {
        return progress.update(
            state.to(LayerPhase.FAILED, "health check failed: " + e.getCause().getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return progress.update(state.to(LayerPhase.PENDING, "interrupted"));
      } finally {
        cancel.unregister(wait);
      }
      if (cancel.isCancelled()) {
        return progress.update(state.to(LayerPhase.PENDING, "cancelled: " + cancel.reason()));
      }
      Map<ObjectRef, String> unhealthy = new LinkedHashMap<>();
      report.unhealthy().forEach((ref, health) -> unhealthy.put(ref, describe(health)));
      state = state.unhealthy(unhealthy);
      if (report.isHealthy()) {
        return progress.update(
            state.to(LayerPhase.READY, changes.summary() + "; " + report.summary()));
      }
      return progress.update(state.to(LayerPhase.FAILED, report.summary()));
    }
  }

  private static String describe(Health health) {
    return health.toString();
  }

  /** Tells the listener what the layers may own before anything is applied, when that grew. */
  private static void journal(
      Request request, Map<ObjectRef, String> renderedBy, Listener listener) {
    Map<String, Set<ObjectRef>> intended = new LinkedHashMap<>();
    for (Layer layer : request.plan().layers()) {
      intended.put(layer.getName(), new LinkedHashSet<>(previous(request, layer.getName())));
    }
    boolean grew = false;
    for (var entry : renderedBy.entrySet()) {
      grew |= intended.get(entry.getValue()).add(entry.getKey());
    }
    if (grew) {
      Map<String, List<ObjectRef>> lists = new LinkedHashMap<>();
      intended.forEach((layer, owned) -> lists.put(layer, List.copyOf(owned)));
      listener.beforeApply(lists);
    }
  }

  private static List<ObjectRef> previous(Request request, String layer) {
    return request.previousInventory().getOrDefault(layer, List.of());
  }

  /**
   * One run's layers: their progress, told to the listener in the order it changes, and what each
   * applied. Runs do not share it, so one owner's slow status write never holds up another's.
   */
  private static final class Progress {
    private final String revision;
    private final Listener listener;
    private final Map<String, LayerProgress> layers = new LinkedHashMap<>();
    private final Map<String, List<Resource>> applied = new LinkedHashMap<>();

    Progress(String revision, Listener listener) {
      this.revision = revision;
      this.listener = listener;
    }

    synchronized void start(LayerProgress pending) {
      layers.put(pending.name(), pending);
    }

    synchronized LayerProgress get(String layer) {
      return layers.get(layer);
    }

    synchronized LayerProgress update(LayerProgress state) {
      layers.put(state.name(), state);
      if (state.isFailed()) {
        log.warn("layer {} at {} failed: {}", state.name(), revision, state.message());
      }
      listener.progressed(state);
      return state;
    }

    synchronized void applied(String layer, List<Resource> objects) {
      applied.put(layer, List.copyOf(objects));
    }

    synchronized Result result(String cancelledBecause) {
      return new Result(
          Collections.unmodifiableMap(new LinkedHashMap<>(layers)),
          Collections.unmodifiableMap(new LinkedHashMap<>(applied)),
          cancelledBecause);
    }
  }

  /** An object's reference, in the default namespace when it is namespaced and names none. */
  public static ObjectRef ref(Resource resource, String defaultNamespace) {
    ObjectRef ref = ObjectRef.of(resource.object());
    if (ref.namespace().isEmpty()
        && defaultNamespace != null
        && !resource.currentId().isClusterScoped()) {
      return new ObjectRef(ref.group(), ref.version(), ref.kind(), defaultNamespace, ref.name());
    }
    return ref;
  }
}
