package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import dev.strata.health.ObjectRef;
import dev.strata.render.Resource;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Prunes objects that left a layer, on a real API server. */
@ExtendWith(ApiServerExtension.class)
class PrunerIT {

  private static final Map<String, String> OWNER = Map.of("strata.dev/owner", "homelab");

  private final KubernetesClient client;
  private final ApplyOptions options = ApplyOptions.defaults().withOwnerLabels(OWNER);
  private String namespace;

  PrunerIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "prune");
  }

  @Test
  void deletesWhatLeftGitAndKeepsWhatOptedOutMovedOrChangedHands() throws Exception {
    String extra = namespace + "-extra";
    List<Resource> before =
        Layers.concat(
            Layers.from("apps/kept.yaml", configMap(namespace, "kept", "")),
            Layers.from("apps/removed.yaml", configMap(namespace, "removed", "")),
            Layers.from(
                "apps/opted-out.yaml",
                configMap(namespace, "opted-out", "annotations: {strata.dev/prune: disabled}")),
            Layers.from("apps/moved.yaml", configMap(namespace, "moved", "")),
            Layers.from("apps/taken.yaml", configMap(namespace, "taken", "")),
            Layers.from(
                "apps/extra.yaml",
                "{apiVersion: v1, kind: Namespace, metadata: {name: "
                    + extra
                    + "}}\n---\n"
                    + configMap(extra, "inside", "")));
    List<ObjectRef> previous = new LayerApplier(client, options).apply(before).applied();
    // Someone else takes one over: our label is replaced.
    client
        .configMaps()
        .inNamespace(namespace)
        .withName("taken")
        .edit(
            c -> {
              c.getMetadata().getLabels().put("strata.dev/owner", "someone-else");
              return c;
            });
    List<ObjectRef> current =
        new LayerApplier(client, options)
            .apply(Layers.from("apps/kept.yaml", configMap(namespace, "kept", "")))
            .applied();
    ObjectRef moved = ObjectRef.of("v1", "ConfigMap", namespace, "moved");

    ChangeSet pruned = new Pruner(client, options).prune(previous, current, Map.of(moved, "data"));

    assertThat(pruned.changes())
        .extracting(c -> c.object().toString(), Change::action, Change::detail)
        .containsExactly(
            tuple("ConfigMap/" + namespace + "/moved", Action.SKIPPED, "now applied by layer data"),
            tuple("ConfigMap/" + namespace + "/removed", Action.DELETED, ""),
            tuple(
                "ConfigMap/" + namespace + "/opted-out",
                Action.SKIPPED,
                "annotated strata.dev/prune: disabled"),
            tuple(
                "ConfigMap/" + namespace + "/taken",
                Action.SKIPPED,
                "label strata.dev/owner is now someone-else: no longer ours"),
            tuple("ConfigMap/" + extra + "/inside", Action.DELETED, ""),
            tuple("Namespace/" + extra, Action.DELETED, ""));
    assertThat(pruned.summary()).isEqualTo("3 deleted, 3 skipped");
    var configMaps = client.configMaps().inNamespace(namespace);
    assertThat(configMaps.withName("removed").get()).isNull();
    assertThat(configMaps.withName("kept").get()).isNotNull();
    assertThat(configMaps.withName("opted-out").get()).isNotNull();
    assertThat(configMaps.withName("moved").get()).isNotNull();
    assertThat(configMaps.withName("taken").get()).isNotNull();
    // Without a namespace controller the namespace stays Terminating: deletion was requested.
    assertThat(client.namespaces().withName(extra).get().getMetadata().getDeletionTimestamp())
        .isNotNull();
  }

  @Test
  void anObjectAlreadyGoneIsSkippedAndAVersionChangeIsNotAPrune() throws Exception {
    ObjectRef gone = ObjectRef.of("v1", "ConfigMap", namespace, "gone");
    ObjectRef deployment = ObjectRef.of("apps/v1", "Deployment", namespace, "web");
    ObjectRef sameDeploymentOtherVersion =
        ObjectRef.of("apps/v1beta2", "Deployment", namespace, "web");

    ChangeSet pruned =
        new Pruner(client, options)
            .prune(List.of(gone, deployment), List.of(sameDeploymentOtherVersion), Map.of());

    assertThat(pruned.changes())
        .extracting(Change::object, Change::action, Change::detail)
        .containsExactly(tuple(gone, Action.SKIPPED, "already deleted"));
  }

  @Test
  void aForbiddenDeleteIsReportedPerObject() throws Exception {
    String account = "pruner";
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName(account)
                .endMetadata()
                .build())
        .create();
    // It may read ConfigMaps but not delete them.
    client
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                .withNewMetadata()
                .withName("read")
                .withNamespace(namespace)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                .withNewMetadata()
                .withName("read")
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "read")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(account)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
    List<ObjectRef> previous =
        new LayerApplier(client, options)
            .apply(Layers.from("apps/old.yaml", configMap(namespace, "old", "")))
            .applied();

    var impersonated = Impersonation.asServiceAccount(client, namespace, account);
    var error =
        catchThrowableOfType(
            ApplyException.class,
            () -> new Pruner(impersonated, options).prune(previous, List.of(), Map.of()));

    assertThat(error.phase()).isEqualTo(ApplyException.Phase.PRUNE);
    assertThat(error.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().name()).isEqualTo("old");
              assertThat(f.message())
                  .contains(
                      "configmaps \"old\" is forbidden: User \"system:serviceaccount:"
                          + namespace
                          + ":pruner\" cannot delete resource \"configmaps\"");
            });
    assertThat(client.configMaps().inNamespace(namespace).withName("old").get()).isNotNull();
  }

  private static String configMap(String namespace, String name, String metadata) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s%s}
        data: {a: b}
        """
        .formatted(name, namespace, metadata.isEmpty() ? "" : ", " + metadata);
  }
}
