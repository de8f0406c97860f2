package dev.strata.controller;

import dev.strata.api.ConditionTypes;
import dev.strata.api.GitSource;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LayeredKustomizationStatus;
import dev.strata.api.ResourceKey;
import dev.strata.notify.EventType;
import dev.strata.notify.Notification;
import java.time.Instant;
import java.util.List;

/**
 * Builds the notifications the reconcilers publish, so that each place an outcome is decided needs
 * one line: the involved object, the GitSource whose URL names the repository, and whether a
 * success ends a failure (recovered) or not.
 */
final class Notifications {

  private Notifications() {}

  static Notification about(
      LayeredKustomization lk, EventType type, String revision, String reason, String message) {
    return about(lk, type, revision, reason, message, List.of());
  }

  /**
   * @param layers the layers concerned (the failed ones), empty when the whole object is
   */
  static Notification about(
      LayeredKustomization lk,
      EventType type,
      String revision,
      String reason,
      String message,
      List<String> layers) {
    String sourceNamespace =
        lk.getSpec().getSourceRef().getNamespace() != null
            ? lk.getSpec().getSourceRef().getNamespace()
            : lk.getMetadata().getNamespace();
    return new Notification(
        type,
        lk.getKind(),
        lk.getMetadata().getNamespace(),
        lk.getMetadata().getName(),
        lk.getMetadata().getUid(),
        revision,
        reason,
        message,
        layers.isEmpty() ? null : String.join(",", layers),
        ResourceKey.of(sourceNamespace, lk.getSpec().getSourceRef().getName()),
        Instant.now());
  }

  /** A revision applied with every layer Ready: recovered when the last outcome was a failure. */
  static Notification succeeded(
      LayeredKustomization lk,
      LayeredKustomizationStatus previous,
      String revision,
      String reason,
      String message) {
    boolean wasFailing =
        Conditions.find(previous.getConditions(), ConditionTypes.READY)
            .map(c -> ConditionTypes.FALSE.equals(c.getStatus()))
            .orElse(false);
    return about(
        lk, wasFailing ? EventType.RECOVERED : EventType.SUCCEEDED, revision, reason, message);
  }

  static Notification sourceFailed(
      GitSource source, String revision, String reason, String message) {
    return new Notification(
        EventType.SOURCE_FAILED,
        source.getKind(),
        source.getMetadata().getNamespace(),
        source.getMetadata().getName(),
        source.getMetadata().getUid(),
        revision,
        reason,
        message,
        null,
        ResourceKey.of(source),
        Instant.now());
  }
}
