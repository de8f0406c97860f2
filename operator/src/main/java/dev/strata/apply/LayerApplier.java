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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Per-object policies ({@link ApplyPolicy}) keep Ignore objects, and IfNotPresent objects that
 * exist, from being sent at all. An object refused for an immutable field fails the layer, unless
 * force is on for it: then it is deleted and created again ({@link Recreator}).
 */
public final class LayerApplier {

  private final Requests requests;
  private final ApiResources apiResources;
  private final HealthWaiter waiter;
  private final LayerObjects layerObjects;
  private final LiveObjects liveObjects;
  private final ObjectPolicies policies;
  private final Recreator recreator;
  private final ApplyOptions options;

  /** What an object left unanswered at the deadline reports. */
  static final String NO_ANSWER = "no answer from the API server before the timeout";

  public LayerApplier(KubernetesClient client, ApplyOptions options, ApiResources apiResources) {
    this.requests = new Requests(client, options.fieldManager());
    this.apiResources = apiResources;
    this.waiter = new HealthWaiter(client, apiResources);
    this.layerObjects = new LayerObjects(apiResources, options);
    this.liveObjects = new LiveObjects(requests, options);
    this.policies = new ObjectPolicies(liveObjects, options.fieldManager());
    this.recreator = new Recreator(requests, options.definitionsTimeout());
    this.options = options;
  }

  public LayerApplier(KubernetesClient client, ApplyOptions options) {
    this(client, options, new ApiResources(client));
  }

  /**
   * Validates and applies one layer's objects, with no deadline but each request's own timeout.
   *
   * @see #apply(List, Deadline)
   */
  public ChangeSet apply(List<Resource> resources) throws ApplyException, InterruptedException {
    return apply(resources, Deadline.none());
  }

