package dev.strata.render;

import dev.strata.render.replace.ReplacementTransformer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a kustomization directory into its resources, as {@code kustomize build} does, for the
 * fields this renderer supports (see {@link Kustomization}); anything else is an error naming it.
 */
public final class KustomizeBuilder {

  /** More resources than this in one build are refused. */
  public static final int MAX_RESOURCES = 10_000;

  private final FileTree tree;

  public KustomizeBuilder(FileTree tree) {
    this.tree = tree;
  }

  /**
   * Builds the kustomization in {@code directory} (relative to the tree's root).
   *
   * @param order the order asked for (kustomize's --reorder); as in kustomize, the kustomization's
   *     sortOptions win over it; null and no sortOptions mean legacy
   */
  public List<Resource> build(String directory, Ordering order)
      throws RenderException, IOException {
    String root = FileTree.resolve("", directory);
    Target target = new Target(tree, root, load(root));
    Accumulator resources = new Accumulator();
    accumulateTarget(target, resources, new HashSet<>());
    // As kustomize: hash suffixes, then name references, once, for the whole build.
    String sortOrder = target.kustomization().sortOrder();
    Ordering effective =
        sortOrder != null
            ? ("fifo".equals(sortOrder) ? Ordering.FIFO : Ordering.LEGACY)
            : (order != null ? order : Ordering.LEGACY);
    return effective.sort(new ArrayList<>(resources.resources()));
  }

  private Kustomization load(String directory) throws RenderException, IOException {
    for (String name : Kustomization.FILE_NAMES) {
      String path = directory.isEmpty() ? name : directory + "/" + name;
      Optional<byte[]> content = tree.read(path);
      if (content.isPresent()) {
        return Kustomization.parse(content.get(), path);
      }
    }
    throw new RenderException(
        "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in"
            + " directory '"
            + FileTree.display(directory)
            + "'");
  }

  /** kustomize's accumulateTarget: resources, generators, components, then transformers. */
  private void accumulateTarget(Target target, Accumulator resources, Set<String> visiting)
      throws RenderException, IOException {
    visiting.add(target.directory());
    accumulateResources(target, resources, visiting);
    for (Transformer transformer : transformers(target)) {
      transformer.transform(resources);
    }
    visiting.remove(target.directory());
  }

  /** The kustomization's transformers, in kustomize's fixed order. */
  private static List<Transformer> transformers(Target target) {
    List<Transformer> transformers = new ArrayList<>();
    // patchesStrategicMerge
    // patches
    // namespace
    // namePrefix
    // nameSuffix
    // labels, commonLabels
    // commonAnnotations
    // patchesJson6902
    // replicas
    // images
    if (target.kustomization().field("replacements") != null) {
      transformers.add(new ReplacementTransformer(target));
    }
    return transformers;
  }

  private void accumulateResources(Target target, Accumulator resources, Set<String> visiting)
      throws RenderException, IOException {
    Kustomization kustomization = target.kustomization();
    String directory = target.directory();
    for (String entry : kustomization.resources()) {
      if (isRemote(entry)) {
        throw new RenderException(
            kustomization.file()
                + ": remote resource '"
                + entry
                + "' is not allowed; vendor it into the repository");
      }
      String path = FileTree.resolve(directory, entry);
      if (tree.isDirectory(path)) {
        if (visiting.contains(path)) {
          throw new RenderException(
              kustomization.file()
                  + ": cycle: '"
                  + entry
                  + "' includes '"
                  + FileTree.display(path)
                  + "', which is already being built");
        }
        Kustomization child = load(path);
        if (child.isComponent()) {
          throw new RenderException(
              kustomization.file() + ": '" + entry + "' is a Component; list it under components");
        }
        Accumulator built = new Accumulator();
        accumulateTarget(new Target(tree, path, child), built, visiting);
        resources.appendAll(built.resources());
        continue;
      }
      String file = target.path(entry, "resources");
      byte[] content =
          tree.read(file)
              .orElseThrow(
                  () ->
                      new RenderException(
                          kustomization.file() + ": resource '" + entry + "' does not exist"));
      for (Object document : YamlDocuments.parse(content, file)) {
        resources.appendAll(expand(document, file));
      }
    }
  }

  /** A document, or the items of a kind: List. */
  @SuppressWarnings("unchecked")
  private static List<Resource> expand(Object document, String file) throws RenderException {
    if (!(document instanceof Map<?, ?> map)) {
      throw new RenderException(
          file + ": a resource must be a YAML mapping, found " + describe(document));
    }
    var object = (Map<String, Object>) map;
    String kind = String.valueOf(object.get("kind"));
    if (kind.endsWith("List") && object.get("items") instanceof List<?> items) {
      List<Resource> resources = new ArrayList<>();
      for (Object item : items) {
        resources.addAll(expand(item, file));
      }
      return resources;
    }
    var resource = new Resource(object, file);
    if (resource.kind().isEmpty()) {
      throw new RenderException(file + ": a resource has no kind");
    }
    if (resource.name().isEmpty()) {
      throw new RenderException(file + ": " + resource.kind() + " has no metadata.name");
    }
    return List.of(resource);
  }

  private static boolean isRemote(String entry) {
    return entry.contains("://")
        || entry.startsWith("git@")
        || entry.startsWith("github.com/")
        || entry.startsWith("gitlab.com/")
        || entry.startsWith("bitbucket.org/");
  }

  private static String describe(Object value) {
    return value instanceof List<?> ? "a list" : "'" + value + "'";
  }
}
