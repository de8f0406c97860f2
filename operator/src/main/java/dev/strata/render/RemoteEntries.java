package dev.strata.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a kustomization names by URL, in kustomize's order: an http(s) resource URL is read as
 * a file first; a Git URL, or an http(s) one that gave no file, names a kustomization in a fetched
 * repository, which the builder then builds as a base or component. Errors name the kustomization
 * and the URL.
 */
final class RemoteEntries {

  /** What a URL gave. */
  sealed interface Loaded {}

  /** The resources of an http(s) file, their origins recorded. */
  record Resources(List<Resource> resources) implements Loaded {}

  /** A kustomization in a fetched repository; nothing it reads can leave {@code tree}. */
  record Fetched(RemoteTree tree, String directory, Kustomization kustomization)
      implements Loaded {}

  private final RemoteLoader loader;

  RemoteEntries(RemoteLoader loader) {
    this.loader = loader;
  }

  /** A URL: an http(s) file, a Git repository as kustomize parses one, or another scheme. */
  static boolean isRemote(String entry) {
    return entry.contains("://")
        || RepoSpec.isHttpFile(entry)
        || RepoSpec.tryParse(entry).isPresent();
  }

  /** How errors about an entry start: the kustomization, and the URL as written. */
  static String what(Target target, String entry, boolean component) {
    return target.file()
        + ": remote "
        + (component ? "component" : "resource")
        + " '"
        + entry
        + "'";
  }

  /**
   * Loads a resource or component URL.
   *
   * @throws RenderException when remote resources are refused, or the URL gives neither a file of
   *     resources nor a kustomization of the right kind
   */
  Loaded load(Target target, String entry, boolean component, BuildMetadata metadata)
      throws RenderException, IOException {
    String what = what(target, entry, component);
    Optional<String> refusal = loader.refusal();
    if (refusal.isPresent()) {
      throw new RenderException(
          what
              + " is not allowed"
              + (refusal.get().isEmpty() ? "" : " (" + refusal.get() + ")")
              + "; vendor it into the repository");
    }
    Optional<RepoSpec> spec = RepoSpec.tryParse(entry);
    String notAFile = null;
    if (!component && RepoSpec.isHttpFile(entry)) {
      RemoteLoader.HttpFile file;
      try {
        file = loader.file(entry);
      } catch (RenderException e) {
        throw new RenderException(what + ": " + e.getMessage());
      }
      if (file.ok()) {
        try {
          List<Resource> read = new ArrayList<>();
          for (Object document : YamlDocuments.parse(file.content(), entry)) {
            read.addAll(KustomizeBuilder.expand(document, entry));
          }
          metadata.remoteFileRead(read, target, entry);
          return new Resources(read);
        } catch (RenderException e) {
          notAFile = e.getMessage();
        }
      } else {
        notAFile = "HTTP Error: status code " + file.status();
      }
      if (spec.isEmpty()) {
        throw new RenderException(what + ": " + notAFile);
      }
    }
    if (spec.isEmpty()) {
      throw new RenderException(
          what
              + ": not a URL kustomize loads (an http(s) file, or a Git repository such as"
              + " https://host/org/repo//path?ref=v1)");
    }
    RemoteTree tree;
    try {
      tree = loader.repository(spec.get());
    } catch (RenderException e) {
      throw new RenderException(
          what
              + ": "
              + (notAFile == null
                  ? "cannot fetch it: "
                  : "not a resource file (" + notAFile + ") nor a Git repository: ")
              + e.getMessage());
    }
    try {
      return fetched(tree, component);
    } catch (RenderException e) {
      throw new RenderException(what + " (" + tree.describe() + "): " + e.getMessage());
    }
  }

  private static Fetched fetched(RemoteTree tree, boolean component)
      throws RenderException, IOException {
    String path = tree.spec().directory();
    if (!tree.isDirectory(path)) {
      throw new RenderException(
          "'" + FileTree.display(path) + "' is not a directory in the repository");
    }
    Kustomization kustomization = KustomizeBuilder.load(tree, path);
    if (component != kustomization.isComponent()) {
      throw new RenderException(
          component
              ? "a component must have kind: Component (its kustomization is "
                  + kustomization.file()
                  + ")"
              : "it is a Component; list it under components");
    }
    return new Fetched(tree, path, kustomization);
  }
}
