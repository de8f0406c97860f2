package dev.strata.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.TooLargeObjectInPackException;
import org.eclipse.jgit.errors.TooLargePackException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FilterSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Fetches one ref of a remote into the {@link ObjectStore}, spending bytes only on what the store
 * lacks, and surviving links that drop or stall.
 *
 * <ol>
 *   <li>Commits and trees, depth 1, filter {@code blob:none}: small, and it names the commit. The
 *       store's last complete commit is the only "have", so only new objects come.
 *   <li>If the store now holds the whole commit: done. Otherwise the missing blobs, in batches
 *       sized to what the link lets through; a complete batch's pack stays, a broken one costs only
 *       itself, and the next attempt asks only for what is still missing.
 *   <li>When the server offers no filter, or refuses wants by object id, one shallow fetch of the
 *       whole commit instead.
 * </ol>
 *
 * <p>One protocol v2 session carries the refs and every fetch command: over git:// and SSH one
 * connection, so a resync costs one handshake; over smart HTTP one advertisement, then one request
 * per command. A new session opens only after a failure. With file:// and servers that speak only
 * protocol v0, JGit makes each request.
 *
 * <p>No ref ever points at a partly fetched commit, so the server never assumes blobs we lack.
 */
public final class GitFetcher {

  private static final String FILTER_REFUSED = "filter requires server to advertise";
  private static final FilterSpec BLOB_NONE = blobNone();
  private static final long MAX_IGNORE_FILE_BYTES = 1024 * 1024;

  private final ObjectStore store;
  private final RetryBackoff backoff;

  public GitFetcher(ObjectStore store) {
    this(store, Duration.ofSeconds(1));
  }

  /** A fetcher whose retry backoff starts at {@code baseBackoff} (doubling, with jitter). */
  public GitFetcher(ObjectStore store, Duration baseBackoff) {
    this.store = store;
    this.backoff = new RetryBackoff(baseBackoff);
  }

  /**
   * Fetches the request's ref into the repository for {@code key} and records it as the key's
   * artifact. On failure the previous artifact stays as it was.
   */
  public FetchResult fetch(String key, FetchRequest request, Consumer<FetchProgress> progress)
      throws SourceFailure {
    return fetch(key, ObjectStore.ARTIFACT_REF, request, progress);
  }

  /**
   * As {@link #fetch(String, FetchRequest, Consumer)} into a repository shared by several
   * consumers, recording the artifact under {@code artifactRef} ({@link ObjectStore#artifactRef}).
   * The store's lock for the key makes fetches into it take turns.
   */
  public FetchResult fetch(
      String key, String artifactRef, FetchRequest request, Consumer<FetchProgress> progress)
      throws SourceFailure {
    RemoteRefs.validate(request.ref());
    Instant started = Instant.now();
    try (TransportSetup transport = TransportSetup.forRequest(request);
        ObjectStore.Lease lease = store.lease(key, artifactRef);
        PackWatcher watcher =
            new PackWatcher(
                lease.repository().getDirectory().toPath().resolve("objects"), progress)) {
      var run = new Run(request, transport, lease, watcher);
      return run.execute(started);
    } catch (SourceFailure e) {
      throw e;
    } catch (IOException e) {
      throw new SourceFailure(
          SourceFailure.Reason.FETCH_FAILED,
          "the local object store failed: " + e.getMessage() + " (" + store.root() + ")",
          e);
    } catch (Exception e) {
      throw Failures.classify(e, request.url(), request.stallTimeout(), null);
    }
  }

  /** One fetch's state: what was resolved, bytes, batches and failures. */
  private final class Run {
    private final FetchRequest request;
    private final TransportSetup transport;
    private final ObjectStore.Lease lease;
    private final Repository repository;
    private final PackWatcher watcher;
    private final Optional<ObjectId> previous;
    private UploadPackSession session;
    private boolean sessions = true;
    private boolean linkDropped;
    private RemoteRefs.Resolved remoteCommit;
    private long bytesDiscarded;
    private int chunks;
    private int retries;
    private int consecutiveFailures;
    private IgnoreRules ignore;

