/**
 * Receives push webhooks from GitHub, GitLab, Gitea, Forgejo and generic HMAC senders, and asks for
 * an immediate reconcile of every GitSource a push concerns.
 *
 * <p>{@link dev.strata.webhook.WebhookServer} serves {@code /hook/<receiver>} on its own port.
 * Receivers are declared in a ConfigMap with their tokens in Secrets (docs/webhooks.md), watched so
 * that changes apply without a restart. A delivery is checked (rate limit, body size, signature in
 * constant time), its payload read for the repository URLs and the ref, and the matching GitSources
 * get the {@code reconcile.strata.dev/requestedAt} annotation by a merge patch.
 *
 * <p>This package uses the fabric8 client but not java-operator-sdk.
 */
package dev.strata.webhook;
