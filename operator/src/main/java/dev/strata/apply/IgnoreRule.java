package dev.strata.apply;

import dev.strata.health.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fields of some objects that Strata neither applies nor heals, because another controller owns
 * them (an HPA's {@code /spec/replicas}): the objects a target selects, and JSON pointers (RFC
 * 6901) into them.
 *
 * <p>Empty or null parts of the target match anything. Selectors are Kubernetes equality-based
 * selectors: {@code key=value}, {@code key==value}, {@code key!=value}, {@code key}, {@code !key},
 * comma-separated, all of which must hold.
 */
public record IgnoreRule(
    String group,
    String version,
    String kind,
    String name,
    String namespace,
    String labelSelector,
    String annotationSelector,
    List<String> jsonPointers) {

  public IgnoreRule {
    jsonPointers = List.copyOf(jsonPointers);
    for (String pointer : jsonPointers) {
      JsonPointer.parse(pointer); // fails early, naming the pointer
    }
    Selector.parse(labelSelector);
    Selector.parse(annotationSelector);
  }

  /** Whether the rule applies to the object (its final namespace in {@code ref}). */
  public boolean matches(
      ObjectRef ref, Map<String, String> labels, Map<String, String> annotations) {
    return matchesPart(group, ref.group())
        && matchesPart(version, ref.version())
        && matchesPart(kind, ref.kind())
        && matchesPart(name, ref.name())
        && matchesPart(namespace, ref.namespace())
        && Selector.parse(labelSelector).test(labels == null ? Map.of() : labels)
        && Selector.parse(annotationSelector).test(annotations == null ? Map.of() : annotations);
  }

  private static boolean matchesPart(String wanted, String actual) {
    return wanted == null || wanted.isEmpty() || wanted.equals(actual);
  }

  /** The pointers of every rule matching the object, without repeats. */
  static List<String> pointers(
      List<IgnoreRule> rules,
      ObjectRef ref,
      Map<String, String> labels,
      Map<String, String> annotations) {
    List<String> pointers = new ArrayList<>();
    for (IgnoreRule rule : rules) {
      if (rule.matches(ref, labels, annotations)) {
        rule.jsonPointers().stream().filter(p -> !pointers.contains(p)).forEach(pointers::add);
      }
    }
    return pointers;
  }

  /** One equality-based selector: requirements that must all hold. */
  record Selector(List<Requirement> requirements) {

    record Requirement(String key, String operator, String value) {
      boolean test(Map<String, String> values) {
        String actual = values.get(key);
        return switch (operator) {
          case "exists" -> actual != null;
          case "!exists" -> actual == null;
          case "=" -> Objects.equals(actual, value);
          case "!=" -> !Objects.equals(actual, value);
          default -> throw new IllegalStateException(operator);
        };
      }
    }

    static Selector parse(String selector) {
      List<Requirement> requirements = new ArrayList<>();
      if (selector == null || selector.isBlank()) {
        return new Selector(requirements);
      }
      for (String part : selector.split(",")) {
        String term = part.trim();
        if (term.contains(" in ") || term.contains(" notin ") || term.contains("(")) {
          throw new IllegalArgumentException(
              "selector '"
                  + selector
                  + "': only equality-based terms (key=value, key!=value, key, !key) are"
                  + " supported");
        }
        if (term.isEmpty()) {
          throw new IllegalArgumentException("selector '" + selector + "' has an empty term");
        }
        if (term.contains("!=")) {
          int at = term.indexOf("!=");
          requirements.add(
              new Requirement(term.substring(0, at).trim(), "!=", term.substring(at + 2).trim()));
        } else if (term.contains("==")) {
          int at = term.indexOf("==");
          requirements.add(
              new Requirement(term.substring(0, at).trim(), "=", term.substring(at + 2).trim()));
        } else if (term.contains("=")) {
          int at = term.indexOf('=');
          requirements.add(
              new Requirement(term.substring(0, at).trim(), "=", term.substring(at + 1).trim()));
        } else if (term.startsWith("!")) {
          requirements.add(new Requirement(term.substring(1).trim(), "!exists", null));
        } else {
          requirements.add(new Requirement(term, "exists", null));
        }
      }
      return new Selector(requirements);
    }

    boolean test(Map<String, String> values) {
      return requirements.stream().allMatch(r -> r.test(values));
    }
  }
}
