package dev.strata.deploy;

import static dev.strata.deploy.InstallManifests.ROOT;
import static dev.strata.deploy.InstallManifests.find;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks deploy/ against the code it runs: the image tag is the project version, the environment
 * variables are options of `strata operator`, the probes and Services point at the ports the
 * operator serves, and the Deployment is hardened.
 */
class DeployManifestsTest {

  private static List<HasMetadata> objects;
  private static Deployment deployment;
  private static Container operator;

  @BeforeAll
  static void render() throws Exception {
    objects = InstallManifests.render("deploy");
    deployment = find(objects, Deployment.class, "strata");
    operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void imageIsTheOneJibBuildsForThisVersion() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    var version =
        Pattern.compile("<artifactId>strata</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(version.find()).isTrue();
    var image =
        Pattern.compile("<image>ghcr.io/strata-gitops/strata:\\$\\{project.version}</image>")
            .matcher(pom);

    assertThat(image.find()).as("pom.xml's Jib target image").isTrue();
    assertThat(operator.getImage()).isEqualTo("ghcr.io/strata-gitops/strata:" + version.group(1));
    assertThat(operator.getArgs()).containsExactly("operator");
  }

  @Test
  void environmentVariablesAreReadByTheOperatorCommand() throws Exception {
    String source =
        Files.readString(
            ROOT.resolve("operator/src/main/java/dev/strata/cli/OperatorCommand.java"));

    for (EnvVar env : operator.getEnv()) {
      assertThat(source)
          .as("strata operator reads " + env.getName())
          .containsAnyOf(
              "${env:" + env.getName() + "}",
              "${env:" + env.getName() + ":-",
              "getenv(\"" + env.getName() + "\")");
    }
    assertThat(operator.getEnv())
        .extracting(EnvVar::getName)
        .contains("POD_NAME", "POD_NAMESPACE", "STRATA_CACHE_DIR", "STRATA_MANAGEMENT_PORT");
  }

  @Test
  void probesAndMetricsUseTheManagementPort() {
    int managementPort = Integer.parseInt(env("STRATA_MANAGEMENT_PORT"));
    var metrics = port("http-metrics");

    assertThat(metrics.getContainerPort()).isEqualTo(managementPort);
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    for (var probe :
        List.of(
            operator.getLivenessProbe(),
            operator.getReadinessProbe(),
            operator.getStartupProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http-metrics");
    }
    assertThat(port("http-webhook").getContainerPort()).isEqualTo(9292);
  }

  @Test
  void servicesSelectTheOperatorPodAndNameTheirPorts() {
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    var metrics = find(objects, Service.class, "strata-metrics");
    var webhook = find(objects, Service.class, "strata-webhook");

    for (Service service : List.of(metrics, webhook)) {
      assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
    }
    assertThat(metrics.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort, p -> p.getTargetPort().getStrVal())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("http-metrics", 8080, "http-metrics"));
    assertThat(webhook.getSpec().getPorts())
        .extracting(ServicePort::getName, ServicePort::getPort, p -> p.getTargetPort().getStrVal())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("http-webhook", 9292, "http-webhook"));
  }

  @Test
  void deploymentIsNonRootReadOnlyWithoutCapabilities() {
    var pod = deployment.getSpec().getTemplate().getSpec();
    var security = operator.getSecurityContext();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getServiceAccountName()).isEqualTo("strata");
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void gitCacheAndTmpAreWritableVolumes() {
    Map<String, String> mounts =
        operator.getVolumeMounts().stream()
            .collect(Collectors.toMap(m -> m.getMountPath(), m -> m.getName()));
    Map<String, Volume> volumes =
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
            .collect(Collectors.toMap(Volume::getName, v -> v));

    for (String path : List.of(env("STRATA_CACHE_DIR"), "/tmp")) {
      assertThat(mounts).as(path).containsKey(path);
      var volume = volumes.get(mounts.get(path));
      assertThat(volume.getEmptyDir() != null || volume.getPersistentVolumeClaim() != null)
          .as(path + " is an emptyDir or a claim")
          .isTrue();
    }
  }

  @Test
  void serviceMonitorComponentScrapesTheMetricsService() throws Exception {
    // A user's kustomization that adds the component, as its README shows.
    Path user = Files.createDirectories(ROOT.resolve("target/deploy-with-servicemonitor"));
    Files.writeString(
        user.resolve("kustomization.yaml"),
        "resources:\n- ../../deploy\ncomponents:\n- ../../deploy/components/servicemonitor\n");
    var withMonitor = InstallManifests.render("target/deploy-with-servicemonitor");
    var monitor =
        withMonitor.stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .map(GenericKubernetesResource.class::cast)
            .findFirst()
            .orElseThrow();
    var metrics = find(withMonitor, Service.class, "strata-metrics");

    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("strata-system");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(find(withMonitor, Service.class, "strata-webhook").getMetadata().getLabels())
        .as("only the metrics Service is scraped")
        .doesNotContainEntry(
            "app.kubernetes.io/component", selector.get("app.kubernetes.io/component"));
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).containsEntry("port", "http-metrics").containsEntry("path", "/metrics");
            });
    assertThat(withMonitor).hasSize(objects.size() + 1);
  }

  private static String env(String name) {
    return operator.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  private static ContainerPort port(String name) {
    return operator.getPorts().stream()
        .filter(p -> p.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
