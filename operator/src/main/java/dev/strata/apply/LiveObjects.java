package dev.strata.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the live state of objects that exist, with few requests: one list per kind and namespace
 * when several objects share them (restricted to the owner labels when there are any), a get for a
 * lone object or one the list did not return.
 */
final class LiveObjects {

  /** Objects of one kind in one namespace, read together. */
  private record Group(
      ResourceDefinitionContext context, String namespace, List<PreparedObject> objects) {}

  private final Requests requests;
  private final ApplyOptions options;

  LiveObjects(Requests requests, ApplyOptions options) {
    this.requests = requests;
    this.options = options;
  }

  /**
   * The live object of each given object, by its index: present when found, empty when not found;
   * absent from the map when it could not be read in time (the caller then applies it anyway).
   */
  Map<Integer, Optional<GenericKubernetesResource>> read(
      List<PreparedObject> objects, Deadline deadline) throws InterruptedException {
    Map<String, Group> groups = new LinkedHashMap<>();
    for (PreparedObject object : objects) {
      var context = object.context();
      groups
          .computeIfAbsent(
              context.getGroup()
                  + "/"
                  + context.getVersion()
                  + "/"
                  + context.getPlural()
                  + "/"
                  + object.ref().namespace(),
              k -> new Group(context, object.ref().namespace(), new ArrayList<>()))
          .objects()
          .add(object);
    }
    Map<Integer, Optional<GenericKubernetesResource>> live = new HashMap<>();
    List<Group> listed = groups.values().stream().filter(g -> g.objects().size() > 1).toList();
    List<PreparedObject> toGet = new ArrayList<>();
    groups.values().stream()
        .filter(g -> g.objects().size() == 1)
        .forEach(g -> toGet.addAll(g.objects()));

    var lists =
        Parallel.map(
            listed,
            options.concurrency(),
            deadline,
            g -> requests.list(g.context(), g.namespace(), options.ownerLabels(), deadline));
    for (int i = 0; i < listed.size(); i++) {
      Group group = listed.get(i);
      if (lists.get(i).failed() || lists.get(i).unanswered()) {
        toGet.addAll(group.objects()); // e.g. allowed to get but not to list
        continue;
      }
      Map<String, GenericKubernetesResource> byName = new HashMap<>();
      lists.get(i).value().forEach(o -> byName.put(o.getMetadata().getName(), o));
      for (PreparedObject object : group.objects()) {
        var found = byName.get(object.ref().name());
        if (found != null) {
          live.put(object.index(), Optional.of(found));
        } else {
          toGet.add(object); // e.g. not yet labelled by us
        }
      }
    }

    var gets =
        Parallel.map(
            toGet,
            options.concurrency(),
            deadline,
            o -> requests.get(o.context(), o.ref().namespace(), o.ref().name(), deadline));
    for (int i = 0; i < toGet.size(); i++) {
      var outcome = gets.get(i);
      if (outcome.unanswered()) {
        continue;
      }
      if (!outcome.failed()) {
        live.put(toGet.get(i).index(), outcome.value());
      } else if (ApiErrors.isNotFound(outcome.error())) {
        live.put(toGet.get(i).index(), Optional.empty());
      }
    }
    return live;
  }
}
