package dev.strata.render.replace;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.ResourceId;
import dev.strata.render.Selector;
import dev.strata.render.Target;
import dev.strata.render.Transformer;
import dev.strata.render.replace.FieldPath.Create;
import dev.strata.render.replace.FieldPath.Slot;
import dev.strata.render.replace.Replacement.Id;
import dev.strata.render.replace.Replacement.Options;
import dev.strata.render.replace.Replacement.SelectorSpec;
import dev.strata.render.replace.Replacement.TargetSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Applies a kustomization's {@code replacements} as kustomize's ReplacementTransformer does: each
 * replacement in turn reads one value (a field of the single resource its source selects, or a
 * literal) and writes it into the fields of every resource its targets select.
 */
public final class ReplacementTransformer implements Transformer {

  private static final String DEFAULT_FIELD_PATH = "metadata.name";

  private final Target target;
  private final Object replacements;
  private final String where;
  private final String readField;

  /** The kustomization's replacements field. */
  public ReplacementTransformer(Target target) {
    this(target, null, null, null);
  }

  /**
   * A ReplacementTransformer plugin config's replacements, decoded leniently as kustomize's plugin
   * decodes them; files they name are read from the kustomization's directory.
   *
   * @param replacements the config's replacements list, null when absent
   * @param where names the config, for errors
   * @param readField names the config for {@link Target#read}, which adds the kustomization
   */
  public ReplacementTransformer(
      Target target, Object replacements, String where, String readField) {
    this.target = target;
    this.replacements = replacements;
    this.where = where;
    this.readField = readField;
  }

  @Override
  public void transform(Accumulator resources) throws RenderException, IOException {
    List<Replacement> loaded =
        where == null
            ? Replacement.load(target)
            : Replacement.load(target, replacements, where + ": replacements", readField, false);
    for (Replacement replacement : loaded) {
      apply(replacement, resources.resources());
    }
  }

  private static void apply(Replacement replacement, List<Resource> resources)
      throws RenderException {
    String where = replacement.where();
    if ((replacement.sourceValue() == null && replacement.source() == null)
        || replacement.targets() == null) {
      throw new RenderException(
          where + ": replacements must specify a source and at least one target");
    }
    Value value = value(replacement, resources);
    for (int i = 0; i < replacement.targets().size(); i++) {
      applyTarget(replacement.targets().get(i), value, resources, where + ".targets[" + i + "]");
    }
  }

  // ---- the source (kustomize's getReplacement) ----

  private static Value value(Replacement replacement, List<Resource> resources)
      throws RenderException {
    String where = replacement.where();
    Replacement.Source source = replacement.source();
    if (replacement.sourceValue() != null && source != null) {
      throw new RenderException(where + ": value and resource selectors are mutually exclusive");
    }
    if (replacement.sourceValue() != null) {
      return Value.untagged(replacement.sourceValue());
    }
    Resource selected = selectSource(resources, source, where);
    String fieldPath = source.fieldPath().isEmpty() ? DEFAULT_FIELD_PATH : source.fieldPath();
    Optional<Slot> found;
    try {
      found = FieldPath.parse(fieldPath).find(selected.object());
    } catch (KyamlException e) {
      throw new RenderException(where + ": error looking up replacement source: " + e.getMessage());
    }
    Object node = found.map(Slot::get).orElse(null);
    if (node == null
        || (node instanceof Map<?, ?> map && map.isEmpty())
        || (node instanceof List<?> list && list.isEmpty())) {
      throw new RenderException(
          where
              + ": fieldPath `"
              + fieldPath
              + "` is missing for replacement source "
              + source.id());
    }
    Options options = source.options();
    if (options.delimiter().isEmpty()) {
      return Value.of(node);
    }
    if (!YamlScalars.isScalar(node)) {
      throw new RenderException(where + ": delimiter option can only be used with scalar nodes");
    }
    List<String> pieces = split(YamlScalars.text(node), options.delimiter());
    if (options.index() < 0 || options.index() >= pieces.size()) {
      throw new RenderException(
          where
              + ": options.index "
              + options.index()
              + " is out of bounds for value "
              + YamlScalars.text(node));
    }
    return Value.refined(YamlScalars.tag(node), pieces.get((int) options.index()));
  }

