package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Reports the revision applied, each layer's progress, the inventory and drift. */
@JsonClassDescription(
    "The observed state: revisions applied, each layer's phase, the inventory of applied objects, drift, and conditions.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LayeredKustomizationStatus {

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Conditions: Ready and Healthy are always present; Reconciling while layers are applied"
          + " (its message names the layer); Stalled while the spec cannot work until edited.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The source revision of the last attempt, as <ref>@sha1:<40 hex>.")
  private String lastAttemptedRevision;

  @JsonPropertyDescription(
      "The source revision whose layers were all applied and healthy, as <ref>@sha1:<40 hex>.")
  private String lastAppliedRevision;

  @JsonPropertyDescription(
      "A revision that failed and was rolled back: it is not applied again until a new revision"
          + " arrives or a reconcile is requested.")
  private String failedRevision;

  @JsonPropertyDescription("The last runs, newest first (spec.historyLimit of them).")
  private List<HistoryEntry> history = new ArrayList<>();

  @JsonPropertyDescription(
      "Ready layers out of all layers, e.g. 4/6 (the LAYERS column); during a run, the layers"
          + " Ready at the revision being applied.")
  private String layerSummary;

  @JsonPropertyDescription("One entry per layer, in spec order.")
  private List<LayerStatus> layers = new ArrayList<>();

  @JsonPropertyDescription(
      "The objects applied, per layer: what prune compares against and what drift watches.")
  private Inventory inventory;

  @JsonPropertyDescription("The last drift detected on managed objects and what was done.")
  private DriftStatus drift;

  @JsonPropertyDescription(
      "The value of the reconcile.strata.dev/requestedAt annotation last acted upon.")
  private String lastHandledReconcileAt;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getLastAttemptedRevision() {
    return lastAttemptedRevision;
  }

  public void setLastAttemptedRevision(String lastAttemptedRevision) {
    this.lastAttemptedRevision = lastAttemptedRevision;
  }

  public String getLastAppliedRevision() {
    return lastAppliedRevision;
  }

  public void setLastAppliedRevision(String lastAppliedRevision) {
    this.lastAppliedRevision = lastAppliedRevision;
  }

  public String getLayerSummary() {
    return layerSummary;
  }

  public void setLayerSummary(String layerSummary) {
    this.layerSummary = layerSummary;
  }

  public List<LayerStatus> getLayers() {
    return layers;
  }

  public void setLayers(List<LayerStatus> layers) {
    this.layers = layers;
  }

  public Inventory getInventory() {
    return inventory;
  }

  public void setInventory(Inventory inventory) {
    this.inventory = inventory;
  }

  public DriftStatus getDrift() {
    return drift;
  }

  public void setDrift(DriftStatus drift) {
    this.drift = drift;
  }

  public String getLastHandledReconcileAt() {
    return lastHandledReconcileAt;
  }

  public void setLastHandledReconcileAt(String lastHandledReconcileAt) {
    this.lastHandledReconcileAt = lastHandledReconcileAt;
  }

  public String getFailedRevision() {
    return failedRevision;
  }

  public void setFailedRevision(String failedRevision) {
    this.failedRevision = failedRevision;
  }

  public List<HistoryEntry> getHistory() {
    return history;
  }

  public void setHistory(List<HistoryEntry> history) {
    this.history = history;
  }
}
