package dev.strata.webhook;

import dev.strata.api.GitSource;
import dev.strata.api.StrataMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks for an immediate reconcile of every GitSource a push concerns, within a receiver's
 * namespaces, by setting the {@value StrataMetadata#REQUESTED_AT_ANNOTATION} annotation to the
 * current time with a merge patch. The GitSource reconciler does the rest; its
 * LayeredKustomizations follow the new revision.
 */
final class SourceTrigger {

  private static final Logger log = LoggerFactory.getLogger(SourceTrigger.class);

  private final KubernetesClient client;
  private final Set<String> watchedNamespaces;
  private final Clock clock;

  /**
   * @param watchedNamespaces the namespaces the operator reconciles; empty means all. A receiver
   *     never triggers outside them: nothing would act on the annotation.
   */
  SourceTrigger(KubernetesClient client, Set<String> watchedNamespaces, Clock clock) {
    this.client = client;
    this.watchedNamespaces = Set.copyOf(watchedNamespaces);
    this.clock = clock;
  }

  /**
   * What a push did.
   *
   * @param triggered the GitSources annotated, as namespace/name
   * @param suspended matching GitSources left alone because they are suspended
   * @param failed matching GitSources the patch failed for, with why
   */
  record Result(
      List<ObjectReference> triggered, List<String> suspended, Map<String, String> failed) {}

  Result trigger(ReceiverSpec receiver, PushEvent push) {
    String requestedAt = clock.instant().toString();
    String patch =
        "{\"metadata\":{\"annotations\":{\""
            + StrataMetadata.REQUESTED_AT_ANNOTATION
            + "\":\""
            + requestedAt
            + "\"}}}";
    List<ObjectReference> triggered = new ArrayList<>();
    List<String> suspended = new ArrayList<>();
    Map<String, String> failed = new TreeMap<>();
    for (GitSource source : candidates(receiver, failed)) {
      if (!SourceMatcher.matches(source.getSpec(), push)) {
        continue;
      }
      String key = source.getMetadata().getNamespace() + "/" + source.getMetadata().getName();
      if (Boolean.TRUE.equals(source.getSpec().getSuspend())) {
        suspended.add(key);
        continue;
      }
      try {
        GitSource patched =
            client
                .resources(GitSource.class)
                .inNamespace(source.getMetadata().getNamespace())
                .withName(source.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        triggered.add(reference(patched));
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          continue; // Deleted since the list: nothing to trigger.
        }
        log.warn("cannot annotate GitSource {}: {}", key, e.getMessage());
        failed.put(key, "cannot annotate: " + describe(e));
      }
    }
    return new Result(triggered, suspended, failed);
  }

  /**
   * The GitSources the receiver may trigger, sorted for a stable answer. A namespace that cannot be
   * listed goes to {@code failed} and does not hold the others back.
   */
  private List<GitSource> candidates(ReceiverSpec receiver, Map<String, String> failed) {
    List<GitSource> sources = new ArrayList<>();
    if (receiver.allNamespaces() && watchedNamespaces.isEmpty()) {
      list(null, sources, failed);
    } else {
      for (String namespace :
          receiver.allNamespaces() ? watchedNamespaces : receiver.namespaces()) {
        if (!watchedNamespaces.isEmpty() && !watchedNamespaces.contains(namespace)) {
          log.debug(
              "receiver {} names namespace {}, which the operator does not watch",
              receiver.name(),
              namespace);
          continue;
        }
        list(namespace, sources, failed);
      }
    }
    sources.sort(
        Comparator.comparing((GitSource s) -> s.getMetadata().getNamespace())
            .thenComparing(s -> s.getMetadata().getName()));
    return sources;
  }

  private void list(String namespace, List<GitSource> into, Map<String, String> failed) {
    try {
      var resources = client.resources(GitSource.class);
      into.addAll(
          (namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace))
              .list()
              .getItems());
    } catch (KubernetesClientException e) {
      String where = namespace == null ? "all namespaces" : "namespace " + namespace;
      log.warn("cannot list GitSources in {}: {}", where, e.getMessage());
      failed.put(where, "cannot list GitSources: " + describe(e));
    }
  }

  private static String describe(KubernetesClientException e) {
    return e.getCode() == 0 ? String.valueOf(e.getMessage()) : "HTTP " + e.getCode();
  }

  private static ObjectReference reference(GitSource source) {
    return new ObjectReferenceBuilder()
        .withApiVersion(source.getApiVersion())
        .withKind(source.getKind())
        .withNamespace(source.getMetadata().getNamespace())
        .withName(source.getMetadata().getName())
        .withUid(source.getMetadata().getUid())
        .withResourceVersion(source.getMetadata().getResourceVersion())
        .build();
  }
}
