package dev.strata.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strata.api.Condition;
import dev.strata.api.GitRef;
import dev.strata.api.GitSource;
import dev.strata.api.LocalObjectReference;
import dev.strata.controller.GitSourceReconciler;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.testing.ApiServerExtension;
import dev.strata.testing.Kubectl;
import dev.strata.testing.TestNamespaces;
import dev.strata.testing.TestResources;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs Strata from deploy/ with kubectl on a real API server, and runs the operator with the
 * ServiceAccount token and exactly the RBAC that deploy/ grants it: enough to reconcile, elect a
 * leader and read Secrets, not enough to apply workloads; in tenant mode, enough to impersonate a
 * tenant's ServiceAccount and no more.
 */
@ExtendWith(ApiServerExtension.class)
class DeployIT {

  /**
   * kubectl's note when it adopts objects it did not create (the CRDs the test setup installed).
   */
  private static final String ADOPTION_WARNING = "kubectl.kubernetes.io/last-applied-configuration";

  private final KubernetesClient admin;
  private final Kubectl kubectl;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  @TempDir Path cache;
  @TempDir Path served;

  DeployIT(KubernetesClient admin, LocalControlPlane controlPlane) {
    this.admin = admin;
    this.kubectl = new Kubectl(controlPlane.kubeconfig());
  }

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Test
  void installsWithKubectlApplyKustomize() throws Exception {
    int objects = countObjects(kubectl.run("kustomize", "deploy/"));
    // A server-side dry-run checks namespaced objects inside their namespace: it must exist.
    kubectl.run("apply", "-f", "deploy/operator/namespace.yaml");

    String dryRun = kubectl.run("apply", "-k", "deploy/", "--dry-run=server");

    assertThat(dryRun.lines().filter(l -> l.endsWith("(server dry run)")).count())
        .as(dryRun)
        .isEqualTo(objects);
    assertThat(warnings(dryRun)).as("Pod Security and deprecation warnings").isEmpty();

    kubectl.run("apply", "-k", "deploy/");

    assertThat(kubectl.run("get", "deploy", "-n", "strata-system"))
        .containsPattern("(?m)^strata\\s+\\d/1\\s");
    assertThat(kubectl.run("get", "service", "-n", "strata-system"))
        .containsPattern("strata-metrics\\s+ClusterIP\\s+\\S+\\s+<none>\\s+8080/TCP")
        .containsPattern("strata-webhook\\s+ClusterIP\\s+\\S+\\s+<none>\\s+9292/TCP");
    // Applying again changes nothing: no field the server defaults differs from the manifests.
    kubectl.run("diff", "-k", "deploy/");
  }

  @Test
  void tenantModeInstallIsValid() throws Exception {
    kubectl.run("apply", "-f", "deploy/operator/namespace.yaml");

    String dryRun = kubectl.run("apply", "-k", "deploy/tenant-mode", "--dry-run=server");

    assertThat(dryRun)
        .contains("clusterrole.rbac.authorization.k8s.io/strata-impersonate-serviceaccounts")
        .doesNotContain("strata-cluster-apply");
    assertThat(warnings(dryRun)).isEmpty();
  }

