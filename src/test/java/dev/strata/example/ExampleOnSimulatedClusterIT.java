package dev.strata.example;

import static dev.strata.example.ExampleRepository.NAMESPACE;
import static dev.strata.example.ExampleRepository.SIMULATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.Layer;
import dev.strata.layers.LayerPlan;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.testing.Kubectl;
import dev.strata.testing.SimulatedClusterExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Applies the six layers of clusters/simulated with kubectl, in the order their dependsOn gives, on
 * a simulated cluster, and waits for each layer's workloads to roll out as the operator would:
 * proof that the example's claims bind, its pods pass Pod Security admission, schedule and become
 * Ready there.
 *
 * <p>The layers move from namespace {@code homelab} into a fresh one, and cluster-scoped objects
 * named {@code homelab-*} get the fresh namespace as prefix, so the run leaves nothing behind that
 * another test of the shared cluster could meet.
 */
@ExtendWith(SimulatedClusterExtension.class)
class ExampleOnSimulatedClusterIT {

  private static final Pattern NAMESPACE_FIELD =
      Pattern.compile("(?m)^(\\s*)namespace: " + NAMESPACE + "$");
  private static final Pattern PREFIXED_NAME = Pattern.compile("(?m)^(\\s*)name: homelab-");
  private static final Pattern WORKLOAD =
      Pattern.compile("(?m)^kind: (Deployment|StatefulSet)\\n(?:.*\\n)*?  name: (\\S+)$");

  private final KubernetesClient client;
  private final Kubectl kubectl;
  private final List<Path> applied = new ArrayList<>();
  private String namespace;

  ExampleOnSimulatedClusterIT(KubernetesClient client, LocalControlPlane controlPlane) {
    this.client = client;
    this.kubectl = new Kubectl(controlPlane.kubeconfig());
  }

  @AfterEach
  void deleteWhatWasApplied() throws Exception {
    for (int i = applied.size() - 1; i >= 0; i--) {
      kubectl.run("delete", "--ignore-not-found", "--wait=false", "-f", applied.get(i).toString());
      Files.deleteIfExists(applied.get(i));
    }
    if (namespace != null) {
      client.namespaces().withName(namespace).delete();
    }
  }

  @Test
  void sixLayersBecomeReadyInDependencyOrder() throws Exception {
    namespace = TestNamespaces.create(client, "homelab");
    client
        .namespaces()
        .withName(namespace)
        .edit(
            ns -> {
              ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
              return ns;
            });
    var plan = LayerPlan.of(ExampleRepository.layerList(SIMULATED));

    Map<String, Long> readyAfterMillis = new LinkedHashMap<>();
    Instant start = Instant.now();
    for (Layer layer : plan.topological()) {
      String rendered = relocate(ExampleRepositoryIT.kustomizeBuild(layer.getPath()));
      Path file = Files.createTempFile("layer-" + layer.getName() + "-", ".yaml");
      Files.writeString(file, rendered);
      applied.add(file);

      String output = kubectl.run("apply", "-f", file.toString());
      assertThat(output).as(layer.getName()).doesNotContain("Warning");
      for (String workload : workloads(rendered)) {
        kubectl.run("rollout", "status", "-n", namespace, workload, "--timeout=120s");
      }
      readyAfterMillis.put(layer.getName(), Duration.between(start, Instant.now()).toMillis());
    }

    System.out.println("example layers Ready after (ms): " + readyAfterMillis);
    assertThat(readyAfterMillis.keySet())
        .containsExactlyInAnyOrder(
            "base", "data", "support", "apps", "dashboards", "infrastructure");
    assertThat(kubectl.run("get", "pvc", "-n", namespace, "--no-headers"))
        .as("every claim is bound to its pre-created volume")
        .doesNotContain("Pending")
        .contains("data-postgres-0", "data-redis-0", "storage-qdrant-0", "registry-data");
    String pods =
        kubectl.run(
            "get",
            "pods",
            "-n",
            namespace,
            "-o",
            "jsonpath={range .items[*]}{.metadata.name} {.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}");
    assertThat(pods.lines().count()).as(pods).isEqualTo(15);
    assertThat(pods.lines().filter(l -> !l.endsWith(" True")).toList()).as(pods).isEmpty();
  }

  /**
   * Moves the layer into this test's namespace; the Namespace object itself is replaced by the one
   * the test created.
   */
  private String relocate(String yaml) {
    String moved =
        NAMESPACE_FIELD
            .matcher(yaml)
            .replaceAll("$1namespace: " + Matcher.quoteReplacement(namespace));
    moved =
        PREFIXED_NAME
            .matcher(moved)
            .replaceAll("$1name: " + Matcher.quoteReplacement(namespace) + "-");
    return Arrays.stream(moved.split("(?m)^---\\n"))
        .filter(document -> !document.startsWith("apiVersion: v1\nkind: Namespace\n"))
        .collect(Collectors.joining("---\n"));
  }

  /** deployment/NAME and statefulset/NAME for each workload of a rendered layer. */
  private static List<String> workloads(String yaml) {
    List<String> workloads = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\n")) {
      var matcher = WORKLOAD.matcher(document);
      if (matcher.find()) {
        workloads.add(matcher.group(1).toLowerCase() + "/" + matcher.group(2));
      }
    }
    return workloads;
  }
}
