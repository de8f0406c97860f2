package dev.strata.render;

import dev.strata.render.replace.KyamlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kustomize's {@code buildMetadata}, read from the kustomization being built (a base's is ignored,
 * as kustomize ignores it):
 *
 * <ul>
 *   <li>{@code originAnnotations}: each resource gets {@code config.kubernetes.io/origin}. This is
 *       the file it was read from, or the kustomization and generator that made it.
 *   <li>{@code transformerAnnotations}: each resource gets {@code
 *       alpha.config.kubernetes.io/transformations}. This lists every builtin transformer that ran
 *       over the resource, and the kustomization that configured it. As in kustomize, a transformer
 *       is listed on every resource it ran over, whether or not it changed that resource.
 *   <li>{@code managedByLabel}: each resource gets the label {@code app.kubernetes.io/managed-by:
 *       kustomize-v5.8.1}, the value kustomize 5.8.1 writes. Strata reproduces that release's
 *       output.
 * </ul>
 *
 * <p>As in kustomize, both annotations are kept on the resources for the whole build whenever the
 * list is not empty. Transformers, patches and generator merges see them, and the annotations that
 * were not asked for are removed at the end. Paths are relative to the built directory.
 */
public final class BuildMetadata {

  /** The annotation naming where a resource came from. */
  public static final String ORIGIN = "config.kubernetes.io/origin";

  static final String TRANSFORMATIONS = "alpha.config.kubernetes.io/transformations";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The kustomize release whose output Strata reproduces, as its managed-by label names it. */
  static final String KUSTOMIZE_VERSION = "v5.8.1";

  private static final String ORIGIN_ANNOTATIONS = "originAnnotations";
  private static final String TRANSFORMER_ANNOTATIONS = "transformerAnnotations";
  private static final String MANAGED_BY_LABEL = "managedByLabel";
  private static final List<String> OPTIONS =
      List.of(ORIGIN_ANNOTATIONS, TRANSFORMER_ANNOTATIONS, MANAGED_BY_LABEL);

  private static final BuildMetadata NONE = new BuildMetadata("", List.of());

  private final String root;
  private final List<String> options;

  private BuildMetadata(String root, List<String> options) {
    this.root = root;
    this.options = options;
  }

  /**
   * The build metadata of a build of {@code kustomization}, found in directory {@code root}.
   *
   * @throws RenderException naming the file when an entry is not one of kustomize's options
   */
  static BuildMetadata of(Kustomization kustomization, String root) throws RenderException {
    List<String> options = kustomization.strings("buildMetadata");
    for (String option : options) {
      if (!OPTIONS.contains(option)) {
        throw new RenderException(
            kustomization.file()
                + ": buildMetadata: unknown option '"
                + option
                + "' (one of "
                + String.join(", ", OPTIONS)
                + ")");
      }
    }
    return options.isEmpty() ? NONE : new BuildMetadata(root, List.copyOf(options));
  }

  /** Whether resources carry their origin through the build: buildMetadata is not empty. */
  private boolean tracking() {
    return !options.isEmpty();
  }

  /** Annotates resources read from a file with that file, as kustomize's accumulateFile. */
  void fileRead(List<Resource> resources, Target target, String file) {
    if (tracking()) {
      annotate(resources, origin(target.tree(), file));
    }
  }

  /**
   * Annotates resources read from an http(s) URL as kustomize's Origin.Append does: a URL that also
   * parses as a Git URL gives that repository and its kustomization path; any other is joined to
   * the kustomization's own origin path as a file path would be.
   */
  void remoteFileRead(List<Resource> resources, Target target, String url) {
    if (!tracking()) {
      return;
    }
    Optional<RepoSpec> spec = RepoSpec.tryParse(url);
    Map<String, Object> origin = new LinkedHashMap<>();
    if (spec.isPresent()) {
      origin.put("path", remotePath(spec.get(), spec.get().directory()));
      origin.put("repo", spec.get().cloneSpec());
      if (!spec.get().ref().isEmpty()) {
        origin.put("ref", spec.get().ref());
      }
    } else {
      Map<String, Object> base = origin(target.tree(), target.directory());
      String directory = (String) base.remove("path");
      origin.put("path", RepoSpec.clean(directory + "/" + url));
      origin.putAll(base);
    }
    annotate(resources, origin);
  }

  private static void annotate(List<Resource> resources, Map<String, Object> origin) {
    String text = yaml(origin);
    for (Resource resource : resources) {
      annotations(resource).put(ORIGIN, text);
    }
  }

  /**
   * kustomize's origin of a path in a tree: relative to the built directory, or, in a fetched
   * repository, its path there with the repository's URL and ref.
   */
  private Map<String, Object> origin(FileTree tree, String treePath) {
    Map<String, Object> origin = new LinkedHashMap<>();
    if (tree instanceof RemoteTree remote) {
      origin.put("path", remotePath(remote.spec(), treePath));
      origin.put("repo", remote.spec().cloneSpec());
      if (!remote.spec().ref().isEmpty()) {
        origin.put("ref", remote.spec().ref());
      }
    } else {
      origin.put("path", relative(treePath));
    }
    return origin;
  }

