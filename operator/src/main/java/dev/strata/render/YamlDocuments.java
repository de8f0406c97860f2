package dev.strata.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML the way kustomize's kyaml does: YAML 1.2 core schema (only true/false are booleans;
 * "yes", "on" stay strings), into maps, lists, strings, numbers, booleans and null.
 */
final class YamlDocuments {

  private YamlDocuments() {}

  /**
   * The non-empty documents of a resource file, in order; a repeated key is an error (as kyaml).
   */
  static List<Object> parse(byte[] content, String file) throws RenderException {
    return parse(content, file, false);
  }

  /**
   * The non-empty documents of a file. Kustomization files go through go-yaml v2 in kustomize,
   * where a repeated key silently takes the last value, so they pass {@code lastKeyWins}.
   */
  static List<Object> parse(byte[] content, String file, boolean lastKeyWins)
      throws RenderException {
    var settings =
        LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setAllowDuplicateKeys(lastKeyWins)
            .setLabel(file)
            .setCodePointLimit(Math.toIntExact(FileTree.MAX_FILE_BYTES))
            .build();
    List<Object> documents = new ArrayList<>();
    try {
      for (Object document :
          new Load(settings).loadAllFromString(new String(content, StandardCharsets.UTF_8))) {
        if (document != null) {
          documents.add(document);
        }
      }
    } catch (MarkedYamlEngineException e) {
      throw new RenderException(
          file
              + ": invalid YAML at line "
              + (e.getProblemMark().map(m -> m.getLine() + 1).orElse(0))
              + ": "
              + e.getProblem());
    } catch (YamlEngineException e) {
      throw new RenderException(file + ": invalid YAML: " + e.getMessage());
    }
    return documents;
  }
}
