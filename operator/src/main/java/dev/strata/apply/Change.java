package dev.strata.apply;

import dev.strata.health.ObjectRef;

/**
 * Records what happened to one object.
 *
 * @param object the object
 * @param origin the file it was rendered from; empty for pruned objects, which have none
 * @param action what was done
 * @param detail why, when not obvious (e.g. why a prune was skipped); empty otherwise
 */
public record Change(ObjectRef object, String origin, Action action, String detail) {

  /** "ConfigMap/apps/web created", with the detail when there is one. */
  @Override
  public String toString() {
    return object + " " + action.label() + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
