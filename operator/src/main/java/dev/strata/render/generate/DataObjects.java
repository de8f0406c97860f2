package dev.strata.render.generate;

import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.generate.KeyValues.KeyValue;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Makes the ConfigMap or Secret of a generator entry with the fields kustomize's MakeConfigMap and
 * MakeSecret write: UTF-8 values as ConfigMap data and anything else as binaryData, Secret values
 * in base64, the Secret type (Opaque by default), the options' labels, annotations and immutable.
 */
final class DataObjects {

  // The API server's rule for ConfigMap and Secret keys (apimachinery's IsConfigMapKey).
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final int MAX_KEY_LENGTH = 253;

  // kyaml's encodeBase64 breaks base64 text into lines of this many characters.
  private static final int BASE64_LINE = 70;

  private DataObjects() {}

  static Resource make(GeneratorArgs args, List<KeyValue> pairs) throws RenderException {
    Map<String, byte[]> values = validated(args, pairs);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", args.name());
    if (!args.namespace().isEmpty()) {
      metadata.put("namespace", args.namespace());
    }
    GeneratorOptions options = args.options();
    if (!options.labels().isEmpty()) {
      metadata.put("labels", new LinkedHashMap<String, Object>(new TreeMap<>(options.labels())));
    }
    if (!options.annotations().isEmpty()) {
      metadata.put(
          "annotations", new LinkedHashMap<String, Object>(new TreeMap<>(options.annotations())));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", args.kind());
    object.put("metadata", metadata);
    if (args.kind().equals("Secret")) {
      object.put("type", args.type().isEmpty() ? "Opaque" : args.type());
      Map<String, Object> data = new LinkedHashMap<>();
      values.forEach((key, value) -> data.put(key, base64(value)));
      // kustomize writes data for a Secret even when there are no values.
      object.put("data", data);
    } else {
      Map<String, Object> data = new LinkedHashMap<>();
      Map<String, Object> binaryData = new LinkedHashMap<>();
      for (var entry : values.entrySet()) {
        Optional<String> text = Utf8.decode(entry.getValue());
        if (text.isPresent()) {
          data.put(entry.getKey(), text.get());
        } else {
          binaryData.put(entry.getKey(), base64(entry.getValue()));
        }
      }
      if (!data.isEmpty()) {
        object.put("data", data);
      }
      if (!binaryData.isEmpty()) {
        object.put("binaryData", binaryData);
      }
    }
    if (options.immutable()) {
      object.put("immutable", true);
    }
    Resource resource = new Resource(object, args.file());
    resource.setNeedsHashSuffix(!options.disableNameSuffixHash());
    resource.setGeneratorBehavior(args.behavior().isEmpty() ? "create" : args.behavior());
    return resource;
  }

  /** The values by key, sorted; refuses a repeated key or one the API server would refuse. */
  private static Map<String, byte[]> validated(GeneratorArgs args, List<KeyValue> pairs)
      throws RenderException {
    Map<String, byte[]> values = new TreeMap<>();
    Map<String, String> sources = new HashMap<>();
    for (KeyValue pair : pairs) {
      String problem = keyProblem(pair.key());
      if (problem != null) {
        // kustomize 5 no longer checks keys; the API server would refuse the object on apply.
        throw new RenderException(
            args.where()
                + ": key '"
                + pair.key()
                + "' (from "
                + pair.source()
                + ") is not a valid "
                + args.kind()
                + " key: "
                + problem);
      }
      String earlier = sources.putIfAbsent(pair.key(), pair.source());
      if (earlier != null) {
        throw new RenderException(
            args.where()
                + ": key '"
                + pair.key()
                + "' is repeated (from "
                + earlier
                + " and "
                + pair.source()
                + ")");
      }
      values.put(pair.key(), pair.value());
    }
    return values;
  }

  /** Why the API server would refuse {@code key} in data, or null when it is valid. */
  static String keyProblem(String key) {
    if (key.length() > MAX_KEY_LENGTH) {
      return "must be no more than " + MAX_KEY_LENGTH + " characters";
    }
    if (!KEY.matcher(key).matches()) {
      return "a valid key must consist of alphanumeric characters, '-', '_' or '.'";
    }
    if (key.equals(".") || key.equals("..")) {
      return "must not be '" + key + "'";
    }
    if (key.startsWith("..")) {
      return "must not start with '..'";
    }
    return null;
  }

  /** Base64 as kyaml's encodeBase64: lines of 70, each ending in a newline once there are two. */
  static String base64(byte[] value) {
    String encoded = Base64.getEncoder().encodeToString(value);
    if (encoded.length() < BASE64_LINE) {
      return encoded;
    }
    StringBuilder lines = new StringBuilder(encoded.length() + encoded.length() / BASE64_LINE + 1);
    for (int i = 0; i < encoded.length(); i += BASE64_LINE) {
      lines.append(encoded, i, Math.min(i + BASE64_LINE, encoded.length())).append('\n');
    }
    return lines.toString();
  }
}
