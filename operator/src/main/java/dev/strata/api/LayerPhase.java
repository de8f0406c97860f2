package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Names where a layer is in its apply-and-wait cycle. */
public enum LayerPhase {
  /** Waiting for the layers it depends on. */
  @JsonProperty("Pending")
  PENDING,
  /** Being validated and applied. */
  @JsonProperty("Applying")
  APPLYING,
  /** Applied; waiting for its objects to become healthy. */
  @JsonProperty("Progressing")
  PROGRESSING,
  /** Applied and healthy. */
  @JsonProperty("Ready")
  READY,
  /** Failed to render, validate, apply or become healthy in time; the message says which. */
  @JsonProperty("Failed")
  FAILED
}
