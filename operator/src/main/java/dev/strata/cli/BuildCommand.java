package dev.strata.cli;

import dev.strata.render.DiskTree;
import dev.strata.render.FetchingRemoteLoader;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.KustomizeOutput;
import dev.strata.render.Ordering;
import dev.strata.render.RemoteLoader;
import dev.strata.render.RenderException;
import dev.strata.source.FetchRequest;
import dev.strata.source.GitFetcher;
import dev.strata.source.HttpFiles;
import dev.strata.source.ObjectStore;
import dev.strata.source.RemoteCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.jgit.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Renders a kustomize directory in the JVM and prints it like {@code kustomize build}. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Render a kustomization directory and print the YAML like `kustomize build`.",
      "Errors go to standard error with exit code 1. Fields not supported yet are errors naming"
          + " them, never ignored. Remote resources (URLs) are fetched unless"
          + " --no-remote-resources."
    })
public final class BuildCommand implements Callable<Integer> {

  /** kustomize's --reorder values. */
  enum Reorder {
    legacy,
    none
  }

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "Directory holding a kustomization. Default: the current one.")
  Path directory;

  @Option(
      names = "--reorder",
      description =
          "legacy (kind order) or none (input order). Default: the kustomization's sortOptions, else legacy.")
  Reorder reorder;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description =
          "The repository root that ../ may reach. Default: the enclosing Git work tree, else the file system's root (as kustomize).")
  Path root;

  @Option(
      names = "--no-remote-resources",
      description =
          "Refuse remote resources, bases and components (URLs). By default they are fetched as"
              + " kustomize fetches them: Git URLs over https, http, git or file (anonymously; SSH"
              + " is refused, having no known_hosts), and http(s) files.")
  boolean noRemoteResources;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Path target = directory.toRealPath();
      Path treeRoot = (root != null ? root : defaultRoot(target)).toRealPath();
      if (!target.startsWith(treeRoot)) {
        throw new RenderException(directory + " is outside the root " + treeRoot);
      }
      Ordering order =
          reorder == null ? null : reorder == Reorder.none ? Ordering.FIFO : Ordering.LEGACY;
      Path cache = noRemoteResources ? null : Files.createTempDirectory("strata-remote-");
      try (RemoteLoader remotes = remotes(cache)) {
        var resources =
            new KustomizeBuilder(new DiskTree(treeRoot), remotes)
                .build(treeRoot.relativize(target).toString().replace('\\', '/'), order);
        out.print(KustomizeOutput.print(resources));
        out.flush();
      } finally {
        if (cache != null) {
          FileUtils.delete(cache.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        }
      }
      return 0;
    } catch (RenderException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    } catch (NoSuchFileException e) {
      err.println("Error: " + e.getFile() + " does not exist");
      return 1;
    }
  }

  /**
   * Remote resources fetched into a throw-away object store, as kustomize clones into a temporary
   * directory; or, with --no-remote-resources, refused.
   */
  private RemoteLoader remotes(Path cache) {
    if (cache == null) {
      return RemoteLoader.refusing("--no-remote-resources");
    }
    var store = new ObjectStore(cache);
    return new FetchingRemoteLoader(
        new GitFetcher(store),
        store,
        new HttpFiles(),
        RemoteCredentials.anonymous(true),
        FetchRequest.DEFAULT_STALL_TIMEOUT);
  }

  /**
   * The enclosing Git work tree; outside one, the file system's root, as kustomize lets a base be
   * anywhere (files a kustomization reads stay confined to its own directory either way).
   */
  private static Path defaultRoot(Path target) {
    for (Path dir = target; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return dir;
      }
    }
    return target.getRoot();
  }
}
