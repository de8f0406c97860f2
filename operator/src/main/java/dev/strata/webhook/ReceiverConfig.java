package dev.strata.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.webhook.ConfigYaml.InvalidConfig;
import java.util.List;
import java.util.Set;

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
 * <p>{@link ConfigYaml} holds the rules every entry follows; unknown fields count as mistakes
 * because a misspelt {@code namespaces} would otherwise quietly narrow a receiver's scope.
 */
final class ReceiverConfig {

  /** The key of the ConfigMap that holds the YAML. */
  static final String DATA_KEY = "receivers.yaml";

  static final String DEFAULT_SECRET_KEY = "token";

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
    var parsed =
        ConfigYaml.parse(
            yaml,
            DATA_KEY,
            "receivers",
            FIELDS,
            (item, where) -> receiver(item, ownNamespace, where),
            ReceiverSpec::name);
    return new Parsed(parsed.entries(), parsed.problems());
  }

  private static ReceiverSpec receiver(JsonNode item, String ownNamespace, String where)
      throws InvalidConfig {
    String typeName = ConfigYaml.required(item, "type", where);
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
    return new ReceiverSpec(
        ConfigYaml.required(item, "name", where),
        type,
        ConfigYaml.secretName(secretRef, where),
        ConfigYaml.secretKey(secretRef, DEFAULT_SECRET_KEY, where),
        ConfigYaml.namespaces(item.path("namespaces"), List.of(ownNamespace), where),
        ConfigYaml.rateLimit(item.path("rateLimit"), null, where));
  }
}
