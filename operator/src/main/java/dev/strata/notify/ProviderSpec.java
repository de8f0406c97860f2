package dev.strata.notify;

import dev.strata.webhook.ConfigYaml;
import dev.strata.webhook.ReceiverSpec;
import java.util.List;
import java.util.Set;

/**
 * Declares one provider as configured.
 *
 * @param name its name, for logs and metrics
 * @param type where it sends
 * @param address generic: the URL posted to; slack/discord: the webhook URL (else in the Secret);
 *     commit statuses: the repository URL (else the GitSource's)
 * @param apiUrl commit statuses: the API's base URL, for self-hosted servers; null derives it
 * @param secretName the Secret holding the token, HMAC key or webhook URL; null for none
 * @param secretKey the key in that Secret
 * @param events the outcomes it sends
 * @param namespaces namespaces whose objects it reports on; {@code ["*"]} means all
 * @param rateLimit how many notifications it sends per second and at once
 * @param channel slack: the channel, or null for the webhook's own
 * @param username slack/discord: the name shown as sender
 * @param allowHttp whether a plain http:// address to a host other than loopback is accepted
 */
public record ProviderSpec(
    String name,
    ProviderType type,
    String address,
    String apiUrl,
    String secretName,
    String secretKey,
    Set<EventType> events,
    List<String> namespaces,
    ReceiverSpec.RateLimit rateLimit,
    String channel,
    String username,
    boolean allowHttp) {

  static final String ALL_NAMESPACES = ConfigYaml.ALL_NAMESPACES;

  public ProviderSpec {
    events = Set.copyOf(events);
    namespaces = List.copyOf(namespaces);
  }

  /** Whether this provider wants {@code notification}. */
  boolean selects(Notification notification) {
    return events.contains(notification.type())
        && (namespaces.contains(ALL_NAMESPACES) || namespaces.contains(notification.namespace()));
  }
}
