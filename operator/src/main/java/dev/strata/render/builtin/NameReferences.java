package dev.strata.render.builtin;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.ResourceId;
import dev.strata.render.fields.FieldPath;
import dev.strata.render.fields.FieldSpec;
import dev.strata.render.fields.NameBackReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Rewrites references to objects whose names changed (prefix, suffix, hash, namespace), as
 * kustomize's name reference transformer does once at the end of a build: each referring field of
 * the configuration is matched to the one object that had the referenced name, narrowed by kind,
 * role reference, namespace and shared prefixes and suffixes.
 */
public final class NameReferences {

  private final List<NameBackReference> backReferences;

  public NameReferences(List<NameBackReference> backReferences) {
    this.backReferences = backReferences;
  }

  /** One referring field and the kind it refers to. */
  private record Reference(FieldSpec field, NameBackReference target) {}

  public void fix(Accumulator accumulator) throws RenderException {
    List<Resource> resources = accumulator.resources();
    Map<Resource, List<Reference>> references = new LinkedHashMap<>();
    for (NameBackReference target : backReferences) {
      for (FieldSpec field : target.referrers()) {
        for (Resource resource : resources) {
          ResourceId original = resource.originalId();
          if (field.selects(original.group(), original.version(), original.kind())) {
            references
                .computeIfAbsent(resource, r -> new ArrayList<>())
                .add(new Reference(field, target));
          }
        }
      }
    }
    for (var entry : references.entrySet()) {
      Resource referrer = entry.getKey();
      List<Resource> candidates = couldBeReferencedBy(referrer, resources);
      for (Reference reference : entry.getValue()) {
        FieldSpec path =
            new FieldSpec(
                referrer.group(),
                referrer.version(),
                referrer.kind(),
                reference.field().path(),
                false);
        try {
          FieldPath.apply(
              referrer.object(),
              path,
              FieldPath.Create.NONE,
              slot -> update(slot, referrer, reference, candidates));
        } catch (RenderException e) {
          throw new RenderException(
              "updating name reference in '"
                  + reference.field().path()
                  + "' field of '"
                  + referrer.id()
                  + "' (from "
                  + referrer.origin()
                  + "): "
                  + e.getMessage());
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void update(
      FieldPath.Slot slot, Resource referrer, Reference reference, List<Resource> candidates)
      throws RenderException {
    Object value = slot.get();
    if (value == null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      updateMapping((Map<String, Object>) map, referrer, reference, candidates);
    } else if (value instanceof List<?> list) {
      List<Object> elements = (List<Object>) list;
      for (int i = 0; i < elements.size(); i++) {
        Object element = elements.get(i);
        if (element instanceof Map<?, ?> map) {
          updateMapping((Map<String, Object>) map, referrer, reference, candidates);
        } else if (element != null && !(element instanceof List<?>)) {
          Resource referral =
              select(String.valueOf(element), candidates, referrer, reference, false);
          if (referral != null) {
            elements.set(i, referral.name());
          }
        } else if (element != null) {
          throw new RenderException(
              element + " is expected to be either a string or a map of string");
        }
      }
    } else {
      Resource referral = select(String.valueOf(value), candidates, referrer, reference, false);
      if (referral != null && !referral.name().equals(String.valueOf(value))) {
        slot.set(referral.name());
      }
    }
  }

  private void updateMapping(
      Map<String, Object> node, Resource referrer, Reference reference, List<Resource> candidates)
      throws RenderException {
    if (!node.containsKey("name")) {
      throw new RenderException("path config error; no 'name' field in node");
    }
    List<Resource> inNamespace = candidates;
    if (node.containsKey("namespace")) {
      String namespace = String.valueOf(node.get("namespace"));
      inNamespace = byNamespace(candidates, namespace, true);
      if (inNamespace.isEmpty()) {
        inNamespace = byNamespace(candidates, namespace, false);
      }
    }
    String oldName = String.valueOf(node.get("name"));
    Resource referral = select(oldName, inNamespace, referrer, reference, true);
    if (referral == null) {
      return;
    }
    if (referral.name().equals(oldName) && referral.namespace().isEmpty()) {
      return;
    }
    node.put("name", referral.name());
    if (!referral.namespace().isEmpty()) {
      node.put("namespace", referral.namespace());
    }
  }

  /** kustomize's GroupedByOriginalNamespace / GroupedByCurrentNamespace, for one namespace. */
  private static List<Resource> byNamespace(
      List<Resource> candidates, String namespace, boolean original) {
    List<Resource> result = new ArrayList<>();
    for (Resource candidate : candidates) {
      ResourceId id = original ? candidate.originalId() : candidate.currentId();
      if (!id.isClusterScoped() && id.effectiveNamespace().equals(namespace)) {
        result.add(candidate);
      }
    }
    return result;
  }

  private Resource select(
      String oldName,
      List<Resource> candidates,
      Resource referrer,
      Reference reference,
      boolean compareNamespaces)
      throws RenderException {
    NameBackReference target = reference.target();
    List<Resource> found =
        sieve(candidates, r -> r.previousIds().stream().anyMatch(id -> id.name().equals(oldName)));
    found =
        sieve(
            found,
            r ->
                r.previousIds().stream()
                    .anyMatch(id -> target.refersTo(id.group(), id.version(), id.kind())));
    found = sieve(found, roleRefFilter(referrer, reference.field()));
    found = sieve(found, sameNamespaceAs(referrer));
    if (found.size() == 1) {
      return found.get(0);
    }
    found = sieve(found, r -> affixesEqual(r, referrer, true));
    if (found.size() > 1) {
      found = sieve(found, r -> affixesEqual(r, referrer, false));
    }
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.isEmpty()) {
      return null;
    }
    Resource first = found.get(0);
    boolean identical =
        found.stream()
            .allMatch(
                r ->
                    r.name().equals(first.name())
                        && (!compareNamespaces || r.namespace().equals(first.namespace())));
    if (identical) {
      return first;
    }
    throw new RenderException(
        "found multiple possible referrals: "
            + String.join(", ", found.stream().map(Resource::id).toList()));
  }

  private static Predicate<Resource> roleRefFilter(Resource referrer, FieldSpec field) {
    if (!field.path().endsWith("roleRef/name")
        || !(referrer.object().get("roleRef") instanceof Map<?, ?> roleRef)
        || roleRef.get("apiGroup") == null
        || roleRef.get("kind") == null) {
      return r -> true;
    }
    String group = String.valueOf(roleRef.get("apiGroup"));
    String kind = String.valueOf(roleRef.get("kind"));
    return r ->
        r.previousIds().stream()
            .anyMatch(
                id ->
                    (group.isEmpty() || group.equals(id.group()))
                        && (kind.isEmpty() || kind.equals(id.kind())));
  }

  private static Predicate<Resource> sameNamespaceAs(Resource referrer) {
    ResourceId referrerId = referrer.currentId();
    if (referrerId.isClusterScoped()) {
      return r -> true;
    }
    return r ->
        r.currentId().isClusterScoped()
            || r.kind().equals("ServiceAccount")
            || referrerId.effectiveNamespace().equals(r.currentId().effectiveNamespace());
  }

  /** kustomize's PrefixesSuffixesEquals. */
  private static boolean affixesEqual(Resource a, Resource b, boolean allowEmpty) {
    if (allowEmpty) {
      boolean prefixEmpty = a.namePrefixes().isEmpty() || b.namePrefixes().isEmpty();
      boolean suffixEmpty = a.nameSuffixes().isEmpty() || b.nameSuffixes().isEmpty();
      return (prefixEmpty || sameEnding(a.namePrefixes(), b.namePrefixes()))
          && (suffixEmpty || sameEnding(a.nameSuffixes(), b.nameSuffixes()));
    }
    return sameEnding(a.namePrefixes(), b.namePrefixes())
        && sameEnding(a.nameSuffixes(), b.nameSuffixes());
  }

  /** kustomize's SameEndingSubSlice: the shorter list ends the longer one. */
  private static boolean sameEnding(List<String> a, List<String> b) {
    List<String> shortest = a.size() <= b.size() ? a : b;
    List<String> longest = a.size() <= b.size() ? b : a;
    int diff = longest.size() - shortest.size();
    if (shortest.isEmpty()) {
      return diff == 0;
    }
    for (int i = shortest.size() - 1; i >= 0; i--) {
      if (!longest.get(i + diff).equals(shortest.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** kustomize's SubsetThatCouldBeReferencedByResource. */
  private static List<Resource> couldBeReferencedBy(Resource referrer, List<Resource> resources)
      throws RenderException {
    ResourceId referrerId = referrer.currentId();
    if (referrerId.isClusterScoped()) {
      return resources;
    }
    Set<String> roleBindingNamespaces = roleBindingNamespaces(referrer);
    List<Resource> result = new ArrayList<>();
    for (Resource candidate : resources) {
      ResourceId id = candidate.currentId();
      if (id.isClusterScoped()
          || id.effectiveNamespace().equals(referrerId.effectiveNamespace())
          || roleBindingNamespaces.contains(candidate.namespace())) {
        result.add(candidate);
      }
    }
    return result;
  }

  private static Set<String> roleBindingNamespaces(Resource referrer) throws RenderException {
    Set<String> result = new HashSet<>();
    if (!referrer.kind().equals("RoleBinding")
        || !(referrer.object().get("subjects") instanceof List<?> subjects)) {
      return result;
    }
    for (Object subject : subjects) {
      if (subject instanceof Map<?, ?> map
          && map.containsKey("namespace")
          && "ServiceAccount".equals(map.get("kind"))) {
        if (!(map.get("namespace") instanceof String namespace)) {
          throw new RenderException(
              "invalid input: namespace is blank for resource " + referrer.id());
        }
        result.add(namespace);
      }
    }
    return result;
  }

  private static List<Resource> sieve(List<Resource> resources, Predicate<Resource> keep) {
    return resources.stream().filter(keep).toList();
  }
}
