package dev.strata.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Computes the health of a live object with kstatus's rules, in kstatus's order: an object being
 * deleted is Terminating; one whose controller has not observed its latest generation is
 * InProgress; a {@code Reconciling=True} condition means InProgress and {@code Stalled=True}
 * Failed; then the rule of its kind, if any; then a {@code Ready} condition; else Current.
 *
 * <p>Kind rules beyond kstatus's: a Namespace is Current when Active; a Service of type
 * LoadBalancer waits for an ingress address (kstatus only waits for a cluster IP). Services do not
 * wait for endpoints: the Pods behind a Service belong to workloads that are waited on themselves,
 * and a Service may legitimately select Pods of a later layer or of a workload scaled to zero,
 * which would block its layer for ever. A SealedSecret (bitnami.com) waits for its controller's
 * {@code Synced} condition and fails when unsealing fails. See {@link WorkloadRules} for Jobs and
 * Pods.
 */
public final class HealthRules {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static final Map<String, BiFunction<ObjectView, Instant, Health>> RULES =
      Map.ofEntries(
          Map.entry("Service", (o, now) -> service(o)),
          Map.entry("Pod", WorkloadRules::pod),
          Map.entry("Secret", (o, now) -> exists()),
          Map.entry("ConfigMap", (o, now) -> exists()),
          Map.entry("batch/CronJob", (o, now) -> exists()),
          Map.entry("PersistentVolumeClaim", (o, now) -> persistentVolumeClaim(o)),
          Map.entry("Namespace", (o, now) -> namespace(o)),
          Map.entry("apps/StatefulSet", (o, now) -> WorkloadRules.statefulSet(o)),
          Map.entry("apps/DaemonSet", (o, now) -> WorkloadRules.daemonSet(o)),
          Map.entry("extensions/DaemonSet", (o, now) -> WorkloadRules.daemonSet(o)),
          Map.entry("apps/Deployment", (o, now) -> WorkloadRules.deployment(o)),
          Map.entry("extensions/Deployment", (o, now) -> WorkloadRules.deployment(o)),
          Map.entry("apps/ReplicaSet", (o, now) -> WorkloadRules.replicaSet(o)),
          Map.entry("extensions/ReplicaSet", (o, now) -> WorkloadRules.replicaSet(o)),
          Map.entry("policy/PodDisruptionBudget", (o, now) -> Health.current("budget computed")),
          Map.entry("batch/Job", (o, now) -> WorkloadRules.job(o)),
          Map.entry(
              "apiextensions.k8s.io/CustomResourceDefinition",
              (o, now) -> customResourceDefinition(o)),
          Map.entry("bitnami.com/SealedSecret", (o, now) -> sealedSecret(o)));

  private HealthRules() {}

  public static Health compute(GenericKubernetesResource object) {
    return compute(object, Instant.now());
  }

  @SuppressWarnings("unchecked")
  public static Health compute(GenericKubernetesResource object, Instant now) {
    return compute((Map<String, Object>) SERIALIZATION.convertValue(object, Map.class), now);
  }

  public static Health compute(Map<String, Object> object) {
    return compute(object, Instant.now());
  }

  /**
   * The health of an object given as maps, at {@code now} (only Pods' scheduling grace depends on
   * the time). Malformed status fields give Unknown with the field named.
   */
  public static Health compute(Map<String, Object> object, Instant now) {
    var o = new ObjectView(object);
    try {
      Health generic = genericProperties(o);
      if (generic != null) {
        return generic;
      }
      var rule = RULES.get(o.group().isEmpty() ? o.kind() : o.group() + "/" + o.kind());
      if (rule != null) {
        return rule.apply(o, now);
      }
      var ready = o.condition("Ready");
      if (ready.isPresent()) {
        return ready.get().isTrue()
            ? Health.current("Ready")
            : Health.inProgress("not Ready: " + ready.get().explanation());
      }
      return exists();
    } catch (ObjectView.MalformedField e) {
      return new Health(HealthStatus.UNKNOWN, "cannot read status: " + e.getMessage());
    }
  }

  /** InProgress when status.observedGeneration lags metadata.generation, else null. */
  static Health unobservedGeneration(ObjectView o) {
    if (o.has("metadata.generation") && o.has("status.observedGeneration")) {
      long generation = o.integer("metadata.generation", 0);
      long observed = o.integer("status.observedGeneration", 0);
      if (generation != observed) {
        return Health.inProgress(
            "generation " + generation + " not yet observed (observed: " + observed + ")");
      }
    }
    return null;
  }

  /** kstatus's checkGenericProperties: deletion, observed generation, Reconciling, Stalled. */
  private static Health genericProperties(ObjectView o) {
    if (!o.string("metadata.deletionTimestamp", "").isEmpty()) {
      List<?> finalizers = o.list("metadata.finalizers");
      return new Health(
          HealthStatus.TERMINATING,
          finalizers.isEmpty()
              ? "being deleted"
              : "being deleted, waiting for finalizers " + finalizers);
    }
    Health unobserved = unobservedGeneration(o);
    if (unobserved != null) {
      return unobserved;
    }
    for (var condition : o.conditions()) {
      if (condition.type().equals("Reconciling") && condition.isTrue()) {
        return Health.inProgress("reconciling: " + condition.explanation());
      }
      if (condition.type().equals("Stalled") && condition.isTrue()) {
        return Health.failed("stalled: " + condition.explanation());
      }
    }
    return null;
  }

  private static Health exists() {
    return Health.current("exists");
  }

  private static Health service(ObjectView o) {
    if (!o.string("spec.type", "ClusterIP").equals("LoadBalancer")) {
      return Health.current("Service exists");
    }
    if (o.string("spec.clusterIP", "").isEmpty()) {
      return Health.inProgress("no cluster IP assigned yet");
    }
    if (o.list("status.loadBalancer.ingress").isEmpty()) {
      return Health.inProgress("waiting for the load balancer to assign an address");
    }
    return Health.current("load balancer address assigned");
  }

  private static Health persistentVolumeClaim(ObjectView o) {
    String phase = o.string("status.phase", "");
    if (!phase.equals("Bound")) {
      return Health.inProgress(
          "PersistentVolumeClaim not bound" + (phase.isEmpty() ? "" : " (phase " + phase + ")"));
    }
    return Health.current("PersistentVolumeClaim bound");
  }

  private static Health namespace(ObjectView o) {
    String phase = o.string("status.phase", "");
    return phase.equals("Active")
        ? Health.current("Namespace active")
        : Health.inProgress(
            "Namespace not active" + (phase.isEmpty() ? "" : " (phase " + phase + ")"));
  }

  private static Health customResourceDefinition(ObjectView o) {
    for (var condition : o.conditions()) {
      if (condition.type().equals("NamesAccepted") && condition.isFalse()) {
        return Health.failed("names not accepted: " + condition.explanation());
      }
      if (condition.type().equals("Established")) {
        if (condition.isFalse() && !condition.reason().equals("Installing")) {
          return Health.failed("not established: " + condition.explanation());
        }
        if (condition.isTrue()) {
          return Health.current("CRD established");
        }
      }
    }
    return Health.inProgress("CRD being installed");
  }

  private static Health sealedSecret(ObjectView o) {
    var synced = o.condition("Synced");
    if (!o.has("status.observedGeneration") || synced.isEmpty()) {
      return Health.inProgress("waiting for the sealed-secrets controller to unseal it");
    }
    if (synced.get().isTrue()) {
      return Health.current("unsealed");
    }
    return Health.failed("cannot unseal: " + synced.get().explanation());
  }
}
