package dev.strata.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.render.patch.GoFloat;
import dev.strata.render.patch.JsonPatch;
import dev.strata.render.patch.PatchException;
import dev.strata.render.yaml.WholeCharacters;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Holds a JSON patch as written in a kustomization, in JSON or YAML, and applies it as kustomize
 * does to a resource: on the resource with its build annotations, which it keeps whatever the patch
 * does, with every annotation value a string afterwards.
 *
 * @param patch the decoded operations
 * @param source names the kustomization, field and patch, for errors
 */
record JsonPatchText(JsonPatch patch, String source) {

  /**
   * Decodes a patch as kustomize: text starting with '[' is JSON; anything else is YAML, which
   * kustomize converts to JSON with go-yaml v2 (YAML 1.1: yes, no, on and off are booleans, 0777 is
   * octal) and of which only the first document counts.
   */
  static JsonPatchText decode(String text, String source) throws RenderException {
    Object decoded;
    if (text.startsWith("[")) {
      try {
        // Decimals keep their digits: evanphx compares numbers by their JSON text.
        decoded =
            new ObjectMapper()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readValue(text, Object.class);
      } catch (JsonProcessingException e) {
        throw new RenderException(
            source + ": invalid JSON patch: " + e.getOriginalMessage().split("\n")[0]);
      }
    } else {
      decoded = firstYamlDocument(text, source);
    }
    if (decoded == null) {
      return new JsonPatchText(null, source);
    }
    try {
      return new JsonPatchText(JsonPatch.of(decoded), source);
    } catch (PatchException e) {
      throw new RenderException(source + ": " + e.getMessage());
    }
  }

  /** Whether the text held no patch at all (only whitespace or comments). */
  boolean isAbsent() {
    return patch == null;
  }

  private static Object firstYamlDocument(String text, String source) throws RenderException {
    var settings = LoadSettings.builder().setSchema(new Yaml11()).setLabel(source).build();
    try {
      for (Object document : new Load(settings).loadAllFromReader(new WholeCharacters(text))) {
        return document;
      }
      return null;
    } catch (YamlEngineException e) {
      throw new RenderException(source + ": invalid YAML: " + e.getMessage().split("\n")[0]);
    }
  }

  /**
   * Applies the patch to a resource, keeping its build state as kustomize keeps its build
   * annotations.
   *
   * @param storePreviousId whether the resource's id is remembered first (the patches field does)
   */
  @SuppressWarnings("unchecked")
  void applyTo(Resource resource, boolean storePreviousId) throws RenderException {
    if (storePreviousId) {
      resource.rememberCurrentId();
    }
    Map<String, String> build = BuildAnnotations.of(resource);
    Map<String, Object> patched;
    try {
      patched = patch.apply(BuildAnnotations.withAnnotations(resource, build));
    } catch (PatchException e) {
      throw new RenderException(source + ": " + e.getMessage() + " (patching " + resource + ")");
    }
    // kyaml's SetAnnotations: metadata is created if need be, annotation values become strings
    // and an empty annotations map is removed.
    Object metadata = patched.get("metadata");
    if (metadata == null) {
      metadata = new LinkedHashMap<String, Object>();
      patched.put("metadata", metadata);
    }
    if (metadata instanceof Map<?, ?> meta) {
      Map<String, Object> annotations = new LinkedHashMap<>();
      if (meta.get("annotations") instanceof Map<?, ?> existing) {
        existing.forEach(
            (k, v) -> {
              if (!BuildAnnotations.KEYS.contains(String.valueOf(k))) {
                annotations.put(String.valueOf(k), annotationText(v));
              }
            });
      }
      var m = (Map<String, Object>) meta;
      if (annotations.isEmpty()) {
        m.remove("annotations");
      } else {
        m.put("annotations", annotations);
      }
    }
    Map<String, Object> object = resource.object();
    object.clear();
    object.putAll(patched);
  }

  /** What kyaml's GetAnnotations reads: a scalar's text, "" for a map or list. */
  private static String annotationText(Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      return GoFloat.formatG(((Number) value).doubleValue());
    }
    return value == null ? "null" : String.valueOf(value);
  }

  /**
   * YAML 1.2's core schema with go-yaml v2's YAML 1.1 reading of plain scalars: the words yes, no,
   * on, off, y and n are booleans; underscores are dropped from numbers; integers have Go's
   * prefixes, a leading 0 meaning octal.
   */
  private static final class Yaml11 implements Schema {

    private static final Map<String, Boolean> WORDS = new HashMap<>();
    private static final Pattern GO_INT =
        Pattern.compile("[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)");
    private static final Pattern GO_FLOAT =
        Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

    static {
      for (String word : List.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON")) {
        WORDS.put(word, true);
      }
      for (String word : List.of("n", "N", "no", "No", "NO", "off", "Off", "OFF")) {
        WORDS.put(word, false);
      }
    }

    private final CoreSchema core = new CoreSchema();

    @Override
    public ScalarResolver getScalarResolver() {
      ScalarResolver resolver = core.getScalarResolver();
      return (value, implicit) -> {
        if (!implicit) {
          return resolver.resolve(value, false);
        }
        if (WORDS.containsKey(value)) {
          return Tag.BOOL;
        }
        char first = value.isEmpty() ? ' ' : value.charAt(0);
        if (first == '+' || first == '-' || first == '.' || (first >= '0' && first <= '9')) {
          String plain = value.replace("_", "");
          if (GO_INT.matcher(plain).matches() && goInteger(plain) != null) {
            return Tag.INT;
          }
          if (GO_FLOAT.matcher(plain).matches()) {
            return Tag.FLOAT;
          }
        }
        return resolver.resolve(value, true);
      };
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
      Map<Tag, ConstructNode> constructors = new HashMap<>(core.getSchemaTagConstructors());
      ConstructNode bool = constructors.get(Tag.BOOL);
      ConstructNode integer = constructors.get(Tag.INT);
      ConstructNode decimal = constructors.get(Tag.FLOAT);
      constructors.put(
          Tag.BOOL,
          node -> {
            Boolean word = WORDS.get(((ScalarNode) node).getValue());
            return word != null ? word : bool.construct(node);
          });
      constructors.put(
          Tag.INT,
          node -> {
            Object value = goInteger(((ScalarNode) node).getValue().replace("_", ""));
            return value != null ? value : integer.construct(node);
          });
      constructors.put(
          Tag.FLOAT,
          node -> {
            String plain = ((ScalarNode) node).getValue().replace("_", "");
            return GO_FLOAT.matcher(plain).matches()
                ? Double.parseDouble(plain)
                : decimal.construct(node);
          });
      return constructors;
    }

    /** strconv.ParseInt(s, 0, 64), else ParseUint for large positives; null otherwise. */
    private static Object goInteger(String text) {
      if (!GO_INT.matcher(text).matches()) {
        return null;
      }
      boolean negative = text.startsWith("-");
      String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
      int radix = 10;
      if (digits.length() > 1 && digits.charAt(0) == '0') {
        char prefix = Character.toLowerCase(digits.charAt(1));
        radix = prefix == 'x' ? 16 : prefix == 'b' ? 2 : 8;
        digits = prefix == 'x' || prefix == 'b' || prefix == 'o' ? digits.substring(2) : digits;
      }
      BigInteger value = new BigInteger(digits, radix);
      value = negative ? value.negate() : value;
      if (value.bitLength() < 64) {
        long whole = value.longValue();
        return whole == (int) whole ? (Object) (int) whole : (Object) whole;
      }
      return value.signum() > 0 && value.bitLength() == 64 ? value : null;
    }
  }
}
