/**
 * Defines Strata's custom resources ({@code gitops.strata.dev/v1alpha1}): {@link
 * dev.strata.api.GitSource} and {@link dev.strata.api.LayeredKustomization}, their spec and status
 * types, and the condition types and reasons they report.
 *
 * <p>The CRDs in {@code crds/} are generated from these classes; {@code CrdsUpToDateTest} fails
 * when they differ. Regenerate with {@code hack/update-crds.sh}.
 */
package dev.strata.api;
