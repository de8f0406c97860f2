package dev.strata.render.replace;

import dev.strata.render.RenderException;
import dev.strata.render.Target;
import dev.strata.render.YamlDocuments;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One entry of a kustomization's {@code replacements}, as kustomize's types.Replacement: a source
 * (a resource's field, or a literal {@code sourceValue}) and the targets it is copied to.
 *
 * @param where the file and entry, for errors
 * @param source null when absent
 * @param sourceValue null when absent
 * @param targets null when absent (kustomize's nil, an error), possibly empty
 */
record Replacement(String where, Source source, String sourceValue, List<TargetSelector> targets) {

  /** kustomize's FieldOptions; {@code encoding} is accepted and, as in kustomize, unused. */
  record Options(String delimiter, long index, boolean create) {

    static final Options NONE = new Options("", 0, false);

    /** As FieldOptions.String(): empty unless a delimiter or create is set. */
    @Override
    public String toString() {
      return delimiter.isEmpty() && !create ? "" : delimiter + "(" + index + "), create=" + create;
    }
  }

  /** kustomize's ResId fields of a selector: group, version, kind, name, namespace. */
  record Id(String group, String version, String kind, String name, String namespace) {

    boolean isEmpty() {
      return group.isEmpty()
          && version.isEmpty()
          && kind.isEmpty()
          && name.isEmpty()
          && namespace.isEmpty();
    }

    /** As ResId.String(): Kind.version.group/name.namespace with kustomize's placeholders. */
    @Override
    public String toString() {
      return or(kind, "[noKind]")
          + "."
          + or(version, "[noVer]")
          + "."
          + or(group, "[noGrp]")
          + "/"
          + or(name, "[noName]")
          + "."
          + or(namespace, "[noNs]");
    }

    private static String or(String value, String placeholder) {
      return value.isEmpty() ? placeholder : value;
    }
  }

  /** kustomize's SourceSelector. */
  record Source(Id id, String fieldPath, Options options) {

    /** As SourceSelector.String(), which kustomize's errors print. */
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(id.toString());
      if (!fieldPath.isEmpty()) {
        text.append(':').append(fieldPath);
      }
      if (!options.toString().isEmpty()) {
        text.append(':').append(options);
      }
      return text.toString();
    }
  }

  /** kustomize's Selector: a ResId whose fields are regular expressions, plus label selectors. */
  record SelectorSpec(Id id, String annotationSelector, String labelSelector) {}

  /**
   * kustomize's TargetSelector.
   *
   * @param select null when absent (an error once the replacement runs)
   */
  record TargetSelector(
      SelectorSpec select, List<SelectorSpec> reject, List<String> fieldPaths, Options options) {}

  private static final Set<String> REPLACEMENT_FIELDS =
      Set.of("source", "targets", "sourceValue", "path");
  private static final Set<String> ID_FIELDS =
      Set.of("group", "version", "kind", "name", "namespace");

  /**
   * The kustomization's replacements, in order, with entries that name a file ({@code path:})
   * replaced by the replacements in that file.
   */
  static List<Replacement> load(Target target) throws RenderException, IOException {
    return load(
        target,
        target.kustomization().field("replacements"),
        target.file() + ": replacements",
        "replacements",
        true);
  }

  /**
   * Replacements, in order, with entries that name a file ({@code path:}, read from the
   * kustomization's directory) replaced by the replacements in that file.
   *
   * @param field the list, null when absent
   * @param where names the list, for errors
   * @param readField names the list for {@link Target#read}, which adds the kustomization
   * @param fromKustomization whether the list is the kustomization's field, which kustomize decodes
   *     strictly (unknown fields are errors) and re-encodes for its plugin (dropping an empty
   *     targets list); a ReplacementTransformer config is decoded leniently, as it is
   */
  static List<Replacement> load(
      Target target, Object field, String where, String readField, boolean fromKustomization)
      throws RenderException, IOException {
    List<Replacement> replacements = new ArrayList<>();
    if (field == null) {
      return replacements;
    }
    if (!(field instanceof List<?> entries)) {
      throw new RenderException(where + ": must be a list");
    }
    for (int i = 0; i < entries.size(); i++) {
      Decoder entry = Decoder.of(entries.get(i), where + "[" + i + "]", fromKustomization);
      String path = entry.string("path");
      Object targets = entry.raw("targets");
      boolean inlineTargets = targets instanceof List<?> list && !list.isEmpty();
      if (!path.isEmpty() && (entry.raw("source") != null || inlineTargets)) {
        throw new RenderException(
            entry.where + ": cannot specify both path and inline replacement");
      }
      if (path.isEmpty()) {
        replacements.add(entry.replacement(fromKustomization));
      } else {
        replacements.addAll(fromFile(target, path, entry.where, readField));
      }
    }
    return replacements;
  }

  /** A file of replacements: one mapping or a list of them, decoded leniently as kustomize. */
  private static List<Replacement> fromFile(
      Target target, String path, String where, String readField)
      throws RenderException, IOException {
    byte[] content = target.read(path, readField);
    String file = target.path(path, readField);
    Object document = YamlDocuments.firstDocument(content, file);
    List<Replacement> replacements = new ArrayList<>();
    if (document instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        replacements.add(Decoder.of(list.get(i), file + "[" + i + "]", false).replacement(false));
      }
    } else if (document instanceof Map<?, ?>) {
      replacements.add(Decoder.of(document, file, false).replacement(false));
    } else {
      throw new RenderException(
          where
              + ": unsupported replacement type encountered within replacement path: "
              + goKind(document)
              + " (in "
              + file
              + ")");
    }
    return replacements;
  }

  /** The reflect.Kind kustomize names for a YAML value it cannot use as replacements. */
  private static String goKind(Object value) {
    if (value == null) {
      return "invalid";
    }
    if (value instanceof String) {
      return "string";
    }
    return value instanceof Boolean ? "bool" : "float64";
  }

  /**
   * Reads a mapping as Go's encoding/json reads it into kustomize's types: keys match field names
   * ignoring case, null leaves a field unset, a value of the wrong type is an error naming it.
   */
  private static final class Decoder {

    private final Map<?, ?> map;
    private final String where;
    private final boolean strict;

    private Decoder(Map<?, ?> map, String where, boolean strict) {
      this.map = map;
      this.where = where;
      this.strict = strict;
    }

    static Decoder of(Object value, String where, boolean strict) throws RenderException {
      if (value == null) {
        return new Decoder(Map.of(), where, strict);
      }
      if (!(value instanceof Map<?, ?> map)) {
        throw new RenderException(where + ": must be a mapping, found " + describe(value));
      }
      return new Decoder(map, where, strict);
    }

    Replacement replacement(boolean dropEmptyTargets) throws RenderException {
      check(REPLACEMENT_FIELDS);
      Source source = null;
      if (raw("source") != null) {
        Decoder s = child("source");
        Set<String> fields = new java.util.HashSet<>(ID_FIELDS);
        fields.addAll(Set.of("fieldPath", "options"));
        s.check(fields);
        source = new Source(s.id(), s.string("fieldPath"), s.options());
      }
      String sourceValue = raw("sourceValue") == null ? null : string("sourceValue");
      List<TargetSelector> targets = null;
      List<?> list = list("targets");
      if (list != null && !(dropEmptyTargets && list.isEmpty())) {
        targets = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          String at = where + ".targets[" + i + "]";
          if (list.get(i) == null) {
            throw new RenderException(at + ": must be a mapping, found null");
          }
          targets.add(Decoder.of(list.get(i), at, strict).target());
        }
      }
      return new Replacement(where, source, sourceValue, targets);
    }

    private TargetSelector target() throws RenderException {
      check(Set.of("select", "reject", "fieldPaths", "options"));
      SelectorSpec select = raw("select") == null ? null : child("select").selector();
      List<SelectorSpec> reject = new ArrayList<>();
      List<?> rejects = list("reject");
      for (int i = 0; rejects != null && i < rejects.size(); i++) {
        String at = where + ".reject[" + i + "]";
        if (rejects.get(i) == null) {
          throw new RenderException(at + ": must be a mapping, found null");
        }
        reject.add(Decoder.of(rejects.get(i), at, strict).selector());
      }
      List<String> fieldPaths = new ArrayList<>();
      List<?> paths = list("fieldPaths");
      for (int i = 0; paths != null && i < paths.size(); i++) {
        Object path = paths.get(i);
        if (path != null && !(path instanceof String)) {
          throw new RenderException(
              where + ".fieldPaths[" + i + "]: must be a string, found " + describe(path));
        }
        fieldPaths.add(path == null ? "" : (String) path);
      }
      return new TargetSelector(select, reject, fieldPaths, options());
    }

    private SelectorSpec selector() throws RenderException {
      Set<String> fields = new java.util.HashSet<>(ID_FIELDS);
      fields.addAll(Set.of("annotationSelector", "labelSelector"));
      check(fields);
      return new SelectorSpec(id(), string("annotationSelector"), string("labelSelector"));
    }

    private Id id() throws RenderException {
      return new Id(
          string("group"), string("version"), string("kind"), string("name"), string("namespace"));
    }

    private Options options() throws RenderException {
      if (raw("options") == null) {
        return Options.NONE;
      }
      Decoder o = child("options");
      o.check(Set.of("delimiter", "index", "encoding", "create"));
      o.string("encoding");
      return new Options(o.string("delimiter"), o.integer("index"), o.bool("create"));
    }

    /** Refuses keys that are no field (strict), as kustomize's DisallowUnknownFields. */
    private void check(Set<String> fields) throws RenderException {
      if (!strict) {
        return;
      }
      for (Object key : map.keySet()) {
        String name = String.valueOf(key);
        if (fields.stream().noneMatch(f -> f.equalsIgnoreCase(name))) {
          throw new RenderException(
              where
                  + ": unknown field '"
                  + name
                  + "' (known: "
                  + String.join(", ", fields.stream().sorted().toList())
                  + ")");
        }
      }
    }

    /** The value of a field: an exact key, else one that differs only in case. */
    Object raw(String field) {
      if (map.containsKey(field)) {
        return map.get(field);
      }
      for (var entry : map.entrySet()) {
        if (String.valueOf(entry.getKey()).toLowerCase(Locale.ROOT).equals(lower(field))) {
          return entry.getValue();
        }
      }
      return null;
    }

    private Decoder child(String field) throws RenderException {
      return Decoder.of(raw(field), where + "." + field, strict);
    }

    String string(String field) throws RenderException {
      Object value = raw(field);
      if (value == null) {
        return "";
      }
      if (!(value instanceof String s)) {
        throw new RenderException(
            where + "." + field + ": must be a string, found " + describe(value));
      }
      return s;
    }

    private long integer(String field) throws RenderException {
      Object value = raw(field);
      if (value == null) {
        return 0;
      }
      if (value instanceof Integer || value instanceof Long) {
        return ((Number) value).longValue();
      }
      if (value instanceof BigInteger big && big.bitLength() < 64) {
        return big.longValue();
      }
      // A YAML 1.0 reaches Go's decoder as the JSON number 1, which an int field takes.
      if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.2e18) {
        return d.longValue();
      }
      throw new RenderException(
          where + "." + field + ": must be an integer, found " + describe(value));
    }

    private boolean bool(String field) throws RenderException {
      Object value = raw(field);
      if (value == null) {
        return false;
      }
      if (value instanceof Boolean b) {
        return b;
      }
      // kustomize reads kustomization files with YAML 1.1, where these words are booleans too.
      if (value instanceof String s && YAML11_TRUE.contains(s)) {
        return true;
      }
      if (value instanceof String s && YAML11_FALSE.contains(s)) {
        return false;
      }
      throw new RenderException(
          where + "." + field + ": must be true or false, found " + describe(value));
    }

    private List<?> list(String field) throws RenderException {
      Object value = raw(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof List<?> list)) {
        throw new RenderException(
            where + "." + field + ": must be a list, found " + describe(value));
      }
      return list;
    }

    private static String lower(String s) {
      return s.toLowerCase(Locale.ROOT);
    }
  }

  private static final Set<String> YAML11_TRUE =
      Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON");
  private static final Set<String> YAML11_FALSE =
      Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF");

  private static String describe(Object value) {
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
