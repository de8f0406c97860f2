package dev.strata.render;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A fetched repository's tree, read like any other, that remembers where it came from: the URL and
 * ref as the kustomization wrote them, for origins and error messages, and the commit they resolved
 * to. Nothing outside this tree can be named from inside it, as kustomize confines a cloned base to
 * its clone.
 */
public final class RemoteTree implements FileTree {

  private final FileTree tree;
  private final RepoSpec spec;
  private final String commit;

  public RemoteTree(FileTree tree, RepoSpec spec, String commit) {
    this.tree = tree;
    this.spec = spec;
    this.commit = commit;
  }

  /** The URL and ref it was fetched by. */
  public RepoSpec spec() {
    return spec;
  }

  /** The commit the ref resolved to (40 hex). */
  public String commit() {
    return commit;
  }

  /** The repository and commit, as messages name them. */
  public String describe() {
    return spec.cloneSpec() + " at " + commit.substring(0, Math.min(12, commit.length()));
  }

  /** The same repository at the same commit, whichever path or ref named it. */
  @Override
  public boolean equals(Object other) {
    return other instanceof RemoteTree remote
        && remote.commit.equals(commit)
        && remote.spec.cloneSpec().equals(spec.cloneSpec());
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(spec.cloneSpec(), commit);
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException, RenderException {
    return tree.read(path);
  }

  @Override
  public boolean isDirectory(String path) throws IOException, RenderException {
    return tree.isDirectory(path);
  }

  @Override
  public Optional<String> canonical(String path) throws IOException, RenderException {
    return tree.canonical(path);
  }

  @Override
  public List<String> list(String directory) throws IOException, RenderException {
    return tree.list(directory);
  }
}
