package dev.strata.render.plugin;

import dev.strata.render.FileTree;
import dev.strata.render.PluginOrigin;
import dev.strata.render.Resource;
import java.util.Map;

/**
 * Holds one plugin config listed by a kustomization's generators, transformers or validators: a
 * Kubernetes-style object whose apiVersion and kind name the plugin and whose other fields
 * configure it.
 *
 * @param resource the config, read from a file, built from a directory or written inline
 * @param tree the tree that file is in
 * @param file the file it was read from, or the kustomization for an inline config: where kustomize
 *     says it was configured (origin annotations)
 * @param entry the kustomization entry that lists it, such as {@code transformers[2]}
 * @param inline whether the entry is the config's YAML text rather than a path
 */
public record PluginConfig(
    Resource resource, FileTree tree, String file, String entry, boolean inline) {

  public String apiVersion() {
    return resource.apiVersion();
  }

  public String kind() {
    return resource.kind();
  }

  public String name() {
    return resource.name();
  }

  public Map<String, Object> fields() {
    return resource.object();
  }

  /** How errors name the config: its file (or inline entry), kind and name. */
  public String where() {
    return file + ": " + (inline ? entry + ": " : "") + kind() + " '" + name() + "'";
  }

  /** How errors of {@link dev.strata.render.Target#read}, which name the kustomization, name it. */
  public String field() {
    return entry + " " + kind() + " '" + name() + "'";
  }

  /** What configured the plugins it stands for, as transformer and origin annotations name it. */
  public PluginOrigin origin() {
    return new PluginOrigin(tree, file, apiVersion(), kind(), name(), resource.namespace());
  }
}
