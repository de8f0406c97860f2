package dev.strata.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectRefTest {

  @Test
  void inventoryEntryRoundTripsForNamespacedCoreAndClusterScopedGroupedObjects() {
    var configMap = ObjectRef.of("v1", "ConfigMap", "apps", "web");
    var crd =
        ObjectRef.of(
            "apiextensions.k8s.io/v1", "CustomResourceDefinition", "", "widgets.example.org");

    assertThat(configMap.inventoryEntry()).isEqualTo("apps_web__ConfigMap_v1");
    assertThat(crd.inventoryEntry())
        .isEqualTo("_widgets.example.org_apiextensions.k8s.io_CustomResourceDefinition_v1");
    assertThat(ObjectRef.fromInventoryEntry(configMap.inventoryEntry())).isEqualTo(configMap);
    assertThat(ObjectRef.fromInventoryEntry(crd.inventoryEntry())).isEqualTo(crd);
  }

  @Test
  void malformedInventoryEntriesAreRejectedNamingTheEntry() {
    assertThatThrownBy(() -> ObjectRef.fromInventoryEntry("apps_web__ConfigMap"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "inventory entry 'apps_web__ConfigMap' is not of the form"
                + " namespace_name_group_Kind_version");
    assertThatThrownBy(() -> ObjectRef.fromInventoryEntry("apps___ConfigMap_v1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identityIgnoresTheVersion() {
    var v1 = ObjectRef.of("autoscaling/v1", "HorizontalPodAutoscaler", "apps", "web");
    var v2 = ObjectRef.of("autoscaling/v2", "HorizontalPodAutoscaler", "apps", "web");

    assertThat(v1).isNotEqualTo(v2);
    assertThat(v1.sameObject(v2)).isTrue();
    assertThat(v1.identity()).isEqualTo("apps_web_autoscaling_HorizontalPodAutoscaler");
  }

  @Test
  void readsObjectsAsMapsAndAsFabric8Resources() {
    var fromMap =
        ObjectRef.of(
            Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web", "namespace", "apps")));
    var fromModel =
        ObjectRef.of(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("cm")
                .withNamespace("apps")
                .endMetadata()
                .build());

    assertThat(fromMap).isEqualTo(new ObjectRef("apps", "v1", "Deployment", "apps", "web"));
    assertThat(fromMap.toString()).isEqualTo("Deployment/apps/web");
    assertThat(fromModel.apiVersion()).isEqualTo("v1");
    assertThat(ObjectRef.of("v1", "Namespace", null, "apps").toString())
        .isEqualTo("Namespace/apps");
  }
}
