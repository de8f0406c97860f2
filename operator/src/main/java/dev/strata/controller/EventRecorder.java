package dev.strata.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events (events.k8s.io/v1) about a resource, as {@code kubectl describe} and
 * {@code kubectl events} show them. Failing to record is logged, never fatal.
 */
public final class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_NOTE = 1024;

  private final KubernetesClient client;
  private final String controller;

  public EventRecorder(KubernetesClient client, String controller) {
    this.client = client;
    this.controller = controller;
  }

  public void normal(HasMetadata regarding, String reason, String note) {
    record(regarding, "Normal", reason, note);
  }

  public void warning(HasMetadata regarding, String reason, String note) {
    record(regarding, "Warning", reason, note);
  }

  private void record(HasMetadata regarding, String type, String reason, String note) {
    String namespace = regarding.getMetadata().getNamespace();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                regarding.getMetadata().getName()
                    + "."
                    + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
            .endMetadata()
            .withType(type)
            .withReason(reason)
            .withNote(note.length() > MAX_NOTE ? note.substring(0, MAX_NOTE - 3) + "..." : note)
            .withAction(reason)
            .withReportingController("strata.dev/" + controller)
            .withReportingInstance(controller)
            .withNewEventTime(MICRO_TIME.format(Instant.now()))
            .withRegarding(
                new ObjectReferenceBuilder()
                    .withApiVersion(regarding.getApiVersion())
                    .withKind(regarding.getKind())
                    .withNamespace(namespace)
                    .withName(regarding.getMetadata().getName())
                    .withUid(regarding.getMetadata().getUid())
                    .build())
            .build();
    try {
      client.events().v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      log.debug(
          "cannot record event {} on {}: {}",
          reason,
          regarding.getMetadata().getName(),
          e.getMessage());
    }
  }
}
