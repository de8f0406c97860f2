/**
 * Reconcilers: thin envelopes that read a custom resource, call the libraries ({@code source},
 * later {@code render}, {@code apply}, {@code health}) phase by phase, and write status once.
 */
package dev.strata.controller;
