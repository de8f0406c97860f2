package dev.strata.render.replace;

import dev.strata.render.RenderException;
import dev.strata.render.replace.FieldPath.Create;
import dev.strata.render.replace.FieldPath.Slot;
import java.util.List;
import java.util.Optional;

/**
 * Sets a field inside JSON or YAML held in a string field, as kustomize's setValueInStructuredData:
 * when a target path runs through a string field, the rest of the path is applied to the parsed
 * text and the text is written back.
 */
final class StructuredEdit {

  private StructuredEdit() {}

  /**
   * Applies the edit if the path runs through a string field that parses as YAML.
   *
   * @return false when kustomize falls back to an ordinary field path: no such string field, the
   *     rest of the path selects nothing there, or the edited JSON cannot be encoded
   * @throws RenderException when the text is YAML that Strata cannot write back as kustomize does
   */
  static boolean apply(Object root, FieldPath path, Create create, Value value, String where)
      throws RenderException {
    List<String> parts = path.parts();
    Slot scalar = null;
    StyledYaml.Parsed parsed = null;
    int at = 0;
    for (int i = 1; i < parts.size() && scalar == null; i++) {
      Optional<Slot> found;
      try {
        found = path.head(i).find(root);
      } catch (KyamlException e) {
        continue;
      }
      if (found.isEmpty() || !YamlScalars.isScalar(found.get().get())) {
        continue;
      }
      try {
        parsed = StyledYaml.parse(YamlScalars.text(found.get().get()));
      } catch (KyamlException e) {
        continue;
      }
      scalar = found.get();
      at = i;
    }
    if (scalar == null) {
      return false;
    }
    String original = YamlScalars.text(scalar.get());
    boolean json = StructuredText.isJson(original);
    List<Slot> slots;
    try {
      slots = path.tail(at).match(parsed.root(), create);
    } catch (KyamlException e) {
      return false;
    }
    if (slots.isEmpty()) {
      return false;
    }
    for (Slot slot : slots) {
      if (!slot.detached()) {
        set(slot, value, json, where + ": field \"" + path + "\"");
      }
    }
    if (json) {
      String text = StructuredText.json(parsed.root(), original);
      if (text == null) {
        return false; // kustomize fails to re-encode the text and falls back
      }
      scalar.set(text);
      return true;
    }
    if (parsed.unsupported() != null) {
      throw unsupported(path, at, parsed.unsupported(), where);
    }
    scalar.set(KyamlWriter.write(parsed.root()));
    return true;
  }

  /**
   * kyaml's set inside the parsed nodes: a scalar keeps its tag and style and takes the text (a new
   * one has no tag); a map or list is replaced by the value's node.
   */
  private static void set(Slot slot, Value value, boolean json, String where)
      throws RenderException {
    Object current = slot.get();
    if (YamlScalars.isScalar(current)) {
      if (slot.created()) {
        slot.set(new StyledScalar(value.text(), YamlScalars.UNTAGGED, StyledScalar.Style.PLAIN));
      } else if (current instanceof StyledScalar styled) {
        slot.set(styled.withValue(value.text()));
      } else {
        slot.set(
            new StyledScalar(value.text(), YamlScalars.tag(current), StyledScalar.Style.PLAIN));
      }
    } else if (!value.isWhole()) {
      slot.set(value.styledNode());
    } else if (json) {
      try {
        slot.set(value.node());
      } catch (KyamlException e) {
        throw new RenderException(where + ": " + e.getMessage());
      }
    } else {
      // go-yaml would copy the source node with the quoting and flow style it was written in,
      // which Strata's parsed resources no longer hold.
      throw new RenderException(
          where
              + ": a node copied whole from a resource replaces a mapping or list in YAML held"
              + " in a string; kustomize writes it in the YAML style the resource used, which"
              + " Strata does not keep");
    }
  }

  private static RenderException unsupported(FieldPath path, int at, String reason, String where) {
    return new RenderException(
        where
            + ": field \""
            + path
            + "\" goes into the YAML held in '"
            + path.head(at)
            + "', which Strata cannot write back as kustomize does: "
            + reason);
  }
}