  @Test
  void operatorRunsWithOnlyTheRbacOfDeployOperator() throws Exception {
    String home = TestNamespaces.create(admin, "strata-rbac");
    String watched = TestNamespaces.create(admin, "strata-watched");
    install(InstallManifests.relocatedRbac("deploy/operator", home));
    KubernetesClient operatorClient = clientFor(home, "strata", c -> {});

    var daemon = GitDaemon.serve(served);
    toClose.add(daemon);
    var repo = TestRepository.generate(served, "homelab", 10, 100, 1);
    var store = new ObjectStore(cache);
    var operator =
        new StrataOperator(
            operatorClient,
            new OperatorSettings(
                Set.of(watched),
                true,
                "strata-operator",
                home,
                "replica-a",
                0,
                Duration.ofSeconds(5)),
            List.of(
                new GitSourceReconciler(
                    store, new GitFetcher(store, Duration.ofMillis(200)), Clock.systemUTC())),
            Metrics.newRegistry());
    toClose.add(operator);
    operator.start();

    // Leader election: the Lease in the operator's own namespace, taken and then renewed.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var lease = admin.leases().inNamespace(home).withName("strata-operator").get();
              assertThat(lease).isNotNull();
              assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");
              assertThat(lease.getSpec().getRenewTime()).isAfter(lease.getSpec().getAcquireTime());
            });
    // Its own resources and their status.
    create(watched, "fetched", daemon.url("homelab.git"), null);
    assertThat(awaitReady(watched, "fetched", "True").getMessage())
        .contains("main@sha1:" + repo.head());
    // Secrets: read (an unreachable HTTPS remote fails after the Secret was read) ...
    admin
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("https-credentials")
                .withNamespace(watched)
                .endMetadata()
                .addToStringData("username", "homelab")
                .addToStringData("password", "not-a-real-password")
                .build())
        .create();
    create(
        watched,
        "with-secret",
        "http://127.0.0.1:" + closedPort() + "/homelab.git",
        "https-credentials");
    var withSecret = awaitReady(watched, "with-secret", "False");
    assertThat(withSecret.getReason()).isNotEqualTo("SecretNotFound");
    // ... and a missing one is reported as missing, not as forbidden.
    create(watched, "no-secret", daemon.url("homelab.git"), "absent");
    var noSecret = awaitReady(watched, "no-secret", "False");
    assertThat(noSecret.getReason()).isEqualTo("SecretNotFound");
    assertThat(noSecret.getMessage()).contains("not found").doesNotContain("forbidden");

    // What deploy/operator does not grant: applying workloads, writing Secrets, impersonating.
    assertThat(allowed(operatorClient, watched, "apps", "deployments", "create")).isFalse();
    assertThat(allowed(operatorClient, watched, "", "configmaps", "create")).isFalse();
    assertThat(allowed(operatorClient, home, "", "configmaps", "watch"))
        .as("its configuration (webhooks, notifications) in its own namespace")
        .isTrue();
    assertThat(allowed(operatorClient, watched, "", "configmaps", "list")).isFalse();
    assertThat(allowed(operatorClient, watched, "", "secrets", "delete")).isFalse();
    assertThat(allowed(operatorClient, watched, "coordination.k8s.io", "leases", "create"))
        .as("Leases only in its own namespace")
        .isFalse();
    assertThat(allowed(operatorClient, watched, "", "serviceaccounts", "impersonate")).isFalse();
    assertThat(allowed(operatorClient, null, "rbac.authorization.k8s.io", "clusterroles", "create"))
        .isFalse();
  }

  @Test
  void tenantModeAppliesOnlyWhatTheTenantsServiceAccountMay() throws Exception {
    String home = TestNamespaces.create(admin, "strata-tenant-mode");
    String tenant = TestNamespaces.create(admin, "tenant");
    String other = TestNamespaces.create(admin, "other-tenant");
    install(InstallManifests.relocatedRbac("deploy/tenant-mode", home));
    // The tenant's deployer: may manage ConfigMaps in its own namespace only.
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("deployer")
                .withNamespace(tenant)
                .endMetadata()
                .build())
        .create();
    admin
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("deployer")
                .withNamespace(tenant)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("configmaps")
                        .withVerbs("get", "list", "create", "patch", "update", "delete")
                        .build())
                .build())
        .create();
    admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("deployer")
                .withNamespace(tenant)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "deployer")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("deployer")
                .withNamespace(tenant)
                .endSubject()
                .build())
        .create();

    var operatorItself = clientFor(home, "strata", c -> {});
    var asDeployer =
        clientFor(
            home,
            "strata",
            c -> c.withImpersonateUsername("system:serviceaccount:" + tenant + ":deployer"));
    var asAdministrator =
        clientFor(
            home,
            "strata",
            c ->
                c.withImpersonateUsername("kubernetes-admin")
                    .withImpersonateGroups("system:masters"));

    asDeployer.resource(configMap(tenant)).serverSideApply();
    assertThat(admin.configMaps().inNamespace(tenant).withName("layer-object").get()).isNotNull();
    assertForbidden(() -> asDeployer.resource(configMap(other)).serverSideApply());
    assertForbidden(() -> operatorItself.resource(configMap(other)).serverSideApply());
    assertForbidden(() -> asAdministrator.resource(configMap(other)).serverSideApply());
  }

  private void install(List<HasMetadata> objects) {
    for (HasMetadata object : objects) {
      admin.resource(object).create();
    }
  }

  /** A client that authenticates with a token of the ServiceAccount, as the pod would. */
  private KubernetesClient clientFor(
      String namespace, String serviceAccount, Consumer<ConfigBuilder> customize) {
    String token =
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config adminConfig = admin.getConfiguration();
    var config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(adminConfig.getMasterUrl())
            .withCaCertData(adminConfig.getCaCertData())
            .withCaCertFile(adminConfig.getCaCertFile())
            .withTrustCerts(adminConfig.isTrustCerts())
            .withOauthToken(token);
    customize.accept(config);
    var client = new KubernetesClientBuilder().withConfig(config.build()).build();
    toClose.add(client);
    return client;
  }

  private static boolean allowed(
      KubernetesClient client, String namespace, String group, String resource, String verb) {
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(
            new SelfSubjectAccessReviewBuilder()
                .withNewSpec()
                .withResourceAttributes(
                    new ResourceAttributesBuilder()
                        .withNamespace(namespace)
                        .withGroup(group)
                        .withResource(resource)
                        .withVerb(verb)
                        .build())
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }

  private void create(String namespace, String name, String url, String secret) {
    GitSource source =
        TestResources.gitSource(namespace, name, (GitRef ref) -> ref.setBranch("main"));
    source.getSpec().setUrl(url);
    if (secret != null) {
      var reference = new LocalObjectReference();
      reference.setName(secret);
      source.getSpec().setSecretRef(reference);
    }
    admin.resource(source).create();
  }

  private Condition awaitReady(String namespace, String name, String status) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var source =
                  admin.resources(GitSource.class).inNamespace(namespace).withName(name).get();
              if (source.getStatus() == null || source.getStatus().getConditions() == null) {
                return null;
              }
              return source.getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals("Ready") && c.getStatus().equals(status))
                  .findFirst()
                  .orElse(null);
            },
            c -> c != null);
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String namespace) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("layer-object")
        .withNamespace(namespace)
        .endMetadata()
        .addToData("applied-by", "strata")
        .build();
  }

  private static void assertForbidden(Runnable request) {
    assertThatThrownBy(request::run)
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  private static int closedPort() throws Exception {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int countObjects(String yaml) {
    return (int) yaml.lines().filter(l -> l.startsWith("kind: ")).count();
  }

  private static List<String> warnings(String output) {
    return output
        .lines()
        .filter(l -> l.startsWith("Warning"))
        .filter(l -> !l.contains(ADOPTION_WARNING))
        .toList();
  }
}
