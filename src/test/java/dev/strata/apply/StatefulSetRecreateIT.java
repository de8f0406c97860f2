package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.strata.render.Resource;
import dev.strata.testing.SimulatedClusterExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The homelab's postgres StatefulSet with a changed volumeClaimTemplates, on the simulated cluster
 * (controllers, scheduler, kwok nodes), so its pod and claim really exist: a clear error without
 * force; with force it is recreated, and the pod and the claim are the same objects after.
 */
@ExtendWith(SimulatedClusterExtension.class)
class StatefulSetRecreateIT {

  private static final Path POSTGRES = Path.of("infrastructure/data/postgres/statefulset.yaml");
  private static final Duration ROLLOUT = Duration.ofSeconds(90);

  private final KubernetesClient client;
  private String namespace;

  StatefulSetRecreateIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "recreate");
  }

  @Test
  void changedVolumeClaimTemplatesFailWithoutForceAndRecreateWithItKeepingPodAndClaim()
      throws Exception {
    ApplyOptions options =
        ApplyOptions.defaults()
            .withDefaultNamespace(namespace)
            .withOwnerLabels(Map.of("strata.dev/layer", "data"));
    var applier = new LayerApplier(client, options);
    String original = Files.readString(POSTGRES);
    assertThat(original).contains("storage: 20Gi");
    applier.apply(Layers.from(POSTGRES.toString(), original));
    StatefulSet first = statefulSet();
    Pod pod = await().atMost(ROLLOUT).until(() -> pod(), p -> p != null);
    PersistentVolumeClaim claim = await().atMost(ROLLOUT).until(() -> claim(), c -> c != null);

    List<Resource> bigger =
        Layers.from(POSTGRES.toString(), original.replace("storage: 20Gi", "storage: 30Gi"));
    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(bigger));

    assertThat(error.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().toString()).isEqualTo("StatefulSet/" + namespace + "/postgres");
              assertThat(f.origin()).isEqualTo(POSTGRES.toString());
              assertThat(f.message())
                  .startsWith(
                      "immutable field spec cannot be changed in place; set spec.force: true, or"
                          + " annotate the object apply.strata.dev/force: enabled, to delete and"
                          + " recreate it. The API server said: 422 Invalid:")
                  .contains("updates to statefulset spec for fields other than");
            });
    assertThat(statefulSet().getMetadata().getUid()).isEqualTo(first.getMetadata().getUid());

    var forced = new LayerApplier(client, options.withForce(true));
    ChangeSet recreated = forced.apply(bigger);

    assertThat(recreated.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.action()).isEqualTo(Action.CREATED);
              assertThat(c.detail()).isEqualTo("recreated: immutable spec changed");
            });
    StatefulSet now = statefulSet();
    assertThat(now.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
    assertThat(
            now.getSpec()
                .getVolumeClaimTemplates()
                .get(0)
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage")
                .toString())
        .isEqualTo("30Gi");
    // The same pod, adopted by the new StatefulSet; the same claim, data and all.
    await()
        .atMost(ROLLOUT)
        .untilAsserted(
            () -> {
              Pod adopted = pod();
              assertThat(adopted.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
              assertThat(adopted.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(o -> assertThat(o.getUid()).isEqualTo(now.getMetadata().getUid()));
            });
    assertThat(claim().getMetadata().getUid()).isEqualTo(claim.getMetadata().getUid());
    assertThat(claim().getMetadata().getDeletionTimestamp()).isNull();

    // Applied again, nothing changes: the new object is what Git says.
    assertThat(forced.apply(bigger).summary()).isEqualTo("1 unchanged");
  }

  private StatefulSet statefulSet() {
    return client.apps().statefulSets().inNamespace(namespace).withName("postgres").get();
  }

  private Pod pod() {
    return client.pods().inNamespace(namespace).withName("postgres-0").get();
  }

  private PersistentVolumeClaim claim() {
    return client.persistentVolumeClaims().inNamespace(namespace).withName("data-postgres-0").get();
  }
}