    Run(
        FetchRequest request,
        TransportSetup transport,
        ObjectStore.Lease lease,
        PackWatcher watcher)
        throws IOException {
      this.request = request;
      this.transport = transport;
      this.lease = lease;
      this.repository = lease.repository();
      this.watcher = watcher;
      this.previous = lease.artifact();
      this.ignore = IgnoreRules.of(request.scope().ignore(), null);
    }

    FetchResult execute(Instant started) throws Exception {
      try {
        return fetchAll(started);
      } finally {
        closeSession();
      }
    }

    private FetchResult fetchAll(Instant started) throws Exception {
      RemoteRefs.Resolved resolved;
      FetchMode mode = FetchMode.CHUNKED;

      // Name the commit; when the store has it all already, nothing more moves.
      if (request.ref() instanceof RefSelector.Commit commit
          && loadIgnoreRules(ObjectId.fromString(commit.sha()))
          && isComplete(ObjectId.fromString(commit.sha()))) {
        resolved = new RemoteRefs.Resolved("commit", ObjectId.fromString(commit.sha()));
      } else {
        try {
          resolved = retrying("commits and trees", this::fetchCommitAndTrees);
        } catch (FiltersUnsupported e) {
          mode = FetchMode.SHALLOW;
          resolved = retrying("whole commit (server has no object filters)", this::fetchShallow);
        }
      }

      // The root's .sourceignore first, then what the tree still lacks outside the ignored
      // paths, batch by batch.
      if (mode == FetchMode.CHUNKED && !loadIgnoreRules(resolved.commit())) {
        fetchSourceIgnore(resolved.commit());
      }
      loadIgnoreRules(resolved.commit());
      Map<ObjectId, String> missing =
          mode == FetchMode.CHUNKED ? missingBlobs(resolved.commit()) : Map.of();
      if (!missing.isEmpty()) {
        try {
          fetchMissingBlobs(missing);
        } catch (FiltersUnsupported e) {
          mode = FetchMode.SHALLOW;
          RemoteRefs.Resolved target = resolved;
          retrying("whole commit (server refuses wants by id)", () -> fetchShallowOf(target));
        }
      }
      if (!isComplete(resolved.commit())) {
        throw new SourceFailure(
            SourceFailure.Reason.FETCH_FAILED,
            "the remote sent an incomplete commit " + resolved.commit().name());
      }
      checkFileSizes(resolved.commit());

      boolean unchanged = previous.isPresent() && previous.get().equals(resolved.commit());
      lease.setArtifact(resolved.commit());
      long received = watcher.completedBytes() + bytesDiscarded;
      return new FetchResult(
          resolved.revision(),
          resolved.commit().name(),
          unchanged && received == 0 ? FetchMode.UNCHANGED : mode,
          received,
          bytesDiscarded,
          chunks,
          retries,
          Duration.between(started, Instant.now()));
    }

    /** Fetches the commit and its trees, no blobs; returns what the ref resolved to. */
    private RemoteRefs.Resolved fetchCommitAndTrees() throws Exception {
      watcher.phase("commits and trees", 0, 0);
      RemoteRefs.Resolved resolved = resolveForFetch();
      if (hasCommitAndTrees(resolved.commit())) {
        return resolved; // unchanged, or trees kept from an earlier attempt
      }
      try {
        fetch(List.of(resolved.commit()), 1, true);
      } catch (Exception e) {
        if (Failures.rootMessage(e).contains(FILTER_REFUSED)
            || String.valueOf(e.getMessage()).contains(FILTER_REFUSED)) {
          throw new FiltersUnsupported();
        }
        throw e;
      }
      return resolved;
    }

    private RemoteRefs.Resolved fetchShallow() throws Exception {
      watcher.phase("whole commit", 0, 0);
      return fetchShallowOf(resolveForFetch());
    }

    private RemoteRefs.Resolved fetchShallowOf(RemoteRefs.Resolved resolved) throws Exception {
      watcher.phase("whole commit", 1, 1);
      fetch(List.of(resolved.commit()), 1, false);
      return resolved;
    }

