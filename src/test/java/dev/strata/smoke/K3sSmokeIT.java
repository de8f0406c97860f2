package dev.strata.smoke;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The smoke test on a real k3s cluster in a container (Testcontainers). Where no Docker engine
 * runs, it is reported skipped with the reason (see {@link RequiresDocker}).
 */
@ExtendWith(RequiresDocker.class)
class K3sSmokeIT extends ClusterSmokeTest {

  /** k3s with the same Kubernetes minor as the binaries the other tests run. */
  static final DockerImageName K3S = DockerImageName.parse("rancher/k3s:v1.33.5-k3s1");

  private static K3sContainer k3s;
  private static KubernetesClient client;
  private static Path kubeconfig;

  @BeforeAll
  static void startK3s() throws IOException {
    k3s = new K3sContainer(K3S);
    k3s.start();
    kubeconfig = Files.createTempFile("k3s-", ".kubeconfig");
    Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
            .build();
  }

  @AfterAll
  static void stopK3s() throws IOException {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
    if (kubeconfig != null) {
      Files.deleteIfExists(kubeconfig);
    }
  }

  @Override
  KubernetesClient client() {
    return client;
  }

  @Override
  Path kubeconfig() {
    return kubeconfig;
  }
}
