package dev.strata.render.plugin;

import dev.strata.render.Json6902PatchesTransformer;
import dev.strata.render.PatchesTransformer;
import dev.strata.render.RenderException;
import dev.strata.render.Selector;
import dev.strata.render.StrategicMergePatchesTransformer;
import dev.strata.render.Target;
import dev.strata.render.Transformer;
import dev.strata.render.YamlDocuments;
import dev.strata.render.builtin.ImageTransformer;
import dev.strata.render.builtin.MetadataMapTransformer;
import dev.strata.render.builtin.NameAffixTransformer;
import dev.strata.render.builtin.NamespaceTransformer;
import dev.strata.render.builtin.ReplicaTransformer;
import dev.strata.render.builtin.ValueAddTransformer;
import dev.strata.render.fields.FieldSpec;
import dev.strata.render.generate.HashSuffixes;
import dev.strata.render.replace.ReplacementTransformer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configures builtin transformer plugins from their configs, as kustomize's builtin plugins read
 * them, onto the transformers the kustomization's own fields use: a LabelTransformer config becomes
 * the labels transformer with the config's field specs, a PatchTransformer config a patches entry,
 * and so on. Paths in a config are read from the kustomization's directory, as kustomize's plugin
 * loader does. A config's field specs are used as written: kustomize adds no defaults to them.
 */
public final class TransformerPlugins {

  private TransformerPlugins() {}

  /** The transformer a builtin transformer config stands for; refuses any other config. */
  public static Transformer configure(Target target, PluginConfig config)
      throws RenderException, IOException {
    BuiltinPlugins.check(config, false);
    String where = config.where();
    ConfigFields json = ConfigFields.json(config);
    return switch (config.kind()) {
      case "AnnotationsTransformer" ->
          new MetadataMapTransformer(json.stringMap("annotations"), json.fieldSpecs("fieldSpecs"));
      case "LabelTransformer" ->
          new MetadataMapTransformer(json.stringMap("labels"), json.fieldSpecs("fieldSpecs"));
      case "NamespaceTransformer" -> namespace(config, json);
      case "PrefixTransformer" -> affix(config, true);
      case "SuffixTransformer" -> affix(config, false);
      case "PrefixSuffixTransformer" -> {
        // kustomize's MultiTransformer: the prefix plugin, then the suffix plugin, one config.
        Transformer prefix = affix(config, true);
        Transformer suffix = affix(config, false);
        yield resources -> {
          prefix.transform(resources);
          suffix.transform(resources);
        };
      }
      case "ImageTagTransformer" -> image(json);
      case "ReplicaCountTransformer" -> {
        ConfigFields replica = json.child("replica");
        yield new ReplicaTransformer(
            replica.string("name"), replica.integer("count"), json.fieldSpecs("fieldSpecs"), where);
      }
      case "PatchTransformer" ->
          PatchesTransformer.configure(
              target,
              json.only(List.of("path", "patch", "target", "options")),
              where,
              config.field());
      case "PatchJson6902Transformer" -> {
        Map<String, Object> entry = new LinkedHashMap<>(json.only(List.of("path", "target")));
        if (json.has("jsonOp")) {
          entry.put("patch", json.raw("jsonOp"));
        }
        yield Json6902PatchesTransformer.configure(target, entry, where, config.field(), "jsonOp");
      }
      case "PatchStrategicMergeTransformer" ->
          StrategicMergePatchesTransformer.configure(
              target, json.strings("paths"), json.string("patches"), where, config.field());
      case "ReplacementTransformer" ->
          new ReplacementTransformer(target, json.raw("replacements"), where, config.field());
      case "HashTransformer" -> new HashSuffixes();
      case "ValueAddTransformer" -> valueAdd(target, config, json);
      default -> throw new IllegalStateException("unchecked transformer " + config.kind());
    };
  }

