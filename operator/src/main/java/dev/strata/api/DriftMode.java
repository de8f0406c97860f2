package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Chooses whether drift from Git is reverted or only reported. */
public enum DriftMode {
  /** Re-apply the drifted object from the last applied revision. */
  @JsonProperty("heal")
  HEAL,
  /** Record the drift in status and events; change nothing. */
  @JsonProperty("report")
  REPORT
}
