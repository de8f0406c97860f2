/**
 * Renders kustomize directories inside the JVM, from a directory on disk or a Git tree at a
 * revision, with kustomize's output: same resources, same order, same bytes.
 *
 * <p>What is supported renders identically to {@code kustomize build} (checked against the real
 * CLI); everything else fails with an error naming the field and file. Nothing outside the tree's
 * root is read; a remote base is read from its own fetched repository, through a {@link
 * dev.strata.render.RemoteLoader}, and nothing outside that. This package knows nothing of
 * Kubernetes clients or java-operator-sdk.
 */
package dev.strata.render;
