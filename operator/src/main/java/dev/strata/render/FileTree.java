package dev.strata.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads files below a root: a directory on disk or a Git tree at a revision. Paths are relative to
 * the root, with "/" separators; nothing outside the root can be named.
 */
public interface FileTree {

  /** Files larger than this are refused. */
  long MAX_FILE_BYTES = 8L * 1024 * 1024;

  /** The bytes of a regular file (symlinks followed within the root), or empty when absent. */
  Optional<byte[]> read(String path) throws IOException, RenderException;

  /** Whether the path is a directory (symlinks followed within the root). */
  boolean isDirectory(String path) throws IOException, RenderException;

  /**
   * The path with every symlink on it resolved, or empty when nothing is there.
   *
   * @throws RenderException when a link on the way leaves the root
   */
  Optional<String> canonical(String path) throws IOException, RenderException;

  /** Names of a directory's entries, sorted. */
  List<String> list(String directory) throws IOException, RenderException;

  /**
   * Resolves {@code relative} against {@code directory} and checks it stays within the root.
   *
   * @throws RenderException naming both when the result would leave the root
   */
  static String resolve(String directory, String relative) throws RenderException {
    if (relative.startsWith("/")) {
      throw new RenderException(
          "'" + relative + "' is an absolute path; paths in a kustomization are relative to it");
    }
    List<String> parts = new ArrayList<>();
    for (String part : (directory.isEmpty() ? relative : directory + "/" + relative).split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new RenderException(
              "'" + relative + "' (from " + display(directory) + ") leaves the repository root");
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(part);
      }
    }
    return String.join("/", parts);
  }

  /** A directory as people read it: "." for the root. */
  static String display(String directory) {
    return directory.isEmpty() ? "." : directory;
  }
}
