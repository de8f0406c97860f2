package dev.strata.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.webhook.ConfigYaml;
import dev.strata.webhook.ConfigYaml.InvalidConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the providers declared in the configuration ConfigMap's {@value #DATA_KEY}:
 *
 * <pre>
 * providers:
 *   - name: team-slack
 *     type: slack            # generic | slack | discord | github | gitea | forgejo | gitlab
 *     secretRef: {name: strata-notification-tokens, key: slack}
 *     events: [failed, recovered, rolledBack, driftHealed, sourceFailed]
 *     namespaces: ["*"]
 *     rateLimit: {perSecond: 1, burst: 10}
 * </pre>
 *
 * <p>The rules are the webhook receivers' ({@link ConfigYaml}): a provider with a mistake is left
 * out and the mistake reported, and unknown fields are mistakes (a misspelt {@code events} would
 * otherwise send everything).
 */
final class NotificationConfig {

  static final String DATA_KEY = "notifications.yaml";

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "type",
          "address",
          "apiUrl",
          "secretRef",
          "events",
          "namespaces",
          "rateLimit",
          "channel",
          "username",
          "allowHttp");

  private NotificationConfig() {}

  static ConfigYaml.Parsed<ProviderSpec> parse(String yaml) throws InvalidConfig {
    return ConfigYaml.parse(
        yaml, DATA_KEY, "providers", FIELDS, NotificationConfig::provider, ProviderSpec::name);
  }

  private static ProviderSpec provider(JsonNode item, String where) throws InvalidConfig {
    String typeName = ConfigYaml.required(item, "type", where);
    ProviderType type =
        ProviderType.fromConfig(typeName)
            .orElseThrow(
                () ->
                    new InvalidConfig(
                        where
                            + ": type '"
                            + typeName
                            + "' is not one of generic, slack, discord, github, gitea, forgejo,"
                            + " gitlab"));
    String secretName = null;
    String secretKey = type.defaultSecretKey();
    JsonNode secretRef = item.path("secretRef");
    if (!secretRef.isMissingNode() && !secretRef.isNull()) {
      if (!secretRef.isObject()) {
        throw new InvalidConfig(where + ": secretRef must be {name, key}");
      }
      secretName = ConfigYaml.secretName(secretRef, where);
      secretKey = ConfigYaml.secretKey(secretRef, secretKey, where);
    }
    String address = ConfigYaml.optional(item, "address", where);
    if (type.commitStatus() && secretName == null) {
      throw new InvalidConfig(where + ": secretRef is required: it holds the API token");
    }
    if ((type == ProviderType.SLACK || type == ProviderType.DISCORD)
        && address == null
        && secretName == null) {
      throw new InvalidConfig(
          where + ": the webhook URL is required, in address or (better) in the secretRef");
    }
    if (type == ProviderType.GENERIC && address == null) {
      throw new InvalidConfig(where + ": address is required");
    }
    JsonNode allowHttp = item.path("allowHttp");
    if (!allowHttp.isMissingNode() && !allowHttp.isBoolean()) {
      throw new InvalidConfig(where + ": allowHttp must be true or false");
    }
    return new ProviderSpec(
        ConfigYaml.required(item, "name", where),
        type,
        address,
        ConfigYaml.optional(item, "apiUrl", where),
        secretName,
        secretKey,
        events(item.path("events"), type, where),
        ConfigYaml.namespaces(item.path("namespaces"), List.of(ProviderSpec.ALL_NAMESPACES), where),
        ConfigYaml.rateLimit(item.path("rateLimit"), type.defaultRateLimit(), where),
        ConfigYaml.optional(item, "channel", where),
        ConfigYaml.optional(item, "username", where),
        allowHttp.asBoolean(false));
  }

  private static Set<EventType> events(JsonNode node, ProviderType type, String where)
      throws InvalidConfig {
    if (node.isMissingNode() || node.isNull()) {
      return type.defaultEvents();
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidConfig(where + ": events must be a non-empty list");
    }
    Set<EventType> events = EnumSet.noneOf(EventType.class);
    for (JsonNode entry : node) {
      EventType event =
          EventType.fromConfig(entry.asText())
              .orElseThrow(
                  () ->
                      new InvalidConfig(
                          where
                              + ": events entry '"
                              + entry.asText()
                              + "' is not one of progressing, succeeded, recovered, failed,"
                              + " rolledBack, driftHealed, sourceFailed"));
      events.add(event);
      // Every success is a success: selecting it includes the ones that end a failure.
      if (event == EventType.SUCCEEDED) {
        events.add(EventType.RECOVERED);
      }
    }
    return events;
  }
}
