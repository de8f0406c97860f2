package dev.strata.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Publishes a status between the reconciler's own status updates (progress while a fetch or a run
 * goes on), as a server-side apply of the status subresource under the reconciler's field manager.
 */
final class StatusPatches {

  private StatusPatches() {}

  /**
   * @param resource identity and status only (see the reconcilers' {@code fresh})
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses
   */
  static void apply(KubernetesClient client, HasMetadata resource, String fieldManager) {
    client
        .resource(resource)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withFieldManager(fieldManager)
                .withForce(true)
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .build());
  }
}
