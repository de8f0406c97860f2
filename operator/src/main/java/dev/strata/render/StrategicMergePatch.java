package dev.strata.render;

import dev.strata.render.patch.PatchException;
import dev.strata.render.patch.StrategicMerge;
import dev.strata.render.schema.KubernetesSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds one strategic merge patch document and applies it as kustomize's resource.Resource
 * ApplySmPatch: the patch may not change the target's namespace, nor its name or kind unless the
 * patch's options allow it; a patch that deletes the target removes it from the build.
 *
 * @param object the patch document
 * @param source names the kustomization, field and patch, for errors
 */
record StrategicMergePatch(
    Map<String, Object> object, String source, boolean allowNameChange, boolean allowKindChange) {

  /**
   * The patch documents in a file or inline text, as kustomize's resource factory reads them: empty
   * documents are skipped, {@code kind: ...List} documents stand for their items, and each patch
   * needs a kind and a metadata.name (the name it targets).
   *
   * @param file the file the text is read from, for YAML errors
   */
  static List<StrategicMergePatch> parse(byte[] content, String file, String source)
      throws RenderException {
    List<StrategicMergePatch> patches = new ArrayList<>();
    for (Object document : YamlDocuments.parse(content, file)) {
      if ((document instanceof Map<?, ?> map && map.isEmpty())
          || (document instanceof List<?> list && list.isEmpty())) {
        continue;
      }
      validate(document, source);
      addPatches(document, source, patches);
    }
    return patches;
  }

  /**
   * kustomize's dropBadNodes: a document needs a kind and a name (Lists excepted). Its check for
   * null list items never fires (it inspects the YAML node as if it were a map), so none here.
   */
  private static void validate(Object document, String source) throws RenderException {
    if (!(document instanceof Map<?, ?>)) {
      throw new RenderException(
          source + ": a strategic merge patch must be a YAML mapping, found " + describe(document));
    }
    @SuppressWarnings("unchecked")
    var resource = new Resource((Map<String, Object>) document, source);
    if (resource.kind().isEmpty()) {
      throw new RenderException(source + ": a strategic merge patch has no kind");
    }
    if (resource.name().isEmpty() && !resource.kind().endsWith("List")) {
      throw new RenderException(
          source
              + ": the "
              + resource.kind()
              + " patch has no metadata.name (needed even with a target)");
    }
  }

  @SuppressWarnings("unchecked")
  private static void addPatches(Object document, String source, List<StrategicMergePatch> into)
      throws RenderException {
    if (!(document instanceof Map<?, ?> map)) {
      throw new RenderException(
          source + ": a strategic merge patch must be a YAML mapping, found " + describe(document));
    }
    var object = (Map<String, Object>) map;
    var resource = new Resource(object, source);
    if (resource.kind().endsWith("List") && object.containsKey("items")) {
      if (object.get("items") == null) {
        return;
      }
      if (!(object.get("items") instanceof List<?> items)) {
        throw new RenderException(
            source + ": " + resource.kind() + ".items must be a list of patches");
      }
      for (Object item : items) {
        addPatches(item, source, into);
      }
      return;
    }
    into.add(new StrategicMergePatch(object, source, false, false));
  }

  StrategicMergePatch withOptions(boolean allowName, boolean allowKind) {
    return new StrategicMergePatch(object, source, allowName, allowKind);
  }

  /**
   * The one resource that has or had the patch's id, as kustomize's ResMap.GetById; an error when
   * none or several do.
   */
  static Resource uniqueTarget(Accumulator resources, StrategicMergePatch patch)
      throws RenderException {
    ResourceId id = patch.id();
    List<Resource> matches = new ArrayList<>();
    for (Resource resource : resources.resources()) {
      List<ResourceId> ids = new ArrayList<>(resource.previousIds());
      ids.add(resource.currentId());
      if (ids.stream().anyMatch(candidate -> sameId(candidate, id))) {
        matches.add(resource);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new RenderException(
        patch.source()
            + ": "
            + (matches.isEmpty() ? "no resource matches" : "several resources match")
            + " the patch's "
            + describe(id)
            + (matches.isEmpty() ? "" : ": " + matches));
  }

  /**
   * Adds the resources again in order, as resWrangler.ApplySmPatch does after patching, which
   * refuses a patch that renamed a resource to another's id.
   */
  static void reappend(Accumulator resources, String source) throws RenderException {
    List<Resource> all = new ArrayList<>(resources.resources());
    resources.resources().clear();
    try {
      resources.appendAll(all);
    } catch (RenderException e) {
      throw new RenderException(source + ": " + e.getMessage());
    }
  }

  /** ResId.Equals: same group, version, kind and name, in the same effective namespace. */
  static boolean sameId(ResourceId a, ResourceId b) {
    return a.group().equals(b.group())
        && a.version().equals(b.version())
        && a.kind().equals(b.kind())
        && a.name().equals(b.name())
        && effectiveNamespace(a).equals(effectiveNamespace(b));
  }

  private static String effectiveNamespace(ResourceId id) {
    return KubernetesSchema.builtin().isNamespaced(id.group(), id.kind())
        ? id.effectiveNamespace()
        : "_non_namespaceable_";
  }

  private static String describe(ResourceId id) {
    return "apiVersion "
        + id.apiVersion()
        + ", kind "
        + id.kind()
        + ", name "
        + id.name()
        + (id.namespace().isEmpty() ? "" : ", namespace " + id.namespace());
  }

  /** The id the patch names: its target is the resource that has or had this id. */
  ResourceId id() {
    return new Resource(object, source).currentId();
  }

  /**
   * Applies the patch to a resource, as kustomize's Resource.ApplySmPatch.
   *
   * @param copied whether kustomize applies a copy of the patch prepared by
   *     resWrangler.ApplySmPatch (patchesStrategicMerge, and patches with a target): the copy takes
   *     the resource's apiVersion, and its labels, annotations, name and namespace are rewritten as
   *     strings, so a null label there becomes the string "null" and an empty or null labels map
   *     goes away
   * @param merge the strategic merge of this build (its schema)
   * @return false when the patch deleted the resource, which the caller then removes
   */
  @SuppressWarnings("unchecked")
  boolean applyTo(Resource resource, boolean copied, StrategicMerge merge) throws RenderException {
    Map<String, Object> patch = Resource.deepCopy(object);
    if (copied) {
      prepareCopy(patch, resource);
    }
    Object name = resource.metadata(false).get("name");
    Object namespace = resource.metadata(false).get("namespace");
    Object kind = resource.object().get("kind");
    if (allowNameChange || allowKindChange) {
      resource.rememberCurrentId();
    }
    Map<String, String> build = BuildAnnotations.of(resource);
    Map<String, Object> merged;
    try {
      merged = merge.apply(BuildAnnotations.withAnnotations(resource, build), patch);
    } catch (PatchException e) {
      throw new RenderException(source + ": " + e.getMessage() + " (patching " + resource + ")");
    }
    if (merged == null) {
      return false;
    }
    BuildAnnotations.strip(merged);
    Map<String, Object> object = resource.object();
    object.clear();
    object.putAll(merged);
    if (!allowKindChange) {
      object.put("kind", kind == null ? "" : kind);
    }
    Map<String, Object> metadata;
    if (object.get("metadata") instanceof Map<?, ?> map) {
      metadata = (Map<String, Object>) map;
    } else {
      metadata = new LinkedHashMap<>();
      object.put("metadata", metadata);
    }
    if (!allowNameChange) {
      metadata.put("name", name == null ? "" : name);
    }
    if (namespace == null || "".equals(namespace)) {
      metadata.remove("namespace");
    } else {
      metadata.put("namespace", namespace);
    }
    // kustomize drops an annotations map its build annotations were the last entries of.
    if (!build.isEmpty()
        && metadata.get("annotations") instanceof Map<?, ?> annotations
        && annotations.isEmpty()) {
      metadata.remove("annotations");
    }
    return true;
  }

  /** resWrangler.ApplySmPatch's SetGvk and CopyMergeMetaDataFieldsFrom on the patch copy. */
  @SuppressWarnings("unchecked")
  private static void prepareCopy(Map<String, Object> patch, Resource resource) {
    Object apiVersion = resource.object().get("apiVersion");
    if (apiVersion != null) {
      patch.put("apiVersion", apiVersion);
    }
    if (!(patch.get("metadata") instanceof Map<?, ?> map)) {
      return;
    }
    var metadata = (Map<String, Object>) map;
    for (String field : List.of("labels", "annotations")) {
      Map<String, Object> strings = new LinkedHashMap<>();
      if (metadata.get(field) instanceof Map<?, ?> values) {
        values.forEach((k, v) -> strings.put(String.valueOf(k), metaText(v)));
      }
      if (strings.isEmpty()) {
        metadata.remove(field);
      } else {
        metadata.put(field, strings);
      }
    }
    metadata.put("name", metaString(metadata.get("name")));
    String namespace = metaString(metadata.get("namespace"));
    if (namespace.isEmpty()) {
      metadata.remove("namespace");
    } else {
      metadata.put("namespace", namespace);
    }
  }

  /** kyaml's getMetaStringField: a scalar's text, "" for null or absent. */
  private static String metaString(Object value) {
    return value == null ? "" : metaText(value);
  }

  /** What kyaml reads as a label or annotation: a scalar's text ("null" for null), else "". */
  private static String metaText(Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return "";
    }
    return value == null ? "null" : String.valueOf(value);
  }

  private static String describe(Object value) {
    return value instanceof List<?> ? "a list" : "'" + value + "'";
  }
}