    /**
     * Resolves the ref from the remote's advertisement: on the session when there is one, else one
     * ls-refs round trip of its own. The first answer holds for the rest of this fetch.
     */
    private RemoteRefs.Resolved resolveForFetch() throws Exception {
      if (remoteCommit != null) {
        return remoteCommit;
      }
      if (request.ref() instanceof RefSelector.Commit commit) {
        remoteCommit = new RemoteRefs.Resolved("commit", ObjectId.fromString(commit.sha()));
        return remoteCommit;
      }
      UploadPackSession open = session();
      if (open == null) {
        Map<String, Ref> refs = RemoteRefs.list(request, transport, true);
        remoteCommit = RemoteRefs.resolve(request.ref(), refs, request.url());
        return remoteCommit;
      }
      try {
        Map<String, Ref> refs = open.listRefs(RemoteRefs.prefixes(request.ref()));
        try {
          remoteCommit = RemoteRefs.resolve(request.ref(), refs, request.url());
        } catch (SourceFailure e) {
          if (e.reason() != SourceFailure.Reason.REF_NOT_FOUND) {
            throw e;
          }
          // Not there: list the selector's kind of ref so that the message names what exists.
          refs = open.listRefs(RemoteRefs.kindPrefixes(request.ref()));
          remoteCommit = RemoteRefs.resolve(request.ref(), refs, request.url());
        }
        return remoteCommit;
      } catch (IOException e) {
        closeSession();
        throw e;
      }
    }

    /** Fetches the missing blobs in batches sized to the link. */
    private void fetchMissingBlobs(Map<ObjectId, String> paths) throws Exception {
      List<ObjectId> missing = new ArrayList<>(paths.keySet());
      var sizer = new BatchSizer();
      int done = 0;
      int batch = 0;
      while (done < missing.size()) {
        int count = Math.min(sizer.nextCount(), missing.size() - done);
        List<ObjectId> wanted = missing.subList(done, done + count);
        batch++;
        int estimated = batch - 1 + (int) Math.ceil((missing.size() - done) / (double) count);
        watcher.phase("blobs", batch, estimated);
        long before = watcher.completedBytes();
        try {
          fetch(wanted, 0, false);
          sizer.succeeded(count, watcher.completedBytes() - before);
          done += count;
          consecutiveFailures = 0;
          if (linkDropped) {
            // A link that drops long connections would drop a long session again: keep each
            // batch's connection as short as the batch.
            closeSession();
          }
        } catch (Exception e) {
          if (refusesWantsById(e)) {
            throw new FiltersUnsupported();
          }
          if (Failures.causeOf(e, TooLargeObjectInPackException.class) != null) {
            // Which file is too large? One at a time: the others are kept, that one is named.
            closeSession();
            for (ObjectId blob : wanted) {
              fetchOneBlob(blob, paths.get(blob));
            }
            done += count;
            continue;
          }
          linkDropped = true;
          long lost = watcher.lastIncomingBytes();
          sizer.failed(lost);
          recordFailure(e, lost, "blobs, chunk " + batch);
          batch--;
        }
      }
    }

    /** Fetches one blob; too large, the fetch fails naming its path. */
    private void fetchOneBlob(ObjectId blob, String path) throws Exception {
      if (repository.getObjectDatabase().has(blob)) {
        return;
      }
      retrying(
          path,
          () -> {
            try {
              fetch(List.of(blob), 0, false);
            } catch (Exception e) {
              var tooLarge = Failures.causeOf(e, TooLargeObjectInPackException.class);
              if (tooLarge != null) {
                closeSession();
                throw tooLargeFile(path, sizeIn(tooLarge));
              }
              throw e;
            }
            return null;
          });
    }

