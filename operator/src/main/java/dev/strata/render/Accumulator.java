package dev.strata.render;

import dev.strata.render.fields.FieldSpecs;
import dev.strata.render.vars.Var;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resources of a build so far, in input order, as kustomize's {@code ResAccumulator}: ids are
 * unique (group, version, kind, namespace, name), transformers change resources in place. It also
 * holds the build's configuration so far: field specs and the vars declared.
 */
public final class Accumulator {

  private final List<Resource> resources = new ArrayList<>();
  private FieldSpecs fieldSpecs = FieldSpecs.empty();
  private final Map<String, Var> vars = new LinkedHashMap<>();

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

  /** The vars declared so far, by name. */
  public Collection<Var> vars() {
    return vars.values();
  }

  /** Adds vars, refusing a name already declared anywhere in the build (kustomize's VarSet). */
  public void mergeVars(Collection<Var> incoming) throws RenderException {
    for (Var var : incoming) {
      Var existing = vars.putIfAbsent(var.name(), var);
      if (existing != null) {
        String where =
            existing.file().equals(var.file())
                ? "declared twice by " + var.file() + ", or it is included twice"
                : "declared in " + existing.file() + " and " + var.file();
        throw new RenderException(
            "var '"
                + var.name()
                + "' already encountered ("
                + where
                + "); var names are global to a build");
      }
    }
  }

  /** Takes another accumulator's resources (ids must stay unique), configuration and vars. */
  public void merge(Accumulator other) throws RenderException {
    appendAll(other.resources);
    mergeFieldSpecs(other.fieldSpecs);
    mergeVars(other.vars.values());
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
