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
      boolean secret = kind.equals("Secret");
      Map<String, Object> fields =
          reader.fields(list.get(i), secret ? SECRET_FIELDS : CONFIG_MAP_FIELDS);
      String name = reader.string(fields, "name");
      if (name.isEmpty()) {
        throw reader.error("name", "a " + kind + " generator needs a name");
      }
      String behavior = reader.string(fields, "behavior");
      // kustomize silently treats an unknown behavior as create; refuse it so "Merge" is not that.
      if (!List.of("", "create", "merge", "replace").contains(behavior)) {
        throw reader.error(
            "behavior", "must be create, merge or replace, found '" + behavior + "'");
      }
      List<String> envs = new ArrayList<>(reader.strings(fields, "envs"));
      String env = reader.string(fields, "env");
      if (!env.isEmpty()) {
        envs.add(env);
      }
      result.add(
          new GeneratorArgs(
              kind,
              field,
              file,
              name,
              reader.string(fields, "namespace"),
              behavior,
              reader.strings(fields, "literals"),
              reader.strings(fields, "files"),
              List.copyOf(envs),
              secret ? reader.string(fields, "type") : "",
              GeneratorOptions.read(fields.get("options"), reader.at("options"))
                  .withGlobal(global)));
    }
    return result;
  }
}
