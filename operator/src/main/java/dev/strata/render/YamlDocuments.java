package dev.strata.render;

import dev.strata.render.yaml.GoYamlV3Schema;
import dev.strata.render.yaml.WholeCharacters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Parses YAML the way kustomize's kyaml does (go-yaml v3): YAML 1.2 booleans and nulls ("yes", "on"
 * stay strings), Go's number syntax ({@code 0755} is octal), folded scalars as go-yaml's round trip
 * leaves them, and tabs after a line's content taken as white space.
 */
public final class YamlDocuments {

  /** How many lines with tabs after their content one file may have. */
  private static final int MAX_TAB_REPAIRS = 1_000;

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
    String text = new String(content, StandardCharsets.UTF_8);
    for (int repairs = 0; ; repairs++) {
      try {
        return load(text, file, lastKeyWins);
      } catch (MarkedYamlEngineException e) {
        // go-yaml takes a tab after a value or a colon as white space where snakeyaml refuses it
        // ("found character '\t' that cannot start any token"); blank it out where it was found
        // and read again. Only the first such tab is ever reported, and one inside a block scalar
        // is content and never reported, so this changes nothing snakeyaml could read.
        Optional<String> repaired =
            repairs < MAX_TAB_REPAIRS ? blankTabAt(text, e) : Optional.empty();
        if (repaired.isEmpty()) {
          throw new RenderException(
              file
                  + ": invalid YAML at line "
                  + (e.getProblemMark().map(m -> m.getLine() + 1).orElse(0))
                  + ": "
                  + e.getProblem());
        }
        text = repaired.get();
      } catch (YamlEngineException e) {
        throw new RenderException(file + ": invalid YAML: " + e.getMessage());
      }
    }
  }

  private static List<Object> load(String text, String file, boolean lastKeyWins) {
    var settings =
        LoadSettings.builder()
            .setSchema(new GoYamlV3Schema())
            .setAllowDuplicateKeys(lastKeyWins)
            .setLabel(file)
            .setCodePointLimit(Math.toIntExact(FileTree.MAX_FILE_BYTES))
            .build();
    StandardConstructor constructor = new StandardConstructor(settings);
    List<Object> documents = new ArrayList<>();
    for (Node node : new Compose(settings).composeAllFromReader(new WholeCharacters(text))) {
      GoYamlV3Schema.keepAnnotationText(node);
      Object document = constructor.constructSingleDocument(Optional.of(node));
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }

  /**
   * The text with the run of tabs at the error's position turned into spaces, when it follows
   * content on its line.
   */
  private static Optional<String> blankTabAt(String text, MarkedYamlEngineException e) {
    if (e.getProblem() == null || !e.getProblem().contains("\\t(TAB)")) {
      return Optional.empty();
    }
    Optional<Mark> mark = e.getProblemMark();
    if (mark.isEmpty()) {
      return Optional.empty();
    }
    int at = offsetOf(text, mark.get());
    if (at < 0 || at >= text.length() || text.charAt(at) != '\t') {
      return Optional.empty();
    }
    // go-yaml eats a tab where a simple key cannot start: after a scalar or a key's colon, but
    // not in indentation nor after a "-" or "?" indicator.
    int lineStart = text.lastIndexOf('\n', at - 1) + 1;
    int before = at - 1;
    while (before >= lineStart && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
      before--;
    }
    if (before < lineStart) {
      return Optional.empty();
    }
    char previous = text.charAt(before);
    boolean indicator =
        (previous == '-' || previous == '?')
            && (before == lineStart
                || text.charAt(before - 1) == ' '
                || text.charAt(before - 1) == '\t');
    if (indicator) {
      return Optional.empty();
    }
    StringBuilder repaired = new StringBuilder(text);
    for (int i = at; i < repaired.length() && repaired.charAt(i) == '\t'; i++) {
      repaired.setCharAt(i, ' ');
    }
    return Optional.of(repaired.toString());
  }

  /** The char offset of a mark (its line and column count code points). */
  private static int offsetOf(String text, Mark mark) {
    int line = 0;
    int offset = 0;
    while (line < mark.getLine()) {
      int next = text.indexOf('\n', offset);
      if (next < 0) {
        return -1;
      }
      offset = next + 1;
      line++;
    }
    return text.offsetByCodePoints(
        offset, Math.min(mark.getColumn(), text.codePointCount(offset, text.length())));
  }

  /**
   * The first YAML document of a file, as kustomize reads a replacements or plugin file (YAML 1.2
   * core types); null when there is none.
   */
  public static Object firstDocument(byte[] content, String file) throws RenderException {
    var settings =
        LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setLabel(file)
            .setCodePointLimit(content.length + 1)
            .build();
    try {
      for (Object document :
          new Load(settings)
              .loadAllFromReader(
                  new WholeCharacters(new String(content, StandardCharsets.UTF_8)))) {
        return document; // kustomize reads the first document only
      }
      return null;
    } catch (MarkedYamlEngineException e) {
      throw new RenderException(
          file
              + ": invalid YAML at line "
              + e.getProblemMark().map(m -> m.getLine() + 1).orElse(0)
              + ": "
              + e.getProblem());
    } catch (YamlEngineException e) {
      throw new RenderException(file + ": invalid YAML: " + e.getMessage());
    }
  }
}
