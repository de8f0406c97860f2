package dev.strata.controller;

import dev.strata.api.GitSource;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.Revision;
import dev.strata.layers.RevisionFiles;
import dev.strata.render.GitTree;
import dev.strata.render.RemoteLoader;
import dev.strata.source.ObjectStore;
import dev.strata.source.RevisionReader;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Opens a GitSource's revisions in the object store its reconciler fetched them into, with the
 * remote bases a LayeredKustomization may load.
 */
final class StoredRevisions {

  private final ObjectStore store;
  private final RemoteResources remoteResources;

  StoredRevisions(ObjectStore store, RemoteResources remoteResources) {
    this.store = store;
    this.remoteResources = remoteResources;
  }

  /** Whether the object store holds {@code revision} of {@code source}, so it can be applied. */
  boolean contains(GitSource source, String revision) {
    ObjectId commit;
    try {
      commit = ObjectId.fromString(Revision.parse(revision).commit());
    } catch (IllegalArgumentException notARevision) {
      return false;
    }
    try (RevisionReader reader = store.reader(GitSourceReconciler.storeKey(source), commit)) {
      return true;
    } catch (IOException | RuntimeException missing) {
      return false;
    }
  }

  /** The files of {@code revision} of {@code source}, as {@code lk} renders them. */
  RevisionFiles files(LayeredKustomization lk, GitSource source, String revision) {
    ObjectId commit = ObjectId.fromString(Revision.parse(revision).commit());
    return () -> {
      RevisionReader reader = store.reader(GitSourceReconciler.storeKey(source), commit);
      try {
        reader.ignoring(source.getSpec().getIgnore());
      } catch (IOException | RuntimeException e) {
        reader.close();
        throw e;
      }
      RemoteLoader remotes = remoteResources.loaderFor(lk, source);
      return new RevisionFiles.Opened(
          new GitTree(reader),
          remotes,
          () -> {
            try (reader) {
              remotes.close();
            }
          });
    };
  }
}
