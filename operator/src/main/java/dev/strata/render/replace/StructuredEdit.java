package dev.strata.render.replace;

import dev.strata.render.RenderException;
import dev.strata.render.replace.FieldPath.Create;
import dev.strata.render.replace.FieldPath.Slot;
import java.util.List;
import java.util.Optional;

/**
 * Sets a field inside JSON held in a string field, as kustomize's setValueInStructuredData: when a
 * target path runs through a string field, the rest of the path is applied to the parsed text and
 * the text is written back.
 */
final class StructuredEdit {

  private StructuredEdit() {}

  /**
   * Applies the edit if the path runs through a string field that parses as YAML.
   *
   * @return false when kustomize falls back to an ordinary field path: no such string field, the
   *     rest of the path selects nothing there, or the edited data cannot be encoded
   * @throws RenderException when the text is YAML rather than JSON, which Strata cannot write back
   *     as kustomize does yet
   */
  static boolean apply(Object root, FieldPath path, Create create, Value value, String where)
      throws RenderException {
    List<String> parts = path.parts();
    Slot scalar = null;
    Object parsed = null;
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
        parsed = StructuredText.parse(YamlScalars.text(found.get().get()));
      } catch (KyamlException e) {
        continue;
      }
      scalar = found.get();
      at = i;
    }
    if (scalar == null) {
      return false;
    }
    List<Slot> slots;
    try {
      slots = path.tail(at).match(parsed, create);
    } catch (KyamlException e) {
      return false;
    }
    if (slots.isEmpty()) {
      return false;
    }
    for (Slot slot : slots) {
      if (slot.detached()) {
        continue;
      }
      try {
        Object current = slot.get();
        if (YamlScalars.isScalar(current)) {
          String tag = slot.created() ? YamlScalars.UNTAGGED : YamlScalars.tag(current);
          slot.set(YamlScalars.decode(tag, value.text()));
        } else {
          slot.set(value.node());
        }
      } catch (KyamlException e) {
        return false; // kustomize fails to re-encode the text and falls back
      }
    }
    String original = YamlScalars.text(scalar.get());
    if (!StructuredText.isJson(original)) {
      throw new RenderException(
          where
              + ": field \""
              + path
              + "\" goes into YAML held in the string field '"
              + String.join(".", path.head(at).parts())
              + "'; Strata can edit JSON held in a string field, not YAML yet");
    }
    String json = StructuredText.json(parsed, original);
    if (json == null) {
      return false;
    }
    scalar.set(json);
    return true;
  }
}
