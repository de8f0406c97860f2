package dev.strata.apply;

import dev.strata.health.ObjectRef;

/**
 * Names an object that could not be validated, applied or pruned, the file it came from and the API
 * server's message.
 *
 * @param object the object
 * @param origin the file it was rendered from; empty for pruned objects
 * @param message what is wrong, as the API server said it
 */
public record ObjectFailure(ObjectRef object, String origin, String message) {

  /** "ConfigMap/apps/web (from apps/web.yaml): ConfigMap "web" is invalid: ...". */
  @Override
  public String toString() {
    return object + (origin.isEmpty() ? "" : " (from " + origin + ")") + ": " + message;
  }
}
