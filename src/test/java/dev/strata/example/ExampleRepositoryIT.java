package dev.strata.example;

import static dev.strata.example.ExampleRepository.HOMELAB;
import static dev.strata.example.ExampleRepository.NAMESPACE;
import static dev.strata.example.ExampleRepository.ROOT;
import static dev.strata.example.ExampleRepository.SIMULATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.render.KustomizeOutput;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.Kubectl;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders the example repository and the install manifests with the real kustomize CLI, compares
 * the bytes with Strata's renderer, and validates every object of every layer with a server-side
 * dry-run on a real API server (Pod Security admission included).
 *
 * <p>The dry-run moves the layers from the fixed namespace {@code homelab} into a fresh one with
 * the same Pod Security labels, so that tests sharing the API server never collide.
 */
@ExtendWith(ApiServerExtension.class)
class ExampleRepositoryIT {

  /** The trees that hold kustomizations users build. */
  private static final List<String> TREES = List.of("infrastructure", "apps", "clusters", "deploy");

  private static final Pattern HOMELAB_NAMESPACE =
      Pattern.compile("(?m)^(\\s*)namespace: " + NAMESPACE + "$");
  private static final Pattern OPERATOR_NAMESPACE =
      Pattern.compile("(?m)^(\\s*)namespace: strata-system$");

  private final KubernetesClient client;
  private final Kubectl kubectl;

  ExampleRepositoryIT(KubernetesClient client, LocalControlPlane controlPlane) {
    this.client = client;
    this.kubectl = new Kubectl(controlPlane.kubeconfig());
  }

  /** Every kustomization directory of the trees, except Components (not buildable alone). */
  static Stream<String> kustomizations() throws IOException {
    Set<String> directories = new TreeSet<>();
    for (String tree : TREES) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(tree))) {
        for (Path file : files.filter(f -> f.endsWith("kustomization.yaml")).toList()) {
          if (!Files.readString(file).contains("kind: Component")) {
            directories.add(ROOT.relativize(file.getParent()).toString().replace('\\', '/'));
          }
        }
      }
    }
    return directories.stream();
  }

  /** The layer directories of both clusters' LayeredKustomizations. */
  static Stream<String> layers() throws IOException {
    Set<String> paths = new TreeSet<>();
    for (String cluster : List.of(HOMELAB, SIMULATED)) {
      ExampleRepository.layerList(cluster).forEach(layer -> paths.add(layer.getPath()));
    }
    return paths.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kustomizations")
  void strataRendersByteForByteLikeKustomize(String directory) throws Exception {
    String theirs = kustomizeBuild(directory);

    assertThat(KustomizeOutput.print(ExampleRepository.render(directory))).isEqualTo(theirs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void everyObjectOfTheLayerPassesServerSideDryRun(String layer) throws Exception {
    String namespace = restrictedNamespace();
    String rendered = replaceNamespace(HOMELAB_NAMESPACE, kustomizeBuild(layer), namespace);
    int objects = countObjects(rendered);

    String output = dryRun(rendered);

    assertThat(output).as("Pod Security and deprecation warnings").doesNotContain("Warning");
    assertThat(output.lines().filter(l -> l.endsWith("(server dry run)")).count())
        .as(output)
        .isEqualTo(objects);
  }

  @Test
  void clusterEntryPointsAreValidCustomResources() throws Exception {
    for (String cluster : List.of(HOMELAB, SIMULATED)) {
      String namespace = TestNamespaces.create(client, "example-cluster");
      String rendered = replaceNamespace(OPERATOR_NAMESPACE, kustomizeBuild(cluster), namespace);

      String output = dryRun(rendered);

      assertThat(output)
          .as(cluster)
          .contains("gitsource.gitops.strata.dev/homelab serverside-applied (server dry run)")
          .contains(
              "layeredkustomization.gitops.strata.dev/homelab serverside-applied (server dry run)");
    }
  }

  private String dryRun(String rendered) throws Exception {
    Path file = Files.createTempFile("example-", ".yaml");
    try {
      Files.writeString(file, rendered);
      return kubectl.run(
          "apply",
          "--server-side",
          "--dry-run=server",
          "--field-manager=example-repository-it",
          "-f",
          file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** A fresh namespace that enforces the restricted Pod Security Standard, as homelab does. */
  private String restrictedNamespace() {
    String namespace = TestNamespaces.create(client, "example");
    client
        .namespaces()
        .withName(namespace)
        .edit(
            ns -> {
              ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
              ns.getMetadata().getLabels().put("pod-security.kubernetes.io/warn", "restricted");
              return ns;
            });
    return namespace;
  }

  private static String replaceNamespace(Pattern from, String yaml, String to) {
    return from.matcher(yaml).replaceAll("$1namespace: " + Matcher.quoteReplacement(to));
  }

  private static int countObjects(String yaml) {
    return (int) yaml.lines().filter(l -> l.startsWith("kind: ")).count();
  }

  static String kustomizeBuild(String directory) throws Exception {
    Path kustomize = kustomize().orElse(null);
    assumeTrue(
        kustomize != null,
        "the kustomize CLI is not provisioned (hack/test-binaries.sh builds it with Go)");
    Process process =
        new ProcessBuilder(kustomize.toString(), "build", directory)
            .directory(ROOT.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kustomize build " + directory).isZero();
    return output;
  }

  private static Optional<Path> kustomize() {
    return ControlPlaneBinaries.locate()
        .map(b -> b.binary("kustomize"))
        .filter(Files::isExecutable);
  }
}
