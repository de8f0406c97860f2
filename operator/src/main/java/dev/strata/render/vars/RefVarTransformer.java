package dev.strata.render.vars;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Transformer;
import dev.strata.render.fields.FieldPath;
import dev.strata.render.fields.FieldSpec;
import dev.strata.render.patch.GoFloat;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Replaces $(NAME) with var values in the fields the varReference specs name, as kustomize's refvar
 * filter: a string field is expanded; a mapping has its string values expanded (its keys must be
 * strings); a list must hold only strings, each expanded. Other scalars stay as they are.
 */
final class RefVarTransformer implements Transformer {

  private final Map<String, Object> values;
  private final List<FieldSpec> specs;

  /**
   * @param values each var's value: a String, Long, Double, Boolean or {@link Vars#NOT_PRIMITIVE}
   */
  RefVarTransformer(Map<String, Object> values, List<FieldSpec> specs) {
    this.values = values;
    this.specs = specs;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void transform(Accumulator resources) throws RenderException {
    for (Resource resource : resources.resources()) {
      for (FieldSpec spec : specs) {
        if (!spec.selects(resource)) {
          continue;
        }
        try {
          FieldPath.apply(
              resource.object(),
              spec,
              FieldPath.Create.NONE,
              slot -> {
                Object value = slot.get();
                if (value instanceof String text) {
                  slot.set(expand(text));
                } else if (value instanceof Map<?, ?> map) {
                  expandValues((Map<Object, Object>) map, spec);
                } else if (value instanceof List<?> list) {
                  expandElements((List<Object>) list, spec);
                }
              });
        } catch (RenderException e) {
          throw new RenderException(resource + ": vars: " + e.getMessage(), e);
        }
      }
    }
  }

  private void expandValues(Map<Object, Object> map, FieldSpec spec) throws RenderException {
    for (var entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String)) {
        throw new RenderException(
            "considering field '"
                + spec.path()
                + "': invalid map key: value='"
                + entry.getKey()
                + "', tag='"
                + tag(entry.getKey())
                + "'");
      }
      if (entry.getValue() instanceof String text) {
        entry.setValue(expand(text));
      }
    }
  }

  private void expandElements(List<Object> list, FieldSpec spec) throws RenderException {
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String text)) {
        throw new RenderException(
            "considering field '"
                + spec.path()
                + "': invalid value type expect a string, found "
                + list.get(i));
      }
      list.set(i, expand(text));
    }
  }

  /**
   * kustomize's DoReplacements: {@code $(NAME)} becomes the var's value ({@code $$} is a literal
   * {@code $}, an unknown or non-primitive var stays as written); a string that is exactly one
   * reference takes the value's type (a number stays a number).
   */
  Object expand(String input) {
    StringBuilder out = new StringBuilder();
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
        continue;
      }
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance = 1;
      if (next == '$') {
        out.append('$');
      } else if (next == '(') {
        int closer = input.indexOf(')', cursor + 2);
        if (closer < 0) {
          out.append("$(");
        } else {
          String name = input.substring(cursor + 2, closer);
          Object mapped = lookUp(name);
          if (cursor == 0 && closer == input.length() - 1) {
            return mapped;
          }
          out.append(format(mapped));
          advance = closer - cursor;
        }
      } else {
        out.append('$').append(next);
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    return out.append(input, checkpoint, input.length()).toString();
  }

  /** kustomize's primitive replacer: the value, or the reference as written to leave it alone. */
  private Object lookUp(String name) {
    Object value = values.get(name);
    return value == null || value == Vars.NOT_PRIMITIVE ? "$(" + name + ")" : value;
  }

  /** Go's %v of a string, int, float64 or bool. */
  private static String format(Object value) {
    return value instanceof Double d ? GoFloat.formatG(d) : String.valueOf(value);
  }

  private static String tag(Object key) {
    if (key == null) {
      return "!!null";
    }
    if (key instanceof Integer || key instanceof Long || key instanceof BigInteger) {
      return "!!int";
    }
    if (key instanceof Double) {
      return "!!float";
    }
    return key instanceof Boolean ? "!!bool" : "!!map";
  }
}
