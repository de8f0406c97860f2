/**
 * Computes the health of live Kubernetes objects with kstatus's rules (sigs.k8s.io/cli-utils {@code
 * pkg/kstatus}) and waits, by watching, until a set of objects is healthy.
 *
 * <p>{@link dev.strata.health.HealthRules} is a pure function from an object to a {@link
 * dev.strata.health.Health}; {@link dev.strata.health.HealthWaiter} watches objects' kinds and
 * namespaces with informers and completes when all are Current, as soon as one has Failed, or at
 * the timeout. This package knows nothing of java-operator-sdk.
 */
package dev.strata.health;
