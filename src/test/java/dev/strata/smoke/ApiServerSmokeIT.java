package dev.strata.smoke;

import dev.strata.localcluster.LocalControlPlane;
import dev.strata.testing.ApiServerExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtendWith;

/** The smoke test on kube-apiserver + etcd started from binaries. */
@ExtendWith(ApiServerExtension.class)
class ApiServerSmokeIT extends ClusterSmokeTest {

  private final KubernetesClient client;
  private final Path kubeconfig;

  ApiServerSmokeIT(KubernetesClient client, LocalControlPlane controlPlane) {
    this.client = client;
    this.kubeconfig = controlPlane.kubeconfig();
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
