package dev.strata.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Selects resources as kustomize's {@code types.Selector} does (patch targets, replacement sources
 * and targets): group, version, kind, name and namespace are regular expressions anchored at both
 * ends; name and namespace match the original or the current id; label and annotation selectors use
 * Kubernetes selector syntax.
 */
public final class Selector {

  private final Pattern group;
  private final Pattern version;
  private final Pattern kind;
  private final Pattern name;
  private final Pattern namespace;
  private final List<Requirement> labels;
  private final List<Requirement> annotations;

  private Selector(Map<?, ?> fields, String where) throws RenderException {
    for (Object key : fields.keySet()) {
      if (!FIELDS.contains(String.valueOf(key))) {
        throw new RenderException(where + ": unknown selector field '" + key + "'");
      }
    }
    group = regex(fields, "group", where);
    version = regex(fields, "version", where);
    kind = regex(fields, "kind", where);
    name = regex(fields, "name", where);
    namespace = regex(fields, "namespace", where);
    labels = requirements(text(fields, "labelSelector", where), where + ": labelSelector");
    annotations =
        requirements(text(fields, "annotationSelector", where), where + ": annotationSelector");
  }

  private static final Set<String> FIELDS =
      Set.of(
          "group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector");

  /**
   * Parses a selector.
   *
   * @param where names the file and field, for errors
   */
  public static Selector parse(Object value, String where) throws RenderException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new RenderException(where + ": a selector must be a mapping");
    }
    return new Selector(map, where);
  }

  public boolean matches(Resource resource) {
    ResourceId current = resource.currentId();
    ResourceId original = resource.originalId();
    return (matches(namespace, original.effectiveNamespace())
            || matches(namespace, current.effectiveNamespace()))
        && (matches(name, original.name()) || matches(name, current.name()))
        && matches(group, current.group())
        && matches(version, current.version())
        && matches(kind, current.kind())
        && labels.stream().allMatch(r -> r.matches(resource.labels()))
        && annotations.stream().allMatch(r -> r.matches(resource.annotations()));
  }

  /** Matches everything when a name or namespace is selected only by its effective value. */
  private static boolean matches(Pattern pattern, String value) {
    return pattern == null || pattern.matcher(value).matches();
  }

  private static Pattern regex(Map<?, ?> fields, String field, String where)
      throws RenderException {
    String value = text(fields, field, where);
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new RenderException(
          where + ": " + field + " '" + value + "' is not a valid regular expression");
    }
  }

  private static String text(Map<?, ?> fields, String field, String where) throws RenderException {
    Object value = fields.get(field);
    if (value == null) {
      return "";
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new RenderException(where + ": " + field + " must be a string");
    }
    return String.valueOf(value);
  }

  /** One term of a Kubernetes label selector. */
  private record Requirement(String key, String operator, Set<String> values) {

    boolean matches(Map<String, Object> labels) {
      boolean present = labels.containsKey(key);
      String value = present ? String.valueOf(labels.get(key)) : null;
      return switch (operator) {
        case "exists" -> present;
        case "!" -> !present;
        case "=", "==", "in" -> present && values.contains(value);
        case "!=", "notin" -> !present || !values.contains(value);
        default -> throw new IllegalStateException(operator);
      };
    }
  }

  /**
   * Parses Kubernetes selector syntax: {@code a=b, c!=d, e in (x,y), f notin (z), g, !h}.
   *
   * @param where names the selector, for errors
   */
  static List<Requirement> requirements(String selector, String where) throws RenderException {
    List<Requirement> result = new ArrayList<>();
    for (String term : splitTerms(selector)) {
      String trimmed = term.trim();
      if (trimmed.isEmpty()) {
        throw new RenderException(where + ": empty term in '" + selector + "'");
      }
      var set = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");
      var matcher = set.matcher(trimmed);
      if (matcher.matches()) {
        Set<String> values = new java.util.HashSet<>();
        for (String item : matcher.group(3).split(",")) {
          values.add(item.trim());
        }
        result.add(new Requirement(matcher.group(1), matcher.group(2), values));
      } else if (trimmed.startsWith("!")) {
        result.add(new Requirement(trimmed.substring(1).trim(), "!", Set.of()));
      } else if (trimmed.contains("!=")) {
        int at = trimmed.indexOf("!=");
        result.add(requirement(trimmed, at, 2, "!="));
      } else if (trimmed.contains("==")) {
        result.add(requirement(trimmed, trimmed.indexOf("=="), 2, "=="));
      } else if (trimmed.contains("=")) {
        result.add(requirement(trimmed, trimmed.indexOf('='), 1, "="));
      } else if (trimmed.matches("[A-Za-z0-9_./-]+")) {
        result.add(new Requirement(trimmed, "exists", Set.of()));
      } else {
        throw new RenderException(where + ": cannot parse '" + trimmed + "'");
      }
    }
    return result;
  }

  private static Requirement requirement(String term, int at, int length, String operator) {
    return new Requirement(
        term.substring(0, at).trim(), operator, Set.of(term.substring(at + length).trim()));
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    if (selector.isBlank()) {
      return terms;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }
}
