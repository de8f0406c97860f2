package dev.strata.render;

import dev.strata.render.builtin.BuiltinTransformers;
import dev.strata.render.builtin.NameReferences;
import dev.strata.render.fields.CrdFieldSpecs;
import dev.strata.render.fields.FieldSpecs;
import dev.strata.render.generate.Generators;
import dev.strata.render.generate.HashSuffixes;
import dev.strata.render.plugin.BuiltinPlugins;
import dev.strata.render.plugin.PluginConfig;
import dev.strata.render.plugin.TransformerPlugins;
import dev.strata.render.schema.KubernetesSchema;
import dev.strata.render.vars.Vars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  private static final String RESOURCES = "resources";

  private final FileTree tree;
  private final RemoteEntries remotes;

  /** A builder that refuses remote resources (URLs). */
  public KustomizeBuilder(FileTree tree) {
    this(tree, RemoteLoader.refusing(null));
  }

  /** A builder that loads remote resources, bases and components through {@code remotes}. */
  public KustomizeBuilder(FileTree tree, RemoteLoader remotes) {
    this.tree = tree;
    this.remotes = new RemoteEntries(remotes);
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
    Kustomization kustomization = load(tree, root);
    Target target =
        new Target(
            tree,
            root,
            kustomization,
            OpenApiSchema.of(new Target(tree, root, kustomization, KubernetesSchema.builtin())));
    Build build =
        new Build(
            new HashSet<>(),
            BuildMetadata.of(kustomization, root),
            kustomization.file(),
            OpenApiSchema.chooses(kustomization));
    Accumulator resources = new Accumulator();
    accumulateTarget(target, resources, build);
    // As kustomize: hash suffixes, then name references, once, for the whole build.
    new HashSuffixes().transform(resources);
    new NameReferences(resources.fieldSpecs().nameReferences()).fix(resources);
    // As kustomize: vars read final names, and local-config objects may still be their source.
    Vars.resolve(resources);
    resources.resources().removeIf(KustomizeBuilder::isLocalConfig);
    // As kustomize: the top kustomization's sortOptions win over --reorder.
    Kustomization.SortOptions sort = target.kustomization().sortOptions();
    List<Resource> built = sort(new ArrayList<>(resources.resources()), sort, order);
    build.metadata().finish(built);
    return built;
  }

  private static List<Resource> sort(
      List<Resource> built, Kustomization.SortOptions sort, Ordering order) {
    if (sort == null) {
      return (order != null ? order : Ordering.LEGACY).sort(built);
    }
    if (sort.order().equals("fifo")) {
      return built;
    }
    if (sort.orderFirst() != null) {
      return Ordering.sortLegacy(built, sort.orderFirst(), sort.orderLast());
    }
    return Ordering.LEGACY.sort(built);
  }

  /**
   * What one build keeps across its kustomizations.
   *
   * @param visiting the directories being built (in their trees), to refuse cycles
   * @param metadata the built kustomization's buildMetadata
   * @param file the built kustomization's file
   * @param schemaChosen whether the built kustomization's openapi field chose the schema
   */
  private record Build(
      Set<Visit> visiting, BuildMetadata metadata, String file, boolean schemaChosen) {

    /** Checks what a base or component may not do in this build. */
    void checkNested(Kustomization nested) throws RenderException {
      OpenApiSchema.checkNested(nested, file, schemaChosen);
    }
  }

  /** A directory being built, in its tree: the built one, or a fetched repository. */
  private record Visit(FileTree tree, String directory) {}

  /** Reads the kustomization file of a directory in a tree, as kustomize looks for one. */
  static Kustomization load(FileTree tree, String directory) throws RenderException, IOException {
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

  /**
   * kustomize's accumulateTarget: resources, generators (the fields', then the generators
   * plugins'), components, transformers (the fields', then the transformers plugins'), validators,
   * then vars declared.
   */
  private void accumulateTarget(Target target, Accumulator resources, Build build)
      throws RenderException, IOException {
    build.visiting().add(new Visit(target.tree(), target.directory()));
    accumulateResources(target, target.kustomization().resources(), RESOURCES, resources, build);
    resources.mergeFieldSpecs(FieldSpecs.defaults().merge(configurations(target)));
    resources.mergeFieldSpecs(crds(target));
    List<PluginConfig> generators = pluginConfigs(target, "generators", build);
    Generators.run(target, resources, build.metadata());
    for (PluginConfig generator : generators) {
      BuiltinPlugins.generate(target, resources, build.metadata(), generator);
    }
    accumulateComponents(target, resources, build);
    // As kustomize: every transformer is configured (files read) before the first runs.
    List<ConfiguredTransformer> transformers = new ArrayList<>();
    for (BuiltinTransformers.Step step : BuiltinTransformers.of(target, resources.fieldSpecs())) {
      transformers.add(
          new ConfiguredTransformer(step.transformer(), PluginOrigin.field(target, step.plugin())));
    }
    for (PluginConfig config : pluginConfigs(target, "transformers", build)) {
      transformers.add(
          new ConfiguredTransformer(TransformerPlugins.configure(target, config), config.origin()));
    }
    for (ConfiguredTransformer transformer : transformers) {
      transformer.transformer().transform(resources);
      build.metadata().transformed(resources, transformer.origin());
    }
    List<Transformer> validators = new ArrayList<>();
    List<PluginConfig> validatorConfigs = pluginConfigs(target, "validators", build);
    for (PluginConfig config : validatorConfigs) {
      validators.add(TransformerPlugins.configure(target, config));
    }
    for (int i = 0; i < validators.size(); i++) {
      Validation.run(validators.get(i), resources, validatorConfigs.get(i).where());
    }
    Vars.declare(target, resources);
    build.visiting().remove(new Visit(target.tree(), target.directory()));
  }

  /** A transformer and what configured it, for transformer annotations. */
  private record ConfiguredTransformer(Transformer transformer, PluginOrigin origin) {}

  /**
   * The plugin configs a generators, transformers or validators field lists, as kustomize's
   * configureExternalTransformers reads them: first every entry that reads as YAML objects (inline
   * configs), then the others as files or kustomization directories, their resources in order.
   */
  private List<PluginConfig> pluginConfigs(Target target, String field, Build build)
      throws RenderException, IOException {
    Object value = target.kustomization().field(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> entries)) {
      throw new RenderException(target.file() + ": field '" + field + "' must be a list");
    }
    List<List<Resource>> parsed = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof String text)) {
        throw new RenderException(
            target.file()
                + ": "
                + field
                + "["
                + i
                + "] must be a path or a config as YAML text (kustomize reads a string; write the"
                + " config as YAML text in a block scalar), found "
                + describe(entries.get(i)));
      }
      parsed.add(inlineConfigs(text, target.file()));
    }
    Accumulator configs = new Accumulator();
    List<PluginConfig> inline = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      List<Resource> written = parsed.get(i) == null ? List.of() : parsed.get(i);
      appendConfigs(configs, written, target.file() + ": " + field);
      for (Resource config : written) {
        inline.add(
            new PluginConfig(config, target.tree(), target.file(), field + "[" + i + "]", true));
      }
    }
    List<PluginConfig> read = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (parsed.get(i) != null) {
        continue;
      }
      Accumulator entry = new Accumulator();
      accumulateResources(target, List.of((String) entries.get(i)), field, entry, build);
      appendConfigs(configs, entry.resources(), target.file() + ": " + field);
      for (Resource config : entry.resources()) {
        read.add(
            new PluginConfig(config, target.tree(), config.origin(), field + "[" + i + "]", false));
      }
    }
    inline.addAll(read);
    return inline;
  }

  /** Adds configs to those of the field, whose ids must be unique as kustomize's. */
  private static void appendConfigs(Accumulator configs, List<Resource> added, String field)
      throws RenderException {
    try {
      configs.appendAll(added);
    } catch (RenderException e) {
      throw new RenderException(field + ": " + e.getMessage());
    }
  }

  /**
   * The objects an entry holds when it reads as YAML objects with a kind and a name (an inline
   * config), else null (a path), as kustomize tells them apart.
   */
  private static List<Resource> inlineConfigs(String text, String kustomization) {
    try {
      List<Resource> configs = new ArrayList<>();
      for (Object document :
          YamlDocuments.parse(text.getBytes(StandardCharsets.UTF_8), kustomization)) {
        configs.addAll(expand(document, kustomization));
      }
      return configs;
    } catch (RenderException notInline) {
      return null;
    }
  }

  /** The kustomization's configurations files, merged. */
  private static FieldSpecs configurations(Target target) throws RenderException, IOException {
    FieldSpecs merged = FieldSpecs.empty();
    for (String entry : target.kustomization().strings("configurations")) {
      String path = target.path(entry, "configurations");
      for (Object document : YamlDocuments.parse(target.read(entry, "configurations"), path)) {
        merged = merged.merge(FieldSpecs.parse(document, path));
      }
    }
    return merged;
  }

  /** Field specs from the kustomization's crds files (OpenAPI definitions), as kustomize. */
  private static FieldSpecs crds(Target target) throws RenderException, IOException {
    FieldSpecs merged = FieldSpecs.empty();
    for (String entry : target.kustomization().strings("crds")) {
      String path = target.path(entry, "crds");
      for (Object document : YamlDocuments.parse(target.read(entry, "crds"), path)) {
        merged = merged.merge(CrdFieldSpecs.load(document, path));
      }
    }
    return merged;
  }

  /** Components run on the resources accumulated so far, as kustomize's accumulateComponents. */
  private void accumulateComponents(Target target, Accumulator resources, Build build)
      throws RenderException, IOException {
    for (String entry : target.kustomization().strings("components")) {
      if (RemoteEntries.isRemote(entry)) {
        accumulateRemote(target, entry, true, resources, build);
        continue;
      }
      FileTree tree = target.tree();
      String path = FileTree.resolve(target.directory(), entry);
      if (!tree.isDirectory(path)) {
        throw new RenderException(target.file() + ": component '" + entry + "' is not a directory");
      }
      if (build.visiting().contains(new Visit(tree, path))) {
        throw new RenderException(
            target.file()
                + ": cycle: '"
                + entry
                + "' includes '"
                + FileTree.display(path)
                + "', which is already being built");
      }
      Kustomization component = load(tree, path);
      if (!component.isComponent()) {
        throw new RenderException(
            target.file()
                + ": component '"
                + entry
                + "' must have kind: Component (its kustomization is "
                + component.file()
                + ")");
      }
      build.checkNested(component);
      accumulateTarget(target.child(path, component), resources, build);
    }
  }

  /**
   * Reads resources (or plugin configs) from files and kustomization directories.
   *
   * @param field the field listing the entries, for errors
   */
  private void accumulateResources(
      Target target, List<String> entries, String field, Accumulator resources, Build build)
      throws RenderException, IOException {
    Kustomization kustomization = target.kustomization();
    String directory = target.directory();
    FileTree tree = target.tree();
    String noun = field.equals(RESOURCES) ? "resource" : field + " entry";
    for (String entry : entries) {
      if (RemoteEntries.isRemote(entry)) {
        // As kustomize: generators and transformers entries load like resources, URLs too.
        accumulateRemote(target, entry, false, resources, build);
        continue;
      }
      String path = FileTree.resolve(directory, entry);
      if (tree.isDirectory(path)) {
        if (build.visiting().contains(new Visit(tree, path))) {
          throw new RenderException(
              kustomization.file()
                  + ": cycle: '"
                  + entry
                  + "' includes '"
                  + FileTree.display(path)
                  + "', which is already being built");
        }
        Kustomization child = load(tree, path);
        if (child.isComponent()) {
          throw new RenderException(
              kustomization.file() + ": '" + entry + "' is a Component; list it under components");
        }
        Accumulator built = new Accumulator();
        build.checkNested(child);
        accumulateTarget(target.child(path, child), built, build);
        resources.merge(built);
        continue;
      }
      String file = target.path(entry, field);
      byte[] content =
          tree.read(file)
              .orElseThrow(
                  () ->
                      new RenderException(
                          kustomization.file()
                              + ": "
                              + noun
                              + " '"
                              + entry
                              + "' does not exist"
                              + (field.equals(RESOURCES)
                                  ? ""
                                  : " (and is no config as YAML text: no object with a kind and"
                                      + " a name)")));
      for (Object document : YamlDocuments.parse(content, file)) {
        List<Resource> read = expand(document, file);
        build.metadata().fileRead(read, target, file);
        resources.appendAll(read);
      }
    }
  }

  /** A document, or the items of a kind: List. */
  @SuppressWarnings("unchecked")
  static List<Resource> expand(Object document, String file) throws RenderException {
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
    normalizeAnnotations(object);
    var resource = new Resource(object, file);
    if (resource.kind().isEmpty()) {
      throw new RenderException(file + ": a resource has no kind");
    }
    if (resource.name().isEmpty()) {
      throw new RenderException(file + ": " + resource.kind() + " has no metadata.name");
    }
    return List.of(resource);
  }

  /**
   * As kustomize reads objects (through its annotation accessors): an empty or null {@code
   * metadata.annotations} is dropped and every annotation value becomes a string.
   */
  @SuppressWarnings("unchecked")
  private static void normalizeAnnotations(Map<String, Object> object) {
    if (!(object.get("metadata") instanceof Map<?, ?> metadata)
        || !metadata.containsKey("annotations")) {
      return;
    }
    Object annotations = metadata.get("annotations");
    if (annotations == null || (annotations instanceof Map<?, ?> map && map.isEmpty())) {
      metadata.remove("annotations");
    } else if (annotations instanceof Map<?, ?> map) {
      for (var entry : ((Map<String, Object>) map).entrySet()) {
        Object value = entry.getValue();
        if (value != null
            && !(value instanceof String)
            && !(value instanceof Map<?, ?>)
            && !(value instanceof List<?>)) {
          entry.setValue(String.valueOf(value));
        }
      }
    }
  }

  /** kustomize drops objects annotated config.kubernetes.io/local-config: "true". */
  private static boolean isLocalConfig(Resource resource) {
    return "true".equals(resource.annotations().get("config.kubernetes.io/local-config"));
  }

  /**
   * A resource or component named by URL ({@link RemoteEntries}): an http(s) file's resources, or a
   * fetched repository's kustomization, built as a local base or component would be.
   */
  private void accumulateRemote(
      Target target, String entry, boolean component, Accumulator resources, Build build)
      throws RenderException, IOException {
    var loaded = remotes.load(target, entry, component, build.metadata());
    if (loaded instanceof RemoteEntries.Resources read) {
      resources.appendAll(read.resources());
      return;
    }
    var fetched = (RemoteEntries.Fetched) loaded;
    Target child = target.in(fetched.tree(), fetched.directory(), fetched.kustomization());
    try {
      if (build.visiting().contains(new Visit(child.tree(), child.directory()))) {
        throw new RenderException("cycle: it is already being built");
      }
      build.checkNested(child.kustomization());
      Accumulator built = component ? resources : new Accumulator();
      accumulateTarget(child, built, build);
      if (!component) {
        resources.merge(built);
      }
    } catch (RenderException e) {
      throw new RenderException(
          RemoteEntries.what(target, entry, component)
              + " ("
              + fetched.tree().describe()
              + "): "
              + e.getMessage());
    }
  }

  private static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    return value instanceof List<?> ? "a list" : "'" + value + "'";
  }
}