    /** A fetch over a transport that cannot stop at the limit: the sizes are checked after. */
    private void checkFileSizes(ObjectId commit) throws IOException, SourceFailure {
      try (RevWalk walk = new RevWalk(repository);
          TreeWalk tree = new TreeWalk(repository)) {
        tree.addTree(walk.parseCommit(commit).getTree());
        while (tree.next()) {
          if (ignore.ignores(tree.getPathString(), tree.isSubtree())) {
            continue;
          }
          if (tree.isSubtree()) {
            tree.enterSubtree();
          } else if (tree.getFileMode(0) != FileMode.GITLINK) {
            long size =
                repository
                    .getObjectDatabase()
                    .newReader()
                    .getObjectSize(tree.getObjectId(0), org.eclipse.jgit.lib.ObjectReader.OBJ_ANY);
            if (size > request.scope().maxFileBytes()) {
              throw tooLargeFile(tree.getPathString(), size);
            }
          }
        }
      }
    }

    private SourceFailure tooLargeFile(String path, long size) {
      return new SourceFailure(
          SourceFailure.Reason.LIMIT_EXCEEDED,
          path
              + " is "
              + (size > 0 ? Bytes.format(size) : "larger than that")
              + ", over spec.limits.maxFileSize ("
              + Bytes.format(request.scope().maxFileBytes())
              + "); raise the limit or leave the file out with spec.ignore");
    }

    private SourceFailure fetchTooLarge() {
      return new SourceFailure(
          SourceFailure.Reason.LIMIT_EXCEEDED,
          "the fetch from "
              + Failures.redact(request.url())
              + " exceeds spec.limits.maxFetchSize ("
              + Bytes.format(request.scope().maxFetchBytes())
              + "); raise the limit or leave paths out with spec.ignore");
    }

    /**
     * Reads the rules for a commit: spec.ignore and the root's .sourceignore. False when the
     * commit, its root tree or that file's blob is not in the store yet.
     */
    private boolean loadIgnoreRules(ObjectId commitId) throws IOException {
      var database = repository.getObjectDatabase();
      if (!database.has(commitId)) {
        return false;
      }
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit commit = walk.parseCommit(commitId);
        if (!database.has(commit.getTree())) {
          return false;
        }
        try (TreeWalk at =
            TreeWalk.forPath(repository, IgnoreRules.SOURCEIGNORE, commit.getTree())) {
          if (at == null || at.isSubtree()) {
            ignore = ignore.withSourceIgnore(null);
            return true;
          }
          if (!database.has(at.getObjectId(0))) {
            return false;
          }
          ignore =
              ignore.withSourceIgnore(
                  repository.open(at.getObjectId(0)).getCachedBytes((int) MAX_IGNORE_FILE_BYTES));
          return true;
        }
      }
    }

    /** Fetches the root's .sourceignore, whose rules decide which other blobs to fetch. */
    private void fetchSourceIgnore(ObjectId commitId) throws Exception {
      try (RevWalk walk = new RevWalk(repository);
          TreeWalk at =
              TreeWalk.forPath(
                  repository, IgnoreRules.SOURCEIGNORE, walk.parseCommit(commitId).getTree())) {
        if (at != null && !at.isSubtree()) {
          watcher.phase(IgnoreRules.SOURCEIGNORE, 0, 0);
          fetchOneBlob(at.getObjectId(0), IgnoreRules.SOURCEIGNORE);
        }
      }
    }

    /** Runs a step, retrying transient failures with backoff until maxFailures in a row. */
    private <T> T retrying(String what, Step<T> step) throws SourceFailure {
      while (true) {
        try {
          T result = step.run();
          consecutiveFailures = 0;
          return result;
        } catch (FiltersUnsupported e) {
          throw e;
        } catch (Exception e) {
          recordFailure(e, watcher.lastIncomingBytes(), what);
        }
      }
    }

    /** Counts a failed attempt, then either backs off (transient) or throws. */
    private void recordFailure(Exception error, long bytesLost, String what) throws SourceFailure {
      closeSession();
      if (error instanceof SourceFailure failure && !failure.reason().isTransient()) {
        throw failure;
      }
      if (Failures.causeOf(error, TooLargePackException.class) != null) {
        throw fetchTooLarge();
      }
      SourceFailure failure =
          Failures.classify(error, request.url(), request.stallTimeout(), transport);
      bytesDiscarded += bytesLost;
      consecutiveFailures++;
      if (!failure.reason().isTransient() || consecutiveFailures >= request.maxFailures()) {
        String attempts =
            consecutiveFailures > 1 ? " (after " + consecutiveFailures + " attempts)" : "";
        throw new SourceFailure(
            failure.reason(), failure.getMessage() + attempts, failure.getCause());
      }
      retries++;
      backoff.pause(consecutiveFailures);
    }