  /** The one resource whose current or earlier id the source's id selects (exact match). */
  private static Resource selectSource(
      List<Resource> resources, Replacement.Source source, String where) throws RenderException {
    Resource match = null;
    for (Resource resource : resources) {
      for (ResourceId id : ids(resource)) {
        if (isSelectedBy(id, source.id())) {
          if (match != null) {
            throw new RenderException(where + ": multiple matches for selector " + source);
          }
          match = resource;
          break;
        }
      }
    }
    if (match == null) {
      throw new RenderException(where + ": nothing selected by " + source);
    }
    return match;
  }

  /** ResId.IsSelectedBy: set fields equal, namespaces compared with "" as "default". */
  private static boolean isSelectedBy(ResourceId id, Id selector) {
    return (selector.name().isEmpty() || selector.name().equals(id.name()))
        && (selector.namespace().isEmpty()
            || effective(selector.namespace()).equals(id.effectiveNamespace()))
        && (selector.group().isEmpty() || selector.group().equals(id.group()))
        && (selector.version().isEmpty() || selector.version().equals(id.version()))
        && (selector.kind().isEmpty() || selector.kind().equals(id.kind()));
  }

  private static String effective(String namespace) {
    return namespace.isEmpty() ? "default" : namespace;
  }

  /** The current id then every earlier one, as kustomize's MakeResIds. */
  private static List<ResourceId> ids(Resource resource) {
    List<ResourceId> ids = new ArrayList<>();
    ids.add(resource.currentId());
    ids.addAll(resource.previousIds());
    return ids;
  }

  // ---- the targets (kustomize's applyReplacement) ----

  private static void applyTarget(
      TargetSelector selector, Value value, List<Resource> resources, String where)
      throws RenderException {
    if (selector.select() == null) {
      throw new RenderException(where + ": target must specify resources to select");
    }
    List<String> fieldPaths =
        selector.fieldPaths().isEmpty() ? List.of(DEFAULT_FIELD_PATH) : selector.fieldPaths();
    IdRegex select = IdRegex.of(selector.select().id(), where + ".select");
    List<IdRegex> rejectIds = new ArrayList<>();
    for (SelectorSpec reject : selector.reject()) {
      if (!reject.id().isEmpty()) {
        rejectIds.add(IdRegex.of(reject.id(), where + ".reject"));
      }
    }
    Selector selectLabels = labels(selector.select(), where + ".select");
    List<Selector> rejectLabels = new ArrayList<>();
    for (SelectorSpec reject : selector.reject()) {
      if (!reject.annotationSelector().isEmpty() || !reject.labelSelector().isEmpty()) {
        rejectLabels.add(labels(reject, where + ".reject"));
      }
    }
    for (Resource resource : resources) {
      if (!selectLabels.matches(resource)
          || rejectLabels.stream().anyMatch(r -> r.matches(resource))) {
        continue;
      }
      List<ResourceId> ids = ids(resource);
      if (rejectIds.stream().anyMatch(r -> ids.stream().anyMatch(r::matches))) {
        continue;
      }
      if (ids.stream().anyMatch(select::matches)) {
        String at = where + ": " + resource.id();
        for (String fieldPath : fieldPaths) {
          copy(resource, FieldPath.parse(fieldPath), value, selector.options(), at);
        }
      }
    }
  }

  /** The label and annotation part of a selector, as render's Selector parses them. */
  private static Selector labels(SelectorSpec spec, String where) throws RenderException {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("labelSelector", spec.labelSelector());
    fields.put("annotationSelector", spec.annotationSelector());
    return Selector.parse(fields, where);
  }