  /**
   * Validates and applies one layer's objects. Requests still unanswered when {@code deadline}
   * passes are abandoned, and the apply fails naming them.
   *
   * @return one change per object, in the order given
   * @throws ApplyException naming every object that failed, its file and the server's answer, or
   *     those left unanswered at the deadline ({@link ApplyException#timedOut()}); {@link
   *     ApplyException#done()} says what was applied before
   */
  public ChangeSet apply(List<Resource> resources, Deadline deadline)
      throws ApplyException, InterruptedException {
    var prepared = prepare(resources, deadline);
    if (!prepared.failures().isEmpty()) {
      throw new ApplyException(
          ApplyException.Phase.VALIDATION, prepared.failures(), ChangeSet.empty());
    }
    var sorted = policies.sort(prepared.objects(), deadline);
    if (!sorted.failures().isEmpty()) {
      throw new ApplyException(
          ApplyException.Phase.VALIDATION, sorted.failures(), ChangeSet.empty());
    }
    ChangeSet kept = new ChangeSet(sorted.kept());
    List<PreparedObject> definitions = new ArrayList<>();
    List<PreparedObject> others = new ArrayList<>();
    sorted.send().forEach(o -> (o.isDefinition() ? definitions : others).add(o));
    GenericKubernetesResource[] latest = new GenericKubernetesResource[resources.size()];
    Map<Integer, List<String>> recreate = new ConcurrentHashMap<>();

    // Validate: definitions first, to learn which namespaces this layer creates.
    List<ObjectFailure> failures = new ArrayList<>();
    dryRun(definitions, latest, failures, recreate, ChangeSet.empty(), deadline);
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
    dryRun(validNow, latest, failures, recreate, ChangeSet.empty(), deadline);
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.VALIDATION, failures, ChangeSet.empty());
    }

    // Apply definitions and wait until they are ready.
    ChangeSet done = kept.plus(applyChanged(definitions, latest, recreate, kept, deadline));
    awaitDefinitions(definitions, latest, done, deadline);
    // Discovery learns the new kinds for whoever looks next (e.g. the health check).
    validLater.stream()
        .filter(PreparedObject::kindFromLayer)
        .forEach(o -> apiResources.forget(o.ref().apiVersion()));

    // Validate what needed the definitions, then apply the rest.
    dryRun(validLater, latest, failures, recreate, done, deadline);
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.VALIDATION, failures, done);
    }
    done = done.plus(applyChanged(others, latest, recreate, done, deadline));
    return done;
  }

  /**
   * Finds which objects differ in the cluster from what applying them would make (missing ones
   * included), by dry-run, without writing: drift, when it is only reported.
   *
   * @throws ApplyException naming objects the server rejects, or left unanswered at the deadline
   */
  public List<ObjectRef> drifted(List<Resource> resources, Deadline deadline)
      throws ApplyException, InterruptedException {
    return diff(resources, deadline).stream().map(ObjectDiff::ref).toList();
  }

  /**
   * Finds how the objects in the cluster differ from what applying them would make (missing ones
   * included), by dry-run, without writing: each changed object with its live state and the
   * dry-run's result, in the order given.
   *
   * @throws ApplyException naming objects the server rejects, or left unanswered at the deadline
   */
  public List<ObjectDiff> diff(List<Resource> resources, Deadline deadline)
      throws ApplyException, InterruptedException {
    var prepared = prepare(resources, deadline);
    if (!prepared.failures().isEmpty()) {
      throw new ApplyException(
          ApplyException.Phase.VALIDATION, prepared.failures(), ChangeSet.empty());
    }
    // Objects the policies keep from being applied are not drift either.
    var sorted = policies.sort(prepared.objects(), deadline);
    if (!sorted.failures().isEmpty()) {
      throw new ApplyException(
          ApplyException.Phase.VALIDATION, sorted.failures(), ChangeSet.empty());
    }
    List<PreparedObject> send = sorted.send();
    GenericKubernetesResource[] latest = new GenericKubernetesResource[resources.size()];
    List<ObjectFailure> failures = new ArrayList<>();
    Map<Integer, List<String>> recreate = new ConcurrentHashMap<>();
    dryRun(send, latest, failures, recreate, ChangeSet.empty(), deadline);
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.VALIDATION, failures, ChangeSet.empty());
    }
    List<PreparedObject> existing =
        send.stream()
            .filter(o -> recreate.containsKey(o.index()) || !isNew(latest[o.index()]))
            .toList();
    Map<Integer, Optional<GenericKubernetesResource>> live = liveObjects.read(existing, deadline);
    List<ObjectDiff> diffs = new ArrayList<>();
    for (PreparedObject object : send) {
      var dryRun = latest[object.index()];
      var current = live.get(object.index());
      if (recreate.containsKey(object.index())) {
        // Applying would delete and recreate it: show the rendered object against the live one.
        diffs.add(
            new ObjectDiff(
                object.ref(), current == null ? null : current.orElse(null), object.body()));
      } else if (!ObjectPolicies.ignoredInCluster(dryRun).isEmpty()) {
        continue;
      } else if (isNew(dryRun) || current == null || current.isEmpty()) {
        diffs.add(new ObjectDiff(object.ref(), null, dryRun));
      } else if (LiveDiff.differs(current.get(), dryRun)) {
        diffs.add(new ObjectDiff(object.ref(), current.get(), dryRun));
      }
    }
    return diffs;
  }

  /**
   * Resolves the objects ({@link LayerObjects#prepare}) within the deadline: discovering a group
   * version the cache does not hold yet sends requests too.
   */
  private LayerObjects.Prepared prepare(List<Resource> resources, Deadline deadline)
      throws ApplyException, InterruptedException {
    var outcome = Parallel.map(List.of(resources), 1, deadline, layerObjects::prepare).get(0);
    if (outcome.unanswered()) {
      List<ObjectFailure> unanswered =
          resources.stream()
              .map(
                  r ->
                      new ObjectFailure(
                          ObjectRef.of(r.object()), r.origin(), "API discovery: " + NO_ANSWER))
              .toList();
      throw ApplyException.timedOut(
          ApplyException.Phase.VALIDATION, deadline.timeout(), unanswered, ChangeSet.empty());
    }
    if (outcome.failed()) {
      throw outcome.error();
    }
    return outcome.value();
  }

  /**
   * Dry-runs the objects; stores each result in {@code results} and adds the failures to {@code
   * failures}.
   *
   * @throws ApplyException when some are unanswered at the deadline, with every failure so far
   */
  private void dryRun(
      List<PreparedObject> objects,
      GenericKubernetesResource[] results,
      List<ObjectFailure> failures,
      Map<Integer, List<String>> recreate,
      ChangeSet done,
      Deadline deadline)
      throws ApplyException, InterruptedException {
    var outcomes =
        Parallel.map(objects, options.concurrency(), deadline, o -> requests.dryRun(o, deadline));
    boolean unanswered = false;
    for (int i = 0; i < objects.size(); i++) {
      var outcome = outcomes.get(i);
      PreparedObject object = objects.get(i);
      if (outcome.unanswered()) {
        unanswered = true;
        failures.add(object.failure("dry-run: " + NO_ANSWER));
      } else if (outcome.failed()) {
        List<String> immutable = ImmutableFields.of(outcome.error());
        if (forced(object) && !immutable.isEmpty()) {
          recreate.put(object.index(), immutable);
        } else {
          failures.add(object.failure(failureMessage(object, outcome.error())));
        }
      } else {
        results[object.index()] = outcome.value();
      }
    }
    if (unanswered) {
      throw ApplyException.timedOut(
          ApplyException.Phase.VALIDATION, deadline.timeout(), failures, done);
    }
  }

  /**
   * Applies the objects whose dry-run result differs from the live object; {@code latest} holds the
   * dry-run results and receives the applied objects.
   */
  private ChangeSet applyChanged(
      List<PreparedObject> objects,
      GenericKubernetesResource[] latest,
      Map<Integer, List<String>> recreate,
      ChangeSet before,
      Deadline deadline)
      throws ApplyException, InterruptedException {
    List<PreparedObject> existing =
        objects.stream()
            .filter(o -> !recreate.containsKey(o.index()) && !isNew(latest[o.index()]))
            .toList();
    Map<Integer, Optional<GenericKubernetesResource>> live = liveObjects.read(existing, deadline);
    Change[] changes = new Change[objects.size()];
    List<Integer> toApply = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      PreparedObject object = objects.get(i);
      var dryRun = latest[object.index()];
      var current = live.get(object.index());
      String ignored = dryRun == null ? "" : ObjectPolicies.ignoredInCluster(dryRun);
      if (recreate.containsKey(object.index())) {
        toApply.add(i);
      } else if (!ignored.isEmpty()) {
        changes[i] = new Change(object.ref(), object.origin(), Action.UNCHANGED, ignored);
      } else if (isNew(dryRun)
          || current == null
          || current.isEmpty()
          || LiveDiff.differs(current.get(), dryRun)) {
        toApply.add(i);
      } else {
        changes[i] = change(object, Action.UNCHANGED);
      }
    }
    var outcomes =
        Parallel.map(
            toApply,
            options.concurrency(),
            deadline,
            i -> applyOrRecreate(objects.get(i), recreate, deadline));
    List<ObjectFailure> failures = new ArrayList<>();
    boolean unanswered = false;
    for (int k = 0; k < toApply.size(); k++) {
      int i = toApply.get(k);
      PreparedObject object = objects.get(i);
      var outcome = outcomes.get(k);
      if (outcome.unanswered()) {
        unanswered = true;
        failures.add(object.failure("apply: " + NO_ANSWER));
        continue;
      }
      if (outcome.failed()) {
        failures.add(object.failure(failureMessage(object, outcome.error())));
        continue;
      }
      var dryRun = latest[object.index()];
      latest[object.index()] = outcome.value();
      if (recreate.containsKey(object.index())) {
        changes[i] =
            new Change(
                object.ref(),
                object.origin(),
                Action.CREATED,
                "recreated: immutable "
                    + String.join(", ", recreate.get(object.index()))
                    + " changed");
        continue;
      }
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
    if (unanswered) {
      throw ApplyException.timedOut(
          ApplyException.Phase.APPLY, deadline.timeout(), failures, before.plus(applied));
    }
    if (!failures.isEmpty()) {
      throw new ApplyException(ApplyException.Phase.APPLY, failures, before.plus(applied));
    }
    return applied;
  }

  /**
   * Waits until the CRDs and Namespaces just applied are ready, by their kstatus, at most {@link
   * ApplyOptions#definitionsTimeout()} and not past the deadline.
   */
  private void awaitDefinitions(
      List<PreparedObject> definitions,
      GenericKubernetesResource[] latest,
      ChangeSet done,
      Deadline deadline)
      throws ApplyException, InterruptedException {
    List<ObjectRef> notReady =
        definitions.stream()
            .filter(o -> !HealthRules.compute(latest[o.index()]).isCurrent())
            .map(PreparedObject::ref)
            .toList();
    if (notReady.isEmpty()) {
      return;
    }
    Duration timeout = deadline.cap(options.definitionsTimeout());
    boolean cutByDeadline = timeout.compareTo(options.definitionsTimeout()) < 0;
    HealthWait wait = waiter.start(notReady, timeout);
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
                                          + Deadline.seconds(timeout)
                                          + ": "
                                          + health))));
      if (cutByDeadline && report.outcome() == HealthReport.Outcome.TIMED_OUT) {
        throw ApplyException.timedOut(
            ApplyException.Phase.DEFINITIONS, deadline.timeout(), failures, done);
      }
      throw new ApplyException(ApplyException.Phase.DEFINITIONS, failures, done);
    }
  }

  /**
   * Applies the object; deletes and recreates it when it is marked so, or when the apply is refused
   * for an immutable field that the dry-run did not see and force is on.
   */
  private GenericKubernetesResource applyOrRecreate(
      PreparedObject object, Map<Integer, List<String>> recreate, Deadline deadline) {
    if (recreate.containsKey(object.index())) {
      return recreator.recreate(object, recreate.get(object.index()), deadline);
    }
    try {
      return requests.apply(object, deadline);
    } catch (RuntimeException e) {
      List<String> immutable = ImmutableFields.of(e);
      if (!forced(object) || immutable.isEmpty()) {
        throw e;
      }
      recreate.put(object.index(), immutable);
      return recreator.recreate(object, immutable, deadline);
    }
  }

  /**
   * Whether to recreate the object on an immutable-field error. Never a Namespace or a CRD:
   * deleting one deletes everything it holds.
   */
  private boolean forced(PreparedObject object) {
    return !object.isDefinition() && (options.force() || object.policy().force());
  }

  /**
   * The server's answer; for an immutable field, which fields, and how to have the object
   * recreated.
   */
  private static String failureMessage(PreparedObject object, RuntimeException error) {
    List<String> fields = ImmutableFields.of(error);
    String message = Requests.message(object, error);
    if (fields.isEmpty()) {
      return message;
    }
    return "immutable field "
        + String.join(", ", fields)
        + " cannot be changed in place; "
        + (object.isDefinition()
            ? "a "
                + object.ref().kind()
                + " is never recreated, since deleting it deletes"
                + " everything it holds"
            : ObjectPolicies.forceHint())
        + ". The API server said: "
        + message;
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
