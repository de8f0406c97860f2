package dev.strata.render;

import dev.strata.source.RevisionReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;

/**
 * A Git tree at one revision, read from the object store without a checkout. A symlink stored in
 * Git, for a file or for a directory on the way to one, is followed only while its target stays
 * inside the tree.
 */
public final class GitTree implements FileTree {

  /** As Linux's limit on links followed while resolving one path. */
  private static final int MAX_LINK_HOPS = 40;

  private final RevisionReader reader;

  public GitTree(RevisionReader reader) {
    this.reader = reader;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException, RenderException {
    Optional<String> target = canonical(path);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    try {
      return reader.read(target.get());
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("over the limit")) {
        throw new RenderException(e.getMessage());
      }
      throw e;
    }
  }

  @Override
  public boolean isDirectory(String path) throws IOException, RenderException {
    Optional<String> target = canonical(path);
    return target.isPresent() && reader.isDirectory(target.get());
  }

  @Override
  public List<String> list(String directory) throws IOException, RenderException {
    Optional<String> target = canonical(directory);
    return target.isEmpty() ? List.of() : reader.children(target.get());
  }

  /** Resolves the links on the path one name at a time, as a file system would. */
  @Override
  public Optional<String> canonical(String path) throws IOException, RenderException {
    Deque<String> remaining = new ArrayDeque<>(names(path));
    List<String> resolved = new ArrayList<>();
    int hops = 0;
    while (!remaining.isEmpty()) {
      resolved.add(remaining.removeFirst());
      String current = String.join("/", resolved);
      Optional<FileMode> mode = reader.mode(current);
      if (mode.isEmpty()) {
        return Optional.empty();
      }
      if (mode.get() == FileMode.GITLINK) {
        throw new RenderException(
            path + ": '" + current + "' is a Git submodule, and submodules are not fetched");
      }
      Optional<String> excluded = reader.excludedBy(current);
      if (excluded.isPresent()) {
        throw new RenderException(
            path
                + (current.equals(path) ? "" : ": '" + current + "'")
                + " is excluded by the GitSource's "
                + excluded.get()
                + ", so it was not fetched; remove it from "
                + excluded.get()
                + " to use it");
      }
      if (mode.get() != FileMode.SYMLINK) {
        continue;
      }
      if (++hops > MAX_LINK_HOPS) {
        throw new RenderException(path + ": more than " + MAX_LINK_HOPS + " links in a row");
      }
      String link = new String(reader.read(current).orElseThrow(), StandardCharsets.UTF_8);
      resolved.remove(resolved.size() - 1);
      String target;
      try {
        target = FileTree.resolve(String.join("/", resolved), link);
      } catch (RenderException e) {
        throw new RenderException(
            path + " is a link to " + link + ", outside the repository root; it is not read");
      }
      List<String> rest = new ArrayList<>(names(target));
      rest.addAll(remaining);
      remaining = new ArrayDeque<>(rest);
      resolved.clear();
    }
    return Optional.of(String.join("/", resolved));
  }

  private static List<String> names(String path) {
    return path.isEmpty() ? List.of() : List.of(path.split("/"));
  }
}
