package dev.strata.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the Pods of one namespace for the workloads waited for there (Deployments, StatefulSets,
 * DaemonSets, ReplicaSets, Jobs), and fails a workload at once when one of its Pods of the current
 * template cannot pull its image or crash-loops ({@link PodFailures}); its health then names the
 * Pod, the container and the kubelet's reason. Pods of an older template (say, the failed revision
 * a rollback replaces) are not the workload's current Pods and do not count.
 */
final class PodWatch implements ResourceEventHandler<GenericKubernetesResource> {

  /** The Deployment controller's revision annotation, on a Deployment and on its ReplicaSets. */
  static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final HealthWait wait;
  private final KubernetesClient client;
  private final String namespace;

  /** The waited workloads of this namespace, by "Kind/name". */
  private final Map<String, ObjectRef> workloads;

  /** Their live objects as last seen. */
  private final Map<ObjectRef, GenericKubernetesResource> live = new ConcurrentHashMap<>();

  private volatile SharedIndexInformer<GenericKubernetesResource> informer;

  PodWatch(
      HealthWait wait,
      KubernetesClient client,
      String namespace,
      Map<String, ObjectRef> workloads) {
    this.wait = wait;
    this.client = client;
    this.namespace = namespace;
    this.workloads = workloads;
  }

  /** Whether Pods of this kind of object are watched. */
  static boolean watchesPodsOf(ObjectRef ref) {
    return switch (ref.group() + "/" + ref.kind()) {
      case "apps/Deployment",
          "apps/StatefulSet",
          "apps/DaemonSet",
          "apps/ReplicaSet",
          "batch/Job" ->
          true;
      default -> false;
    };
  }

  static String key(String kind, String name) {
    return kind + "/" + name;
  }

  void informer(SharedIndexInformer<GenericKubernetesResource> informer) {
    this.informer = informer;
  }

  /** A workload's new state: its current template may have changed, so its Pods are read again. */
  void workloadSeen(ObjectRef ref, GenericKubernetesResource object) {
    live.put(ref, object);
    var pods = informer;
    if (pods != null) {
      pods.getStore().list().forEach(this::check);
    }
  }

  @Override
  public void onAdd(GenericKubernetesResource pod) {
    check(pod);
  }

  @Override
  public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource pod) {
    check(pod);
  }

  @Override
  public void onDelete(GenericKubernetesResource pod, boolean finalStateUnknown) {}

  @SuppressWarnings("unchecked")
  private void check(GenericKubernetesResource pod) {
    Optional<PodFailures.ContainerFailure> failure =
        PodFailures.of(SERIALIZATION.convertValue(pod, Map.class));
    if (failure.isEmpty()) {
      return;
    }
    for (OwnerReference owner : pod.getMetadata().getOwnerReferences()) {
      if (!Boolean.TRUE.equals(owner.getController())) {
        continue;
      }
      Optional<ObjectRef> workload = currentWorkload(pod, owner);
      if (workload.isPresent()) {
        wait.failFast(
            workload.get(),
            Health.failed("Pod " + pod.getMetadata().getName() + " " + failure.get().describe()));
        return;
      }
    }
  }

  /** The waited workload whose current template made {@code pod}, if any. */
  private Optional<ObjectRef> currentWorkload(GenericKubernetesResource pod, OwnerReference owner) {
    ObjectRef direct = workloads.get(key(owner.getKind(), owner.getName()));
    if (direct != null) {
      GenericKubernetesResource object = live.get(direct);
      if (object == null
          || !observed(object)
          || !Objects.equals(object.getMetadata().getUid(), owner.getUid())) {
        return Optional.empty();
      }
      return current(direct, object, pod) ? Optional.of(direct) : Optional.empty();
    }
    if (!owner.getKind().equals("ReplicaSet")) {
      return Optional.empty();
    }
    // A Deployment's Pod: its ReplicaSet is <deployment>-<pod-template-hash>.
    String hash = pod.getMetadata().getLabels().getOrDefault("pod-template-hash", "");
    if (hash.isEmpty() || !owner.getName().endsWith("-" + hash)) {
      return Optional.empty();
    }
    String deploymentName =
        owner.getName().substring(0, owner.getName().length() - hash.length() - 1);
    ObjectRef deployment = workloads.get(key("Deployment", deploymentName));
    GenericKubernetesResource object = deployment == null ? null : live.get(deployment);
    if (object == null || !observed(object)) {
      return Optional.empty();
    }
    String revision = annotation(object, REVISION_ANNOTATION);
    if (revision == null) {
      return Optional.empty();
    }
    try {
      ReplicaSet replicaSet =
          client.apps().replicaSets().inNamespace(namespace).withName(owner.getName()).get();
      return replicaSet != null
              && revision.equals(replicaSet.getMetadata().getAnnotations().get(REVISION_ANNOTATION))
          ? Optional.of(deployment)
          : Optional.empty();
    } catch (KubernetesClientException e) {
      // Not certain, so not fast: the wait goes on to its timeout.
      return Optional.empty();
    }
  }

  /**
   * Whether a Pod owned directly by a workload is of its current template: a StatefulSet's Pod
   * carries its update revision; a DaemonSet's runs the template's image in the failing container;
   * a Job's and a ReplicaSet's Pods are all current.
   */
  private static boolean current(
      ObjectRef workload, GenericKubernetesResource object, GenericKubernetesResource pod) {
    switch (workload.kind()) {
      case "StatefulSet":
        Object status = object.getAdditionalProperties().get("status");
        Object updateRevision = status instanceof Map<?, ?> map ? map.get("updateRevision") : null;
        return updateRevision != null
            && updateRevision.equals(pod.getMetadata().getLabels().get("controller-revision-hash"));
      case "DaemonSet":
        return templateImages(object).equals(podImages(pod));
      default:
        return true;
    }
  }

  /**
   * Whether the workload's controller has seen its latest spec: until then its revision and its
   * notion of the current template are the previous spec's, e.g. the failed revision's while a
   * rollback is being applied.
   */
  private static boolean observed(GenericKubernetesResource object) {
    Object status = object.getAdditionalProperties().get("status");
    Object observed = status instanceof Map<?, ?> map ? map.get("observedGeneration") : null;
    Long generation = object.getMetadata().getGeneration();
    return observed == null
        ? object.getKind().equals("Job")
        : observed instanceof Number number
            && generation != null
            && number.longValue() == generation;
  }

  private static List<String> templateImages(GenericKubernetesResource object) {
    return images(path(object.getAdditionalProperties(), "spec", "template", "spec", "containers"));
  }

  private static List<String> podImages(GenericKubernetesResource pod) {
    return images(path(pod.getAdditionalProperties(), "spec", "containers"));
  }

  private static List<String> images(Object containers) {
    if (!(containers instanceof List<?> list)) {
      return List.of();
    }
    return list.stream()
        .map(c -> c instanceof Map<?, ?> m ? String.valueOf(m.get("image")) : "")
        .toList();
  }

  private static Object path(Map<String, Object> root, String... keys) {
    Object current = root;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  private static String annotation(GenericKubernetesResource object, String key) {
    var annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
