package dev.strata.cli;

import dev.strata.render.FetchingRemoteLoader;
import dev.strata.render.RemoteLoader;
import dev.strata.render.RemoteLoader.HttpFile;
import dev.strata.render.RemoteTree;
import dev.strata.render.RenderException;
import dev.strata.render.RepoSpec;
import dev.strata.source.FetchRequest;
import dev.strata.source.GitFetcher;
import dev.strata.source.HttpFiles;
import dev.strata.source.ObjectStore;
import dev.strata.source.RemoteCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.util.FileUtils;

/**
 * Remote resources fetched into a throw-away object store, as kustomize clones into a temporary
 * directory. Made on the first remote a build names: most builds name none, and the fetcher's
 * classes cost a small build a third of its time.
 */
final class FetchedOnDemand implements RemoteLoader {
  private Path cache;
  private RemoteLoader loader;

  @Override
  public Optional<String> refusal() {
    return Optional.empty();
  }

  @Override
  public RemoteTree repository(RepoSpec spec) throws RenderException, IOException {
    return loader().repository(spec);
  }

  @Override
  public HttpFile file(String url) throws RenderException, IOException {
    return loader().file(url);
  }

  private RemoteLoader loader() throws IOException {
    if (loader == null) {
      cache = Files.createTempDirectory("strata-remote-");
      var store = new ObjectStore(cache);
      loader =
          new FetchingRemoteLoader(
              new GitFetcher(store),
              store,
              new HttpFiles(),
              RemoteCredentials.anonymous(true),
              FetchRequest.DEFAULT_STALL_TIMEOUT);
    }
    return loader;
  }

  @Override
  public void close() {
    if (loader != null) {
      loader.close();
    }
    if (cache != null) {
      try {
        FileUtils.delete(cache.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
      } catch (IOException e) {
        // a temporary directory left behind; the system's cleaner takes it
      }
    }
  }
}
