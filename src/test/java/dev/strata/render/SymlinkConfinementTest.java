package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.source.ObjectStore;
import dev.strata.source.RevisionReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Symlinks are confined as kustomize's default load restrictor confines them: a file a
 * kustomization reads must resolve, links followed, to a place in or below the kustomization's own
 * (resolved) directory; a base or component directory may be anywhere in the repository. Each case
 * runs on a directory on disk and on the same tree committed to Git.
 */
class SymlinkConfinementTest {

  private static final String DEPLOYMENT =
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";

  enum Kind {
    DISK,
    GIT
  }

  @TempDir Path temp;
  private final List<AutoCloseable> open = new ArrayList<>();
  private FileTree committed;

  @BeforeEach
  void writeRepository() throws IOException {
    Path repo = Files.createDirectories(temp.resolve("work"));
    write(repo, "other/deployment.yaml", DEPLOYMENT);
    write(
        repo, "other/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
    write(repo, "other/secret.txt", "not for this kustomization\n");
    write(repo, "other-base/kustomization.yaml", "resources:\n- deployment.yaml\n");
    write(repo, "other-base/deployment.yaml", DEPLOYMENT);

    write(repo, "file-out/kustomization.yaml", "resources:\n- deployment.yaml\n");
    link(repo, "file-out/deployment.yaml", "../other/deployment.yaml");

    write(repo, "file-in/kustomization.yaml", "resources:\n- alias.yaml\n");
    write(repo, "file-in/sub/real.yaml", DEPLOYMENT);
    link(repo, "file-in/alias.yaml", "sub/real.yaml");

    write(repo, "dir-out/kustomization.yaml", "resources:\n- linked/deployment.yaml\n");
    link(repo, "dir-out/linked", "../other");

    write(repo, "base-link/kustomization.yaml", "resources:\n- base\n");
    link(repo, "base-link/base", "../other-base");

    write(
        repo,
        "patch-out/kustomization.yaml",
        "resources:\n- deployment.yaml\npatches:\n- path: patch.yaml\n");
    write(repo, "patch-out/deployment.yaml", DEPLOYMENT);
    link(repo, "patch-out/patch.yaml", "../other/patch.yaml");

    write(
        repo,
        "generator-out/kustomization.yaml",
        "configMapGenerator:\n- name: settings\n  files:\n  - secret.txt\n");
    link(repo, "generator-out/secret.txt", "../other/secret.txt");

    write(repo, "root-out/kustomization.yaml", "resources:\n- passwd.yaml\n");
    link(repo, "root-out/passwd.yaml", "../../outside.yaml");
    write(temp, "outside.yaml", DEPLOYMENT);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLinkToAFileOutsideTheKustomizationIsRefused(Kind kind) throws Exception {
    assertThatThrownBy(() -> build(kind, "file-out"))
        .isInstanceOf(RenderException.class)
        .hasMessage(
            "file-out/kustomization.yaml: resources: security: file 'deployment.yaml' is a link to"
                + " 'other/deployment.yaml', which is not in or below 'file-out'");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLinkedDirectoryOnTheWayIsResolvedToo(Kind kind) throws Exception {
    assertThatThrownBy(() -> build(kind, "dir-out"))
        .isInstanceOf(RenderException.class)
        .hasMessage(
            "dir-out/kustomization.yaml: resources: security: file 'linked/deployment.yaml' is a"
                + " link to 'other/deployment.yaml', which is not in or below 'dir-out'");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void patchesAndGeneratorFilesAreConfinedAlike(Kind kind) throws Exception {
    assertThatThrownBy(() -> build(kind, "patch-out"))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("security: file 'patch.yaml' is a link to 'other/patch.yaml'");
    assertThatThrownBy(() -> build(kind, "generator-out"))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("security: file 'secret.txt' is a link to 'other/secret.txt'");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLinkOutOfTheRepositoryIsRefused(Kind kind) {
    assertThatThrownBy(() -> build(kind, "root-out"))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("passwd.yaml is a link to")
        .hasMessageContaining("outside the repository root; it is not read");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void linksThatStayInsideAreFollowed(Kind kind) throws Exception {
    assertThat(build(kind, "file-in")).extracting(Resource::name).containsExactly("web");
    assertThat(build(kind, "base-link")).extracting(Resource::name).containsExactly("web");
  }

  private List<Resource> build(Kind kind, String directory) throws Exception {
    FileTree tree = kind == Kind.DISK ? new DiskTree(temp.resolve("work")) : gitTree();
    return new KustomizeBuilder(tree).build(directory, Ordering.FIFO);
  }

  /** The work tree committed with C git, cloned bare into an object store. */
  private FileTree gitTree() throws Exception {
    if (committed != null) {
      return committed;
    }
    Path work = temp.resolve("work");
    git(work, "init", "-q");
    git(work, "add", "-A");
    git(work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "tree");
    Path store = temp.resolve("store");
    git(temp, "clone", "-q", "--bare", work.toString(), store.resolve("t.git").toString());
    String head =
        new String(
                new ProcessBuilder("git", "-C", work.toString(), "rev-parse", "HEAD")
                    .start()
                    .getInputStream()
                    .readAllBytes())
            .strip();
    RevisionReader reader = new ObjectStore(store).reader("t", ObjectId.fromString(head));
    open.add(reader);
    committed = new GitTree(reader);
    return committed;
  }

  private static void git(Path directory, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  private static void write(Path root, String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static void link(Path root, String path, String target) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, Path.of(target));
  }
}
