package dev.strata.cli;

import dev.strata.render.DiskTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.KustomizeOutput;
import dev.strata.render.Ordering;
import dev.strata.render.RenderException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
          + " them, never ignored."
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
      var resources =
          new KustomizeBuilder(new DiskTree(treeRoot))
              .build(treeRoot.relativize(target).toString().replace('\\', '/'), order);
      out.print(KustomizeOutput.print(resources));
      out.flush();
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
