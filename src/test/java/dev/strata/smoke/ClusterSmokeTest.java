package dev.strata.smoke;

import static dev.strata.testing.TestResources.gitSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.runtime.CustomResourceDefinitions;
import dev.strata.testing.Kubectl;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The smoke test every kind of cluster must pass: the CRDs install and are served, a GitSource
 * round-trips with its defaults, an invalid one is refused, and kubectl shows Strata's columns.
 * Subclasses say which cluster.
 */
abstract class ClusterSmokeTest {

  /** An admin client for the cluster under test. */
  abstract KubernetesClient client();

  /** A kubeconfig file for the cluster under test. */
  abstract Path kubeconfig();

  @Test
  void crdsInstallAndGitSourcesRoundTrip() throws Exception {
    CustomResourceDefinitions.install(client());
    String namespace = TestNamespaces.create(client(), "smoke");

    var created =
        client().resource(gitSource(namespace, "homelab", ref -> ref.setBranch("main"))).create();
    assertThat(created.getSpec().getTimeout()).isEqualTo("60s");

    assertThatThrownBy(
            () ->
                client()
                    .resource(
                        gitSource(
                            namespace,
                            "bad",
                            ref -> {
                              ref.setBranch("main");
                              ref.setTag("v1");
                            }))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("exactly one of branch, tag, semver or commit must be set");

    String table = new Kubectl(kubeconfig()).run("get", "strata", "-n", namespace);
    assertThat(table).contains("URL").contains("READY").contains("REVISION").contains("homelab");
  }
}
