package dev.strata.render;

import dev.strata.source.Credentials;
import dev.strata.source.FetchRequest;
import dev.strata.source.FetchResult;
import dev.strata.source.GitFetcher;
import dev.strata.source.HttpFiles;
import dev.strata.source.ObjectStore;
import dev.strata.source.RefSelector;
import dev.strata.source.RemoteCredentials;
import dev.strata.source.RevisionReader;
import dev.strata.source.SourceFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Loads remote resources for one build: Git repositories through the {@link GitFetcher} (shallow,
 * chunked, resumable, stall timeout) into the {@link ObjectStore}, read at the fetched commit with
 * no checkout, and single files over HTTP(S). Each URL and ref is fetched once per build; across
 * builds the store keeps the objects, so an unchanged remote costs one look at its refs.
 *
 * <p>Close it when the build is done: it holds the repositories it read open.
 */
public final class FetchingRemoteLoader implements RemoteLoader, AutoCloseable {

  /** Object store keys of remote repositories start with this; no namespace can (dots). */
  static final String KEY_PREFIX = "remote.bases/";

  private final GitFetcher fetcher;
  private final ObjectStore store;
  private final HttpFiles http;
  private final RemoteCredentials credentials;
  private final Duration stallTimeout;
  private Consumer<Fetched> listener = fetched -> {};
  private final Map<String, Fetched> fetched = new LinkedHashMap<>();
  private final List<RevisionReader> readers = new ArrayList<>();

  /**
   * @param stallTimeout for URLs without their own {@code timeout}: how long without a byte before
   *     an attempt is aborted
   */
  public FetchingRemoteLoader(
      GitFetcher fetcher,
      ObjectStore store,
      HttpFiles http,
      RemoteCredentials credentials,
      Duration stallTimeout) {
    this.fetcher = fetcher;
    this.store = store;
    this.http = http;
    this.credentials = credentials;
    this.stallTimeout = stallTimeout;
  }

  /**
   * One repository fetched for this build.
   *
   * @param spec the URL that named it (the first, when several named the same repository and ref)
   * @param result what the fetcher did
   * @param tree the files of the fetched commit
   */
  public record Fetched(RepoSpec spec, FetchResult result, FileTree tree) {
    /** The URL fetched: kustomize's clone spec. */
    public String url() {
      return spec.cloneSpec();
    }

    /** Whether the ref names one commit for good, rather than a branch, tag or HEAD. */
    public boolean pinned() {
      return ObjectId.isId(spec.ref());
    }
  }

  /** Calls {@code listener} after each fetch, e.g. to log it. */
  public FetchingRemoteLoader onFetched(Consumer<Fetched> listener) {
    this.listener = listener;
    return this;
  }

  /** The repositories this build fetched, in order, once each. */
  public synchronized List<Fetched> fetched() {
    return List.copyOf(fetched.values());
  }

  @Override
  public Optional<String> refusal() {
    return Optional.empty();
  }

  @Override
  public synchronized RemoteTree repository(RepoSpec spec) throws RenderException, IOException {
    String url = spec.cloneSpec();
    String memo = url + "\n" + spec.ref();
    Fetched known = fetched.get(memo);
    if (known != null) {
      return new RemoteTree(known.tree(), spec, known.result().commit());
    }
    FetchResult result;
    String key = KEY_PREFIX + digest(url + "\n" + credentials.scopeOf(url));
    try {
      Credentials chosen = credentials.forUrl(url);
      var request =
          new FetchRequest(
              url,
              selector(spec.ref()),
              chosen,
              spec.timeout().orElse(stallTimeout),
              FetchRequest.DEFAULT_MAX_FAILURES);
      result = fetcher.fetch(key, request, progress -> {});
    } catch (SourceFailure failure) {
      throw new RenderException(failure.getMessage());
    }
    RevisionReader reader = store.reader(key, ObjectId.fromString(result.commit()));
    readers.add(reader);
    var tree = new GitTree(reader);
    var done = new Fetched(spec, result, tree);
    fetched.put(memo, done);
    listener.accept(done);
    return new RemoteTree(tree, spec, result.commit());
  }

  @Override
  public HttpFile file(String url) throws RenderException {
    try {
      var response = http.get(url, credentials.forUrl(url), stallTimeout, FileTree.MAX_FILE_BYTES);
      return new HttpFile(response.status(), response.body());
    } catch (SourceFailure failure) {
      throw new RenderException(failure.getMessage());
    }
  }

  /** As kustomize hands the ref to git fetch: a full commit id, else a name git resolves. */
  private static RefSelector selector(String ref) {
    if (ObjectId.isId(ref)) {
      return new RefSelector.Commit(ref.toLowerCase(java.util.Locale.ROOT));
    }
    return new RefSelector.Name(ref);
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    readers.forEach(RevisionReader::close);
    readers.clear();
    fetched.clear();
  }
}
