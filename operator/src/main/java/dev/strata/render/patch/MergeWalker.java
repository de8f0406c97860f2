package dev.strata.render.patch;

import dev.strata.render.schema.KubernetesSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Merges a patch node into a target node as kyaml's merge2 does with the walker of kyaml/yaml/walk
 * and kustomize's option to prepend patch elements to merged lists.
 *
 * <p>This is a port, function by function, rather than a reimplementation of the strategic merge
 * patch specification: kustomize's output follows kyaml's quirks (patched list elements move to the
 * front, a list without a merge strategy is replaced whole, nulls inside added subtrees are
 * dropped), and only the same steps reproduce them.
 */
final class MergeWalker {

  private enum Directive {
    UNKNOWN,
    REPLACE,
    DELETE,
    MERGE
  }

  private static final String DIRECTIVE_KEY = "$patch";

  private final KubernetesSchema kubernetes;

  MergeWalker(KubernetesSchema kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** merge2.Merge: the merged target (the target node, changed), or null when deleted. */
  YNode merge(YNode target, YNode patch) throws PatchException {
    return walk(new YNode[] {target, patch}, null, "");
  }

  // ---- walk.go ----

  private YNode walk(YNode[] sources, KubernetesSchema.Node schema, String path)
      throws PatchException {
    schema = schemaOf(sources, schema);
    YNode.Kind kind = null;
    for (YNode source : sources) {
      if (!YNode.isMissingOrNull(source)) {
        kind = source.kind;
        break;
      }
    }
    if (kind == null) {
      return walkMap(sources, schema, path);
    }
    requireKind(kind, sources, path);
    switch (kind) {
      case MAPPING:
        return walkMap(sources, schema, path);
      case SEQUENCE:
        if (schema != null && schema.mergesLists()) {
          return walkAssociativeSequence(sources, schema, path);
        }
        // A list without a merge strategy is replaced by the patch's.
        return sources[1] != null ? sources[1] : sources[0];
      default:
        return sources[1] != null ? sources[1] : sources[0];
    }
  }

  /** Walker.GetSchema: the schema given, else the schema of an embedded object's kind. */
  private KubernetesSchema.Node schemaOf(YNode[] sources, KubernetesSchema.Node schema) {
    if (schema != null) {
      return schema;
    }
    for (YNode source : sources) {
      if (YNode.isMissingOrNull(source) || source.kind != YNode.Kind.MAPPING) {
        continue;
      }
      YNode apiVersion = source.field("apiVersion");
      YNode kind = source.field("kind");
      if (YNode.isNilOrEmpty(apiVersion) || YNode.isNilOrEmpty(kind)) {
        continue;
      }
      String version = apiVersion.value;
      if (version.isEmpty() || kind.value.isEmpty() || version.startsWith("/")) {
        continue;
      }
      int slash = version.indexOf('/');
      KubernetesSchema.Node found =
          slash < 0
              ? kubernetes.forKind("", version, kind.value)
              : kubernetes.forKind(
                  version.substring(0, slash), version.substring(slash + 1), kind.value);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static void requireKind(YNode.Kind kind, YNode[] sources, String path)
      throws PatchException {
    for (YNode source : sources) {
      if (!YNode.isMissingOrNull(source) && source.kind != kind) {
        throw new PatchException(
            "wrong node kind at "
                + (path.isEmpty() ? "the top level" : "'" + path + "'")
                + ": expected "
                + describe(kind)
                + " but got "
                + describe(source.kind));
      }
    }
  }

  static void requireKind(YNode node, YNode.Kind kind) throws PatchException {
    if (!YNode.isMissingOrNull(node) && node.kind != kind) {
      throw new PatchException(
          "wrong node kind: expected " + describe(kind) + " but got " + describe(node.kind));
    }
  }

  private static String describe(YNode.Kind kind) {
    switch (kind) {
      case MAPPING:
        return "a map";
      case SEQUENCE:
        return "a list";
      default:
        return "a scalar";
    }
  }

  // ---- map.go and merge2's VisitMap ----

  private YNode walkMap(YNode[] sources, KubernetesSchema.Node schema, String path)
      throws PatchException {
    YNode dest = visitMap(sources);
    sources[0] = dest;
    if (dest == null) {
      return null;
    }
    TreeSet<String> names = new TreeSet<>();
    for (YNode source : sources) {
      if (source != null) {
        names.addAll(source.fieldNames());
      }
    }
    for (String name : names) {
      YNode[] values = new YNode[sources.length];
      for (int i = 0; i < sources.length; i++) {
        values[i] = sources[i] == null ? null : sources[i].field(name);
      }
      KubernetesSchema.Node fieldSchema = schema == null ? null : schema.field(name);
      YNode value = walk(values, fieldSchema, path.isEmpty() ? name : path + "." + name);
      dest.setField(name, value);
    }
    return dest;
  }

  private YNode visitMap(YNode[] sources) throws PatchException {
    YNode dest = sources[0];
    YNode origin = sources[1];
    if (YNode.isMissingOrNull(dest)) {
      if (directiveOrUnknown(origin) == Directive.DELETE) {
        return null;
      }
      // A null the target sets and the patch does not mention stays.
      if (origin == null && dest != null && !dest.value.isEmpty()) {
        return YNode.persistentNull(dest.value);
      }
      return origin;
    }
    if (YNode.isTaggedNull(origin)) {
      return null;
    }
    switch (directive(origin)) {
      case DELETE:
        return null;
      case REPLACE:
        return origin;
      default:
        return dest;
    }
  }

  // ---- smpdirective.go ----

  private static Directive directiveOrUnknown(YNode patch) {
    try {
      return directive(patch);
    } catch (PatchException e) {
      return Directive.UNKNOWN; // kyaml ignores the error here too
    }
  }

  /** The patch's $patch directive, removed from the patch once read. */
  private static Directive directive(YNode patch) throws PatchException {
    if (patch == null) {
      return Directive.MERGE;
    }
    if (patch.kind == YNode.Kind.SEQUENCE) {
      return sequenceDirective(patch);
    }
    if (patch.kind == YNode.Kind.MAPPING) {
      YNode value = patch.field(DIRECTIVE_KEY);
      if (value == null) {
        return Directive.MERGE;
      }
      Directive directive = parseDirective(value.value);
      patch.clearField(DIRECTIVE_KEY);
      return directive;
    }
    throw new PatchException(
        "no strategic merge patch strategy for the scalar '" + patch.value + "'");
  }

  /** A list's directive is an element holding only $patch; elements holding more are elements. */
  private static Directive sequenceDirective(YNode patch) throws PatchException {
    YNode element =
        Sequences.elementMatcher(
            patch, List.of(DIRECTIVE_KEY), List.of(), /* matchAnyValue= */ true);
    if (element == null || element.content.size() > 2) {
      return Directive.MERGE;
    }
    String value = element.field(DIRECTIVE_KEY).value;
    Directive directive = parseDirective(value);
    Sequences.elementSetter(patch, null, List.of(DIRECTIVE_KEY), List.of(value));
    return directive;
  }

  private static Directive parseDirective(String value) throws PatchException {
    switch (value) {
      case "delete":
        return Directive.DELETE;
      case "replace":
        return Directive.REPLACE;
      case "merge":
        return Directive.MERGE;
      default:
        throw new PatchException("unknown patch strategy '" + value + "'");
    }
  }

  // ---- associative_sequence.go and merge2's VisitList ----

  private YNode walkAssociativeSequence(YNode[] sources, KubernetesSchema.Node schema, String path)
      throws PatchException {
    YNode dest = visitAssociativeList(sources);
    sources[0] = dest;
    if (dest == null) {
      return null;
    }
    // The schema has a merge strategy here, so kyaml never infers a key.
    List<String> keys = schema.mergeKeys();
    List<List<String>> values = elementValues(sources, keys);
    if (!values.isEmpty() || !keys.isEmpty()) {
      return setAssociativeSequenceElements(sources, schema, values, keys, dest, path);
    }
    return setAssociativeSequenceElements(
        sources, schema, elementPrimitiveValues(sources), List.of(""), dest, path);
  }

  private static YNode visitAssociativeList(YNode[] sources) throws PatchException {
    YNode dest = sources[0];
    YNode origin = sources[1];
    if (YNode.isMissingOrNull(dest)) {
      return origin;
    }
    if (YNode.isTaggedNull(origin)) {
      return null;
    }
    switch (directive(origin)) {
      case DELETE:
        return null;
      case REPLACE:
        return origin;
      default:
        return dest;
    }
  }

  private YNode setAssociativeSequenceElements(
      YNode[] sources,
      KubernetesSchema.Node schema,
      List<List<String>> valuesList,
      List<String> keys,
      YNode dest,
      String path)
      throws PatchException {
    YNode itemsToBeAdded = YNode.sequence(List.of());
    KubernetesSchema.Node elementSchema = schema == null ? null : schema.elements();
    if (keys.size() > 1) {
      Sequences.mergeValues(valuesList);
    }
    List<String> validKeys = null;
    for (List<String> values : valuesList) {
      if (values.isEmpty()) {
        continue;
      }
      List<List<String>> valid = Sequences.validateKeys(valuesList, values, keys);
      validKeys = valid.get(0);
      List<String> validValues = valid.get(1);
      YNode value =
          walk(
              elementValueList(sources, validKeys, validValues),
              elementSchema,
              path + "[" + String.join(",", validValues) + "]");

      boolean exit = false;
      for (int i = 0; i < validKeys.size(); i++) {
        String key = validKeys.get(i);
        if (YNode.isMissingOrNull(value) || YNode.isEmptyMap(value)) {
          // The element was deleted (or emptied): drop it from the target.
          Sequences.elementSetter(dest, null, validKeys, validValues);
          exit = true;
        } else if (value.field(key) == null && !validValues.get(i).isEmpty()) {
          if (key.isEmpty()) {
            // kyaml rewrites a scalar element with its own text and style: no change in value.
            requireKind(value, YNode.Kind.SCALAR);
          } else {
            requireKind(value, YNode.Kind.MAPPING);
            value.appendField(key, YNode.untaggedScalar(validValues.get(i)));
          }
        }
      }
      if (exit) {
        continue;
      }
      Sequences.elementSetter(itemsToBeAdded, value, validKeys, validValues);
    }
    if (!valuesList.isEmpty()) {
      // kustomize prepends: patch elements first, then the target's, each once.
      dest = Sequences.appendListNode(itemsToBeAdded, dest, validKeys);
    }
    return YNode.isMissingOrNull(dest) ? null : dest;
  }

  /** The values of the keys of every element, patch first, each combination once. */
  private static List<List<String>> elementValues(YNode[] sources, List<String> keys) {
    List<List<String>> result = new ArrayList<>();
    for (int i = 0; i < sources.length; i++) {
      YNode source = sources[(i + 1) % sources.length];
      if (source == null) {
        continue;
      }
      for (List<String> values : Sequences.elementValuesList(source, keys)) {
        if (!values.isEmpty() && !result.contains(values)) {
          result.add(values);
        }
      }
    }
    return result;
  }

  /** The values of a list of scalars, patch first, each once. */
  private static List<List<String>> elementPrimitiveValues(YNode[] sources) {
    List<List<String>> result = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < sources.length; i++) {
      YNode source = sources[(i + 1) % sources.length];
      if (source == null) {
        continue;
      }
      for (YNode item : source.content) {
        if (!seen.contains(item.value)) {
          result.add(List.of(item.value));
          seen.add(item.value);
        }
      }
    }
    return result;
  }

  /** Each source's element with these key values (kyaml's Walker.elementValueList). */
  private static YNode[] elementValueList(YNode[] sources, List<String> keys, List<String> values) {
    List<List<String>> valid = Sequences.validateKeys(List.of(values), values, keys);
    YNode[] fields = new YNode[sources.length];
    for (int i = 0; i < sources.length; i++) {
      fields[i] = Sequences.elementList(sources[i], valid.get(0), valid.get(1));
    }
    return fields;
  }
}
