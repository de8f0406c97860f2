package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the applied objects per layer, inline or, when that would make the resource large, in a
 * ConfigMap.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Inventory {

  @JsonPropertyDescription("Applied objects per layer, when kept inline.")
  private List<LayerInventory> layers = new ArrayList<>();

  @JsonPropertyDescription(
      "ConfigMap in this namespace holding the inventory, when it is too large to keep inline.")
  private LocalObjectReference configMapRef;

  public List<LayerInventory> getLayers() {
    return layers;
  }

  public void setLayers(List<LayerInventory> layers) {
    this.layers = layers;
  }

  public LocalObjectReference getConfigMapRef() {
    return configMapRef;
  }

  public void setConfigMapRef(LocalObjectReference configMapRef) {
    this.configMapRef = configMapRef;
  }
}
