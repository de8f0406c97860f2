package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Chooses what happens to applied objects when their LayeredKustomization is deleted. */
public enum DeletionPolicy {
  /** Delete the applied objects, layer by layer in reverse order. */
  @JsonProperty("Delete")
  DELETE,
  /** Leave the applied objects in the cluster. */
  @JsonProperty("Orphan")
  ORPHAN
}
