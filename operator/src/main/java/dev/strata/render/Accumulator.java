package dev.strata.render;

import dev.strata.render.fields.FieldSpecs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The resources of a build so far, in input order, as kustomize's {@code ResAccumulator}: ids are
 * unique (group, version, kind, namespace, name), transformers change resources in place.
 */
public final class Accumulator {

  private final List<Resource> resources = new ArrayList<>();
  private FieldSpecs fieldSpecs = FieldSpecs.empty();

  /** The resources, in order; the list itself is live for transformers that add or remove. */
  public List<Resource> resources() {
    return resources;
  }

  /** Adds a resource, refusing one whose current id is already present. */
  public void append(Resource resource) throws RenderException {
    Optional<Resource> existing = find(resource.currentId());
    if (existing.isPresent()) {
      throw new RenderException(
          "may not add resource with an already registered id: "
              + resource.id()
              + " (in "
              + existing.get().origin()
              + " and "
              + resource.origin()
              + ")");
    }
    resources.add(resource);
    if (resources.size() > KustomizeBuilder.MAX_RESOURCES) {
      throw new RenderException(
          "more than " + KustomizeBuilder.MAX_RESOURCES + " resources in one build");
    }
  }

  public void appendAll(Collection<Resource> added) throws RenderException {
    for (Resource resource : added) {
      append(resource);
    }
  }

  /** Which fields the builtin transformers touch: defaults plus every configurations file seen. */
  public FieldSpecs fieldSpecs() {
    return fieldSpecs;
  }

  public void mergeFieldSpecs(FieldSpecs other) throws RenderException {
    fieldSpecs = fieldSpecs.merge(other);
  }

  /** Takes another accumulator's resources (ids must stay unique) and configuration. */
  public void merge(Accumulator other) throws RenderException {
    appendAll(other.resources);
    mergeFieldSpecs(other.fieldSpecs);
  }

  /** The resource with this current id (namespaces compared as kustomize does). */
  public Optional<Resource> find(ResourceId id) {
    return resources.stream().filter(r -> sameId(r.currentId(), id)).findFirst();
  }

  public static boolean sameId(ResourceId a, ResourceId b) {
    return a.group().equals(b.group())
        && a.version().equals(b.version())
        && a.kind().equals(b.kind())
        && a.name().equals(b.name())
        && a.effectiveNamespace().equals(b.effectiveNamespace());
  }
}
