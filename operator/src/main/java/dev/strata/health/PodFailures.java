package dev.strata.health;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads from a Pod's container statuses a failure whose cause is already certain, so that a layer
 * fails in seconds instead of waiting out its timeout: the image cannot be pulled or its name is
 * invalid, or a container is in CrashLoopBackOff after a restart. Both only end when the spec
 * changes (a new image, a fixed command), which is exactly what a new revision brings.
 */
public final class PodFailures {

  /** Waiting reasons of the kubelet that no amount of waiting fixes. */
  static final Set<String> IMAGE_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");

  static final String CRASH_LOOP = "CrashLoopBackOff";

  private PodFailures() {}

  /** A container that cannot run, and why, as the kubelet says it. */
  public record ContainerFailure(String container, String image, String reason, String message) {

    /** "container app (image example/app:never-pulls): ImagePullBackOff: Back-off pulling …". */
    public String describe() {
      return "container "
          + container
          + (image.isEmpty() ? "" : " (image " + image + ")")
          + ": "
          + reason
          + (message.isEmpty() ? "" : ": " + message);
    }
  }

  /** The first container of {@code pod} (init containers first) that fails for certain. */
  public static Optional<ContainerFailure> of(Map<String, Object> pod) {
    var o = new ObjectView(pod);
    if (!o.string("metadata.deletionTimestamp", "").isEmpty()) {
      return Optional.empty();
    }
    for (String field : List.of("status.initContainerStatuses", "status.containerStatuses")) {
      for (Object item : o.list(field)) {
        if (item instanceof Map<?, ?> status
            && status.get("state") instanceof Map<?, ?> state
            && state.get("waiting") instanceof Map<?, ?> waiting
            && waiting.get("reason") instanceof String reason) {
          long restarts =
              status.get("restartCount") instanceof Number number ? number.longValue() : 0;
          if (IMAGE_REASONS.contains(reason) || (CRASH_LOOP.equals(reason) && restarts > 0)) {
            String message = waiting.get("message") instanceof String text ? text : "";
            if (CRASH_LOOP.equals(reason)) {
              message = restarts + " restarts" + (message.isEmpty() ? "" : "; " + message);
            }
            return Optional.of(
                new ContainerFailure(
                    String.valueOf(status.get("name")),
                    status.get("image") instanceof String image ? image : "",
                    reason,
                    message));
          }
        }
      }
    }
    return Optional.empty();
  }
}
