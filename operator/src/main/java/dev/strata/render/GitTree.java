package dev.strata.render;

import dev.strata.source.RevisionReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;

/**
 * A Git tree at one revision, read from the object store without a checkout. A symlink stored in
 * Git is followed only while its target stays inside the tree.
 */
public final class GitTree implements FileTree {

  private static final int MAX_LINK_HOPS = 8;
  private final RevisionReader reader;

  public GitTree(RevisionReader reader) {
    this.reader = reader;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException, RenderException {
    String target = followLinks(path);
    if (target == null) {
      return Optional.empty();
    }
    try {
      return reader.read(target);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("over the limit")) {
        throw new RenderException(e.getMessage());
      }
      throw e;
    }
  }

  @Override
  public boolean isDirectory(String path) throws IOException, RenderException {
    String target = followLinks(path);
    return target != null && reader.isDirectory(target);
  }

  @Override
  public List<String> list(String directory) throws IOException, RenderException {
    String target = followLinks(directory);
    return target == null ? List.of() : reader.children(target);
  }

  /** The path a chain of symlinks ends at, or null when something on the way is absent. */
  private String followLinks(String path) throws IOException, RenderException {
    String current = path;
    for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      if (current.isEmpty()) {
        return current;
      }
      Optional<FileMode> mode = reader.mode(current);
      if (mode.isEmpty()) {
        return null;
      }
      if (mode.get() != FileMode.SYMLINK) {
        return current;
      }
      String link = new String(reader.read(current).orElseThrow(), StandardCharsets.UTF_8);
      int slash = current.lastIndexOf('/');
      String parent = slash < 0 ? "" : current.substring(0, slash);
      try {
        current = FileTree.resolve(parent, link);
      } catch (RenderException e) {
        throw new RenderException(
            path + " is a link to " + link + ", outside the repository root; it is not read");
      }
    }
    throw new RenderException(path + ": more than " + MAX_LINK_HOPS + " links in a row");
  }
}
