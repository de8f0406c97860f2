package dev.strata.cli;

import dev.strata.api.LayeredKustomization;
import dev.strata.runtime.KubernetesClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The training run behind bin/strata's class-data sharing archive: renders every kustomization
 * found under the given directories as {@code strata build} does, output discarded, in a JVM that
 * records the classes it loads ({@code -XX:ArchiveClassesAtExit}). Later runs map those classes
 * from the archive instead of reading and verifying them from the jar.
 *
 * <p>Failures are ignored: a directory that fails to render loads the classes of the error path,
 * which {@code strata build} needs too.
 *
 * <p>It also sets up what the cluster commands ({@code diff}, {@code get}, {@code check}, ...) load
 * before their first request: logging, a Kubernetes client, and reading a LayeredKustomization. It
 * sends no request.
 */
public final class StartupTraining {

  private StartupTraining() {}

  public static void main(String[] args) throws ClassNotFoundException {
    Class.forName("dev.strata.Main"); // the main class, which the training does not run
    BuildCommand.parseDirectly(new String[] {"--reorder", "legacy", "."});
    clusterClient();
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

  private static void clusterClient() {
    LoggerFactory.getLogger(StartupTraining.class).debug("training");
    Config config = new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build();
    try (KubernetesClient client = KubernetesClients.of(config)) {
      client.resources(LayeredKustomization.class).inNamespace("default").withName("homelab");
      Serialization.unmarshal(
          """
          apiVersion: gitops.strata.dev/v1alpha1
          kind: LayeredKustomization
          metadata: {name: homelab, namespace: default}
          spec:
            sourceRef: {name: homelab}
            layers: [{name: base, path: infrastructure/base}]
          """,
          LayeredKustomization.class);
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
