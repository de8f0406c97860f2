package dev.strata.render.replace;

import dev.strata.render.yaml.GoJson;
import java.util.Iterator;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads the YAML or JSON held in a string field and writes it back as kustomize does when a
 * replacement targets a field inside it (JSON re-encoded by Go, compact or indented like the
 * original).
 */
final class StructuredText {

  private static final int MAX_CHARS = 4 * 1024 * 1024;

  private StructuredText() {}

  /**
   * The first YAML document of {@code text} as maps, lists and scalars, or {@link
   * FieldPath#EMPTY_DOCUMENT} when it holds none.
   *
   * @throws KyamlException when the text is not YAML
   */
  static Object parse(String text) throws KyamlException {
    var settings =
        LoadSettings.builder()
            .setSchema(new CoreSchema())
            // go-yaml keeps repeated keys in a node; the last one is what a decode sees.
            .setAllowDuplicateKeys(true)
            .setCodePointLimit(MAX_CHARS)
            .build();
    try {
      Iterator<Object> documents = new Load(settings).loadAllFromString(text).iterator();
      if (!documents.hasNext()) {
        return FieldPath.EMPTY_DOCUMENT;
      }
      return documents.next();
    } catch (MarkedYamlEngineException e) {
      throw new KyamlException(
          "yaml: line "
              + e.getProblemMark().map(m -> m.getLine() + 1).orElse(0)
              + ": "
              + e.getProblem());
    } catch (YamlEngineException e) {
      throw new KyamlException("yaml: " + e.getMessage());
    }
  }

  /** Whether kustomize writes the edited text back as JSON: it starts with { or [. */
  static boolean isJson(String original) {
    String trimmed = original.strip();
    return !trimmed.isEmpty() && (trimmed.charAt(0) == '{' || trimmed.charAt(0) == '[');
  }

  /**
   * The JSON kustomize writes for the edited tree: indented by two spaces when the original has a
   * line break and a double space, compact otherwise; null where Go's encoder fails (kustomize then
   * leaves the field as it was).
   */
  static String json(Object tree, String original) {
    boolean indent = original.contains("\n") && original.contains("  ");
    try {
      return GoJson.write(tree, indent);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
