package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Describes where a Git repository lives, which ref to follow and how to reach it. */
@JsonClassDescription(
    "The desired source: where the repository lives, which ref to follow, how to reach it.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitSourceSpec {

  @Required
  @ValidationRule(
      value =
          "self.matches('^(https?|ssh|git|file)://.+$') ||"
              + " self.matches('^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/].*$')",
      message = "url must be https://, http://, ssh://, git://, file:// or scp-like user@host:path")
  @JsonPropertyDescription(
      "URL of the repository: https://host/path, ssh://user@host/path, scp-like user@host:path,"
          + " git://host/path or file:///path. http:// is accepted for local servers but sends"
          + " credentials in clear text.")
  private String url;

  @Required
  @JsonPropertyDescription(
      "The Git reference to follow: exactly one of branch, tag, semver or commit.")
  private GitRef ref;

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "How often to ask the remote for a new revision, as a Go duration (e.g. 1m, 5m, 1h30m)."
          + " A webhook or the reconcile annotation triggers a fetch sooner. Default 5m.")
  private String interval;

  @Default("60s")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Stall timeout, as a Go duration: an attempt is aborted only when no bytes arrived for this"
          + " long. There is no deadline on a transfer that keeps making progress. Default 60s.")
  private String timeout;

  @JsonPropertyDescription(
      "Secret in the same namespace holding credentials. SSH: identity (private key; ed25519,"
          + " ecdsa or rsa), optional password (its passphrase) and known_hosts (required for"
          + " SSH: host keys are always verified). HTTPS: username and password, or"
          + " bearerToken; optional ca.crt.")
  private LocalObjectReference secretRef;

  @Default("false")
  @JsonPropertyDescription(
      "When true, the source is not fetched; the last artifact stays available.")
  private Boolean suspend;

  @JsonPropertyDescription(
      "Paths to leave out, in .gitignore syntax, one pattern a line (as Flux's spec.ignore). Added"
          + " after the rules of a .sourceignore file at the repository root, so a later '!path'"
          + " here re-includes. Left-out files are never fetched and the renderer cannot read"
          + " them: a kustomization naming one fails with the file's name.")
  private String ignore;

  @JsonPropertyDescription(
      "Size limits: maxFileSize (default 8Mi) and maxFetchSize (default 512Mi).")
  private GitSourceLimits limits;

  public String getIgnore() {
    return ignore;
  }

  public void setIgnore(String ignore) {
    this.ignore = ignore;
  }

  public GitSourceLimits getLimits() {
    return limits;
  }

  public void setLimits(GitSourceLimits limits) {
    this.limits = limits;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public GitRef getRef() {
    return ref;
  }

  public void setRef(GitRef ref) {
    this.ref = ref;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public LocalObjectReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalObjectReference secretRef) {
    this.secretRef = secretRef;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }
}
