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

  /** An opened revision: its files, and the loader for the remote bases they name. */
  interface Opened extends AutoCloseable {
    FileTree tree();

    RemoteLoader remotes();

    @Override
    void close() throws IOException;
  }

  /** A tree that needs no closing, such as a checkout on disk, with its remote loader. */
  static RevisionFiles of(FileTree tree, RemoteLoader remotes) {
    return () ->
        new Opened() {
          @Override
          public FileTree tree() {
            return tree;
          }

          @Override
          public RemoteLoader remotes() {
            return remotes;
          }

          @Override
          public void close() {}
        };
  }
}
