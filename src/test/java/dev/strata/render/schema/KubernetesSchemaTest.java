package dev.strata.render.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesSchemaTest {

  private final KubernetesSchema schema = KubernetesSchema.builtin();

  @Test
  void scopeComesFromTheApiServersPaths() {
    assertThat(schema.isNamespaced("apps", "Deployment")).isTrue();
    assertThat(schema.isNamespaced("", "ConfigMap")).isTrue();
    assertThat(schema.isNamespaced("", "Namespace")).isFalse();
    assertThat(schema.isNamespaced("rbac.authorization.k8s.io", "ClusterRole")).isFalse();
    assertThat(schema.isNamespaced("apiextensions.k8s.io", "CustomResourceDefinition")).isFalse();
    // Kinds kustomize's v1.21 schema does not know, which it would call namespaced.
    assertThat(schema.isNamespaced("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"))
        .isFalse();
  }

  @Test
  void unknownKindsAreNamespacedAsInKyaml() {
    assertThat(schema.isNamespaced("example.com", "Widget")).isTrue();
    assertThat(schema.isNamespaced("", "Deployment")).isTrue();
  }

  @Test
  void walksFromAKindToTheMergeKeysOfNestedLists() {
    var podSpec =
        schema.forKind("apps", "v1", "Deployment").field("spec").field("template").field("spec");

    var containers = podSpec.field("containers");
    assertThat(containers.mergesLists()).isTrue();
    assertThat(containers.mergeKeys()).containsExactly("name");
    var ports = containers.elements().field("ports");
    assertThat(ports.mergeKeys()).containsExactly("containerPort", "protocol");
    assertThat(podSpec.field("volumes").patchStrategy()).isEqualTo("merge,retainKeys");
    assertThat(podSpec.field("tolerations").mergesLists()).isFalse();
  }

  @Test
  void listsOfScalarsMergeWithoutKeys() {
    var finalizers = schema.forKind("", "v1", "ConfigMap").field("metadata").field("finalizers");

    assertThat(finalizers.mergesLists()).isTrue();
    assertThat(finalizers.mergeKeys()).isEmpty();
  }

  @Test
  void mapValuesUseTheAdditionalPropertiesSchema() {
    var props =
        schema
            .forKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition")
            .field("spec")
            .field("versions")
            .elements()
            .field("schema")
            .field("openAPIV3Schema");

    // properties is a map from field name to a schema: any key has the value schema.
    var anyProperty = props.field("properties").field("replicas");
    assertThat(anyProperty.field("required").patchStrategy()).isEmpty();
    assertThat(anyProperty.field("properties").field("x")).isNotNull();
  }

  @Test
  void scalarFieldsAndFieldsWithoutListsBelowThemHaveNoSchema() {
    var podSpec =
        schema.forKind("batch", "v1", "CronJob").field("spec").field("jobTemplate").field("spec");

    assertThat(podSpec.field("template").field("spec").field("overhead")).isNull();
    assertThat(podSpec.field("parallelism")).isNull();
  }

  @Test
  void kindsAreFoundByExactVersion() {
    assertThat(schema.forKind("apps", "v1beta1", "Deployment")).isNull();
    assertThat(schema.forKind("example.com", "v1", "Widget")).isNull();
  }
}
