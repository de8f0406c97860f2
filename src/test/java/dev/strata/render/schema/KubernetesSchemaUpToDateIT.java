package dev.strata.render.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.localcluster.LocalControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails when the committed Kubernetes schema differs from what a fresh kube-apiserver serves.
 * hack/update-kubernetes-schema.sh (which sets -Dstrata.updateKubernetesSchema=true) rewrites it.
 * Skips, saying why, where the control-plane binaries are not provisioned: without them
 * kube-api-test would download an API server of its own choosing.
 */
class KubernetesSchemaUpToDateIT {

  static final Path COMMITTED =
      Path.of("operator/src/main/resources/dev/strata/render/schema/kubernetes-schema.json");

  @Test
  void committedSchemaMatchesTheApiServer(@TempDir Path work) throws Exception {
    assumeTrue(
        ControlPlaneBinaries.locate().isPresent(),
        "kube-apiserver and etcd are not provisioned (run hack/test-binaries.sh)");
    String generated;
    // A control plane of its own: the shared one has Strata's CRDs, which are not Kubernetes'.
    try (var controlPlane = LocalControlPlane.start(LocalControlPlane.Mode.API_SERVER, work, 0);
        var client = controlPlane.newClient()) {
      var openapi = new ObjectMapper().readTree(client.raw("/openapi/v2"));
      generated =
          KubernetesSchemaGenerator.generate(
              openapi, client.getKubernetesVersion().getGitVersion());
    }

    if (Boolean.getBoolean("strata.updateKubernetesSchema")) {
      Files.createDirectories(COMMITTED.getParent());
      Files.writeString(COMMITTED, generated);
    }

    assertThat(Files.exists(COMMITTED))
        .as("%s is missing: generate it with hack/update-kubernetes-schema.sh", COMMITTED)
        .isTrue();
    assertThat(Files.readString(COMMITTED))
        .as("%s is stale: regenerate it with hack/update-kubernetes-schema.sh", COMMITTED)
        .isEqualTo(generated);
  }
}
