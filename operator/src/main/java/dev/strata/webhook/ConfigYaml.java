package dev.strata.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the YAML list a configuration ConfigMap holds (webhook receivers, notification providers)
 * with the same rules and messages: an entry with a mistake is left out and the mistake reported,
 * so one typo does not silence the others; unknown fields are mistakes; names are unique DNS
 * labels.
 */
public final class ConfigYaml {

  public static final String ALL_NAMESPACES = "*";

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  private static final Pattern SECRET_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
  private static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]{1,253}$");

  private ConfigYaml() {}

  /**
   * The valid entries, in declaration order, and the problems found.
   *
   * @param problems one sentence per entry left out
   */
  public record Parsed<T>(List<T> entries, List<String> problems) {
    public Parsed {
      entries = List.copyOf(entries);
      problems = List.copyOf(problems);
    }
  }

  /** Reads one entry; {@code where} names it in messages, e.g. {@code receivers[2] (lab)}. */
  @FunctionalInterface
  public interface EntryReader<T> {
    T read(JsonNode item, String where) throws InvalidConfig;
  }

  /**
   * Reads the entries listed under {@code listKey} in {@code yaml}, the value of the ConfigMap key
   * {@code dataKey}.
   *
   * @param fields the fields an entry may have
   * @param reader reads an entry whose fields are known and whose name is valid
   * @throws InvalidConfig when the document as a whole cannot be read
   */
  public static <T> Parsed<T> parse(
      String yaml,
      String dataKey,
      String listKey,
      Set<String> fields,
      EntryReader<T> reader,
      Function<T, String> name)
      throws InvalidConfig {
    JsonNode root;
    try {
      root = yaml == null || yaml.isBlank() ? null : YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidConfig(
          dataKey
              + " is not valid YAML"
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new Parsed<>(List.of(), List.of());
    }
    JsonNode list = root.path(listKey);
    if (!root.isObject() || !(list.isArray() || list.isMissingNode() || list.isNull())) {
      throw new InvalidConfig(dataKey + " must be a mapping with a list under '" + listKey + "'");
    }
    List<T> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode item : list) {
      String where = listKey + "[" + index++ + "]";
      try {
        T entry = reader.read(item, named(item, fields, where));
        if (!names.add(name.apply(entry))) {
          throw new InvalidConfig(where + ": the name " + name.apply(entry) + " is used twice");
        }
        entries.add(entry);
      } catch (InvalidConfig problem) {
        problems.add(problem.getMessage());
      }
    }
    return new Parsed<>(entries, problems);
  }

  /** Checks the entry's fields and name; {@code where} followed by the name in parentheses. */
  private static String named(JsonNode item, Set<String> fields, String where)
      throws InvalidConfig {
    if (!item.isObject()) {
      throw new InvalidConfig(where + ": must be a mapping");
    }
    for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw new InvalidConfig(where + ": unknown field '" + field + "'");
      }
    }
    String name = required(item, "name", where);
    if (!DNS_LABEL.matcher(name).matches()) {
      throw new InvalidConfig(
          where + ": name '" + name + "' must be a DNS label (lower case, digits, '-')");
    }
    return where + " (" + name + ")";
  }

  /** A non-blank string field, trimmed. */
  public static String required(JsonNode node, String field, String where) throws InvalidConfig {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new InvalidConfig(where + ": " + field + " is required (a string)");
    }
    return value.asText().trim();
  }

  /** A non-blank string field, trimmed, or null when absent. */
  public static String optional(JsonNode node, String field, String where) throws InvalidConfig {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : required(node, field, where);
  }

  /** {@code secretRef.name}: a valid Secret name. */
  public static String secretName(JsonNode secretRef, String where) throws InvalidConfig {
    String name = required(secretRef, "name", where + ".secretRef");
    if (!SECRET_NAME.matcher(name).matches()) {
      throw new InvalidConfig(where + ": secretRef.name '" + name + "' is not a valid name");
    }
    return name;
  }

  /** {@code secretRef.key}, or {@code absent} when it is not given. */
  public static String secretKey(JsonNode secretRef, String absent, String where)
      throws InvalidConfig {
    if (!secretRef.has("key")) {
      return absent;
    }
    String key = required(secretRef, "key", where + ".secretRef");
    if (!SECRET_KEY.matcher(key).matches()) {
      throw new InvalidConfig(where + ": secretRef.key '" + key + "' is not a valid key");
    }
    return key;
  }

  /** A list of namespace names, or {@value #ALL_NAMESPACES} alone; {@code absent} when missing. */
  public static List<String> namespaces(JsonNode node, List<String> absent, String where)
      throws InvalidConfig {
    if (node.isMissingNode() || node.isNull()) {
      return absent;
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidConfig(where + ": namespaces must be a non-empty list");
    }
    List<String> namespaces = new ArrayList<>();
    for (JsonNode entry : node) {
      String namespace = entry.isTextual() ? entry.asText() : "";
      if (!namespace.equals(ALL_NAMESPACES) && !DNS_LABEL.matcher(namespace).matches()) {
        throw new InvalidConfig(
            where + ": namespaces entry '" + entry.asText() + "' is not a namespace name or '*'");
      }
      namespaces.add(namespace);
    }
    if (namespaces.contains(ALL_NAMESPACES) && namespaces.size() > 1) {
      throw new InvalidConfig(where + ": '*' must be the only namespaces entry");
    }
    return namespaces;
  }

  /** {@code {perSecond, burst}}, or {@code absent} when missing. */
  public static ReceiverSpec.RateLimit rateLimit(
      JsonNode node, ReceiverSpec.RateLimit absent, String where) throws InvalidConfig {
    if (node.isMissingNode() || node.isNull()) {
      return absent;
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

  /** Says why the configuration, or one entry in it, cannot be used. */
  public static final class InvalidConfig extends Exception {
    public InvalidConfig(String message) {
      super(message);
    }
  }
}
