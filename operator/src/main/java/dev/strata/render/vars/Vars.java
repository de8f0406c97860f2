package dev.strata.render.vars;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Target;
import dev.strata.render.patch.GoFloat;
import dev.strata.render.replace.FieldPath;
import dev.strata.render.replace.KyamlException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs kustomize's (deprecated, still built) {@code vars} in its two steps: each kustomization
 * declares its vars once its own transformers have run, tying each to the one resource its objref
 * names; the whole build resolves them last, after hash suffixes and name references, so a value
 * read is the final one (a prefixed name, a hashed ConfigMap name).
 */
public final class Vars {

  /** A var whose value is a mapping or a list: kustomize leaves its $(NAME) as it is. */
  static final Object NOT_PRIMITIVE =
      new Object() {
        @Override
        public String toString() {
          return "a mapping or list";
        }
      };

  private Vars() {}

  /**
   * Declares the kustomization's vars on the resources accumulated so far, as kustomize's
   * MergeVars: an objref matching one resource (by its current id or any earlier one) ties the var
   * to it, matching none leaves the var unresolvable (an error when the build resolves it), several
   * are an error.
   */
  public static void declare(Target target, Accumulator resources) throws RenderException {
    List<Var> vars = Var.parseAll(target.kustomization());
    for (Var var : vars) {
      List<Resource> matched =
          resources.resources().stream().filter(resource -> var.names(resource)).toList();
      if (matched.size() > 1) {
        throw new RenderException(
            target.file()
                + ": found "
                + matched.size()
                + " resId matches for var "
                + var.describe()
                + " (unable to disambiguate): "
                + String.join(", ", matched.stream().map(Resource::id).toList())
                + "; set objref.namespace to choose one");
      }
      if (matched.size() == 1) {
        matched.get(0).addVarName(var.name());
      }
    }
    resources.mergeVars(vars);
  }

  /**
   * Reads every var's value and puts it in place of $(NAME) in the fields kustomize's varReference
   * specs name (its defaults plus configurations files), as kustomize's ResolveVars.
   */
  public static void resolve(Accumulator resources) throws RenderException {
    if (resources.vars().isEmpty()) {
      return;
    }
    // kustomize reads them in name order, so the first error is the first name's.
    List<Var> vars = new ArrayList<>(resources.vars());
    vars.sort(Comparator.comparing(Var::name));
    Map<String, Object> values = new LinkedHashMap<>();
    for (Var var : vars) {
      values.put(var.name(), value(resources, var));
    }
    new RefVarTransformer(values, resources.fieldSpecs().get("varReference")).transform(resources);
    stringifyAnnotations(resources);
  }

  /**
   * As kustomize, which rewrites every object's annotations as strings when it drops its build
   * annotations at the end: a number or boolean a var put in metadata.annotations prints as the
   * text kustomize wrote into the field (a float in Go's 'f' format).
   */
  @SuppressWarnings("unchecked")
  private static void stringifyAnnotations(Accumulator resources) {
    for (Resource resource : resources.resources()) {
      if (!(resource.metadata(false).get("annotations") instanceof Map<?, ?> annotations)) {
        continue;
      }
      for (var entry : ((Map<String, Object>) annotations).entrySet()) {
        Object value = entry.getValue();
        if (value instanceof Double d) {
          entry.setValue(GoFloat.formatF(d));
        } else if (value instanceof Long || value instanceof Boolean) {
          entry.setValue(String.valueOf(value));
        }
      }
    }
  }

  /** The var's value: from the first resource it is tied to, typed as kyaml's GetFieldValue. */
  private static Object value(Accumulator resources, Var var) throws RenderException {
    Resource source =
        resources.resources().stream()
            .filter(resource -> resource.varNames().contains(var.name()))
            .findFirst()
            .orElseThrow(
                () ->
                    new RenderException(
                        var.file()
                            + ": var "
                            + var.describe()
                            + " cannot be mapped to a field in the set of known resources: no"
                            + " resource matched its objref (group, version, kind and name, all"
                            + " exactly) where it was declared"));
    Optional<FieldPath.Slot> field;
    try {
      field = FieldPath.parse(var.fieldPath()).withSliceIndexes().find(source.object());
    } catch (KyamlException e) {
      throw notFound(var, source, e.getMessage());
    }
    if (field.isEmpty()) {
      throw notFound(var, source, "no field named '" + var.fieldPath() + "'");
    }
    Object value = typed(field.get().get());
    if (value instanceof KyamlException e) {
      throw notFound(var, source, e.getMessage());
    }
    return value;
  }

  /**
   * A value as kyaml's GetFieldValue returns it: strings, int, float64 and bool as they are,
   * mappings and lists as something kustomize will not substitute, and an error (as a value) where
   * Go's strconv refuses the number.
   */
  private static Object typed(Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return NOT_PRIMITIVE;
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return new KyamlException("strconv.Atoi: parsing \"" + big + "\": value out of range");
    }
    if (value instanceof Double d) {
      return Double.isFinite(d)
          ? d
          : new KyamlException("strconv.ParseFloat: parsing \"" + d + "\": invalid syntax");
    }
    if (value == null) {
      // kyaml returns a null's text; Strata no longer knows whether it was null, ~ or empty.
      return "null";
    }
    return value;
  }

  private static RenderException notFound(Var var, Resource source, String reason) {
    return new RenderException(
        var.file()
            + ": field specified in var "
            + var.describe()
            + " not found in corresponding resource "
            + source.id()
            + ": "
            + reason);
  }
}