  /** kustomize's copyValueToTarget for one field path. */
  private static void copy(
      Resource resource, FieldPath path, Value value, Options options, String where)
      throws RenderException {
    Create create = options.create() ? value.kind() : null;
    if (StructuredEdit.apply(resource.object(), path, create, value, where)) {
      return;
    }
    List<Slot> slots;
    try {
      slots = path.match(resource.object(), create);
    } catch (KyamlException e) {
      throw new RenderException(
          where + ": " + retrievalError(path, create) + ": " + e.getMessage());
    }
    if (slots.isEmpty()) {
      throw new RenderException(where + ": " + retrievalError(path, create));
    }
    for (Slot slot : slots) {
      set(slot, value, options, path, where);
    }
  }

  private static String retrievalError(FieldPath path, Create create) {
    return "unable to find"
        + (create != null ? " or create" : "")
        + " field "
        + goQuote(path.toString())
        + " in replacement target";
  }

  /** kustomize's setFieldValue: a scalar keeps its tag and takes the text, else the node. */
  private static void set(Slot slot, Value value, Options options, FieldPath path, String where)
      throws RenderException {
    Object current = slot.get();
    String text = value.text();
    if (!options.delimiter().isEmpty()) {
      if (!YamlScalars.isScalar(current)) {
        throw new RenderException(where + ": delimiter option can only be used with scalar nodes");
      }
      List<String> pieces = new ArrayList<>(split(YamlScalars.text(current), options.delimiter()));
      if (options.index() < 0) {
        pieces.add(0, text);
      } else if (options.index() >= pieces.size()) {
        pieces.add(text);
      } else {
        pieces.set((int) options.index(), text);
      }
      text = String.join(options.delimiter(), pieces);
    }
    if (slot.detached()) {
      return;
    }
    try {
      if (YamlScalars.isScalar(current)) {
        String tag = slot.created() ? YamlScalars.UNTAGGED : YamlScalars.tag(current);
        slot.set(YamlScalars.decode(tag, text));
      } else {
        slot.set(value.node());
      }
    } catch (KyamlException e) {
      throw new RenderException(
          where
              + ": field "
              + goQuote(path.toString())
              + ": kustomize cannot write the result: "
              + e.getMessage());
    }
  }

  /** Go's strings.Split: every piece, empty ones included. */
  static List<String> split(String s, String separator) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    int at;
    while ((at = s.indexOf(separator, start)) >= 0) {
      pieces.add(s.substring(start, at));
      start = at + separator.length();
    }
    pieces.add(s.substring(start));
    return pieces;
  }

  /** Go's %q for the printable texts field paths are. */
  private static String goQuote(String s) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('"').toString();
  }

  /**
   * A selector's group, version, kind, name and namespace as regular expressions anchored at both
   * ends (kustomize's SelectorRegex), matched against one id at a time; the namespace is compared
   * as written, so "default" does not select a resource without one.
   */
  private record IdRegex(
      Pattern group, Pattern version, Pattern kind, Pattern name, Pattern namespace) {

    static IdRegex of(Id id, String where) throws RenderException {
      return new IdRegex(
          regex(id.group(), where),
          regex(id.version(), where),
          regex(id.kind(), where),
          regex(id.name(), where),
          regex(id.namespace(), where));
    }

    boolean matches(ResourceId id) {
      return matches(group, id.group())
          && matches(version, id.version())
          && matches(kind, id.kind())
          && matches(name, id.name())
          && matches(namespace, id.namespace());
    }

    private static boolean matches(Pattern pattern, String value) {
      return pattern == null || pattern.matcher(value).matches();
    }

    private static Pattern regex(String expression, String where) throws RenderException {
      if (expression.isEmpty()) {
        return null;
      }
      try {
        return Pattern.compile("(?:" + expression + ")");
      } catch (PatternSyntaxException e) {
        throw new RenderException(
            where
                + ": error creating target selector: error parsing regexp: "
                + e.getDescription()
                + ": `"
                + expression
                + "`");
      }
    }
  }
}
