/**
 * Applies the rendered objects of one layer to the cluster with server-side apply, and prunes what
 * left Git; returns a {@link dev.strata.apply.ChangeSet} that status, events and logs read from.
 *
 * <p>{@link dev.strata.apply.LayerApplier} validates the whole layer with a server-side dry-run
 * before applying any of it, applies CustomResourceDefinitions and Namespaces first and waits until
 * they are ready, and sends only objects whose desired state differs from the live one. {@link
 * dev.strata.apply.Pruner} deletes objects of a previous inventory that are no longer rendered.
 * {@link dev.strata.apply.Impersonation} gives a client acting as a service account. This package
 * knows nothing of java-operator-sdk.
 */
package dev.strata.apply;
