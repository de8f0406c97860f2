package dev.strata.notify;

import dev.strata.webhook.ConfigYaml;
import dev.strata.webhook.SecretKeys;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Holds the providers in force: an immutable snapshot built from the configuration ConfigMap and
 * the Secrets it names, replaced as a whole whenever either changes.
 */
final class Providers {

  static final Providers NONE = new Providers(List.of(), List.of(), false);

  private final List<Provider> providers;
  private final List<String> problems;
  private final boolean configured;

  private Providers(List<Provider> providers, List<String> problems, boolean configured) {
    this.providers = List.copyOf(providers);
    this.problems = List.copyOf(problems);
    this.configured = configured;
  }

  /** One provider with what its Secret holds, or why it cannot send. */
  record Provider(ProviderSpec spec, String secret, String problem) {
    @Override
    public String toString() {
      // Never the secret: this is what logs show.
      return spec.name() + " (" + spec.type().configName() + (problem == null ? ")" : ", idle)");
    }
  }

  static Providers build(ConfigMap configMap, Function<String, Secret> secrets) {
    if (configMap == null) {
      return NONE;
    }
    String yaml =
        configMap.getData() == null ? null : configMap.getData().get(NotificationConfig.DATA_KEY);
    if (yaml == null) {
      return new Providers(
          List.of(),
          List.of("the ConfigMap has no key " + NotificationConfig.DATA_KEY + "; no providers"),
          true);
    }
    ConfigYaml.Parsed<ProviderSpec> parsed;
    try {
      parsed = NotificationConfig.parse(yaml);
    } catch (ConfigYaml.InvalidConfig e) {
      return new Providers(List.of(), List.of(e.getMessage() + "; no providers"), true);
    }
    List<Provider> providers = new ArrayList<>();
    List<String> problems = new ArrayList<>(parsed.problems());
    for (ProviderSpec spec : parsed.entries()) {
      Provider provider = withSecret(spec, secrets);
      if (provider.problem() != null) {
        problems.add("provider " + spec.name() + ": " + provider.problem());
      }
      providers.add(provider);
    }
    return new Providers(providers, problems, true);
  }

  private static Provider withSecret(ProviderSpec spec, Function<String, Secret> secrets) {
    if (spec.secretName() == null) {
      return new Provider(spec, null, null);
    }
    Secret secret = secrets.apply(spec.secretName());
    if (secret == null) {
      return new Provider(spec, null, "Secret " + spec.secretName() + " not found");
    }
    byte[] value = SecretKeys.read(secret, spec.secretKey());
    if (value == null || value.length == 0) {
      return new Provider(
          spec,
          null,
          "Secret " + spec.secretName() + " has no (or an empty) key " + spec.secretKey());
    }
    return new Provider(spec, new String(value, StandardCharsets.UTF_8), null);
  }

  List<Provider> all() {
    return providers;
  }

  List<String> problems() {
    return problems;
  }

  boolean configured() {
    return configured;
  }

  /** The providers for a log line: names and types, never addresses or secrets. */
  String describe() {
    return providers.isEmpty()
        ? "none"
        : providers.stream().map(Provider::toString).collect(Collectors.joining(", "));
  }

  /** Whether {@code other} holds the same providers, secrets and problems. */
  boolean sameAs(Providers other) {
    return other != null && providers.equals(other.providers) && problems.equals(other.problems);
  }
}
