package dev.strata.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Kubernetes object being rendered, with where it came from and the build state kustomize keeps
 * in its internal annotations: the ids it had before names changed, the prefixes and suffixes added
 * to its name, and whether a generator asked for a content-hash suffix.
 */
public final class Resource {

  private final Map<String, Object> object;
  private final String origin;
  private final List<ResourceId> previousIds = new ArrayList<>();
  private final List<String> prefixes = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  private final List<String> varNames = new ArrayList<>();
  private boolean needsHashSuffix;
  private String generatorBehavior = "";

  /**
   * @param object the object, as mutable maps, lists and scalars
   * @param origin the file it was read from (or the kustomization that generated it)
   */
  public Resource(Map<String, Object> object, String origin) {
    this.object = object;
    this.origin = origin;
  }

  public Map<String, Object> object() {
    return object;
  }

  public String origin() {
    return origin;
  }

  public String apiVersion() {
    return string(object.get("apiVersion"));
  }

  public String kind() {
    return string(object.get("kind"));
  }

  public String group() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String version() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }

  public String name() {
    return string(metadata().get("name"));
  }

  public String namespace() {
    return string(metadata().get("namespace"));
  }

  /** Kind/namespace/name, as errors and status name objects. */
  public String id() {
    return currentId().toString();
  }

  public ResourceId currentId() {
    return new ResourceId(group(), version(), kind(), namespace(), name());
  }

  /** The id the resource was read or generated with, before any name or namespace change. */
  public ResourceId originalId() {
    return previousIds.isEmpty() ? currentId() : previousIds.get(0);
  }

  /** Every id the resource had before its current one, oldest first. */
  public List<ResourceId> previousIds() {
    return List.copyOf(previousIds);
  }

  /** Remembers the current id; call before changing the name, namespace or kind. */
  public void rememberCurrentId() {
    previousIds.add(currentId());
  }

  public void setName(String name) {
    metadata(true).put("name", name);
  }

  public void setNamespace(String namespace) {
    metadata(true).put("namespace", namespace);
  }

  /** Prefixes added to the name, outermost last. */
  public List<String> namePrefixes() {
    return List.copyOf(prefixes);
  }

  /** Suffixes added to the name, outermost last. */
  public List<String> nameSuffixes() {
    return List.copyOf(suffixes);
  }

  public void addNamePrefix(String prefix) {
    prefixes.add(prefix);
  }

  public void addNameSuffix(String suffix) {
    suffixes.add(suffix);
  }

  /** The vars whose objref matched this resource, as kustomize's refVarNames. */
  public List<String> varNames() {
    return List.copyOf(varNames);
  }

  public void addVarName(String name) {
    varNames.add(name);
  }

  public boolean needsHashSuffix() {
    return needsHashSuffix;
  }

  public void setNeedsHashSuffix(boolean needsHashSuffix) {
    this.needsHashSuffix = needsHashSuffix;
  }

  /** create, merge or replace for a generated resource; empty otherwise. */
  public String generatorBehavior() {
    return generatorBehavior;
  }

  public void setGeneratorBehavior(String behavior) {
    this.generatorBehavior = behavior;
  }

  /** metadata.labels, empty when absent (not a view: use {@link #metadata(boolean)} to change). */
  public Map<String, Object> labels() {
    return child(metadata(), "labels");
  }

  public Map<String, Object> annotations() {
    return child(metadata(), "annotations");
  }

  /** The metadata map; created when {@code create} and absent. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> metadata(boolean create) {
    Object metadata = object.get("metadata");
    if (metadata instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    if (!create) {
      return Map.of();
    }
    Map<String, Object> created = new LinkedHashMap<>();
    object.put("metadata", created);
    return created;
  }

  /** A deep copy of the object with the same build state. */
  public Resource copy() {
    Resource copy = new Resource(deepCopy(object), origin);
    copy.previousIds.addAll(previousIds);
    copy.prefixes.addAll(prefixes);
    copy.suffixes.addAll(suffixes);
    copy.varNames.addAll(varNames);
    copy.needsHashSuffix = needsHashSuffix;
    copy.generatorBehavior = generatorBehavior;
    return copy;
  }

  @Override
  public String toString() {
    return id() + " (from " + origin + ")";
  }

  private Map<String, Object> metadata() {
    return metadata(false);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> map, String key) {
    return map.get(key) instanceof Map<?, ?> child ? (Map<String, Object>) child : Map.of();
  }

  /** Deep copy of a YAML value made of maps, lists and immutable scalars. */
  @SuppressWarnings("unchecked")
  public static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(deepCopy(item)));
      return (T) copy;
    }
    return value;
  }

  private static String string(Object value) {
    return value == null ? "" : String.valueOf(value);
  }
}