  /**
   * A path in a fetched repository as kustomize's origin writes it. kustomize derives it from the
   * clone's placeholder directory, so for a kustomization at the repository's root every path
   * starts with "notCloned"; Strata writes the same.
   */
  private static String remotePath(RepoSpec spec, String treePath) {
    if (!spec.directory().isEmpty()) {
      return treePath.isEmpty() ? "." : treePath;
    }
    return treePath.isEmpty() ? "notCloned" : "notCloned/" + treePath;
  }

  /**
   * Annotates a generated resource with what configured its generator, unless it already has an
   * origin (from generatorOptions), as kustomize's AddOriginAnnotation.
   */
  public void generated(Resource resource, PluginOrigin generator) {
    if (tracking() && !resource.annotations().containsKey(ORIGIN)) {
      annotations(resource).put(ORIGIN, yaml(configured(generator)));
    }
  }

  /**
   * Records that a generator or transformer ran over all of {@code resources}, as kustomize's
   * AddTransformerAnnotation: a resource without an origin takes it as its origin, the others get
   * it appended to their transformations.
   */
  public void transformed(Accumulator resources, PluginOrigin transformer) {
    if (!tracking()) {
      return;
    }
    Map<String, Object> configured = configured(transformer);
    String origin = yaml(configured);
    String entry = yaml(List.of(configured));
    for (Resource resource : resources.resources()) {
      Map<String, Object> annotations = annotations(resource);
      if (!annotations.containsKey(ORIGIN)) {
        annotations.put(ORIGIN, origin);
      } else if (annotations.get(TRANSFORMATIONS) instanceof String list && !list.isEmpty()) {
        annotations.put(TRANSFORMATIONS, list + entry);
      } else {
        annotations.put(TRANSFORMATIONS, entry);
      }
    }
  }

  /**
   * The end of kustomize's build, after sorting: the managed-by label when asked for, and the
   * annotations not asked for removed.
   */
  void finish(List<Resource> resources) {
    if (!tracking()) {
      return;
    }
    for (Resource resource : resources) {
      if (options.contains(MANAGED_BY_LABEL)) {
        Map<String, Object> metadata = resource.metadata(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> labels =
            metadata.get("labels") instanceof Map<?, ?> map
                ? (Map<String, Object>) map
                : new LinkedHashMap<>();
        labels.put(MANAGED_BY, "kustomize-" + KUSTOMIZE_VERSION);
        metadata.put("labels", labels);
      }
      Map<String, Object> metadata = resource.metadata(false);
      if (!(metadata.get("annotations") instanceof Map<?, ?> annotations)) {
        continue;
      }
      if (!options.contains(ORIGIN_ANNOTATIONS)) {
        annotations.remove(ORIGIN);
      }
      if (!options.contains(TRANSFORMER_ANNOTATIONS)) {
        annotations.remove(TRANSFORMATIONS);
      }
      if (annotations.isEmpty()) {
        metadata.remove("annotations");
      }
    }
  }

  /** An origin or transformations value as kyaml marshals it: fields in order, a final break. */
  private static String yaml(Object value) {
    return KyamlWriter.write(value) + "\n";
  }

  /**
   * kustomize's Origin of a generator or transformer: configuredIn (with the repository in a
   * fetched one), then configuredBy with the ResourceIdentifier fields that are set (kyaml omits
   * empty ones).
   */
  private Map<String, Object> configured(PluginOrigin plugin) {
    Map<String, Object> by = new LinkedHashMap<>();
    putIfSet(by, "apiVersion", plugin.apiVersion());
    putIfSet(by, "kind", plugin.kind());
    putIfSet(by, "name", plugin.name());
    putIfSet(by, "namespace", plugin.namespace());
    Map<String, Object> origin = origin(plugin.tree(), plugin.file());
    origin.put("configuredIn", origin.remove("path"));
    origin.put("configuredBy", by);
    return origin;
  }

  private static void putIfSet(Map<String, Object> map, String key, String value) {
    if (!value.isEmpty()) {
      map.put(key, value);
    }
  }

  /** A tree path relative to the built directory, as kustomize joins origin paths. */
  String relative(String path) {
    List<String> from = segments(root);
    List<String> to = segments(path);
    int common = 0;
    while (common < from.size() && common < to.size() && from.get(common).equals(to.get(common))) {
      common++;
    }
    List<String> parts = new ArrayList<>();
    for (int i = common; i < from.size(); i++) {
      parts.add("..");
    }
    parts.addAll(to.subList(common, to.size()));
    return parts.isEmpty() ? "." : String.join("/", parts);
  }

  private static List<String> segments(String path) {
    return path.isEmpty() ? List.of() : List.of(path.split("/"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> annotations(Resource resource) {
    Map<String, Object> metadata = resource.metadata(true);
    if (metadata.get("annotations") instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    Map<String, Object> annotations = new LinkedHashMap<>();
    metadata.put("annotations", annotations);
    return annotations;
  }
}
