package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** Lists the objects one layer applied. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LayerInventory {

  @Required
  @JsonPropertyDescription("Name of the layer.")
  private String layer;

  @JsonPropertyDescription(
      "Applied objects, each as namespace_name_group_Kind_version (Flux's object id and"
          + " version; the namespace is empty for cluster-scoped objects, the group for core"
          + " ones).")
  private List<String> entries = new ArrayList<>();

  public String getLayer() {
    return layer;
  }

  public void setLayer(String layer) {
    this.layer = layer;
  }

  public List<String> getEntries() {
    return entries;
  }

  public void setEntries(List<String> entries) {
    this.entries = entries;
  }
}
