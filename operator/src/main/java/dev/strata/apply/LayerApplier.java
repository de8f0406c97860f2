package dev.strata.apply;

import dev.strata.health.ApiResources;
import dev.strata.health.HealthReport;
import dev.strata.health.HealthRules;
import dev.strata.health.HealthWait;
import dev.strata.health.HealthWaiter;
import dev.strata.health.ObjectRef;
import dev.strata.render.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Applies the rendered objects of one layer with server-side apply and returns what changed.
 *
 * <ol>
 *   <li>Validate the whole layer with a server-side dry-run before applying any of it. If any
 *       object fails, nothing is applied and every failure is reported with its file.
 *   <li>Apply CustomResourceDefinitions and Namespaces first and wait until they are ready.
 *   <li>Dry-run the objects that could not be validated before (custom resources of this layer's
 *       CRDs, objects in this layer's new namespaces), then apply the rest.
 * </ol>
 *
 * <p>Only objects whose dry-run result differs from the live object are sent, so unchanged objects
 * cost a dry-run and a share of one list, never a write. Requests run concurrently, at most {@link
 * ApplyOptions#concurrency()} at a time. The layer's new CRDs and Namespaces are the one thing
 * applied before everything is validated: objects that need them cannot be dry-run earlier.
 */
public final class LayerApplier {

  private final Requests requests;
  private final ApiResources apiResources;
  private final HealthWaiter waiter;
  private final LayerObjects layerObjects;
  private final LiveObjects liveObjects;
  private final ApplyOptions options;

  public LayerApplier(KubernetesClient client, ApplyOptions options, ApiResources apiResources) {
    this.requests = new Requests(client, options.fieldManager());
    this.apiResources = apiResources;
    this.waiter = new HealthWaiter(client, apiResources);
    this.layerObjects = new LayerObjects(apiResources, options);
    this.liveObjects = new LiveObjects(requests, options);
    this.options = options;
  }

  public LayerApplier(KubernetesClient client, ApplyOptions options) {
    this(client, options, new ApiResources(client));
  }

  /**
   * Validates and applies one layer's objects.
   *
   * @return one change per object, in the order given
   * @throws ApplyException naming every object that failed, its file and the server's message;
   *     {@link ApplyException#done()} says what was applied before the failure
   */
  public ChangeSet apply(List<Resource> resources) throws ApplyException, InterruptedException {
    var prepared = layerObjects.prepare(resources);
    if (!prepared.failures().isEmpty()) {
      throw new ApplyException(
          ApplyException.Phase.VALIDATION, prepared.failures(), ChangeSet.empty());
    }
    List<PreparedObject> definitions = new ArrayList<>();
    List<PreparedObject> others = new ArrayList<>();
    prepared.objects().forEach(o -> (o.isDefinition() ? definitions : others).add(o));
    GenericKubernetesResource[] latest = new GenericKubernetesResource[resources.size()];

    // Validate: definitions first, to learn which namespaces this layer creates.
    List<ObjectFailure> failures = dryRun(definitions, latest);
    Set<String> newNamespaces = new HashSet<>();
    for (PreparedObject definition : definitions) {
      if (!definition.isCustomResourceDefinition()
          && latest[definition.index()] != null
          && isNew(latest[definition.index()])) {
        newNamespaces.add(definition.ref().name());
      }
    }
    List<PreparedObject> validNow = new ArrayList<>();
    List<PreparedObject> validLater = new ArrayList<>();
    for (PreparedObject object : others) {
      boolean needsDefinitions =
          object.kindFromLayer() || newNamespaces.contains(object.ref().namespace());
      (needsDefinitions ? validLater : validNow).add(object);
    }
    failures.addAll(dryRun(validNow, latest));
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.VALIDATION, failures, ChangeSet.empty());
    }

    // Apply definitions and wait until they are ready.
    ChangeSet done = applyChanged(definitions, latest, ChangeSet.empty());
    awaitDefinitions(definitions, latest, done);
    // Discovery learns the new kinds for whoever looks next (e.g. the health check).
    validLater.stream()
        .filter(PreparedObject::kindFromLayer)
        .forEach(o -> apiResources.forget(o.ref().apiVersion()));

    // Validate what needed the definitions, then apply the rest.
    failures = dryRun(validLater, latest);
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.VALIDATION, failures, done);
    }
    done = done.plus(applyChanged(others, latest, done));
    return done;
  }

  /**
   * Finds which objects differ in the cluster from what applying them would make (missing ones
   * included), by dry-run, without writing: drift, when it is only reported.
   *
   * @throws ApplyException naming objects the server rejects
   */
  public List<ObjectRef> drifted(List<Resource> resources) throws ApplyException {
    return diff(resources).stream().map(ObjectDiff::ref).toList();
  }

  /**
   * Finds how the objects in the cluster differ from what applying them would make (missing ones
   * included), by dry-run, without writing: each changed object with its live state and the
   * dry-run's result, in the order given.
   *
   * @throws ApplyException naming objects the server rejects
   */
  public List<ObjectDiff> diff(List<Resource> resources) throws ApplyException {
    var prepared = layerObjects.prepare(resources);
    if (!prepared.failures().isEmpty()) {
      throw new ApplyException(
          ApplyException.Phase.VALIDATION, prepared.failures(), ChangeSet.empty());
    }
    GenericKubernetesResource[] latest = new GenericKubernetesResource[resources.size()];
    List<ObjectFailure> failures = dryRun(prepared.objects(), latest);
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.VALIDATION, failures, ChangeSet.empty());
    }
    List<PreparedObject> existing =
        prepared.objects().stream().filter(o -> !isNew(latest[o.index()])).toList();
    Map<Integer, Optional<GenericKubernetesResource>> live = liveObjects.read(existing);
    List<ObjectDiff> diffs = new ArrayList<>();
    for (PreparedObject object : prepared.objects()) {
      var dryRun = latest[object.index()];
      var current = live.get(object.index());
      if (isNew(dryRun) || current == null || current.isEmpty()) {
        diffs.add(new ObjectDiff(object.ref(), null, dryRun));
      } else if (LiveDiff.differs(current.get(), dryRun)) {
        diffs.add(new ObjectDiff(object.ref(), current.get(), dryRun));
      }
    }
    return diffs;
  }

  /** Dry-runs the objects; stores each result in {@code results} and returns the failures. */
  private List<ObjectFailure> dryRun(
      List<PreparedObject> objects, GenericKubernetesResource[] results) {
    var outcomes = Parallel.map(objects, options.concurrency(), requests::dryRun);
    List<ObjectFailure> failures = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      var outcome = outcomes.get(i);
      if (outcome.failed()) {
        failures.add(objects.get(i).failure(Requests.message(outcome.error())));
      } else {
        results[objects.get(i).index()] = outcome.value();
      }
    }
    return failures;
  }

  /**
   * Applies the objects whose dry-run result differs from the live object; {@code latest} holds the
   * dry-run results and receives the applied objects.
   */
  private ChangeSet applyChanged(
      List<PreparedObject> objects, GenericKubernetesResource[] latest, ChangeSet before)
      throws ApplyException {
    List<PreparedObject> existing =
        objects.stream().filter(o -> !isNew(latest[o.index()])).toList();
    Map<Integer, Optional<GenericKubernetesResource>> live = liveObjects.read(existing);
    Change[] changes = new Change[objects.size()];
    List<Integer> toApply = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      PreparedObject object = objects.get(i);
      var dryRun = latest[object.index()];
      var current = live.get(object.index());
      if (isNew(dryRun)
          || current == null
          || current.isEmpty()
          || LiveDiff.differs(current.get(), dryRun)) {
        toApply.add(i);
      } else {
        changes[i] = change(object, Action.UNCHANGED);
      }
    }
    var outcomes =
        Parallel.map(toApply, options.concurrency(), i -> requests.apply(objects.get(i)));
    List<ObjectFailure> failures = new ArrayList<>();
    for (int k = 0; k < toApply.size(); k++) {
      int i = toApply.get(k);
      PreparedObject object = objects.get(i);
      var outcome = outcomes.get(k);
      if (outcome.failed()) {
        failures.add(object.failure(Requests.message(outcome.error())));
        continue;
      }
      var dryRun = latest[object.index()];
      latest[object.index()] = outcome.value();
      // The API server skips a write that changes nothing, and the resource version shows it.
      Action action =
          isNew(dryRun)
              ? Action.CREATED
              : resourceVersion(dryRun).equals(resourceVersion(outcome.value()))
                  ? Action.UNCHANGED
                  : Action.CONFIGURED;
      changes[i] = change(object, action);
    }
    ChangeSet applied = new ChangeSet(Arrays.stream(changes).filter(Objects::nonNull).toList());
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.APPLY, failures, before.plus(applied));
    }
    return applied;
  }

  /** Waits until the CRDs and Namespaces just applied are ready, by their kstatus. */
  private void awaitDefinitions(
      List<PreparedObject> definitions, GenericKubernetesResource[] latest, ChangeSet done)
      throws ApplyException, InterruptedException {
    List<ObjectRef> notReady =
        definitions.stream()
            .filter(o -> !HealthRules.compute(latest[o.index()]).isCurrent())
            .map(PreparedObject::ref)
            .toList();
    if (notReady.isEmpty()) {
      return;
    }
    HealthWait wait = waiter.start(notReady, options.definitionsTimeout());
    HealthReport report;
    try {
      report = wait.result().get();
    } catch (InterruptedException e) {
      wait.cancel();
      throw e;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waiting for definitions failed", e.getCause());
    }
    if (!report.isHealthy()) {
      List<ObjectFailure> failures = new ArrayList<>();
      report
          .unhealthy()
          .forEach(
              (ref, health) ->
                  definitions.stream()
                      .filter(o -> o.ref().equals(ref))
                      .findFirst()
                      .ifPresent(
                          o ->
                              failures.add(
                                  o.failure(
                                      "not ready after "
                                          + options.definitionsTimeout().toSeconds()
                                          + "s: "
                                          + health))));
      throw new ApplyException(ApplyException.Phase.DEFINITIONS, failures, done);
    }
  }

  private static Change change(PreparedObject object, Action action) {
    return new Change(object.ref(), object.origin(), action, "");
  }

  /** A dry-run of an object that does not exist yet gives no resource version. */
  private static boolean isNew(GenericKubernetesResource dryRun) {
    return resourceVersion(dryRun).isEmpty();
  }

  private static String resourceVersion(GenericKubernetesResource object) {
    String version =
        object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
    return version == null ? "" : version;
  }
}
