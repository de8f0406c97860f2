package dev.strata.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run behind bin/strata's class-data sharing archive: renders every kustomization
 * found under the given directories as {@code strata build} does, output discarded, in a JVM that
 * records the classes it loads ({@code -XX:ArchiveClassesAtExit}). Later runs map those classes
 * from the archive instead of reading and verifying them from the jar.
 *
 * <p>Failures are ignored: a directory that fails to render loads the classes of the error path,
 * which {@code strata build} needs too.
 */
public final class StartupTraining {

  private StartupTraining() {}

  public static void main(String[] args) throws ClassNotFoundException {
    Class.forName("dev.strata.Main"); // the main class, which the training does not run
    BuildCommand.parseDirectly(new String[] {"--reorder", "legacy", "."});
    PrintWriter discard = new PrintWriter(Writer.nullWriter());
    for (String arg : args) {
      for (Path directory : kustomizations(Path.of(arg))) {
        try {
          BuildCommand.render(directory, null, null, discard, discard);
        } catch (IOException | RuntimeException e) {
          // the error path is trained too
        }
      }
    }
  }

  /** Directories holding a kustomization file under {@code root}, a few levels deep. */
  private static List<Path> kustomizations(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(root, 4)) {
      return paths
          .filter(
              path ->
                  Files.isRegularFile(path.resolve("kustomization.yaml"))
                      || Files.isRegularFile(path.resolve("kustomization.yml"))
                      || Files.isRegularFile(path.resolve("Kustomization")))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
