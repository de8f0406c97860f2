package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** One run of a LayeredKustomization's layers at a revision, as status.history keeps it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistoryEntry {

  /** The revision was applied and every layer became Ready. */
  public static final String SUCCEEDED = "Succeeded";

  /** The revision failed in a layer. */
  public static final String FAILED = "Failed";

  /** The revision was applied again by an automated rollback, after a newer one failed. */
  public static final String ROLLED_BACK = "RolledBack";

  @JsonPropertyDescription("The source revision, as <ref>@sha1:<40 hex>.")
  private String revision;

  @JsonPropertyDescription("Succeeded, Failed, or RolledBack (applied again by a rollback).")
  private String outcome;

  @JsonPropertyDescription("When the run started, in RFC 3339 form.")
  private String startedAt;

  @JsonPropertyDescription(
      "When the run ended, in RFC 3339 form; a failure repeated by retries moves it forward.")
  private String finishedAt;

  @JsonPropertyDescription("What happened, or why the revision failed.")
  private String message;

  @JsonPropertyDescription(
      "Per layer, sha256 of the objects it applied at this revision (as rendered), so that runs"
          + " that applied the same objects can be told apart from runs that did not.")
  private Map<String, String> layerDigests = new LinkedHashMap<>();

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public String getOutcome() {
    return outcome;
  }

  public void setOutcome(String outcome) {
    this.outcome = outcome;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Map<String, String> getLayerDigests() {
    return layerDigests;
  }

  public void setLayerDigests(Map<String, String> layerDigests) {
    this.layerDigests = layerDigests;
  }
}
