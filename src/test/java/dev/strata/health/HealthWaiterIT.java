package dev.strata.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.HealthCheckExpression;
import dev.strata.api.StrataMetadata;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.testing.RequestCounter;
import dev.strata.testing.SimulatedClusterExtension;
import dev.strata.testing.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Waits for real rollouts on the simulated cluster: controllers, scheduler and kwok nodes move the
 * objects' status, and the waiter follows by watching.
 */
@ExtendWith(SimulatedClusterExtension.class)
class HealthWaiterIT {

  private static final Duration ROLLOUT = Duration.ofSeconds(90);

  /** A node label no simulated node has, so Pods stay Pending. */
  private static final Map<String, String> NO_SUCH_NODE = Map.of("strata.dev/no-such-node", "x");

  private final KubernetesClient client;
  private final HealthWaiter waiter;
  private String namespace;

  HealthWaiterIT(KubernetesClient client) {
    this.client = client;
    this.waiter = new HealthWaiter(client);
  }

  @BeforeEach
  void createNamespace() {
    namespace = TestNamespaces.create(client, "health");
  }

  @Test
  void completesWhenADeploymentAndItsNeighboursAreReady() throws Exception {
    var deployment = client.resource(deployment("web", 2, podTemplate("web", Map.of()))).create();
    var config =
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("web-config")
                    .withNamespace(namespace)
                    .endMetadata()
                    .addToData("a", "b")
                    .build())
            .create();
    var service =
        client
            .resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .addToSelector("app", "web")
                    .addNewPort()
                    .withPort(80)
                    .endPort()
                    .endSpec()
                    .build())
            .create();

    var wait = waiter.start(refs(deployment, config, service), ROLLOUT);
    HealthReport report = wait.result().get(ROLLOUT.toSeconds() + 10, TimeUnit.SECONDS);

    assertThat(report.outcome()).as(report.summary()).isEqualTo(HealthReport.Outcome.HEALTHY);
    assertThat(report.objects())
        .hasSize(3)
        .allSatisfy((o, h) -> assertThat(h.isCurrent()).isTrue());
    assertThat(report.objects().get(ObjectRef.of(deployment)).reason())
        .isEqualTo("Deployment available, 2 replicas");
  }

  @Test
  void failsFastWhenADeploymentPassesItsProgressDeadline() throws Exception {
    var stuck = deployment("stuck", 1, podTemplate("stuck", NO_SUCH_NODE));
    stuck.getSpec().setProgressDeadlineSeconds(2);
    var created = client.resource(stuck).create();

    HealthReport report =
        waiter.start(refs(created), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.FAILED);
    assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(60));
    Health health = report.objects().get(ObjectRef.of(created));
    assertThat(health.status()).isEqualTo(HealthStatus.FAILED);
    assertThat(health.reason())
        .startsWith("progress deadline exceeded: ReplicaSet \"stuck-")
        .endsWith("has timed out progressing.");
    assertThat(report.summary())
        .startsWith("health check failed after ")
        .contains("Deployment/" + namespace + "/stuck (Failed: progress deadline exceeded");
  }

  @Test
  void completesWhenAJobCompletesAndFailsWhenAJobFails() throws Exception {
    var succeeds =
        client.resource(job("succeeds", podTemplate("succeeds", Map.of()), null)).create();
    HealthReport report =
        waiter.start(refs(succeeds), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(report.outcome()).as(report.summary()).isEqualTo(HealthReport.Outcome.HEALTHY);
    assertThat(report.objects().get(ObjectRef.of(succeeds)).reason())
        .isEqualTo("Job complete, 1 of 1 succeeded");

    // Pods that are never scheduled and a 2 s deadline: the Job controller fails the Job.
    var fails = client.resource(job("fails", podTemplate("fails", NO_SUCH_NODE), 2L)).create();
    report = waiter.start(refs(fails), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.FAILED);
    assertThat(report.objects().get(ObjectRef.of(fails)).reason())
        .startsWith("Job failed (")
        .contains("DeadlineExceeded");
  }

  @Test
  void waitsForAResumedJobToCompleteNotForItsStaleSuspendedCondition() throws Exception {
    var job = job("resumed", podTemplate("resumed", Map.of()), null);
    job.getSpec().setSuspend(true);
    var created = client.resource(job).create();
    HealthReport report =
        waiter.start(refs(created), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(report.outcome()).as(report.summary()).isEqualTo(HealthReport.Outcome.HEALTHY);
    assertThat(report.objects().get(ObjectRef.of(created)).reason()).isEqualTo("Job suspended");

    // Resume it as a commit would. The answer to the change still has Suspended=True: the Job
    // controller has not seen the new spec yet.
    var resumed =
        client
            .genericKubernetesResources("batch/v1", "Job")
            .inNamespace(namespace)
            .withName("resumed")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":false}}");
    assertThat(HealthRules.compute(resumed))
        .isEqualTo(Health.inProgress("Job resumed, waiting for the Job controller to start it"));

    report =
        waiter.start(refs(created), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(report.outcome()).as(report.summary()).isEqualTo(HealthReport.Outcome.HEALTHY);
    assertThat(report.objects().get(ObjectRef.of(created)).reason())
        .isEqualTo("Job complete, 1 of 1 succeeded");
  }

  @Test
  void timeoutNamesEachUnhealthyObjectAndWhy() throws Exception {
    var pending = client.resource(deployment("pending", 1, podTemplate("pending", NO_SUCH_NODE)));
    var deployment = pending.create();
    var missing = ObjectRef.of("v1", "ConfigMap", namespace, "never-created");

    HealthReport report =
        waiter
            .start(List.of(ObjectRef.of(deployment), missing), Duration.ofSeconds(3))
            .result()
            .get(30, TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.TIMED_OUT);
    assertThat(report.elapsed()).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
    assertThat(report.unhealthy())
        .containsEntry(missing, Health.notFound())
        .hasEntrySatisfying(
            ObjectRef.of(deployment),
            h -> {
              assertThat(h.status()).isEqualTo(HealthStatus.IN_PROGRESS);
              assertThat(h.reason()).contains("of 1 replicas");
            });
    assertThat(report.summary())
        .startsWith("timed out after 3.")
        .contains("waiting for 2 of 2 objects: Deployment/" + namespace + "/pending (InProgress: ")
        .contains("ConfigMap/" + namespace + "/never-created (NotFound: not found)");
  }

  @Test
  void followsAnObjectCreatedAfterTheWaitStarted() throws Exception {
    var wait =
        waiter.start(
            List.of(
                ObjectRef.of("v1", "ConfigMap", namespace, "late"),
                ObjectRef.of("v1", "ConfigMap", namespace, "later")),
            ROLLOUT);
    Thread.sleep(500);
    assertThat(wait.result()).isNotDone();
    assertThat(wait.snapshot()).allSatisfy((o, h) -> assertThat(h).isEqualTo(Health.notFound()));

    for (String name : List.of("late", "later")) {
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .endMetadata()
                  .build())
          .create();
    }

    assertThat(wait.result().get(30, TimeUnit.SECONDS).outcome())
        .isEqualTo(HealthReport.Outcome.HEALTHY);
  }

  @Test
  void watchesInsteadOfPolling(LocalControlPlane controlPlane) throws Exception {
    var deployment =
        client.resource(deployment("watched", 1, podTemplate("watched", NO_SUCH_NODE))).create();
    var counter = new RequestCounter();
    try (var counted = counter.newClient(controlPlane)) {
      HealthReport report =
          new HealthWaiter(counted)
              .start(refs(deployment), Duration.ofSeconds(4))
              .result()
              .get(30, TimeUnit.SECONDS);

      assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.TIMED_OUT);
      // Discovery once, then one list and one watch for the whole wait, however long; and one
      // list and one watch of the namespace's Pods, to fail fast on image pull errors.
      var uris = counter.sent().stream().map(RequestCounter.Sent::uri).toList();
      assertThat(uris).hasSize(5);
      assertThat(uris.stream().filter(uri -> !uri.contains("/pods")))
          .satisfiesExactly(
              discovery -> assertThat(discovery).endsWith("/apis/apps/v1"),
              list -> assertThat(list).contains("fieldSelector=metadata.name%3Dwatched"),
              watch -> assertThat(watch).contains("watch=true"));
      assertThat(uris.stream().filter(uri -> uri.contains("/pods")))
          .satisfiesExactly(
              list -> assertThat(list).endsWith("/pods?resourceVersion=0"),
              watch -> assertThat(watch).contains("watch=true"));
    }
  }

  @Test
  void cancellingStopsTheWait() throws Exception {
    var deployment =
        client
            .resource(deployment("cancelled", 1, podTemplate("cancelled", NO_SUCH_NODE)))
            .create();
    var wait = waiter.start(refs(deployment), ROLLOUT);
    Thread.sleep(500);

    wait.cancel();

    assertThat(wait.result()).isCancelled();
    try {
      wait.result().get(1, TimeUnit.SECONDS);
    } catch (CancellationException | ExecutionException expected) {
      // what a cancelled wait gives
    }
    assertThat(wait.snapshot().get(ObjectRef.of(deployment)).status())
        .isEqualTo(HealthStatus.IN_PROGRESS);
  }

  @Test
  void failsInSecondsWhenADeploymentsPodCannotPullItsImage() throws Exception {
    var template = podTemplate("pull", Map.of());
    template
        .getMetadata()
        .setAnnotations(
            Map.of(StrataMetadata.SIMULATE_ANNOTATION, StrataMetadata.SIMULATE_IMAGE_PULL_ERROR));
    var created = client.resource(deployment("pull", 1, template)).create();

    HealthReport report =
        waiter.start(refs(created), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.FAILED);
    assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(30));
    Health health = report.objects().get(ObjectRef.of(created));
    assertThat(health.reason())
        .matches(
            "Pod pull-[a-z0-9]+-[a-z0-9]+ container pull \\(image registry.example.org/pull:1.0.0\\):"
                + " ImagePullBackOff: Back-off pulling image .*");
  }

  @Test
  void failsInSecondsWhenADeploymentsPodCrashLoops() throws Exception {
    var template = podTemplate("crash", Map.of());
    template
        .getMetadata()
        .setAnnotations(
            Map.of(StrataMetadata.SIMULATE_ANNOTATION, StrataMetadata.SIMULATE_CRASH_LOOP));
    var created = client.resource(deployment("crash", 1, template)).create();

    HealthReport report =
        waiter.start(refs(created), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.FAILED);
    assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(30));
    assertThat(report.objects().get(ObjectRef.of(created)).reason())
        .startsWith("Pod crash-")
        .contains(
            "container crash (image registry.example.org/crash:1.0.0): CrashLoopBackOff: 3 restarts");
  }

  @Test
  void failsInSecondsWhenAStatefulSetsOrAJobsPodCannotPullItsImage() throws Exception {
    var template = podTemplate("db", Map.of());
    template
        .getMetadata()
        .setAnnotations(
            Map.of(StrataMetadata.SIMULATE_ANNOTATION, StrataMetadata.SIMULATE_IMAGE_PULL_ERROR));
    var statefulSet =
        client
            .resource(
                new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                    .withNewMetadata()
                    .withName("db")
                    .withNamespace(namespace)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withServiceName("db")
                    .withNewSelector()
                    .withMatchLabels(Map.of("app", "db"))
                    .endSelector()
                    .withTemplate(template)
                    .endSpec()
                    .build())
            .create();
    var migrate = podTemplate("migrate", Map.of());
    migrate.getMetadata().setAnnotations(template.getMetadata().getAnnotations());
    var job = client.resource(job("migrate", migrate, null)).create();

    for (HasMetadata workload : List.of(statefulSet, job)) {
      HealthReport report =
          waiter.start(refs(workload), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(report.outcome()).as(report.summary()).isEqualTo(HealthReport.Outcome.FAILED);
      assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(30));
      assertThat(report.objects().get(ObjectRef.of(workload)).reason())
          .startsWith("Pod " + workload.getMetadata().getName() + "-")
          .contains("ImagePullBackOff");
    }
  }

  @Test
  void podsOfAReplacedTemplateDoNotFailTheRollbackThatReplacesThem() throws Exception {
    var failing = podTemplate("fix", Map.of());
    failing
        .getMetadata()
        .setAnnotations(
            Map.of(StrataMetadata.SIMULATE_ANNOTATION, StrataMetadata.SIMULATE_IMAGE_PULL_ERROR));
    var created = client.resource(deployment("fix", 1, failing)).create();
    assertThat(
            waiter
                .start(refs(created), ROLLOUT)
                .result()
                .get(ROLLOUT.toSeconds(), TimeUnit.SECONDS)
                .outcome())
        .isEqualTo(HealthReport.Outcome.FAILED);

    // What a rollback does: the template that worked, while the failing Pods are still there.
    var fixed = client.resource(deployment("fix", 1, podTemplate("fix", Map.of()))).update();
    HealthReport report =
        waiter.start(refs(fixed), ROLLOUT).result().get(ROLLOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(report.outcome()).as(report.summary()).isEqualTo(HealthReport.Outcome.HEALTHY);
  }

  @Test
  void customResourcesFollowTheirCelExpressions() throws Exception {
    String group = namespace + ".strata.example";
    client
        .resource(
            client
                .getKubernetesSerialization()
                .unmarshal(
                    """
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
                        subresources: {status: {}}
                        schema:
                          openAPIV3Schema:
                            type: object
                            x-kubernetes-preserve-unknown-fields: true
                    """
                        .formatted(group),
                    io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition
                        .class))
        .create();
    var widgets =
        new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
            .withGroup(group)
            .withVersion("v1")
            .withKind("Widget")
            .withPlural("widgets")
            .withNamespaced(true)
            .build();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              client.genericKubernetesResources(widgets).inNamespace(namespace).list();
              return true;
            });
    var expression = new HealthCheckExpression();
    expression.setApiVersion(group + "/v1");
    expression.setKind("Widget");
    expression.setInProgress("status.?phase.orValue('') == 'Provisioning'");
    expression.setFailed("status.?phase.orValue('') == 'Broken'");
    expression.setCurrent("status.?phase.orValue('') == 'Running'");
    var celWaiter =
        new HealthWaiter(
            client, new ApiResources(client), HealthExpressions.compile(List.of(expression)));

    for (String outcome : List.of("Running", "Broken")) {
      String name = outcome.toLowerCase(java.util.Locale.ROOT);
      var widget = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
      widget.setApiVersion(group + "/v1");
      widget.setKind("Widget");
      widget.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withName(name)
              .withNamespace(namespace)
              .build());
      widget.setAdditionalProperty("spec", Map.of("size", 1));
      client.genericKubernetesResources(widgets).inNamespace(namespace).resource(widget).create();
      var ref = ObjectRef.of(group + "/v1", "Widget", namespace, name);
      var wait = celWaiter.start(List.of(ref), ROLLOUT);
      Thread.sleep(1000);
      assertThat(wait.result()).isNotDone();
      assertThat(wait.snapshot().get(ref))
          .isEqualTo(Health.inProgress("none of the expressions is true yet"));

      setWidgetPhase(widgets, name, "Provisioning");
      Thread.sleep(1000);
      assertThat(wait.snapshot().get(ref))
          .isEqualTo(Health.inProgress("spec.healthCheckExprs[0].inProgress is true"));
      setWidgetPhase(widgets, name, outcome);

      HealthReport report = wait.result().get(30, TimeUnit.SECONDS);
      if (outcome.equals("Running")) {
        assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.HEALTHY);
        assertThat(report.objects().get(ref).reason())
            .isEqualTo("spec.healthCheckExprs[0].current is true");
      } else {
        assertThat(report.outcome()).isEqualTo(HealthReport.Outcome.FAILED);
        assertThat(report.objects().get(ref).reason())
            .isEqualTo("spec.healthCheckExprs[0].failed is true");
      }
    }
  }

  private void setWidgetPhase(
      io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext widgets,
      String name,
      String phase) {
    client
        .genericKubernetesResources(widgets)
        .inNamespace(namespace)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"" + phase + "\"}}");
  }

  private static List<ObjectRef> refs(HasMetadata... objects) {
    return java.util.Arrays.stream(objects).map(ObjectRef::of).toList();
  }

  private Deployment deployment(String name, int replicas, PodTemplateSpec template) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private io.fabric8.kubernetes.api.model.batch.v1.Job job(
      String name, PodTemplateSpec template, Long activeDeadlineSeconds) {
    template.getSpec().setRestartPolicy("Never");
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(activeDeadlineSeconds)
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private static PodTemplateSpec podTemplate(String name, Map<String, String> nodeSelector) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .withNodeSelector(nodeSelector)
        .addNewContainer()
        .withName(name)
        .withImage("registry.example.org/" + name + ":1.0.0")
        .endContainer()
        .endSpec()
        .build();
  }
}
