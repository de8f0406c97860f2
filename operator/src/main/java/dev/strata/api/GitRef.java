package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Names the one Git reference a GitSource follows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "[has(self.branch), has(self.tag), has(self.semver), has(self.commit)]"
            + ".filter(x, x).size() == 1",
    message = "exactly one of branch, tag, semver or commit must be set")
public class GitRef {

  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Branch to follow, e.g. main.")
  private String branch;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Tag to check out, e.g. v1.2.3.")
  private String tag;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription(
      "Semantic version range; the highest tag that satisfies it is used, e.g. '>=1.0.0 <2.0.0'.")
  private String semver;

  @Pattern("^[0-9a-f]{40}$")
  @JsonPropertyDescription("Full 40-hex SHA-1 of a commit to pin.")
  private String commit;

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  public String getSemver() {
    return semver;
  }

  public void setSemver(String semver) {
    this.semver = semver;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }
}
