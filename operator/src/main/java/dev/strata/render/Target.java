package dev.strata.render;

import dev.strata.render.schema.KubernetesSchema;
import java.io.IOException;
import java.util.Optional;

/**
 * A kustomization being built: its directory, its parsed file, and the files it may read. As with
 * kustomize's default load restrictor, files (resources, patches, generator sources) must be in or
 * below the kustomization's directory; only other kustomization directories may be elsewhere in the
 * tree.
 *
 * @param schema the schema strategic merge patches follow in this build (see {@link OpenApiSchema})
 */
public record Target(
    FileTree tree, String directory, Kustomization kustomization, KubernetesSchema schema) {

  /** Another kustomization of the same build. */
  Target child(String childDirectory, Kustomization child) {
    return new Target(tree, childDirectory, child, schema);
  }

  /** A kustomization of the same build in another tree: a fetched remote repository. */
  Target in(FileTree otherTree, String childDirectory, Kustomization child) {
    return new Target(otherTree, childDirectory, child, schema);
  }

  /** The kustomization file's path, for error messages. */
  public String file() {
    return kustomization.file();
  }

  /**
   * Reads a file the kustomization names.
   *
   * @param entry the path as written in the kustomization
   * @param field the field naming it, for errors
   * @throws RenderException naming the file and field when it is missing or outside the root
   */
  public byte[] read(String entry, String field) throws RenderException, IOException {
    String path = path(entry, field);
    return tree.read(path)
        .orElseThrow(
            () ->
                new RenderException(
                    file() + ": " + field + ": file '" + entry + "' does not exist"));
  }

  /** The tree path of a file the kustomization names, checked against the load restrictor. */
  public String path(String entry, String field) throws RenderException, IOException {
    String path;
    try {
      path = FileTree.resolve(directory, entry);
    } catch (RenderException e) {
      throw about(field, e.getMessage());
    }
    if (!directory.isEmpty() && !path.startsWith(directory + "/")) {
      throw about(
          field,
          "security: file '"
              + entry
              + "' is not in or below '"
              + FileTree.display(directory)
              + "'");
    }
    confineLinks(entry, field, path);
    return path;
  }

  /**
   * Checks, as kustomize's load restrictor does after resolving symlinks, that the file's real path
   * is in or below the kustomization directory's real path.
   */
  private void confineLinks(String entry, String field, String path)
      throws RenderException, IOException {
    Optional<String> real;
    Optional<String> realDirectory;
    try {
      real = tree.canonical(path);
      realDirectory = tree.canonical(directory);
    } catch (RenderException e) {
      throw about(field, e.getMessage());
    }
    if (real.isEmpty() || realDirectory.isEmpty()) {
      return; // absent: reading it fails with a clearer message
    }
    String inside = realDirectory.get().isEmpty() ? "" : realDirectory.get() + "/";
    if (!real.get().startsWith(inside)) {
      throw about(
          field,
          "security: file '"
              + entry
              + "' is a link to '"
              + FileTree.display(real.get())
              + "', which is not in or below '"
              + FileTree.display(realDirectory.get())
              + "'");
    }
  }

  /** An error about a field of this kustomization. */
  private RenderException about(String field, String what) {
    return new RenderException(file() + ": " + field + ": " + what);
  }
}
