package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Pins a LayeredKustomization to an older revision instead of its GitSource's, as {@code strata
 * rollback} writes it and {@code strata resume} removes it. A spec field rather than an annotation:
 * a kubectl user can set and remove it the same way, it survives an operator restart, and a
 * LayeredKustomization applied from Git keeps it, since Git's field manager never owns it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Hold {

  @Required
  @Pattern(Revision.PATTERN)
  @JsonPropertyDescription(
      "The revision to apply and stay at, as <ref>@sha1:<40 hex> (as status.history records it)."
          + " It must still be in the GitSource's object store.")
  private String revision;

  public Hold() {}

  public Hold(String revision) {
    this.revision = revision;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }
}
