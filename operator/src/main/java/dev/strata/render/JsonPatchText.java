package dev.strata.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.render.patch.JsonPatch;
import dev.strata.render.patch.PatchException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A JSON patch as written in a kustomization, in JSON or YAML, and how kustomize applies it to a
 * resource: on the resource with its build annotations, which it keeps whatever the patch does,
 * with every annotation value a string afterwards.
 *
 * @param patch the decoded operations
 * @param source names the kustomization, field and patch, for errors
 */
record JsonPatchText(JsonPatch patch, String source) {

  /**
   * Decodes a patch as kustomize: text starting with '[' is JSON; anything else is YAML, which
   * kustomize converts to JSON with a YAML 1.1 parser (so yes, no, on and off are booleans) and of
   * which only the first document counts.
   */
  static JsonPatchText decode(String text, String source) throws RenderException {
    Object decoded;
    if (text.startsWith("[")) {
      try {
        decoded = new ObjectMapper().readValue(text, Object.class);
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
    var settings = LoadSettings.builder().setSchema(new Yaml11Booleans()).setLabel(source).build();
    try {
      for (Object document : new Load(settings).loadAllFromString(text)) {
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
    return value == null ? "null" : String.valueOf(value);
  }

  /** YAML 1.2 core schema plus YAML 1.1's boolean words, as go-yaml v2 reads plain scalars. */
  private static final class Yaml11Booleans implements Schema {

    private static final Map<String, Boolean> WORDS = new HashMap<>();

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
      return (value, implicit) ->
          implicit && WORDS.containsKey(value) ? Tag.BOOL : resolver.resolve(value, implicit);
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
      Map<Tag, ConstructNode> constructors = new HashMap<>(core.getSchemaTagConstructors());
      ConstructNode bool = constructors.get(Tag.BOOL);
      constructors.put(
          Tag.BOOL,
          node -> {
            Boolean word = WORDS.get(((ScalarNode) node).getValue());
            return word != null ? word : bool.construct(node);
          });
      return constructors;
    }
  }
}
