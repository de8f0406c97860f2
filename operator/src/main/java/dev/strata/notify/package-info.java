/**
 * Tells people about outcomes without anyone watching kubectl: failures, recoveries, rollbacks,
 * healed drift and failed sources go to chat (Slack, Discord), to any HTTP endpoint (generic JSON,
 * optionally HMAC-signed), and to commit statuses on GitHub, Gitea/Forgejo and GitLab.
 *
 * <p>Reconcilers call {@link dev.strata.notify.Notifier#publish}, which only queues; {@link
 * dev.strata.notify.Dispatcher} sends from its own threads with retries, backoff, a deadline and a
 * rate limit per provider. Providers are declared in a ConfigMap with their tokens in Secrets
 * (docs/notifications.md), watched so that changes apply without a restart.
 *
 * <p>This package uses the fabric8 client but not java-operator-sdk.
 */
package dev.strata.notify;
