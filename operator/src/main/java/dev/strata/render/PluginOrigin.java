package dev.strata.render;

/**
 * Names what configured a generator or transformer, as kustomize's Origin of a plugin: the file
 * holding its configuration and the configuration's id. For a kustomization field (namePrefix,
 * configMapGenerator, ...) the file is the kustomization and only the apiVersion {@code builtin}
 * and the plugin's kind are set.
 *
 * @param tree the tree that file is in (the repository, or a fetched remote one)
 * @param file the tree path of the file that configured it
 * @param name the configuration's metadata.name, "" for a kustomization field
 * @param namespace the configuration's metadata.namespace, "" when absent
 */
public record PluginOrigin(
    FileTree tree, String file, String apiVersion, String kind, String name, String namespace) {

  /** The origin of a builtin plugin configured by a field of a kustomization. */
  public static PluginOrigin field(Target target, String kind) {
    return new PluginOrigin(target.tree(), target.file(), "builtin", kind, "", "");
  }
}
