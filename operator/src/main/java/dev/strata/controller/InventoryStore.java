package dev.strata.controller;

import dev.strata.api.FieldManagers;
import dev.strata.api.Inventory;
import dev.strata.api.LayerInventory;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LocalObjectReference;
import dev.strata.api.StrataMetadata;
import dev.strata.health.ObjectRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps a LayeredKustomization's inventory in its status, or, when it has more entries than fit
 * comfortably in one object, in a ConfigMap it owns (named in status.inventory.configMapRef), so
 * status stays small.
 */
final class InventoryStore {

  /** Above this many entries the inventory moves to a ConfigMap (~80 bytes an entry). */
  static final int DEFAULT_STATUS_LIMIT = 1000;

  private final KubernetesClient client;
  private final int statusLimit;

  InventoryStore(KubernetesClient client, int statusLimit) {
    this.client = client;
    this.statusLimit = statusLimit;
  }

  /** Each layer's objects, from status or the ConfigMap it names. */
  Map<String, List<ObjectRef>> read(LayeredKustomization lk, Inventory inventory) {
    Map<String, List<ObjectRef>> result = new LinkedHashMap<>();
    if (inventory == null) {
      return result;
    }
    if (inventory.getConfigMapRef() != null) {
      ConfigMap map =
          client
              .configMaps()
              .inNamespace(lk.getMetadata().getNamespace())
              .withName(inventory.getConfigMapRef().getName())
              .get();
      if (map != null && map.getData() != null) {
        map.getData()
            .forEach(
                (layer, entries) -> {
                  List<ObjectRef> refs = new ArrayList<>();
                  for (String entry : entries.split("\n")) {
                    if (!entry.isBlank()) {
                      refs.add(ObjectRef.fromInventoryEntry(entry));
                    }
                  }
                  result.put(layer, refs);
                });
      }
      return result;
    }
    for (LayerInventory layer : inventory.getLayers()) {
      result.put(
          layer.getLayer(),
          layer.getEntries().stream().map(ObjectRef::fromInventoryEntry).toList());
    }
    return result;
  }

  /** Stores the inventory; returns what status should hold. */
  Inventory write(LayeredKustomization lk, Inventory inventory) {
    int entries = inventory.getLayers().stream().mapToInt(l -> l.getEntries().size()).sum();
    String name = lk.getMetadata().getName() + "-inventory";
    var configMaps = client.configMaps().inNamespace(lk.getMetadata().getNamespace());
    if (entries <= statusLimit) {
      if (configMaps.withName(name).get() != null) {
        configMaps.withName(name).delete();
      }
      return inventory;
    }
    Map<String, String> data = new LinkedHashMap<>();
    inventory.getLayers().forEach(l -> data.put(l.getLayer(), String.join("\n", l.getEntries())));
    configMaps
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(lk.getMetadata().getNamespace())
                .addToLabels(StrataMetadata.INVENTORY_OWNER_LABEL, lk.getMetadata().getName())
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion(lk.getApiVersion())
                        .withKind(lk.getKind())
                        .withName(lk.getMetadata().getName())
                        .withUid(lk.getMetadata().getUid())
                        .build())
                .endMetadata()
                .withData(data)
                .build())
        .fieldManager(FieldManagers.LAYERS)
        .forceConflicts()
        .serverSideApply();
    Inventory reference = new Inventory();
    reference.setConfigMapRef(new LocalObjectReference(name));
    return reference;
  }
}