    /** One fetch of the given objects into the store; counts the pack bytes it kept. */
    private void fetch(List<ObjectId> wants, int depth, boolean withoutBlobs) throws Exception {
      Set<Path> packsBefore = packFiles();
      watcher.startAttempt();
      UploadPackSession open = session();
      if (open != null && open.canRunCommands()) {
        if (withoutBlobs && !open.canFilter()) {
          throw new FiltersUnsupported();
        }
        long remaining = request.scope().maxFetchBytes() - watcher.completedBytes();
        if (remaining <= 0) {
          throw fetchTooLarge();
        }
        open.limit(request.scope().maxFileBytes(), remaining);
        try {
          // Blobs are asked for by id, with no "have": the stored commit may lack some of its
          // blobs (ignored ones), and the server would leave out what it thinks we have.
          open.fetch(
              repository,
              wants,
              depth > 0 ? previous.stream().toList() : List.of(),
              depth,
              withoutBlobs);
        } catch (Exception e) {
          closeSession(); // mid-command, the session's state is unknown
          throw e;
        }
      } else {
        closeSession();
        fetchWithJGit(wants, depth, withoutBlobs);
      }
      long kept = 0;
      for (Path pack : packFiles()) {
        if (!packsBefore.contains(pack)) {
          kept += Files.size(pack);
        }
      }
      watcher.addCompleted(kept);
      if (kept > 0) {
        chunks++;
      }
      if (watcher.completedBytes() > request.scope().maxFetchBytes()) {
        throw fetchTooLarge();
      }
    }

    /** One fetch over a connection of JGit's own, which carries one request. */
    private void fetchWithJGit(List<ObjectId> wants, int depth, boolean withoutBlobs)
        throws Exception {
      transport.withTrust(
          () -> {
            var command =
                Git.wrap(repository)
                    .fetch()
                    .setRemote(transport.url(request.url()))
                    .setRefSpecs(wants.stream().map(id -> new RefSpec(id.name())).toList())
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setTransportConfigCallback(
                        t -> {
                          transport.configure(t);
                          if (withoutBlobs) {
                            t.setFilterSpec(BLOB_NONE);
                          }
                        });
            if (depth > 0) {
              command.setDepth(depth);
            }
            command.call();
            return null;
          });
    }

    /**
     * The upload-pack session for the next request, opened on first use; null where JGit makes the
     * requests (file, dumb HTTP, or a server that spoke protocol v0, whose refs it still gave).
     */
    private UploadPackSession session() throws Exception {
      if (session == null && sessions) {
        UploadPackChannel channel = transport.openUploadPack(request.url());
        if (channel == null) {
          sessions = false;
          return null;
        }
        session = UploadPackSession.start(channel, new URIish(Failures.redact(request.url())));
        sessions = session.canRunCommands();
      }
      return session;
    }

    private void closeSession() {
      if (session != null) {
        session.close();
        session = null;
      }
    }

    private Set<Path> packFiles() throws IOException {
      Path packs = repository.getDirectory().toPath().resolve("objects").resolve("pack");
      if (!Files.isDirectory(packs)) {
        return Set.of();
      }
      try (Stream<Path> files = Files.list(packs)) {
        Set<Path> result = new HashSet<>();
        files.filter(p -> p.getFileName().toString().endsWith(".pack")).forEach(result::add);
        return result;
      }
    }

    /** Whether the commit and its whole tree (not necessarily the blobs) are in the store. */
    private boolean hasCommitAndTrees(ObjectId commit) throws IOException {
      try {
        missingBlobs(commit);
        return true;
      } catch (MissingObjectException e) {
        return false;
      }
    }

    /** Whether the commit, its whole tree and every blob are in the store. */
    private boolean isComplete(ObjectId commit) throws IOException {
      try {
        return missingBlobs(commit).isEmpty();
      } catch (MissingObjectException e) {
        return false;
      }
    }

