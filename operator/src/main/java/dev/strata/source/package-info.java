/**
 * Fetches Git repositories over slow and flaky links into a local object store, and reads revisions
 * from it without a checkout.
 *
 * <p>{@link dev.strata.source.GitFetcher} asks the remote for the wanted commit and stops when the
 * store already holds it. Otherwise it fetches commits and trees first (filter {@code blob:none},
 * depth 1), then the missing blobs in batches sized to what the link lets through. Each batch is a
 * fetch of its own whose pack is kept once complete, so a dropped connection costs at most one
 * batch. Servers without filters get one plain shallow fetch. Attempts end only when no byte
 * arrives for the stall timeout, never on a total deadline.
 *
 * <p>The refs and all those fetches share one protocol v2 session ({@link
 * dev.strata.source.UploadPackSession}): one connection over git:// and SSH, which JGit cannot do,
 * and one advertisement then a request per command over smart HTTP.
 *
 * <p>This package knows nothing of Kubernetes or java-operator-sdk.
 */
package dev.strata.source;
