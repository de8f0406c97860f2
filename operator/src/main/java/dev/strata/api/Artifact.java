package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Identifies a fetched revision held in the operator's local object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Artifact {

  @Required
  @Pattern("^.+@sha1:[0-9a-f]{40}$")
  @JsonPropertyDescription("The revision as <ref>@sha1:<40 hex>, e.g. main@sha1:3f2a...")
  private String revision;

  @JsonPropertyDescription("Time the revision was fetched, in RFC 3339 form.")
  private String fetchedAt;

  @JsonPropertyDescription("Bytes received from the remote by the fetch that produced it.")
  private Long bytesReceived;

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public String getFetchedAt() {
    return fetchedAt;
  }

  public void setFetchedAt(String fetchedAt) {
    this.fetchedAt = fetchedAt;
  }

  public Long getBytesReceived() {
    return bytesReceived;
  }

  public void setBytesReceived(Long bytesReceived) {
    this.bytesReceived = bytesReceived;
  }
}
