package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.health.ObjectRef;
import dev.strata.render.Resource;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-object apply policies (Strata's and Flux's annotations), force-recreate on immutable fields
 * and ignore rules, on a real API server.
 */
@ExtendWith(ApiServerExtension.class)
class ApplyPoliciesIT {

  private static final Map<String, String> OWNER = Map.of("strata.dev/layer", "apps");

  private final KubernetesClient client;
  private String namespace;

  ApplyPoliciesIT(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "policies");
  }

  private ApplyOptions options() {
    return ApplyOptions.defaults().withOwnerLabels(OWNER).withDefaultNamespace(namespace);
  }

  @Test
  void ifNotPresentCreatesOnceAndNeverUpdatesNorReportsDrift() throws Exception {
    var applier = new LayerApplier(client, options());
    String strata = "annotations: {apply.strata.dev/policy: IfNotPresent}";
    String flux = "labels: {kustomize.toolkit.fluxcd.io/ssa: IfNotPresent}";

    ChangeSet first =
        applier.apply(
            layer(configMap("strata", strata, "v: one"), configMap("flux", flux, "v: one")));
    assertThat(first.summary()).isEqualTo("2 created");

    List<Resource> changed =
        layer(configMap("strata", strata, "v: two"), configMap("flux", flux, "v: two"));
    assertThat(applier.diff(changed, Deadline.none())).isEmpty();
    ChangeSet second = applier.apply(changed);

    assertThat(second.changes())
        .extracting(Change::action, Change::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Action.UNCHANGED, "exists, not updated: apply.strata.dev/policy: IfNotPresent"),
            org.assertj.core.groups.Tuple.tuple(
                Action.UNCHANGED,
                "exists, not updated: kustomize.toolkit.fluxcd.io/ssa: IfNotPresent"));
    assertThat(data("strata")).containsEntry("v", "one");
    assertThat(data("flux")).containsEntry("v", "one");
    // Both stay in what the layer applied, so they are not pruned while Git has them.
    assertThat(second.applied()).hasSize(2);
  }

  @Test
  void ignoreNeverAppliesAndReconcileDisabledInTheClusterStopsUpdates() throws Exception {
    var applier = new LayerApplier(client, options());

    ChangeSet first =
        applier.apply(
            layer(
                configMap("ignored", "annotations: {kustomize.toolkit.fluxcd.io/ssa: Ignore}", ""),
                configMap("paused", "", "v: one")));
    assertThat(first.changes())
        .extracting(c -> c.object().name(), Change::action, Change::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ignored", Action.SKIPPED, "not applied: kustomize.toolkit.fluxcd.io/ssa: Ignore"),
            org.assertj.core.groups.Tuple.tuple("paused", Action.CREATED, ""));
    assertThat(client.configMaps().inNamespace(namespace).withName("ignored").get()).isNull();

    // Someone pauses the object in the cluster, as Flux users do; Git changes it.
    client
        .configMaps()
        .inNamespace(namespace)
        .withName("paused")
        .edit(
            c -> {
              c.getMetadata()
                  .setAnnotations(Map.of("kustomize.toolkit.fluxcd.io/reconcile", "disabled"));
              return c;
            });
    List<Resource> changed = layer(configMap("paused", "", "v: two"));
    assertThat(applier.diff(changed, Deadline.none())).isEmpty();
    ChangeSet second = applier.apply(changed);

    assertThat(second.changes())
        .extracting(Change::action, Change::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Action.UNCHANGED, "not applied: kustomize.toolkit.fluxcd.io/reconcile: disabled"));
    assertThat(data("paused")).containsEntry("v", "one");
  }

  @Test
  void unknownPolicyValueFailsTheObjectNamingTheKey() throws Exception {
    var applier = new LayerApplier(client, options());

    var error =
        catchThrowableOfType(
            ApplyException.class,
            () ->
                applier.apply(
                    layer(configMap("typo", "annotations: {apply.strata.dev/policy: Once}", ""))));

    assertThat(error.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .isEqualTo(
                        "apply.strata.dev/policy: Once is not a policy; use Override, Merge,"
                            + " IfNotPresent or Ignore"));
  }

  @Test
  void fluxPruneDisabledKeepsAnObjectThatLeftGit() throws Exception {
    var applier = new LayerApplier(client, options());
    var pruner = new Pruner(client, options());
    ChangeSet applied =
        applier.apply(
            layer(
                configMap("kept", "labels: {kustomize.toolkit.fluxcd.io/prune: disabled}", ""),
                configMap("gone", "", "")));

    ChangeSet pruned = pruner.prune(applied.applied(), List.of(), Map.of());

    assertThat(pruned.changes())
        .extracting(c -> c.object().name(), Change::action, Change::detail)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "kept", Action.SKIPPED, "annotated kustomize.toolkit.fluxcd.io/prune: disabled"),
            org.assertj.core.groups.Tuple.tuple("gone", Action.DELETED, ""));
  }

  @Test
  void immutableFieldFailsWithTheFieldAndTheWayOutThenForceRecreates() throws Exception {
    var applier = new LayerApplier(client, options());
    applier.apply(layer(immutableConfigMap("frozen", "", "one")));
    String before =
        client.configMaps().inNamespace(namespace).withName("frozen").get().getMetadata().getUid();

    var error =
        catchThrowableOfType(
            ApplyException.class,
            () -> applier.apply(layer(immutableConfigMap("frozen", "", "two"))));

    assertThat(error.phase()).isEqualTo(ApplyException.Phase.VALIDATION);
    assertThat(error.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().toString()).isEqualTo("ConfigMap/" + namespace + "/frozen");
              assertThat(f.origin()).isEqualTo("layer.yaml");
              assertThat(f.message())
                  .startsWith(
                      "immutable field data cannot be changed in place; set spec.force:"
                          + " true, or annotate the object apply.strata.dev/force: enabled, to delete"
                          + " and recreate it. The API server said: 422 Invalid:")
                  .contains("field is immutable");
            });
    assertThat(data("frozen")).containsEntry("v", "one");

    // Flux's per-object annotation is enough; spec.force stays off.
    List<Resource> forced =
        layer(
            immutableConfigMap(
                "frozen", "annotations: {kustomize.toolkit.fluxcd.io/force: enabled}", "two"));
    assertThat(applier.diff(forced, Deadline.none()))
        .extracting(ObjectDiff::ref)
        .containsExactly(ObjectRef.of("v1", "ConfigMap", namespace, "frozen"));
    ChangeSet recreated = applier.apply(forced);

    assertThat(recreated.changes())
        .extracting(Change::action, Change::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Action.CREATED, "recreated: immutable data changed"));
    ConfigMap now = client.configMaps().inNamespace(namespace).withName("frozen").get();
    assertThat(now.getData()).containsEntry("v", "two");
    assertThat(now.getMetadata().getUid()).isNotEqualTo(before);
  }

  @Test
  void specForceRecreatesADeploymentWhoseSelectorChangedDeletingItsPodsNotOrphaningThem()
      throws Exception {
    var applier = new LayerApplier(client, options());
    applier.apply(layer(deployment("web", "app: web", 1)));
    String before =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName("web")
            .get()
            .getMetadata()
            .getUid();
    List<Resource> newSelector = layer(deployment("web", "app: web, tier: front", 1));
    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(newSelector));
    assertThat(error.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).startsWith("immutable field spec.selector cannot"));

    // The new selector would never adopt the old pods: they are deleted with the old object (in
    // the background; an orphan finalizer would wait for the garbage collector, which this API
    // server does not run, so this also shows Orphan is not used here).
    ChangeSet recreated = new LayerApplier(client, options().withForce(true)).apply(newSelector);

    assertThat(recreated.changes())
        .extracting(Change::action, Change::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Action.CREATED, "recreated: immutable spec.selector changed"));
    var now = client.apps().deployments().inNamespace(namespace).withName("web").get();
    assertThat(now.getMetadata().getUid()).isNotEqualTo(before);
    assertThat(now.getSpec().getSelector().getMatchLabels()).containsEntry("tier", "front");
    // The same selector (a StatefulSet's claims changed, say) orphans, so the pods are adopted.
    var live =
        client
            .genericKubernetesResources("apps/v1", "Deployment")
            .inNamespace(namespace)
            .withName("web")
            .get();
    assertThat(
            Recreator.propagation(prepared(deployment("web", "app: web, tier: front", 1)), live)
                .toString())
        .isEqualTo("Orphan");
  }

  @Test
  void ignoreRuleKeepsTheReplicasAnotherControllerSetAndReportsNoDrift() throws Exception {
    var plain = new LayerApplier(client, options());
    plain.apply(layer(deployment("web", "app: web", 2)));
    var rule = new IgnoreRule("apps", "", "Deployment", "", "", "", "", List.of("/spec/replicas"));
    var applier = new LayerApplier(client, options().withIgnoreRules(List.of(rule)));
    List<Resource> desired = layer(deployment("web", "app: web", 2));

    // Strata owned /spec/replicas: dropping it from the apply would reset it; it keeps 2.
    ChangeSet adopted = applier.apply(desired);
    assertThat(adopted.summary()).isEqualTo("1 unchanged");
    assertThat(replicas("web")).isEqualTo(2);

    // The HPA scales through the scale subresource and so takes the field over.
    client.apps().deployments().inNamespace(namespace).withName("web").scale(5);
    assertThat(applier.diff(desired, Deadline.none())).isEmpty();
    ChangeSet afterScale = applier.apply(desired);
    assertThat(afterScale.summary()).isEqualTo("1 unchanged");
    assertThat(replicas("web")).isEqualTo(5);

    // Without the rule the same layer sets it back: the rule is what keeps it.
    assertThat(plain.diff(desired, Deadline.none())).hasSize(1);
    plain.apply(desired);
    assertThat(replicas("web")).isEqualTo(2);
  }

  private PreparedObject prepared(String yaml) {
    var objects =
        new LayerObjects(new dev.strata.health.ApiResources(client), options())
            .prepare(layer(yaml))
            .objects();
    return objects.get(0);
  }

  private int replicas(String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getSpec()
        .getReplicas();
  }

  private Map<String, String> data(String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get().getData();
  }

  private static List<Resource> layer(String... documents) {
    return Layers.from("layer.yaml", String.join("---\n", documents));
  }

  private static String configMap(String name, String metadata, String data) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
        + name
        + "\n"
        + (metadata.isEmpty() ? "" : "  " + metadata + "\n")
        + (data.isEmpty() ? "" : "data: {" + data + "}\n");
  }

  private static String immutableConfigMap(String name, String metadata, String value) {
    return configMap(name, metadata, "v: " + value) + "immutable: true\n";
  }

  private static String deployment(String name, String selector, int replicas) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "
        + name
        + "\nspec:\n  replicas: "
        + replicas
        + "\n  selector:\n    matchLabels: {"
        + selector
        + "}\n  template:\n    metadata:\n      labels: {"
        + selector
        + "}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n";
  }
}
