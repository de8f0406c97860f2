package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Describes which layers to apply from a source, in what order, and how to keep them in place. */
@JsonClassDescription(
    "The desired layers: which source, which kustomize directories in what order, and how to keep them in place.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LayeredKustomizationSpec {

  @Required
  @JsonPropertyDescription("The GitSource whose revisions the layers are read from.")
  private SourceReference sourceRef;

  @Default("10m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "How often to re-apply everything even when nothing changed, as a Go duration. New"
          + " revisions and drift are handled as they happen, not on this interval. Default 10m.")
  private String interval;

  @Default("true")
  @JsonPropertyDescription(
      "Delete objects this resource applied that are no longer in Git. Objects annotated"
          + " strata.dev/prune: disabled (or Flux's kustomize.toolkit.fluxcd.io/prune: disabled)"
          + " are kept. Default true.")
  private Boolean prune;

  @Default("heal")
  @JsonPropertyDescription(
      "What to do when a managed object is changed outside Git: heal (re-apply it) or report"
          + " (record it in status and events only). Default heal.")
  private DriftMode drift;

  @Default("false")
  @JsonPropertyDescription(
      "When true, nothing is applied, pruned or healed until it is false again.")
  private Boolean suspend;

  @Size(min = 1, max = 253)
  @JsonPropertyDescription(
      "ServiceAccount in this namespace to impersonate when applying, so a tenant's layers can do"
          + " only what that account may. Empty: the operator's own account.")
  private String serviceAccountName;

  @Size(min = 1, max = 63)
  @JsonPropertyDescription(
      "Namespace to set on every namespaced object of every layer, overriding the manifests.")
  private String targetNamespace;

  @Default("5m")
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription(
      "Default per-layer timeout, as a Go duration: how long a layer may take to apply and become"
          + " healthy before it fails. A layer's own timeout overrides it. Default 5m.")
  private String timeout;

  @Default("true")
  @JsonPropertyDescription(
      "Load remote resources, bases and components that the kustomizations name by URL (Git"
          + " repositories as kustomize accepts them, and http(s) files), as Flux does. A remote on"
          + " the GitSource's own host uses its Secret; others are fetched anonymously. False"
          + " refuses them, as does the operator flag --no-remote-resources. Default true.")
  private Boolean remoteResources;

  @JsonPropertyDescription(
      "Automated rollback: when a revision fails, the last revision at which every layer was"
          + " Ready is applied again. On unless enabled is false.")
  private RollbackPolicy rollback;

  @JsonPropertyDescription(
      "Holds the layers at an older revision instead of following the GitSource: strata rollback"
          + " sets it, strata resume removes it. While set, new revisions are not applied and no"
          + " automated rollback happens; status says so in the Ready condition (reason Held).")
  private Hold hold;

  @JsonPropertyDescription(
      "Custom health checks as CEL expressions per kind, as Flux's Kustomization has them:"
          + " objects of a listed kind are healthy when current holds, failed when failed holds,"
          + " evaluated inProgress, failed, current in that order; none true means in progress."
          + " Expressions are checked when the spec is read; a bad one stalls with its index.")
  private List<HealthCheckExpression> healthCheckExprs;

  @Default("10")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("How many runs status.history keeps, newest first. Default 10.")
  private Integer historyLimit;

  @Default("Delete")
  @JsonPropertyDescription(
      "What happens to applied objects when this resource is deleted: Delete (in reverse layer"
          + " order) or Orphan (leave them). Default Delete.")
  private DeletionPolicy deletionPolicy;

  @Default("false")
  @JsonPropertyDescription(
      "When true, an object whose update the API server refuses for an immutable field is deleted"
          + " and created again (workloads with propagation Orphan, so pods and volume claims"
          + " stay). One object can ask for it with the annotation apply.strata.dev/force:"
          + " enabled. Default false: the layer fails naming the object and the field.")
  private Boolean force;

  @Size(max = 64)
  @JsonPropertyDescription(
      "Fields another controller owns (an HPA's /spec/replicas): neither applied nor healed.")
  private List<IgnoreFields> ignoreFields;

  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(l, self.filter(m, m.name == l.name).size() == 1)",
      message = "layer names must be unique")
  @ValidationRule(
      value = "self.all(l, !has(l.dependsOn) || l.dependsOn.all(d, self.exists(m, m.name == d)))",
      message = "every dependsOn entry must name a layer of this list")
  @ValidationRule(
      value = "self.all(l, !has(l.dependsOn) || !(l.name in l.dependsOn))",
      message = "a layer cannot depend on itself")
  @JsonPropertyDescription(
      "The layers, in order. By default each layer depends on the one before it; dependsOn makes"
          + " the graph explicit so that independent layers apply in parallel.")
  private List<Layer> layers = new ArrayList<>();

  public SourceReference getSourceRef() {
    return sourceRef;
  }

  public void setSourceRef(SourceReference sourceRef) {
    this.sourceRef = sourceRef;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Boolean getPrune() {
    return prune;
  }

  public void setPrune(Boolean prune) {
    this.prune = prune;
  }

  public DriftMode getDrift() {
    return drift;
  }

  public void setDrift(DriftMode drift) {
    this.drift = drift;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public String getTargetNamespace() {
    return targetNamespace;
  }

  public void setTargetNamespace(String targetNamespace) {
    this.targetNamespace = targetNamespace;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Boolean getRemoteResources() {
    return remoteResources;
  }

  public void setRemoteResources(Boolean remoteResources) {
    this.remoteResources = remoteResources;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public Boolean getForce() {
    return force;
  }

  public void setForce(Boolean force) {
    this.force = force;
  }

  public List<IgnoreFields> getIgnoreFields() {
    return ignoreFields;
  }

  public void setIgnoreFields(List<IgnoreFields> ignoreFields) {
    this.ignoreFields = ignoreFields;
  }

  public List<Layer> getLayers() {
    return layers;
  }

  public void setLayers(List<Layer> layers) {
    this.layers = layers;
  }

  public RollbackPolicy getRollback() {
    return rollback;
  }

  public void setRollback(RollbackPolicy rollback) {
    this.rollback = rollback;
  }

  public Hold getHold() {
    return hold;
  }

  public void setHold(Hold hold) {
    this.hold = hold;
  }

  public List<HealthCheckExpression> getHealthCheckExprs() {
    return healthCheckExprs;
  }

  public void setHealthCheckExprs(List<HealthCheckExpression> healthCheckExprs) {
    this.healthCheckExprs = healthCheckExprs;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }
}
