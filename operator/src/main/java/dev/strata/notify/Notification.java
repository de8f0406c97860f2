package dev.strata.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * Describes one outcome worth telling a person about.
 *
 * @param type what happened
 * @param kind the involved object's kind: LayeredKustomization or GitSource
 * @param namespace its namespace
 * @param name its name
 * @param uid its uid, or null
 * @param revision the revision concerned ({@code <ref>@sha1:<hex>}), or null when none is known
 * @param reason the condition reason, e.g. LayerFailed
 * @param message the same text as the condition and the Event
 * @param layer the layer concerned, or null
 * @param source the GitSource ({@code namespace/name}) the revision came from, whose URL names the
 *     repository for commit statuses; for a GitSource itself, its own key
 * @param timestamp when it was decided
 */
public record Notification(
    EventType type,
    String kind,
    String namespace,
    String name,
    String uid,
    String revision,
    String reason,
    String message,
    String layer,
    String source,
    Instant timestamp) {

  public Notification {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    message = message == null ? "" : message;
    reason = reason == null ? "" : reason;
    timestamp = timestamp == null ? Instant.now() : timestamp;
  }

  /** {@code namespace/name} of the involved object. */
  public String objectKey() {
    return namespace + "/" + name;
  }
}
