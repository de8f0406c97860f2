package dev.strata.webhook;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Holds the receivers in force: an immutable snapshot built from the configuration ConfigMap and
 * the Secrets it names, replaced as a whole whenever either changes.
 */
final class Receivers {

  static final Receivers NONE = new Receivers(Map.of(), null, List.of());

  private final Map<String, Receiver> byName;
  private final ObjectReference configMap;
  private final List<String> problems;

  private Receivers(
      Map<String, Receiver> byName, ObjectReference configMap, List<String> problems) {
    // In declaration order, for logs that read like the ConfigMap.
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    this.configMap = configMap;
    this.problems = List.copyOf(problems);
  }

  /**
   * Builds the receivers declared in {@code configMap} (none when it is null) with their secrets.
   *
   * @param secrets looks a Secret of the ConfigMap's namespace up by name; null when absent
   */
  static Receivers build(ConfigMap configMap, Function<String, Secret> secrets) {
    if (configMap == null) {
      return NONE;
    }
    String namespace = configMap.getMetadata().getNamespace();
    ObjectReference reference = reference(configMap);
    String yaml =
        configMap.getData() == null ? null : configMap.getData().get(ReceiverConfig.DATA_KEY);
    if (yaml == null) {
      return new Receivers(
          Map.of(),
          reference,
          List.of("the ConfigMap has no key " + ReceiverConfig.DATA_KEY + "; no receivers"));
    }
    ReceiverConfig.Parsed parsed;
    try {
      parsed = ReceiverConfig.parse(yaml, namespace);
    } catch (ConfigYaml.InvalidConfig e) {
      return new Receivers(Map.of(), reference, List.of(e.getMessage() + "; no receivers"));
    }
    Map<String, Receiver> receivers = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>(parsed.problems());
    for (ReceiverSpec spec : parsed.receivers()) {
      Receiver receiver = withSecret(spec, secrets.apply(spec.secretName()));
      if (receiver.problem() != null) {
        problems.add("receiver " + spec.name() + ": " + receiver.problem());
      }
      receivers.put(spec.name(), receiver);
    }
    return new Receivers(receivers, reference, problems);
  }

  private static Receiver withSecret(ReceiverSpec spec, Secret secret) {
    if (secret == null) {
      return Receiver.unavailable(spec, "Secret " + spec.secretName() + " not found");
    }
    byte[] value = SecretKeys.read(secret, spec.secretKey());
    if (value == null) {
      return Receiver.unavailable(
          spec, "Secret " + spec.secretName() + " has no key " + spec.secretKey());
    }
    if (value.length == 0) {
      return Receiver.unavailable(
          spec, "key " + spec.secretKey() + " of Secret " + spec.secretName() + " is empty");
    }
    return Receiver.ready(spec, value);
  }

  private static ObjectReference reference(ConfigMap configMap) {
    return new ObjectReferenceBuilder()
        .withApiVersion("v1")
        .withKind("ConfigMap")
        .withNamespace(configMap.getMetadata().getNamespace())
        .withName(configMap.getMetadata().getName())
        .withUid(configMap.getMetadata().getUid())
        .withResourceVersion(configMap.getMetadata().getResourceVersion())
        .build();
  }

  /** The receiver called {@code name}, or null. */
  Receiver find(String name) {
    return byName.get(name);
  }

  /** The ConfigMap they came from, for events about deliveries; null when there is none. */
  ObjectReference configMap() {
    return configMap;
  }

  /** What is wrong with the configuration, one sentence each; empty when nothing is. */
  List<String> problems() {
    return problems;
  }

  /** Whether {@code other} holds the same receivers with the same secrets and problems. */
  boolean sameAs(Receivers other) {
    if (!byName.keySet().equals(other.byName.keySet()) || !problems.equals(other.problems)) {
      return false;
    }
    return byName.entrySet().stream()
        .allMatch(e -> e.getValue().sameAs(other.byName.get(e.getKey())));
  }

  /** The receivers for a log line: names, types, and whether each can check deliveries. */
  String describe() {
    if (byName.isEmpty()) {
      return "none";
    }
    return byName.values().stream().map(Receiver::toString).collect(Collectors.joining(", "));
  }
}
