package dev.strata.render;

import java.io.IOException;
import java.util.Optional;

/**
 * Loads what a kustomization names by URL, as kustomize's loader does: a Git repository at a ref
 * (for a remote base, component or resource directory) or one file over HTTP(S). Implementations
 * fetch, with credentials and caching of their choosing; the builder only builds what they return.
 */
public interface RemoteLoader extends AutoCloseable {

  /** Why this build refuses every remote resource, or empty when it loads them. */
  Optional<String> refusal();

  /**
   * The repository named by the spec, at its ref.
   *
   * @throws RenderException saying why it could not be fetched
   */
  RemoteTree repository(RepoSpec spec) throws RenderException, IOException;

  /**
   * Gets one file over HTTP(S).
   *
   * @throws RenderException when no answer came, or the file is over the size limit
   */
  HttpFile file(String url) throws RenderException, IOException;

  /**
   * A server's answer to a GET.
   *
   * @param status the HTTP status
   * @param content the body of a 2xx answer
   */
  record HttpFile(int status, byte[] content) {
    public boolean ok() {
      return status >= 200 && status <= 299;
    }
  }

  /** Releases what the loads of one build hold open; nothing by default. */
  @Override
  default void close() {}

  /** Refuses every remote resource, saying why (null for no particular reason). */
  static RemoteLoader refusing(String reason) {
    return new RemoteLoader() {
      @Override
      public Optional<String> refusal() {
        return Optional.ofNullable(reason).or(() -> Optional.of(""));
      }

      @Override
      public RemoteTree repository(RepoSpec spec) throws RenderException {
        throw new RenderException("remote resources are not allowed");
      }

      @Override
      public HttpFile file(String url) throws RenderException {
        throw new RenderException("remote resources are not allowed");
      }
    };
  }
}
