package dev.strata.apply;

import dev.strata.health.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Says how applying would change one object: the live object ({@code null} when it does not exist
 * or could not be read) and the server's dry-run result.
 */
public record ObjectDiff(
    ObjectRef ref, GenericKubernetesResource live, GenericKubernetesResource dryRun) {

  /**
   * The change as a unified diff of YAML, without status and server-set metadata, with a Secret's
   * values masked.
   */
  public String unified() {
    return LiveDiff.unified(ref, live, dryRun);
  }
}
