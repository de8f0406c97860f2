package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.health.ObjectRef;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.render.Resource;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.RequestCounter;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Applies layers to a real API server and checks what was sent and what the server holds. */
@ExtendWith(ApiServerExtension.class)
class LayerApplierIT {

  private static final AtomicInteger UNIQUE = new AtomicInteger();
  private static final Map<String, String> OWNER = Map.of("strata.dev/layer", "apps");

  private final KubernetesClient admin;
  private final RequestCounter counter = new RequestCounter();
  private final KubernetesClient client;
  private String namespace;

  LayerApplierIT(KubernetesClient admin, LocalControlPlane controlPlane) {
    this.admin = admin;
    this.client = counter.newClient(controlPlane);
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(admin, "apply");
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void createsThenConfiguresOnlyWhatChangedAndSendsNoWriteForUnchangedObjects() throws Exception {
    var applier = new LayerApplier(client, ApplyOptions.defaults().withOwnerLabels(OWNER));
    List<Resource> layer =
        Layers.concat(
            Layers.from("apps/config.yaml", configMap("a", "1") + "---\n" + configMap("b", "1")),
            Layers.from("apps/secret.yaml", secret("s")));

    ChangeSet first = applier.apply(layer);

    assertThat(first.changes())
        .extracting(c -> c.object().name(), Change::action, Change::origin)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", Action.CREATED, "apps/config.yaml"),
            org.assertj.core.groups.Tuple.tuple("b", Action.CREATED, "apps/config.yaml"),
            org.assertj.core.groups.Tuple.tuple("s", Action.CREATED, "apps/secret.yaml"));
    assertThat(first.summary()).isEqualTo("3 created");
    ConfigMap a = admin.configMaps().inNamespace(namespace).withName("a").get();
    assertThat(a.getMetadata().getLabels()).containsAllEntriesOf(OWNER);
    assertThat(a.getMetadata().getManagedFields())
        .anySatisfy(
            f -> {
              assertThat(f.getManager()).isEqualTo("strata");
              assertThat(f.getOperation()).isEqualTo("Apply");
            });
    var versions = resourceVersions("a", "b");

    counter.reset();
    ChangeSet second = applier.apply(layer);

    assertThat(second.changes()).extracting(Change::action).containsOnly(Action.UNCHANGED);
    assertThat(counter.writes()).isEmpty();
    // Three dry-runs, one list for the two ConfigMaps, one get for the lone Secret.
    assertThat(counter.dryRuns()).isEqualTo(3);
    assertThat(counter.sent()).hasSize(5);
    assertThat(resourceVersions("a", "b")).isEqualTo(versions);

    counter.reset();
    List<Resource> changed =
        Layers.concat(
            Layers.from("apps/config.yaml", configMap("a", "1") + "---\n" + configMap("b", "2")),
            Layers.from("apps/secret.yaml", secret("s")));
    ChangeSet third = applier.apply(changed);

    assertThat(third.changes())
        .extracting(c -> c.object().name(), Change::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", Action.UNCHANGED),
            org.assertj.core.groups.Tuple.tuple("b", Action.CONFIGURED),
            org.assertj.core.groups.Tuple.tuple("s", Action.UNCHANGED));
    assertThat(counter.writes())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.method()).isEqualTo("PATCH");
              assertThat(w.uri()).contains("/namespaces/" + namespace + "/configmaps/b?");
            });
    assertThat(admin.configMaps().inNamespace(namespace).withName("b").get().getData())
        .containsEntry("value", "2");
  }

  @Test
  void revertsAFieldChangedByHandAndLeavesOtherManagersFieldsAlone() throws Exception {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    List<Resource> layer = Layers.from("apps/config.yaml", configMap("a", "1"));
    applier.apply(layer);

    admin
        .configMaps()
        .inNamespace(namespace)
        .withName("a")
        .edit(
            c -> {
              c.getMetadata().setAnnotations(Map.of("someone/else", "kept"));
              return c;
            });
    assertThat(applier.apply(layer).changes())
        .extracting(Change::action)
        .containsExactly(Action.UNCHANGED);

    admin
        .configMaps()
        .inNamespace(namespace)
        .withName("a")
        .edit(
            c -> {
              c.getData().put("value", "by hand");
              return c;
            });
    assertThat(applier.apply(layer).changes())
        .extracting(Change::action)
        .containsExactly(Action.CONFIGURED);

    ConfigMap live = admin.configMaps().inNamespace(namespace).withName("a").get();
    assertThat(live.getData()).containsEntry("value", "1");
    assertThat(live.getMetadata().getAnnotations()).containsEntry("someone/else", "kept");
  }

  @Test
  void invalidObjectsFailValidationAndNothingIsApplied() {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    List<Resource> layer =
        Layers.concat(
            Layers.from("apps/ok.yaml", configMap("ok", "1")),
            Layers.from(
                "apps/deployment.yaml",
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: %s}
                spec: {replicas: 1}
                """
                    .formatted(namespace)),
            Layers.from(
                "apps/typo.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: typo, namespace: %s}
                datta: {value: "1"}
                """
                    .formatted(namespace)),
            Layers.from(
                "apps/elsewhere.yaml",
                """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: elsewhere, namespace: no-such-namespace}
                """));

    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));

    assertThat(error.phase()).isEqualTo(ApplyException.Phase.VALIDATION);
    assertThat(error.done().isEmpty()).isTrue();
    assertThat(error.failures())
        .extracting(ObjectFailure::object, ObjectFailure::origin)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                ObjectRef.of("apps/v1", "Deployment", namespace, "web"), "apps/deployment.yaml"),
            org.assertj.core.groups.Tuple.tuple(
                ObjectRef.of("v1", "ConfigMap", namespace, "typo"), "apps/typo.yaml"),
            org.assertj.core.groups.Tuple.tuple(
                ObjectRef.of("v1", "ConfigMap", "no-such-namespace", "elsewhere"),
                "apps/elsewhere.yaml"));
    assertThat(messageOf(error, "web")).contains("spec.selector: Required value");
    assertThat(messageOf(error, "typo")).contains(".datta: field not declared in schema");
    assertThat(messageOf(error, "elsewhere"))
        .contains("namespaces \"no-such-namespace\" not found");
    assertThat(error.getMessage())
        .startsWith("validation failed for 3 objects (nothing was changed):")
        .contains(
            "Deployment/"
                + namespace
                + "/web (from apps/deployment.yaml): 422 Invalid: Deployment.apps"
                + " \"web\" is invalid");
    assertThat(counter.writes()).isEmpty();
    assertThat(admin.configMaps().inNamespace(namespace).withName("ok").get()).isNull();
  }

  @Test
  void objectsThatCannotBeSentAreRejectedBeforeAnyRequest() {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    List<Resource> layer =
        Layers.concat(
            Layers.from(
                "apps/gizmo.yaml",
                "{apiVersion: example.org/v1, kind: Gizmo, metadata: {name: g, namespace: x}}"),
            Layers.from("apps/anonymous.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {}}"),
            Layers.from(
                "apps/homeless.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: h}}"),
            Layers.from("apps/one.yaml", configMap("twice", "1")),
            Layers.from("apps/two.yaml", configMap("twice", "2")));

    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));

    assertThat(error.phase()).isEqualTo(ApplyException.Phase.VALIDATION);
    assertThat(error.failures())
        .extracting(Object::toString)
        .containsExactly(
            "Gizmo/x/g (from apps/gizmo.yaml): the API server serves no kind Gizmo in"
                + " example.org/v1, and no CustomResourceDefinition in this layer defines it",
            "ConfigMap/ (from apps/anonymous.yaml): metadata.name missing",
            "ConfigMap/h (from apps/homeless.yaml): ConfigMap is namespaced but"
                + " metadata.namespace is not set, and no default namespace is configured",
            "ConfigMap/"
                + namespace
                + "/twice (from apps/two.yaml): rendered twice, also from apps/one.yaml; keep one");
    assertThat(counter.dryRuns()).isZero();
    assertThat(counter.writes()).isEmpty();
  }

  @Test
  void defaultsTheNamespaceOfNamespacedObjectsAndDropsItFromClusterScopedOnes() throws Exception {
    var applier = new LayerApplier(client, ApplyOptions.defaults().withDefaultNamespace(namespace));
    String role =
        "strata-test-reader-" + UNIQUE.incrementAndGet() + "-" + ProcessHandle.current().pid();
    List<Resource> layer =
        Layers.from(
            "apps/mixed.yaml",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: defaulted}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: %s, namespace: ignored}
            rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
            """
                .formatted(role));

    ChangeSet changes = applier.apply(layer);

    assertThat(changes.applied())
        .containsExactly(
            ObjectRef.of("v1", "ConfigMap", namespace, "defaulted"),
            ObjectRef.of("rbac.authorization.k8s.io/v1", "ClusterRole", "", role));
    assertThat(admin.configMaps().inNamespace(namespace).withName("defaulted").get()).isNotNull();
    assertThat(admin.rbac().clusterRoles().withName(role).get()).isNotNull();
  }

  @Test
  void appliesACrdANamespaceAndTheirObjectsInOneLayer() throws Exception {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    String group =
        "g" + UNIQUE.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".strata.test";
    String newNamespace = namespace + "-new";
    List<Resource> layer =
        Layers.concat(
            Layers.from(
                "base/widget.yaml",
                """
                apiVersion: %1$s/v1
                kind: Widget
                metadata: {name: w, namespace: %2$s}
                spec: {size: 3}
                """
                    .formatted(group, newNamespace)),
            Layers.from("base/crd.yaml", widgetCrd(group)),
            Layers.from(
                "base/namespace.yaml",
                "{apiVersion: v1, kind: Namespace, metadata: {name: %s}}".formatted(newNamespace)),
            Layers.from("base/config.yaml", configMap("c", "1").replace(namespace, newNamespace)));

    ChangeSet first = applier.apply(layer);

    assertThat(first.changes())
        .extracting(c -> c.object().kind(), Change::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CustomResourceDefinition", Action.CREATED),
            org.assertj.core.groups.Tuple.tuple("Namespace", Action.CREATED),
            org.assertj.core.groups.Tuple.tuple("Widget", Action.CREATED),
            org.assertj.core.groups.Tuple.tuple("ConfigMap", Action.CREATED));
    GenericKubernetesResource widget =
        admin
            .genericKubernetesResources(widgets(group))
            .inNamespace(newNamespace)
            .withName("w")
            .get();
    assertThat(widget.<Integer>get("spec", "size")).isEqualTo(3);

    counter.reset();
    assertThat(applier.apply(layer).changes())
        .extracting(Change::action)
        .containsOnly(Action.UNCHANGED);
    assertThat(counter.writes()).isEmpty();
  }

  @Test
  void anInvalidCustomResourceFailsAfterItsCrdIsAppliedAndIsNotApplied() {
    var applier = new LayerApplier(client, ApplyOptions.defaults());
    String group =
        "g" + UNIQUE.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".strata.test";
    List<Resource> layer =
        Layers.concat(
            Layers.from("base/crd.yaml", widgetCrd(group)),
            Layers.from(
                "base/widget.yaml",
                """
                apiVersion: %1$s/v1
                kind: Widget
                metadata: {name: tiny, namespace: %2$s}
                spec: {size: 0}
                """
                    .formatted(group, namespace)));

    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));

    assertThat(error.phase()).isEqualTo(ApplyException.Phase.VALIDATION);
    assertThat(error.done().changes())
        .extracting(c -> c.object().kind(), Change::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CustomResourceDefinition", Action.CREATED));
    assertThat(error.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object())
                  .isEqualTo(ObjectRef.of(group + "/v1", "Widget", namespace, "tiny"));
              assertThat(f.origin()).isEqualTo("base/widget.yaml");
              assertThat(f.message()).contains("spec.size").contains("greater than or equal to 1");
            });
    assertThat(
            admin
                .genericKubernetesResources(widgets(group))
                .inNamespace(namespace)
                .withName("tiny")
                .get())
        .isNull();
  }

  private static String messageOf(ApplyException error, String name) {
    return error.failures().stream()
        .filter(f -> f.object().name().equals(name))
        .findFirst()
        .orElseThrow()
        .message();
  }

  private Map<String, String> resourceVersions(String... names) {
    var versions = new java.util.HashMap<String, String>();
    for (String name : names) {
      HasMetadata object = admin.configMaps().inNamespace(namespace).withName(name).get();
      versions.put(name, object.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data: {value: "%s"}
        """
        .formatted(name, namespace, value);
  }

  private String secret(String name) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: %s, namespace: %s}
        stringData: {password: hunter2}
        """
        .formatted(name, namespace);
  }

  static String widgetCrd(String group) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.%1$s}
        spec:
          group: %1$s
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer, minimum: 1}
        """
        .formatted(group);
  }

  static ResourceDefinitionContext widgets(String group) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withKind("Widget")
        .withPlural("widgets")
        .withNamespaced(true)
        .build();
  }
}
