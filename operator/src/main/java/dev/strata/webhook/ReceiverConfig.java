package dev.strata.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the receivers declared in the configuration ConfigMap's {@value #DATA_KEY}:
 *
 * <pre>
 * receivers:
 *   - name: homelab-github           # served at /hook/homelab-github
 *     type: github                   # github | gitlab | gitea | forgejo | generic
 *     secretRef: {name: webhook-tokens, key: github}   # key defaults to "token"
 *     namespaces: [strata-system]    # optional; default: the ConfigMap's namespace; ["*"]: all
 *     rateLimit: {perSecond: 10, burst: 20}            # optional; default: the server's
 * </pre>
 *
 * <p>A receiver with a mistake is left out and the mistake reported, so one typo does not silence
 * the others; unknown fields count as mistakes because a misspelt {@code namespaces} would
 * otherwise quietly narrow a receiver's scope.
 */
final class ReceiverConfig {

  /** The key of the ConfigMap that holds the YAML. */
  static final String DATA_KEY = "receivers.yaml";

  static final String DEFAULT_SECRET_KEY = "token";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern NAMESPACE = DNS_LABEL;
  private static final Pattern SECRET_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
  private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,253}$");
  private static final Set<String> FIELDS =
      Set.of("name", "type", "secretRef", "namespaces", "rateLimit");

  private ReceiverConfig() {}

  /**
   * The receivers and the problems found.
   *
   * @param receivers the valid receivers, in declaration order
   * @param problems one sentence per receiver left out, or for the whole document
   */
  record Parsed(List<ReceiverSpec> receivers, List<String> problems) {
    Parsed {
      receivers = List.copyOf(receivers);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Parses {@code yaml}.
   *
   * @param ownNamespace the ConfigMap's namespace: the default scope, and where Secrets are read
   * @throws InvalidConfig when the document as a whole cannot be read (not YAML, no receivers list)
   */
  static Parsed parse(String yaml, String ownNamespace) throws InvalidConfig {
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
    JsonNode list = root.path("receivers");
    if (!root.isObject() || !(list.isArray() || list.isMissingNode() || list.isNull())) {
      throw new InvalidConfig(DATA_KEY + " must be a mapping with a list under 'receivers'");
    }
    List<ReceiverSpec> receivers = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode item : list) {
      String where = "receivers[" + index++ + "]";
      try {
        ReceiverSpec receiver = receiver(item, ownNamespace, where);
        if (!names.add(receiver.name())) {
          throw new InvalidConfig(where + ": the name " + receiver.name() + " is used twice");
        }
        receivers.add(receiver);
      } catch (InvalidConfig problem) {
        problems.add(problem.getMessage());
      }
    }
    return new Parsed(receivers, problems);
  }

  private static ReceiverSpec receiver(JsonNode item, String ownNamespace, String where)
      throws InvalidConfig {
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
    ReceiverType type = ReceiverType.fromConfig(typeName);
    if (type == null) {
      throw new InvalidConfig(
          where
              + ": type '"
              + typeName
              + "' is not one of github, gitlab, gitea, forgejo, generic");
    }
    JsonNode secretRef = item.path("secretRef");
    if (!secretRef.isObject()) {
      throw new InvalidConfig(where + ": secretRef {name, key} is required");
    }
    String secretName = required(secretRef, "name", where + ".secretRef");
    if (!SECRET_NAME.matcher(secretName).matches()) {
      throw new InvalidConfig(where + ": secretRef.name '" + secretName + "' is not a valid name");
    }
    String secretKey =
        secretRef.has("key")
            ? required(secretRef, "key", where + ".secretRef")
            : DEFAULT_SECRET_KEY;
    if (!SECRET_KEY.matcher(secretKey).matches()) {
      throw new InvalidConfig(where + ": secretRef.key '" + secretKey + "' is not a valid key");
    }
    return new ReceiverSpec(
        name,
        type,
        secretName,
        secretKey,
        namespaces(item.path("namespaces"), ownNamespace, where),
        rateLimit(item.path("rateLimit"), where));
  }

  private static List<String> namespaces(JsonNode node, String ownNamespace, String where)
      throws InvalidConfig {
    if (node.isMissingNode() || node.isNull()) {
      return List.of(ownNamespace);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidConfig(where + ": namespaces must be a non-empty list");
    }
    List<String> namespaces = new ArrayList<>();
    for (JsonNode entry : node) {
      String namespace = entry.isTextual() ? entry.asText() : "";
      if (!namespace.equals(ReceiverSpec.ALL_NAMESPACES)
          && !NAMESPACE.matcher(namespace).matches()) {
        throw new InvalidConfig(
            where + ": namespaces entry '" + entry.asText() + "' is not a namespace name or '*'");
      }
      namespaces.add(namespace);
    }
    if (namespaces.contains(ReceiverSpec.ALL_NAMESPACES) && namespaces.size() > 1) {
      throw new InvalidConfig(where + ": '*' must be the only namespaces entry");
    }
    return namespaces;
  }

  private static ReceiverSpec.RateLimit rateLimit(JsonNode node, String where)
      throws InvalidConfig {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    JsonNode perSecond = node.path("perSecond");
    JsonNode burst = node.path("burst");
    if (!node.isObject()
        || !perSecond.isNumber()
        || !burst.canConvertToInt()
        || !burst.isIntegralNumber()) {
      throw new InvalidConfig(where + ": rateLimit needs a number perSecond and an integer burst");
    }
    try {
      return new ReceiverSpec.RateLimit(perSecond.asDouble(), burst.asInt());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfig(where + ": " + e.getMessage());
    }
  }

  private static String required(JsonNode node, String field, String where) throws InvalidConfig {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidConfig(where + ": " + field + " is required (a string)");
    }
    return value.asText().trim();
  }

  /** Says why the configuration, or one receiver in it, cannot be used. */
  static final class InvalidConfig extends Exception {
    InvalidConfig(String message) {
      super(message);
    }
  }
}
