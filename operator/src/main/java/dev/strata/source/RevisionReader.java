package dev.strata.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/** Reads the files of one commit straight from the object store, with no checkout. */
public final class RevisionReader implements AutoCloseable {

  /** Files larger than this are refused: manifests are small, and memory is not. */
  public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

  private final Repository repository;
  private final RevCommit commit;
  private IgnoreRules ignore = IgnoreRules.NONE;

  private RevisionReader(Repository repository, RevCommit commit) {
    this.repository = repository;
    this.commit = commit;
  }

  static RevisionReader open(Repository repository, ObjectId commitId) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      return new RevisionReader(repository, walk.parseCommit(commitId));
    } catch (IOException | RuntimeException e) {
      repository.close();
      throw e;
    }
  }

  /**
   * Leaves out what {@code spec.ignore} (null for none) and the commit's root {@code .sourceignore}
   * leave out, as the fetch did: such paths are not listed, and {@link #excludedBy} names the rule.
   */
  public RevisionReader ignoring(String specIgnore) throws IOException {
    byte[] sourceIgnore = null;
    try (TreeWalk walk = TreeWalk.forPath(repository, IgnoreRules.SOURCEIGNORE, commit.getTree())) {
      if (walk != null && !walk.isSubtree()) {
        sourceIgnore = repository.open(walk.getObjectId(0)).getCachedBytes(1024 * 1024);
      }
    }
    ignore = IgnoreRules.of(specIgnore, sourceIgnore);
    return this;
  }

  /**
   * What leaves a path out ({@code "spec.ignore"} or {@code ".sourceignore"}), or empty when it is
   * part of the revision as fetched.
   */
  public Optional<String> excludedBy(String path) throws IOException {
    if (ignore.isEmpty()) {
      return Optional.empty();
    }
    return ignore.excludedBy(path, isDirectory(path));
  }

  /** The commit being read. */
  public ObjectId commit() {
    return commit.getId();
  }

  /** Paths of the regular files and symlinks under a directory ("" for the root), sorted. */
  public List<String> list(String directory) throws IOException {
    List<String> paths = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repository)) {
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      if (!directory.isEmpty()) {
        walk.setFilter(PathFilter.create(directory));
      }
      while (walk.next()) {
        if (walk.getFileMode(0) != FileMode.GITLINK
            && !ignore.ignores(walk.getPathString(), false)) {
          paths.add(walk.getPathString());
        }
      }
    }
    return paths;
  }

  /** Names of the entries directly in a directory ("" for the root), sorted; empty when absent. */
  public List<String> children(String directory) throws IOException {
    List<String> names = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repository)) {
      if (directory.isEmpty()) {
        walk.addTree(commit.getTree());
      } else {
        try (TreeWalk at = TreeWalk.forPath(repository, directory, commit.getTree())) {
          if (at == null || !at.isSubtree()) {
            return names;
          }
          walk.addTree(at.getObjectId(0));
        }
      }
      while (walk.next()) {
        String child =
            directory.isEmpty() ? walk.getNameString() : directory + "/" + walk.getNameString();
        if (!ignore.ignores(child, walk.isSubtree())) {
          names.add(walk.getNameString());
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** The bytes of a file, or empty when the commit has no file at that path. */
  public Optional<byte[]> read(String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
      if (walk == null || walk.isSubtree() || walk.getFileMode(0) == FileMode.GITLINK) {
        return Optional.empty();
      }
      var loader = repository.open(walk.getObjectId(0));
      if (loader.getSize() > MAX_FILE_BYTES) {
        throw new IOException(
            path
                + " is "
                + Bytes.format(loader.getSize())
                + ", over the limit of "
                + Bytes.format(MAX_FILE_BYTES));
      }
      return Optional.of(loader.getCachedBytes((int) MAX_FILE_BYTES));
    }
  }

  /** Whether a path is a directory in this commit. */
  public boolean isDirectory(String path) throws IOException {
    if (path.isEmpty()) {
      return true;
    }
    try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
      return walk != null && walk.isSubtree();
    }
  }

  /** The mode of the entry at a path (symlinks are FileMode.SYMLINK), or empty when absent. */
  public Optional<FileMode> mode(String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
      return walk == null ? Optional.empty() : Optional.of(walk.getFileMode(0));
    }
  }

  @Override
  public void close() {
    repository.close();
  }
}
