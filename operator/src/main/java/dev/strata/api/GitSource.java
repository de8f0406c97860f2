package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Declares a Git repository, a ref and credentials that Strata fetches and keeps current. */
@JsonClassDescription(
    "GitSource declares a Git repository, a ref and credentials; Strata fetches it into a local object store and publishes the revision it holds.")
@Group(GitSource.GROUP)
@Version(GitSource.VERSION)
@ShortNames({"gs", "gitsource"})
@Categories("strata")
@AdditionalPrinterColumn(name = "URL", jsonPath = ".spec.url")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".status.artifact.revision")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
// kubectl get -o wide only (priority 1): what is fetched, when and how much.
@AdditionalPrinterColumn(name = "Ref", jsonPath = ".spec.ref", priority = 1)
@AdditionalPrinterColumn(
    name = "Fetched",
    jsonPath = ".status.artifact.fetchedAt",
    type = Type.DATE,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Bytes",
    jsonPath = ".status.artifact.bytesReceived",
    type = Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Suspended",
    jsonPath = ".spec.suspend",
    type = Type.BOOLEAN,
    priority = 1)
public class GitSource extends CustomResource<GitSourceSpec, GitSourceStatus>
    implements Namespaced {
  public static final String GROUP = "gitops.strata.dev";
  public static final String VERSION = "v1alpha1";
}
