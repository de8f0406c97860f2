package dev.strata.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

/**
 * Keeps bare repositories under a cache directory (a volume in the pod), one per key, and in each
 * the last complete artifact of every consumer that fetches into it. Sources that fetch the same
 * remote with the same credentials share one key ({@link #keyOf}), so one copy of the objects.
 */
public final class ObjectStore {

  /** Points at the last commit fetched completely; consumers read this one. */
  static final String ARTIFACT_REF = "refs/strata/artifact";

  /** Where each consumer of a shared repository records its own artifact. */
  static final String ARTIFACTS_PREFIX = "refs/strata/artifacts/";

  private static final Pattern KEY =
      Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)?");

  private final Path root;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public ObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * Opens the repository for a key ({@code namespace/name}, or any lower-case name), creating it
   * when absent, and holds the key's lock until closed: one fetch per source at a time.
   */
  Lease lease(String key) throws IOException {
    return lease(key, ARTIFACT_REF);
  }

  /** As {@link #lease(String)}, the artifact being the named consumer's ({@link #artifactRef}). */
  Lease lease(String key, String artifactRef) throws IOException {
    Path directory = directoryOf(key);
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      Repository repository = open(directory, true);
      return new Lease(repository, lock, artifactRef);
    } catch (IOException | RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /** The commit of the last complete fetch for a key, if any. */
  public Optional<ObjectId> artifact(String key) {
    Path directory = directoryOf(key);
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Repository repository = open(directory, false)) {
      var ref = repository.exactRef(ARTIFACT_REF);
      return ref == null ? Optional.empty() : Optional.of(ref.getObjectId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a reader over the files of one commit in a key's repository. */
  public RevisionReader reader(String key, ObjectId commit) throws IOException {
    return RevisionReader.open(open(directoryOf(key), false), commit);
  }

  /**
   * A key for one remote reached with one set of credentials: the same URL and credentials, the
   * same repository.
   */
  public static String keyOf(String url, String credentialsIdentity) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  (url + "\n" + credentialsIdentity)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "git/" + java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ref holding a named consumer's artifact, e.g. a GitSource's namespace/name. */
  public static String artifactRef(String consumer) {
    return ARTIFACTS_PREFIX + consumer;
  }

  /** A consumer's artifact in a key's repository, if any. */
  public Optional<ObjectId> artifact(String key, String artifactRef) {
    Path directory = directoryOf(key);
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    try (Repository repository = open(directory, false)) {
      var ref = repository.exactRef(artifactRef);
      return ref == null ? Optional.empty() : Optional.of(ref.getObjectId());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Forgets a consumer's artifact; the repository goes when no consumer's artifact is left in it.
   */
  public void release(String key, String artifactRef) throws IOException {
    Path directory = directoryOf(key);
    if (!Files.isDirectory(directory)) {
      return;
    }
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      boolean empty;
      try (Repository repository = open(directory, false)) {
        if (repository.exactRef(artifactRef) != null) {
          RefUpdate update = repository.updateRef(artifactRef);
          update.setForceUpdate(true);
          update.delete();
        }
        empty = repository.getRefDatabase().getRefsByPrefix("refs/strata/").isEmpty();
      }
      if (empty) {
        FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Deletes a key's repository, e.g. when its GitSource is deleted. */
  public void delete(String key) throws IOException {
    FileUtils.delete(directoryOf(key).toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
  }

  Path directoryOf(String key) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "object store key '" + key + "' must be lower-case name or namespace/name");
    }
    return root.resolve(key + ".git");
  }

  private static Repository open(Path directory, boolean create) throws IOException {
    Repository repository =
        new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
    if (create && !repository.getObjectDatabase().exists()) {
      Files.createDirectories(directory.getParent());
      repository.create(true);
      StoredConfig config = repository.getConfig();
      // Version 2 skips the full ref advertisement on every fetch.
      config.setString("protocol", null, "version", "2");
      config.setInt("gc", null, "auto", 0);
      config.save();
    }
    return repository;
  }

  /** An open repository and its key's lock. */
  static final class Lease implements AutoCloseable {
    private final Repository repository;
    private final ReentrantLock lock;
    private final String artifactRef;

    private Lease(Repository repository, ReentrantLock lock, String artifactRef) {
      this.repository = repository;
      this.lock = lock;
      this.artifactRef = artifactRef;
    }

    Repository repository() {
      return repository;
    }

    Optional<ObjectId> artifact() throws IOException {
      var ref = repository.exactRef(artifactRef);
      return ref == null ? Optional.empty() : Optional.of(ref.getObjectId());
    }

    void setArtifact(ObjectId commit) throws IOException {
      RefUpdate update = repository.updateRef(artifactRef);
      update.setNewObjectId(commit);
      update.setForceUpdate(true);
      update.disableRefLog();
      RefUpdate.Result result = update.update();
      if (result != RefUpdate.Result.NEW
          && result != RefUpdate.Result.FORCED
          && result != RefUpdate.Result.NO_CHANGE
          && result != RefUpdate.Result.FAST_FORWARD) {
        throw new IOException("cannot record artifact " + commit.name() + ": " + result);
      }
    }

    @Override
    public void close() {
      repository.close();
      lock.unlock();
    }
  }
}
