package dev.strata.apply;

import dev.strata.api.StrataMetadata;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the per-object policies before anything is sent: objects annotated Ignore are not sent,
 * IfNotPresent objects that exist are left alone, and fields taken out by spec.ignoreFields keep
 * their live value where Strata owned them.
 */
final class ObjectPolicies {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * What to send, and the changes of objects that are not sent.
   *
   * @param send the objects to dry-run and apply
   * @param kept objects the policy keeps from being applied: unchanged when they exist (so they
   *     stay in the inventory), skipped when they do not
   * @param failures IfNotPresent objects whose live state could not be read: sending them could
   *     overwrite an existing object
   */
  record Sorted(List<PreparedObject> send, List<Change> kept, List<ObjectFailure> failures) {}

  private final LiveObjects liveObjects;
  private final String fieldManager;

  ObjectPolicies(LiveObjects liveObjects, String fieldManager) {
    this.liveObjects = liveObjects;
    this.fieldManager = fieldManager;
  }

  Sorted sort(List<PreparedObject> objects, Deadline deadline) throws InterruptedException {
    List<PreparedObject> needLive =
        objects.stream()
            .filter(
                o -> o.policy().mode() != ApplyPolicy.Mode.OVERRIDE || !o.ignoredFields().isEmpty())
            .toList();
    Map<Integer, Optional<GenericKubernetesResource>> live =
        needLive.isEmpty() ? Map.of() : liveObjects.read(needLive, deadline);
    List<PreparedObject> send = new ArrayList<>();
    List<Change> kept = new ArrayList<>();
    List<ObjectFailure> failures = new ArrayList<>();
    for (PreparedObject object : objects) {
      Optional<GenericKubernetesResource> current = live.get(object.index());
      boolean exists = current != null && current.isPresent();
      switch (object.policy().mode()) {
        case IGNORE -> {
          kept.add(keptChange(object, exists, "not applied: " + object.policy().reason()));
          continue;
        }
        case IF_NOT_PRESENT -> {
          if (current == null) {
            failures.add(
                object.failure(
                    "could not read whether it exists ("
                        + object.policy().reason()
                        + "), so it was not applied"));
            continue;
          }
          if (exists) {
            kept.add(keptChange(object, true, "exists, not updated: " + object.policy().reason()));
            continue;
          }
        }
        case OVERRIDE -> {}
      }
      send.add(exists ? keepOwnedLiveValues(object, current.get()) : object);
    }
    return new Sorted(send, kept, failures);
  }

  /**
   * The reason a live object, changed in the cluster, is not to be applied: it was annotated Ignore
   * there (as {@code kustomize.toolkit.fluxcd.io/reconcile: disabled} is meant to be used); empty
   * otherwise.
   */
  static String ignoredInCluster(GenericKubernetesResource merged) {
    try {
      ApplyPolicy policy =
          ApplyPolicy.of(merged.getMetadata().getAnnotations(), merged.getMetadata().getLabels());
      return policy.mode() == ApplyPolicy.Mode.IGNORE ? "not applied: " + policy.reason() : "";
    } catch (ApplyPolicy.InvalidPolicy e) {
      return "";
    }
  }

  /**
   * Server-side apply drops a field that the applier owned alone and no longer sends: a Deployment
   * would fall back to one replica the moment an ignore rule for /spec/replicas is added. So while
   * Strata still owns an ignored field, it sends the live value; once another manager (the HPA)
   * takes the field over, Strata stops sending it.
   */
  @SuppressWarnings("unchecked")
  private PreparedObject keepOwnedLiveValues(
      PreparedObject object, GenericKubernetesResource live) {
    if (object.ignoredFields().isEmpty()) {
      return object;
    }
    Map<String, Object> liveMap = SERIALIZATION.convertValue(live, Map.class);
    Map<String, Object> body = null;
    for (String pointer : object.ignoredFields()) {
      Optional<Object> value = JsonPointer.get(liveMap, pointer);
      if (value.isEmpty() || !ownedByUs(live, pointer)) {
        continue;
      }
      if (body == null) {
        body = SERIALIZATION.convertValue(object.body(), Map.class);
      }
      JsonPointer.set(body, pointer, value.get());
    }
    return body == null
        ? object
        : object.withBody(SERIALIZATION.convertValue(body, GenericKubernetesResource.class));
  }

  /**
   * Whether our field manager's apply owns the field. A pointer through a list cannot be matched to
   * the list's keys here, so such a field counts as owned: keeping the live value is the safe side.
   */
  private boolean ownedByUs(GenericKubernetesResource live, String pointer) {
    List<ManagedFieldsEntry> entries = live.getMetadata().getManagedFields();
    if (entries == null) {
      return false;
    }
    for (ManagedFieldsEntry entry : entries) {
      if (!fieldManager.equals(entry.getManager())
          || !"Apply".equals(entry.getOperation())
          || entry.getFieldsV1() == null) {
        continue;
      }
      Object node = entry.getFieldsV1().getAdditionalProperties();
      boolean owned = true;
      for (String token : JsonPointer.parse(pointer)) {
        Object next = node instanceof Map<?, ?> map ? map.get("f:" + token) : null;
        if (next == null) {
          if (token.chars().allMatch(Character::isDigit)) {
            return true;
          }
          owned = false;
          break;
        }
        node = next;
      }
      if (owned) {
        return true;
      }
    }
    return false;
  }

  private static Change keptChange(PreparedObject object, boolean exists, String why) {
    return new Change(
        object.ref(), object.origin(), exists ? Action.UNCHANGED : Action.SKIPPED, why);
  }

  /** The hint for an immutable-field error, naming both ways to recreate the object. */
  static String forceHint() {
    return "set spec.force: true, or annotate the object "
        + StrataMetadata.FORCE_ANNOTATION
        + ": "
        + StrataMetadata.ENABLED
        + ", to delete and recreate it";
  }
}
