package dev.strata.render.generate;

import dev.strata.render.Kustomization;
import dev.strata.render.RenderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Holds one configMapGenerator or secretGenerator entry, as kustomize's ConfigMapArgs and
 * SecretArgs, with the kustomization-wide generatorOptions already merged into its options.
 *
 * @param kind ConfigMap or Secret
 * @param field the kustomization field it is listed under, for errors
 * @param file the kustomization file, for errors
 * @param name the name before prefixes, suffixes and hash
 * @param behavior create, merge or replace; empty when unset (kustomize then creates)
 * @param envs env files, the deprecated singular env last (as kustomize's FixKustomization)
 * @param type the Secret type; empty for a ConfigMap
 */
record GeneratorArgs(
    String kind,
    String field,
    String file,
    String name,
    String namespace,
    String behavior,
    List<String> literals,
    List<String> files,
    List<String> envs,
    String type,
    GeneratorOptions options) {

  static final String CONFIG_MAP_GENERATOR = "configMapGenerator";
  static final String SECRET_GENERATOR = "secretGenerator";

  private static final List<String> CONFIG_MAP_FIELDS =
      List.of("namespace", "name", "behavior", "literals", "files", "envs", "env", "options");
  private static final List<String> SECRET_FIELDS =
      List.of(
          "namespace", "name", "behavior", "literals", "files", "envs", "env", "options", "type");

  /** The kustomization's configMapGenerator entries, then its secretGenerator entries. */
  static List<GeneratorArgs> read(Kustomization kustomization) throws RenderException {
    String file = kustomization.file();
    GeneratorOptions global =
        GeneratorOptions.read(
            kustomization.field("generatorOptions"), new FieldReader(file, "generatorOptions"));
    List<GeneratorArgs> result = new ArrayList<>();
    result.addAll(entries(kustomization, CONFIG_MAP_GENERATOR, "ConfigMap", global));
    result.addAll(entries(kustomization, SECRET_GENERATOR, "Secret", global));
    return result;
  }

  /**
   * A ConfigMapGenerator or SecretGenerator plugin config, decoded as kustomize's builtin plugin
   * does: unknown fields are ignored, an unset name or namespace is taken from the config's
   * metadata, and the kustomization's generatorOptions do not apply.
   *
   * @param kind ConfigMap or Secret
   * @param file the config's file: the origin of what it generates, and the start of errors
   * @param plugin how errors name the config within the file, such as "ConfigMapGenerator"
   */
  static GeneratorArgs plugin(String kind, Map<String, Object> config, String file, String plugin)
      throws RenderException {
    FieldReader reader = new FieldReader(file, plugin, true);
    FieldReader meta = reader.at("metadata");
    Map<String, Object> fields =
        meta.fields(
            reader.fields(config, List.of("metadata")).get("metadata"),
            List.of("name", "namespace"));
    Map<String, String> metadata =
        Map.of("name", meta.string(fields, "name"), "namespace", meta.string(fields, "namespace"));
    return of(kind, plugin, file, reader, config, GeneratorOptions.NONE, metadata);
  }

  /** How errors name the entry: its field and name. */
  String where() {
    return file + ": " + field + " '" + name + "'";
  }

  private static List<GeneratorArgs> entries(
      Kustomization kustomization, String field, String kind, GeneratorOptions global)
      throws RenderException {
    String file = kustomization.file();
    Object value = kustomization.field(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new RenderException(
          file + ": " + field + ": must be a list, found " + FieldReader.describe(value));
    }
    List<GeneratorArgs> result = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      FieldReader reader = new FieldReader(file, field + "[" + i + "]");
      result.add(of(kind, field, file, reader, list.get(i), global, Map.of()));
    }
    return result;
  }

  /**
   * One entry.
   *
   * @param metadata a plugin config's metadata name and namespace, used when the entry has none
   */
  private static GeneratorArgs of(
      String kind,
      String field,
      String file,
      FieldReader reader,
      Object value,
      GeneratorOptions global,
      Map<String, String> metadata)
      throws RenderException {
    boolean secret = kind.equals("Secret");
    Map<String, Object> fields = reader.fields(value, secret ? SECRET_FIELDS : CONFIG_MAP_FIELDS);
    String name = reader.string(fields, "name");
    if (name.isEmpty()) {
      name = metadata.getOrDefault("name", "");
    }
    if (name.isEmpty()) {
      throw reader.error("name", "a " + kind + " generator needs a name");
    }
    String namespace = reader.string(fields, "namespace");
    if (namespace.isEmpty()) {
      namespace = metadata.getOrDefault("namespace", "");
    }
    String behavior = reader.string(fields, "behavior");
    // kustomize silently treats an unknown behavior as create; refuse it so "Merge" is not that.
    if (!List.of("", "create", "merge", "replace").contains(behavior)) {
      throw reader.error("behavior", "must be create, merge or replace, found '" + behavior + "'");
    }
    List<String> envs = new ArrayList<>(reader.strings(fields, "envs"));
    String env = reader.string(fields, "env");
    if (!env.isEmpty()) {
      envs.add(env);
    }
    return new GeneratorArgs(
        kind,
        field,
        file,
        name,
        namespace,
        behavior,
        reader.strings(fields, "literals"),
        reader.strings(fields, "files"),
        List.copyOf(envs),
        secret ? reader.string(fields, "type") : "",
        GeneratorOptions.read(fields.get("options"), reader.at("options")).withGlobal(global));
  }
}
