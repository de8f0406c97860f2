package dev.strata.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Checks the kstatus rules shared by all kinds and those of non-workload kinds. */
class HealthRulesTest {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @SuppressWarnings("unchecked")
  static Health health(String yaml) {
    var object =
        (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    return HealthRules.compute(object, NOW);
  }

  static void assertHealth(Health health, HealthStatus status, String reason) {
    assertThat(health.status()).as(health.toString()).isEqualTo(status);
    assertThat(health.reason()).as(health.toString()).contains(reason);
  }

  @Test
  void deletionTimestampMeansTerminating() {
    assertHealth(
        health(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, deletionTimestamp: "2026-01-01T11:00:00Z", finalizers: [x/y]}
            """),
        HealthStatus.TERMINATING,
        "waiting for finalizers [x/y]");
  }

  @Test
  void unobservedGenerationIsInProgressWhateverTheKind() {
    assertHealth(
        health(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: a, generation: 3}
            spec: {replicas: 1}
            status: {observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1,
                     availableReplicas: 1}
            """),
        HealthStatus.IN_PROGRESS,
        "generation 3 not yet observed (observed: 2)");
  }

  @Test
  void reconcilingTrueIsInProgress() {
    assertHealth(
        health(
            """
            apiVersion: example.org/v1
            kind: Widget
            metadata: {name: a, generation: 1}
            status:
              observedGeneration: 1
              conditions: [{type: Reconciling, status: "True", reason: Progressing, message: "building"}]
            """),
        HealthStatus.IN_PROGRESS,
        "reconciling: building");
  }

  @Test
  void stalledTrueIsFailed() {
    assertHealth(
        health(
            """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: a}
            status:
              conditions:
              - {type: Ready, status: "False", reason: InstallFailed}
              - {type: Stalled, status: "True", reason: RetriesExceeded, message: "chart not found"}
            """),
        HealthStatus.FAILED,
        "stalled: chart not found");
  }

  @Test
  void readyConditionDecidesForUnknownKinds() {
    assertHealth(
        health(
            """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: a}
            status: {conditions: [{type: Ready, status: "True"}]}
            """),
        HealthStatus.CURRENT,
        "Ready");
    assertHealth(
        health(
            """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: a}
            status: {conditions: [{type: Ready, status: "False", reason: Issuing, message: "order pending"}]}
            """),
        HealthStatus.IN_PROGRESS,
        "not Ready: order pending");
    assertHealth(
        health(
            """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: a}
            status: {conditions: [{type: Ready, status: "Unknown", reason: Pending}]}
            """),
        HealthStatus.IN_PROGRESS,
        "not Ready: Pending");
  }

  @Test
  void objectsWithoutStatusRulesAreCurrentOnceTheyExist() {
    assertHealth(
        health(
            """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: a, generation: 4}
            spec: {}
            """),
        HealthStatus.CURRENT,
        "exists");
    assertHealth(
        health("{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}"),
        HealthStatus.CURRENT,
        "exists");
    assertHealth(
        health("{apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: a}}"),
        HealthStatus.CURRENT,
        "exists");
  }

  @Test
  void malformedStatusIsUnknownNamingTheField() {
    assertHealth(
        health(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: a}
            spec: {replicas: "three"}
            """),
        HealthStatus.UNKNOWN,
        "spec.replicas is 'three', expected an integer");
    assertHealth(
        health("{apiVersion: v1, kind: Pod, metadata: {name: a}, status: {conditions: 7}}"),
        HealthStatus.UNKNOWN,
        "status.conditions is '7', expected a list");
  }

  @Test
  void computesFromAFabric8Resource() {
    var resource =
        new KubernetesSerialization()
            .unmarshal(
                """
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                 "metadata": {"name": "data"}, "status": {"phase": "Bound"}}
                """,
                GenericKubernetesResource.class);
    assertHealth(HealthRules.compute(resource), HealthStatus.CURRENT, "bound");
  }

  @Test
  void persistentVolumeClaimMustBeBound() {
    assertHealth(
        health(
            "{apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: a},"
                + " status: {phase: Pending}}"),
        HealthStatus.IN_PROGRESS,
        "not bound (phase Pending)");
  }

  @Test
  void loadBalancerServiceWaitsForAnIngressAddressOthersDoNot() {
    assertHealth(
        health(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: a}
            spec: {type: LoadBalancer, clusterIP: 10.0.0.9}
            status: {loadBalancer: {}}
            """),
        HealthStatus.IN_PROGRESS,
        "waiting for the load balancer to assign an address");
    assertHealth(
        health(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: a}
            spec: {type: LoadBalancer, clusterIP: 10.0.0.9}
            status: {loadBalancer: {ingress: [{ip: 192.168.1.240}]}}
            """),
        HealthStatus.CURRENT,
        "load balancer address assigned");
    assertHealth(
        health(
            "{apiVersion: v1, kind: Service, metadata: {name: a},"
                + " spec: {clusterIP: 10.0.0.10, selector: {app: a}}}"),
        HealthStatus.CURRENT,
        "Service exists");
  }

  @Test
  void customResourceDefinitionMustBeEstablished() {
    assertHealth(
        health(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.org}
            status: {conditions: [{type: NamesAccepted, status: "True"},
                                  {type: Established, status: "True"}]}
            """),
        HealthStatus.CURRENT,
        "CRD established");
    assertHealth(
        health(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.org}
            status: {conditions: [{type: NamesAccepted, status: "False", reason: MultipleNames,
                                   message: '"widgets" is already in use'}]}
            """),
        HealthStatus.FAILED,
        "names not accepted: \"widgets\" is already in use");
    assertHealth(
        health(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.org}
            status: {conditions: [{type: Established, status: "False", reason: Installing}]}
            """),
        HealthStatus.IN_PROGRESS,
        "CRD being installed");
  }

  @Test
  void namespaceMustBeActive() {
    assertHealth(
        health("{apiVersion: v1, kind: Namespace, metadata: {name: a}, status: {phase: Active}}"),
        HealthStatus.CURRENT,
        "Namespace active");
    assertHealth(
        health("{apiVersion: v1, kind: Namespace, metadata: {name: a}}"),
        HealthStatus.IN_PROGRESS,
        "Namespace not active");
  }

  @Test
  void sealedSecretWaitsForItsControllerAndFailsWhenItCannotUnseal() {
    assertHealth(
        health(
            "{apiVersion: bitnami.com/v1alpha1, kind: SealedSecret, metadata: {name: a,"
                + " generation: 1}}"),
        HealthStatus.IN_PROGRESS,
        "waiting for the sealed-secrets controller");
    assertHealth(
        health(
            """
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            metadata: {name: a, generation: 1}
            status: {observedGeneration: 1, conditions: [{type: Synced, status: "True"}]}
            """),
        HealthStatus.CURRENT,
        "unsealed");
    assertHealth(
        health(
            """
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            metadata: {name: a, generation: 1}
            status: {observedGeneration: 1, conditions: [{type: Synced, status: "False",
                     reason: ErrUnsealFailed, message: "no key could decrypt secret (password)"}]}
            """),
        HealthStatus.FAILED,
        "cannot unseal: no key could decrypt secret (password)");
  }
}
