package dev.strata.testing.git;

import static dev.strata.testing.git.GitCli.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A bare repository made with C git and served from a directory, with a work tree to commit from.
 * Its content is generated from a seed: text-like files that compress about as source does.
 */
public final class TestRepository {

  private final Path bare;
  private final Path work;

  private TestRepository(Path bare, Path work) {
    this.bare = bare;
    this.work = work;
  }

  /**
   * Creates {@code name.git} under {@code root} with {@code files} files of about {@code
   * bytesPerFile} each in nested directories, committed on branch main.
   */
  public static TestRepository generate(
      Path root, String name, int files, int bytesPerFile, long seed)
      throws IOException, InterruptedException {
    Path work = root.resolve(name + "-work");
    Path bare = root.resolve(name + ".git");
    Files.createDirectories(work);
    git(work, "init", "-q", "-b", "main");
    git(work, "config", "user.email", "test@strata.dev");
    git(work, "config", "user.name", "Strata Test");
    Random random = new Random(seed);
    for (int i = 0; i < files; i++) {
      Path file =
          work.resolve("dir-" + (i % 40)).resolve("sub-" + (i % 7)).resolve("file-" + i + ".yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, text(random, bytesPerFile));
    }
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", "generated " + files + " files");
    git(root, "clone", "-q", "--bare", work.toString(), bare.toString());
    git(work, "remote", "add", "origin", bare.toString());
    var repository = new TestRepository(bare, work);
    repository.allowChunkedFetch(true);
    return repository;
  }

  /** Lets upload-pack filter objects and send any object asked for by id, as GitHub does. */
  public void allowChunkedFetch(boolean allowed) throws IOException, InterruptedException {
    git(bare, "config", "uploadpack.allowFilter", String.valueOf(allowed));
    git(bare, "config", "uploadpack.allowAnySHA1InWant", String.valueOf(allowed));
  }

  /** Commits a change to one file and pushes it; returns the new commit. */
  public String commitFile(String path, String content) throws IOException, InterruptedException {
    Path file = work.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", "change " + path);
    git(work, "push", "-q", "origin", "HEAD:main");
    return head();
  }

  /** Commits several files (path to content; null content deletes the file) and pushes. */
  public String commitFiles(java.util.Map<String, String> files)
      throws IOException, InterruptedException {
    String commit = commitWithoutPush(files);
    push();
    return commit;
  }

  /** Commits several files (path to content; null deletes) in the work tree only. */
  public String commitWithoutPush(java.util.Map<String, String> files)
      throws IOException, InterruptedException {
    for (var entry : files.entrySet()) {
      Path file = work.resolve(entry.getKey());
      if (entry.getValue() == null) {
        Files.deleteIfExists(file);
      } else {
        Files.createDirectories(file.getParent());
        Files.writeString(file, entry.getValue());
      }
    }
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", "change " + String.join(", ", files.keySet()));
    return head();
  }

  /**
   * Commits a file of {@code bytes} random (incompressible) bytes and pushes it; returns the new
   * commit.
   */
  public String commitRandomFile(String path, int bytes, long seed)
      throws IOException, InterruptedException {
    byte[] content = new byte[bytes];
    new Random(seed).nextBytes(content);
    Path file = work.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
    return commitFiles(java.util.Map.of());
  }

  /** Pushes the work tree's HEAD to main of the bare repository (C git's push). */
  public void push() throws IOException, InterruptedException {
    git(work, "push", "-q", "origin", "HEAD:main");
  }

  /** Creates an annotated tag at HEAD and pushes it. */
  public void tag(String name) throws IOException, InterruptedException {
    git(work, "tag", "-a", name, "-m", "release " + name);
    git(work, "push", "-q", "origin", name);
  }

  /** Rewrites main to a new root commit and force-pushes it; returns the new commit. */
  public String forcePushNewHistory(String path, String content)
      throws IOException, InterruptedException {
    git(work, "checkout", "-q", "--orphan", "rewritten");
    git(work, "rm", "-rfq", ".");
    Files.writeString(work.resolve(path), content);
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", "rewritten history");
    git(work, "push", "-q", "--force", "origin", "HEAD:main");
    git(work, "branch", "-q", "-M", "main");
    return head();
  }

  public String head() throws IOException, InterruptedException {
    return git(work, "rev-parse", "HEAD");
  }

  /** The working tree commits are made in. */
  public Path work() {
    return work;
  }

  /** The bare repository that servers publish. */
  public Path bare() {
    return bare;
  }

  private static String text(Random random, int bytes) {
    String[] words = {
      "apiVersion",
      "kind",
      "metadata",
      "name",
      "namespace",
      "labels",
      "spec",
      "replicas",
      "template",
      "containers",
      "image",
      "ports",
      "containerPort",
      "resources",
      "limits",
      "requests",
      "memory",
      "cpu",
      "env",
      "value",
      "volumeMounts",
      "mountPath",
      "readiness"
    };
    StringBuilder text = new StringBuilder(bytes + 64);
    while (text.length() < bytes) {
      text.append(words[random.nextInt(words.length)])
          .append(": ")
          .append(Long.toHexString(random.nextLong()))
          .append('\n');
    }
    return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
