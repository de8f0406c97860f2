package dev.strata.layers;

import dev.strata.api.LayerPhase;
import dev.strata.apply.ChangeSet;
import dev.strata.health.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Says where one layer stands in a run: its phase, the revision it was rendered from, how many
 * objects it has and how many were written, which are unhealthy and why, and its inventory.
 *
 * @param inventory the objects the layer now owns in the cluster (its new inventory after a
 *     successful apply; the previous one when nothing was applied)
 * @param changes what apply and prune did; empty before the apply
 */
public record LayerProgress(
    String name,
    LayerPhase phase,
    String revision,
    int objects,
    ChangeSet changes,
    Map<ObjectRef, String> unhealthy,
    String message,
    List<ObjectRef> inventory,
    Instant since) {

  public LayerProgress {
    unhealthy = Map.copyOf(unhealthy);
    inventory = List.copyOf(inventory);
  }

  static LayerProgress pending(String name, List<ObjectRef> inventory, String message) {
    return new LayerProgress(
        name,
        LayerPhase.PENDING,
        "",
        0,
        ChangeSet.empty(),
        Map.of(),
        message,
        inventory,
        Instant.now());
  }

  LayerProgress to(LayerPhase phase, String message) {
    return new LayerProgress(
        name,
        phase,
        revision,
        objects,
        changes,
        unhealthy,
        message,
        inventory,
        phase == this.phase ? since : Instant.now());
  }

  LayerProgress rendered(String revision, int objects) {
    return new LayerProgress(
        name, phase, revision, objects, changes, unhealthy, message, inventory, since);
  }

  LayerProgress applied(ChangeSet changes, List<ObjectRef> inventory) {
    return new LayerProgress(
        name, phase, revision, objects, changes, unhealthy, message, inventory, since);
  }

  LayerProgress unhealthy(Map<ObjectRef, String> unhealthy) {
    return new LayerProgress(
        name, phase, revision, objects, changes, unhealthy, message, inventory, since);
  }

  public boolean isReady() {
    return phase == LayerPhase.READY;
  }

  public boolean isFailed() {
    return phase == LayerPhase.FAILED;
  }
}
