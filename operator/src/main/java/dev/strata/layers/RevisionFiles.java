package dev.strata.layers;

import dev.strata.render.FileTree;
import dev.strata.render.RemoteLoader;
import java.io.IOException;

/**
 * The files of one source revision, opened for one render and closed after it: the operator opens a
 * commit in the object store, {@code strata diff} a checkout on disk.
 */
public interface RevisionFiles {

  Opened open() throws IOException;

  /**
   * An opened revision: its files, the loader for the remote bases they name, and what closes them.
   */
  record Opened(FileTree tree, RemoteLoader remotes, Runnable closer) implements AutoCloseable {
    @Override
    public void close() {
      closer.run();
    }
  }

  /** A tree that needs no closing, such as a checkout on disk, with its remote loader. */
  static RevisionFiles of(FileTree tree, RemoteLoader remotes) {
    return () -> new Opened(tree, remotes, () -> {});
  }
}
