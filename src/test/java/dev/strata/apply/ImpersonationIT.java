package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strata.health.HealthReport;
import dev.strata.health.HealthWaiter;
import dev.strata.health.ObjectRef;
import dev.strata.render.Resource;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Applies as a service account through impersonation, against an API server that authorizes with
 * RBAC: what the account may not do is reported per object, and nothing of the layer is applied.
 */
@ExtendWith(ApiServerExtension.class)
class ImpersonationIT {

  private static final String ACCOUNT = "deployer";

  private final KubernetesClient admin;
  private String namespace;
  private String otherNamespace;

  ImpersonationIT(KubernetesClient admin) {
    this.admin = admin;
  }

  @BeforeEach
  void createAccountAllowedConfigMapsInItsNamespaceOnly() {
    namespace = TestNamespaces.create(admin, "imp");
    otherNamespace = TestNamespaces.create(admin, "imp-other");
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(ACCOUNT).endMetadata().build())
        .create();
    admin
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("configmaps")
                .withNamespace(namespace)
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list", "watch", "create", "patch", "update", "delete")
                .endRule()
                .build())
        .create();
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("configmaps")
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "configmaps")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(ACCOUNT)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
  }

  @Test
  void theApiServerSeesTheServiceAccountAndItsGroups() {
    var impersonated = Impersonation.asServiceAccount(admin, namespace, ACCOUNT);

    SelfSubjectReview review =
        impersonated.authentication().v1().selfSubjectReviews().create(new SelfSubjectReview());

    assertThat(review.getStatus().getUserInfo().getUsername())
        .isEqualTo("system:serviceaccount:" + namespace + ":" + ACCOUNT);
    assertThat(review.getStatus().getUserInfo().getGroups())
        .contains("system:serviceaccounts", "system:serviceaccounts:" + namespace);
  }

  @Test
  void forbiddenObjectsAreNamedAndNothingOfTheLayerIsApplied() {
    var applier =
        new LayerApplier(
            Impersonation.asServiceAccount(admin, namespace, ACCOUNT), ApplyOptions.defaults());
    List<Resource> layer =
        Layers.concat(
            Layers.from("apps/allowed.yaml", configMap(namespace, "allowed")),
            Layers.from(
                "apps/secret.yaml",
                "{apiVersion: v1, kind: Secret, metadata: {name: s, namespace: %s}}"
                    .formatted(namespace)),
            Layers.from("apps/elsewhere.yaml", configMap(otherNamespace, "elsewhere")));

    var error = catchThrowableOfType(ApplyException.class, () -> applier.apply(layer));

    assertThat(error.phase()).isEqualTo(ApplyException.Phase.VALIDATION);
    assertThat(error.failures())
        .extracting(ObjectFailure::toString)
        .containsExactly(
            "Secret/"
                + namespace
                + "/s (from apps/secret.yaml): 403 Forbidden: secrets \"s\" is forbidden: User"
                + " \"system:serviceaccount:"
                + namespace
                + ":deployer\" cannot patch resource \"secrets\" in API group \"\" in the"
                + " namespace \""
                + namespace
                + "\"",
            "ConfigMap/"
                + otherNamespace
                + "/elsewhere (from apps/elsewhere.yaml): 403 Forbidden: configmaps \"elsewhere\""
                + " is forbidden:"
                + " User \"system:serviceaccount:"
                + namespace
                + ":deployer\" cannot patch resource \"configmaps\" in API group \"\" in the"
                + " namespace \""
                + otherNamespace
                + "\"");
    assertThat(admin.configMaps().inNamespace(namespace).withName("allowed").get()).isNull();
  }

  @Test
  void whatTheAccountMayDoIsApplied() throws Exception {
    var applier =
        new LayerApplier(
            Impersonation.asServiceAccount(admin, namespace, ACCOUNT), ApplyOptions.defaults());

    ChangeSet changes = applier.apply(Layers.from("apps/allowed.yaml", configMap(namespace, "ok")));

    assertThat(changes.applied()).containsExactly(ObjectRef.of("v1", "ConfigMap", namespace, "ok"));
    assertThat(admin.configMaps().inNamespace(namespace).withName("ok").get()).isNotNull();
  }

  @Test
  void aHealthWaitAsTheAccountFailsOnWhatItCannotWatch() throws Exception {
    var waiter = new HealthWaiter(Impersonation.asServiceAccount(admin, namespace, ACCOUNT));
    var secret = ObjectRef.of("v1", "Secret", namespace, "s");

    HealthReport report =
        waiter.start(List.of(secret), Duration.ofSeconds(30)).result().get(30, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.FAILED);
    assertThat(report.objects().get(secret).reason())
        .startsWith("cannot watch secrets in namespace " + namespace + ": ")
        .contains(
            "secrets \"s\" is forbidden: User \"system:serviceaccount:"
                + namespace
                + ":deployer\" cannot list resource \"secrets\"");
  }

  @Test
  void invalidNamesAreRejected() {
    assertThatThrownBy(() -> Impersonation.asServiceAccount(admin, "Bad_Namespace", ACCOUNT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot impersonate service account 'deployer': namespace 'Bad_Namespace' is not a"
                + " valid namespace name");
    assertThatThrownBy(() -> Impersonation.asServiceAccount(admin, "apps", "no spaces"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot impersonate service account 'no spaces' in namespace apps: not a valid service"
                + " account name");
  }

  private static String configMap(String namespace, String name) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data: {a: b}
        """
        .formatted(name, namespace);
  }
}
