package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** How large a file and a fetch of a GitSource may be. */
@JsonClassDescription("Size limits for what a fetch brings in.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitSourceLimits {

  /** A byte count with an optional binary suffix, as Kubernetes quantities write it. */
  public static final String SIZE_PATTERN = "^[0-9]+(Ki|Mi|Gi)?$";

  @Default("8Mi")
  @Pattern(SIZE_PATTERN)
  @JsonPropertyDescription(
      "The largest file (blob) a fetch takes, as bytes with an optional Ki, Mi or Gi suffix. A"
          + " larger file outside spec.ignore fails the fetch with its path and size in status;"
          + " the last artifact stays. Default 8Mi, the largest file the renderer reads.")
  private String maxFileSize;

  @Default("512Mi")
  @Pattern(SIZE_PATTERN)
  @JsonPropertyDescription(
      "The most pack bytes one fetch may receive, as bytes with an optional Ki, Mi or Gi"
          + " suffix. A fetch that goes over stops there and fails; the last artifact stays."
          + " Default 512Mi.")
  private String maxFetchSize;

  /** A size written as SIZE_PATTERN, in bytes. */
  public static long bytes(String size) {
    if (!size.matches(SIZE_PATTERN)) {
      throw new IllegalArgumentException(
          "'" + size + "' is not a size such as 8Mi (bytes, with an optional Ki, Mi or Gi suffix)");
    }
    long unit =
        size.endsWith("Ki")
            ? 1L << 10
            : size.endsWith("Mi") ? 1L << 20 : size.endsWith("Gi") ? 1L << 30 : 1;
    String digits = unit == 1 ? size : size.substring(0, size.length() - 2);
    return Math.multiplyExact(Long.parseLong(digits), unit);
  }

  public String getMaxFileSize() {
    return maxFileSize;
  }

  public void setMaxFileSize(String maxFileSize) {
    this.maxFileSize = maxFileSize;
  }

  public String getMaxFetchSize() {
    return maxFetchSize;
  }

  public void setMaxFetchSize(String maxFetchSize) {
    this.maxFetchSize = maxFetchSize;
  }
}
