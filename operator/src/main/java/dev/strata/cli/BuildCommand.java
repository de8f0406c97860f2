package dev.strata.cli;

import dev.strata.render.DiskTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.KustomizeOutput;
import dev.strata.render.Ordering;
import dev.strata.render.RemoteLoader;
import dev.strata.render.RenderException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;
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

  @Option(
      names = "--no-remote-resources",
      description =
          "Refuse remote resources, bases and components (URLs). By default they are fetched as"
              + " kustomize fetches them: Git URLs over https, http, git or file (anonymously; SSH"
              + " is refused, having no known_hosts), and http(s) files.")
  boolean noRemoteResources;

  @Override
  public Integer call() throws IOException {
    return render(this, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /**
   * Runs {@code strata build} without picocli when {@link #parseDirectly} can read the arguments
   * (those after {@code build}). picocli reads a command's annotations with reflection, and its
   * classes (compiled for Java 5) cannot be kept in a class-data sharing archive; together they
   * cost more than a small build.
   *
   * @return the exit code, or empty when picocli must run the command
   */
  public static OptionalInt runDirectly(String[] args) {
    BuildCommand command = parseDirectly(args);
    if (command == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(render(command, stdout(), stderr()));
    } catch (IOException | RuntimeException e) {
      e.printStackTrace(); // as picocli reports an exception thrown by call()
      return OptionalInt.of(1);
    }
  }

  /**
   * The command for arguments in one of the plain forms: at most one directory, {@code --reorder
   * legacy|none} and {@code --root DIR} at most once each, as two arguments or joined by {@code =}.
   * Null for anything else (help, version, {@code @files}, {@code --}, unknown or repeated options,
   * a missing value), which picocli then reads and explains as usual.
   */
  static BuildCommand parseDirectly(String[] args) {
    for (String arg : args) {
      if (arg.startsWith("@")) {
        return null; // an argument file, which picocli expands
      }
    }
    BuildCommand command = new BuildCommand();
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--no-remote-resources") && !command.noRemoteResources) {
          command.noRemoteResources = true;
          continue;
        }
        if (!arg.startsWith("-")) {
          if (command.directory != null) {
            return null;
          }
          command.directory = Path.of(arg);
          continue;
        }
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg : arg.substring(0, equals);
        String value;
        if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
          value = args[++i];
        } else {
          return null;
        }
        if (name.equals("--reorder") && command.reorder == null) {
          command.reorder = reorderValue(value);
          if (command.reorder == null) {
            return null;
          }
        } else if (name.equals("--root") && command.root == null && !value.isEmpty()) {
          command.root = Path.of(value);
        } else {
          return null;
        }
      }
    } catch (InvalidPathException e) {
      return null;
    }
    if (command.directory == null) {
      command.directory = Path.of(".");
    }
    return command;
  }

  private static Reorder reorderValue(String value) {
    for (Reorder candidate : Reorder.values()) {
      if (candidate.name().equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    return null;
  }

  /** Standard output with the encoding picocli gives it (sun.stdout.encoding, else the default). */
  private static PrintWriter stdout() {
    return writer(System.out, System.getProperty("sun.stdout.encoding"));
  }

  private static PrintWriter stderr() {
    return writer(System.err, System.getProperty("sun.stderr.encoding"));
  }

  private static PrintWriter writer(PrintStream stream, String encoding) {
    Charset charset =
        encoding == null
            ? Charset.defaultCharset()
            : Charset.forName("cp65001".equalsIgnoreCase(encoding) ? "UTF-8" : encoding);
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
  }

  /** Renders {@code directory} with remote resources allowed, as a plain {@code strata build}. */
  static int render(Path directory, Reorder reorder, Path root, PrintWriter out, PrintWriter err)
      throws IOException {
    BuildCommand command = new BuildCommand();
    command.directory = directory;
    command.reorder = reorder;
    command.root = root;
    return render(command, out, err);
  }

  /**
   * Renders the command's directory to {@code out}; errors go to {@code err}. Returns the exit
   * code.
   */
  static int render(BuildCommand command, PrintWriter out, PrintWriter err) throws IOException {
    Path directory = command.directory;
    Path root = command.root;
    Reorder reorder = command.reorder;
    try {
      Path target = directory.toRealPath();
      Path treeRoot = (root != null ? root : defaultRoot(target)).toRealPath();
      if (!target.startsWith(treeRoot)) {
        throw new RenderException(directory + " is outside the root " + treeRoot);
      }
      Ordering order =
          reorder == null ? null : reorder == Reorder.none ? Ordering.FIFO : Ordering.LEGACY;
      try (RemoteLoader remotes =
          command.noRemoteResources
              ? RemoteLoader.refusing("--no-remote-resources")
              : new FetchedOnDemand()) {
        var resources =
            new KustomizeBuilder(new DiskTree(treeRoot), remotes)
                .build(treeRoot.relativize(target).toString().replace('\\', '/'), order);
        out.print(KustomizeOutput.print(resources));
        out.flush();
      }
      return 0;
    } catch (RenderException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return 1;
    } catch (NoSuchFileException e) {
      err.println("Error: " + e.getFile() + " does not exist");
      err.flush();
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
