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

/**
 * Declares ordered kustomize layers, read from a GitSource, that Strata applies one after another,
 * each gated on the health of the layers it depends on.
 */
@JsonClassDescription(
    "LayeredKustomization applies ordered kustomize layers from a GitSource with server-side apply, each gated on the health of the layers it depends on; it prunes what left Git and heals drift.")
@Group(GitSource.GROUP)
@Version(GitSource.VERSION)
@ShortNames({"lk", "layers"})
@Categories("strata")
@AdditionalPrinterColumn(name = "Source", jsonPath = ".spec.sourceRef.name")
@AdditionalPrinterColumn(name = "Revision", jsonPath = ".status.lastAppliedRevision")
@AdditionalPrinterColumn(name = "Layers", jsonPath = ".status.layerSummary")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
// kubectl get -o wide only (priority 1): the revision being tried, suspension, where, drift.
@AdditionalPrinterColumn(
    name = "Attempted Revision",
    jsonPath = ".status.lastAttemptedRevision",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Suspended",
    jsonPath = ".spec.suspend",
    type = Type.BOOLEAN,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Target Namespace",
    jsonPath = ".spec.targetNamespace",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Drift Count",
    jsonPath = ".status.drift.count",
    type = Type.INTEGER,
    priority = 1)
public class LayeredKustomization
    extends CustomResource<LayeredKustomizationSpec, LayeredKustomizationStatus>
    implements Namespaced {}
