package dev.strata.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.strata.webhook.ReceiverSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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
 * <p>As for webhook receivers, a provider with a mistake is left out and the mistake reported, and
 * unknown fields are mistakes (a misspelt {@code events} would otherwise send everything).
 */
final class NotificationConfig {

  static final String DATA_KEY = "notifications.yaml";
  static final ReceiverSpec.RateLimit DEFAULT_RATE = new ReceiverSpec.RateLimit(1, 10);

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern SECRET_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
  private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,253}$");
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

  /** The providers and the problems found, one sentence each. */
  record Parsed(List<ProviderSpec> providers, List<String> problems) {
    Parsed {
      providers = List.copyOf(providers);
      problems = List.copyOf(problems);
    }
  }

  static Parsed parse(String yaml) throws InvalidConfig {
    JsonNode root;
    try {
      root = yaml == null || yaml.isBlank() ? null : YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidConfig(
          DATA_KEY
              + " is not valid YAML"
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new Parsed(List.of(), List.of());
    }
    JsonNode list = root.path("providers");
    if (!root.isObject() || !(list.isArray() || list.isMissingNode() || list.isNull())) {
      throw new InvalidConfig(DATA_KEY + " must be a mapping with a list under 'providers'");
    }
    List<ProviderSpec> providers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode item : list) {
      String where = "providers[" + index++ + "]";
      try {
        ProviderSpec provider = provider(item, where);
        if (!names.add(provider.name())) {
          throw new InvalidConfig(where + ": the name " + provider.name() + " is used twice");
        }
        providers.add(provider);
      } catch (InvalidConfig problem) {
        problems.add(problem.getMessage());
      }
    }
    return new Parsed(providers, problems);
  }

  private static ProviderSpec provider(JsonNode item, String where) throws InvalidConfig {
    if (!item.isObject()) {
      throw new InvalidConfig(where + ": must be a mapping");
    }
    for (Iterator<String> fields = item.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new InvalidConfig(where + ": unknown field '" + field + "'");
      }
    }
    String name = required(item, "name", where);
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new InvalidConfig(
          where + ": name '" + name + "' must be a DNS label (lower case, digits, '-')");
    }
    where = where + " (" + name + ")";
    String typeName = required(item, "type", where);
    String at = where;
    ProviderType type =
        ProviderType.fromConfig(typeName)
            .orElseThrow(
                () ->
                    new InvalidConfig(
                        at
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
      secretName = required(secretRef, "name", where + ".secretRef");
      if (!SECRET_NAME.matcher(secretName).matches()) {
        throw new InvalidConfig(where + ": secretRef.name '" + secretName + "' is not a name");
      }
      if (secretRef.has("key")) {
        secretKey = required(secretRef, "key", where + ".secretRef");
        if (!SECRET_KEY.matcher(secretKey).matches()) {
          throw new InvalidConfig(where + ": secretRef.key '" + secretKey + "' is not a key");
        }
      }
    }
    String address = optional(item, "address", where);
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
        name,
        type,
        address,
        optional(item, "apiUrl", where),
        secretName,
        secretKey,
        events(item.path("events"), type, where),
        namespaces(item.path("namespaces"), where),
        rateLimit(item.path("rateLimit"), where),
        optional(item, "channel", where),
        optional(item, "username", where),
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

  private static List<String> namespaces(JsonNode node, String where) throws InvalidConfig {
    if (node.isMissingNode() || node.isNull()) {
      return List.of(ProviderSpec.ALL_NAMESPACES);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidConfig(where + ": namespaces must be a non-empty list");
    }
    List<String> namespaces = new ArrayList<>();
    for (JsonNode entry : node) {
      String namespace = entry.isTextual() ? entry.asText() : "";
      if (!namespace.equals(ProviderSpec.ALL_NAMESPACES)
          && !DNS_LABEL.matcher(namespace).matches()) {
        throw new InvalidConfig(
            where + ": namespaces entry '" + entry.asText() + "' is not a namespace name or '*'");
      }
      namespaces.add(namespace);
    }
    return namespaces;
  }

  private static ReceiverSpec.RateLimit rateLimit(JsonNode node, String where)
      throws InvalidConfig {
    if (node.isMissingNode() || node.isNull()) {
      return DEFAULT_RATE;
    }
    JsonNode perSecond = node.path("perSecond");
    JsonNode burst = node.path("burst");
    if (!node.isObject() || !perSecond.isNumber() || !burst.isIntegralNumber()) {
      throw new InvalidConfig(where + ": rateLimit needs a number perSecond and an integer burst");
    }
    try {
      return new ReceiverSpec.RateLimit(perSecond.asDouble(), burst.asInt());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfig(where + ": " + e.getMessage());
    }
  }

  private static String required(JsonNode node, String field, String where) throws InvalidConfig {
    String value = optional(node, field, where);
    if (value == null) {
      throw new InvalidConfig(where + ": " + field + " is required (a string)");
    }
    return value;
  }

  private static String optional(JsonNode node, String field, String where) throws InvalidConfig {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidConfig(where + ": " + field + " must be a non-empty string");
    }
    return value.asText().trim();
  }

  /** Says why the configuration, or one provider in it, cannot be used. */
  static final class InvalidConfig extends Exception {
    InvalidConfig(String message) {
      super(message);
    }
  }
}