  /** NamespaceTransformer: the namespace is the config's own metadata.namespace. */
  private static Transformer namespace(PluginConfig config, ConfigFields json)
      throws RenderException {
    String mode = json.string("setRoleBindingSubjects");
    NamespaceTransformer.Subjects subjects =
        switch (mode) {
          case "", "defaultOnly" -> NamespaceTransformer.Subjects.DEFAULT_ONLY;
          case "allServiceAccounts" -> NamespaceTransformer.Subjects.ALL_SERVICE_ACCOUNTS;
          case "none" -> NamespaceTransformer.Subjects.NONE;
          default ->
              throw new RenderException(
                  config.where()
                      + ": invalid value \""
                      + mode
                      + "\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\""
                      + " or \"allServiceAccounts\"");
        };
    return new NamespaceTransformer(
        json.child("metadata").string("namespace"),
        json.fieldSpecs("fieldSpecs"),
        json.bool("unsetOnly"),
        subjects,
        config.where());
  }

  /** PrefixTransformer or SuffixTransformer, which decode their config with kyaml. */
  private static Transformer affix(PluginConfig config, boolean prefix) throws RenderException {
    ConfigFields yaml = ConfigFields.yaml(config);
    if (!yaml.has("fieldSpecs")) {
      throw new RenderException(config.where() + ": fieldSpecs is not expected to be nil");
    }
    List<FieldSpec> specs = yaml.fieldSpecs("fieldSpecs");
    return prefix
        ? NameAffixTransformer.prefix(yaml.string("prefix"), specs)
        : NameAffixTransformer.suffix(yaml.string("suffix"), specs);
  }

  private static Transformer image(ConfigFields json) throws RenderException {
    ConfigFields image = json.child("imageTag");
    return new ImageTransformer(
        new ImageTransformer.Image(
            image.string("name"),
            image.string("newName"),
            image.string("newTag"),
            image.string("tagSuffix"),
            image.string("digest")),
        json.fieldSpecs("fieldSpecs"));
  }

  /**
   * ValueAddTransformer: the value defaults to the kustomization directory's name, and targets may
   * also come from a file ({@code targetFilePath}).
   */
  private static Transformer valueAdd(Target target, PluginConfig config, ConfigFields json)
      throws RenderException, IOException {
    String value = json.string("value").strip();
    if (value.isEmpty()) {
      String directory = target.directory();
      if (directory.isEmpty()) {
        // kustomize takes the name of the directory the repository is checked out in.
        throw json.error(
            "value",
            "is empty, so kustomize would use the name of the directory the repository is"
                + " checked out in; set it");
      }
      value = directory.substring(directory.lastIndexOf('/') + 1);
    }
    List<Object> targets = new ArrayList<>(json.list("targets"));
    String targetFile = json.string("targetFilePath");
    if (!targetFile.isEmpty()) {
      String file = target.path(targetFile, config.field());
      Object document = YamlDocuments.firstDocument(target.read(targetFile, config.field()), file);
      targets.addAll(
          document instanceof Map<?, ?> map
              ? ConfigFields.of(map, file).list("targets")
              : List.of());
    }
    if (targets.isEmpty()) {
      throw new RenderException(config.where() + ": must specify at least one target");
    }
    List<ValueAddTransformer.Destination> destinations = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      String at = config.where() + ": targets[" + i + "]";
      if (!(targets.get(i) instanceof Map<?, ?> fields)) {
        throw new RenderException(
            at + ": must be a mapping, found " + ConfigFields.describe(targets.get(i)));
      }
      ConfigFields t = ConfigFields.of(fields, at);
      String fieldPath = t.string("fieldPath");
      if (fieldPath.isEmpty()) {
        throw new RenderException(at + ": fieldPath cannot be empty");
      }
      long position = t.integer("filePathPosition");
      if (position < 0) {
        throw new RenderException(
            at + ": value of FilePathPosition (" + position + ") cannot be negative");
      }
      Selector selector =
          t.has("selector") ? Selector.parse(t.raw("selector"), at + ".selector") : null;
      destinations.add(new ValueAddTransformer.Destination(selector, fieldPath, position));
    }
    return new ValueAddTransformer(value, destinations, config.where());
  }
}