    /**
     * Blobs of the commit's tree that the store lacks, outside the ignored paths, in tree order,
     * without repeats, each with (one of) its paths.
     */
    private Map<ObjectId, String> missingBlobs(ObjectId commitId) throws IOException {
      var database = repository.getObjectDatabase();
      if (!database.has(commitId)) {
        throw new MissingObjectException(commitId, "commit");
      }
      Map<ObjectId, String> missing = new LinkedHashMap<>();
      Set<ObjectId> seen = new HashSet<>();
      try (RevWalk walk = new RevWalk(repository);
          TreeWalk tree = new TreeWalk(repository)) {
        RevCommit commit = walk.parseCommit(commitId);
        tree.addTree(commit.getTree());
        while (tree.next()) {
          if (ignore.ignores(tree.getPathString(), tree.isSubtree())) {
            continue; // left out: never fetched
          }
          if (tree.isSubtree()) {
            tree.enterSubtree();
            continue;
          }
          if (tree.getFileMode(0) == FileMode.GITLINK) {
            continue; // submodules are not fetched
          }
          ObjectId blob = tree.getObjectId(0);
          if (seen.add(blob) && !database.has(blob)) {
            missing.put(blob, tree.getPathString());
          }
        }
      }
      return missing;
    }
  }

  /** The size in a TooLargeObjectInPackException's message, or 0 when it names none. */
  private static long sizeIn(TooLargeObjectInPackException e) {
    var matcher =
        java.util.regex.Pattern.compile("\\(([0-9][0-9,.\\s\u00a0\u202f']*) bytes\\)")
            .matcher(String.valueOf(e.getMessage()));
    return matcher.find() ? Long.parseLong(matcher.group(1).replaceAll("[^0-9]", "")) : 0;
  }

  private static boolean refusesWantsById(Exception e) {
    String message = Failures.rootMessage(e).toLowerCase(java.util.Locale.ROOT);
    return message.contains("not our ref")
        || message.contains("not valid") && message.contains("want");
  }

  private static FilterSpec blobNone() {
    try {
      return FilterSpec.fromFilterLine("blob:none");
    } catch (org.eclipse.jgit.errors.PackProtocolException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A step of a fetch that may fail. */
  private interface Step<T> {
    T run() throws Exception;
  }

  /** The server cannot do a chunked fetch; fall back to a shallow one. */
  private static final class FiltersUnsupported extends RuntimeException {
    FiltersUnsupported() {
      super(null, null, false, false);
    }
  }

  /** Chooses how many blobs to ask for at once from what the link has let through so far. */
  static final class BatchSizer {
    static final long INITIAL_TARGET_BYTES = 256 * 1024;
    static final long MIN_TARGET_BYTES = 16 * 1024;
    static final long MAX_TARGET_BYTES = 16 * 1024 * 1024;
    static final long ASSUMED_BLOB_BYTES = 4 * 1024;

    private long targetBytes = INITIAL_TARGET_BYTES;
    private long ceilingBytes = MAX_TARGET_BYTES;
    private long blobs;
    private long bytes;

    int nextCount() {
      long perBlob = blobs == 0 ? ASSUMED_BLOB_BYTES : Math.max(1, bytes / blobs);
      return (int) Math.max(1, Math.min(4096, targetBytes / perBlob));
    }

    void succeeded(int count, long packBytes) {
      blobs += count;
      bytes += packBytes;
      targetBytes = Math.min(ceilingBytes, targetBytes * 2);
    }

    /** A batch broke after {@code bytesBeforeFailure}: aim at half of what got through. */
    void failed(long bytesBeforeFailure) {
      if (bytesBeforeFailure > 0) {
        ceilingBytes = Math.max(MIN_TARGET_BYTES, bytesBeforeFailure / 2);
        targetBytes = ceilingBytes;
      } else {
        // Nothing was seen arriving: the link broke early, so step down hard.
        ceilingBytes = Math.max(MIN_TARGET_BYTES, targetBytes / 4);
        targetBytes = ceilingBytes;
      }
    }
  }
}
