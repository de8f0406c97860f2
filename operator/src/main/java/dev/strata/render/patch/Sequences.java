package dev.strata.render.patch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, replaces and removes list elements by key values as kyaml's ElementMatcher, ElementSetter
 * and the helpers of kyaml/yaml/walk/associative_sequence.go do, quirks included (for instance, an
 * element without the key empties the list it is merged into).
 */
final class Sequences {

  private Sequences() {}

  /**
   * ElementMatcher: the first element whose keys have these values (any value when {@code
   * matchAnyValue}); with the key "", the first scalar with the value.
   */
  static YNode elementMatcher(
      YNode list, List<String> keys, List<String> values, boolean matchAnyValue)
      throws PatchException {
    List<String> k = keys.isEmpty() ? List.of("") : keys;
    List<String> v = values.isEmpty() ? List.of("") : values;
    MergeWalker.requireKind(list, YNode.Kind.SEQUENCE);
    if (list == null) {
      return null;
    }
    if (k.get(0).isEmpty()) {
      for (YNode element : list.content) {
        if (element.value.equals(v.get(0))) {
          return element;
        }
      }
      return null;
    }
    for (YNode element : list.content) {
      if (!YNode.isMissingOrNull(element) && element.kind != YNode.Kind.MAPPING) {
        continue;
      }
      if (!matchAnyValue && k.size() != v.size()) {
        throw new PatchException("length of keys must equal length of values");
      }
      boolean matches = true;
      for (int i = 0; i < k.size(); i++) {
        YNode field = YNode.isMissingOrNull(element) ? null : element.field(k.get(i));
        if (field == null || (!matchAnyValue && !field.value.equals(v.get(i)))) {
          matches = false;
          break;
        }
      }
      if (matches) {
        return element;
      }
    }
    return null;
  }

  /** RNode.ElementList: the matching element of a list, null for anything else or on error. */
  static YNode elementList(YNode list, List<String> keys, List<String> values) {
    if (list == null || list.kind != YNode.Kind.SEQUENCE) {
      return null;
    }
    try {
      return elementMatcher(list, keys, values, false);
    } catch (PatchException e) {
      return null;
    }
  }

  /**
   * ElementSetter: replaces the elements matching the key values with {@code element} (appends it
   * when none match), or removes them when {@code element} is null. Null and empty-map elements are
   * dropped on the way; with no values, only matching elements survive.
   */
  static YNode elementSetter(YNode list, YNode element, List<String> keys, List<String> values)
      throws PatchException {
    List<String> k = keys.isEmpty() ? List.of("") : keys;
    MergeWalker.requireKind(list, YNode.Kind.SEQUENCE);
    boolean mappingSetter = !k.get(0).isEmpty() && !values.isEmpty() && !values.get(0).isEmpty();
    List<YNode> newContent = new ArrayList<>();
    boolean matchingElementFound = false;
    for (YNode current : list.content) {
      if (YNode.isMissingOrNull(current) || YNode.isEmptyMap(current)) {
        continue;
      }
      if (current.kind != YNode.Kind.MAPPING && mappingSetter) {
        newContent.add(current);
        continue;
      }
      boolean found = true;
      YNode value = null;
      for (int j = 0; j < k.size(); j++) {
        if (j < values.size()) {
          value = fieldMatcher(current, k.get(j), values.get(j));
        }
        if (value == null) {
          found = false;
          break;
        }
      }
      if (!found) {
        if (!values.isEmpty()) {
          newContent.add(current);
        }
        continue;
      }
      matchingElementFound = true;
      if (element != null) {
        newContent.add(element);
      }
    }
    list.content = newContent;
    if (YNode.isMissingOrNull(element)) {
      return null;
    }
    if (!matchingElementFound) {
      list.append(element);
    }
    return element;
  }

  /** FieldMatcher with a string value: "" matches any value of a present field. */
  private static YNode fieldMatcher(YNode element, String name, String value)
      throws PatchException {
    if (YNode.isMissingOrNull(element)) {
      return null;
    }
    if (name.isEmpty()) {
      MergeWalker.requireKind(element, YNode.Kind.SCALAR);
      return YNode.valueOf(element).equals(value) ? element : null;
    }
    MergeWalker.requireKind(element, YNode.Kind.MAPPING);
    YNode field = element.field(name);
    if (field == null || (!value.isEmpty() && !field.value.equals(value))) {
      return null;
    }
    return field;
  }

  /** RNode.ElementValuesList: per element, the value of each key ("" when absent or empty). */
  static List<List<String>> elementValuesList(YNode list, List<String> keys) {
    List<List<String>> result = new ArrayList<>();
    if (list.kind != YNode.Kind.SEQUENCE) {
      return result;
    }
    for (YNode element : list.content) {
      List<String> values = new ArrayList<>();
      for (String key : keys) {
        YNode field = element.field(key);
        values.add(YNode.isNilOrEmpty(field) ? "" : field.value);
      }
      result.add(values);
    }
    return result;
  }

  /**
   * validateKeys: the keys that have a value in some element, and this element's values for them;
   * all keys when none has.
   */
  static List<List<String>> validateKeys(
      List<List<String>> valuesList, List<String> values, List<String> keys) {
    Set<String> validKeySet = new LinkedHashSet<>();
    for (List<String> each : valuesList) {
      for (int i = 0; i < each.size(); i++) {
        if (!each.get(i).isEmpty()) {
          validKeySet.add(keys.get(i));
        }
      }
    }
    if (validKeySet.isEmpty()) {
      return List.of(keys, values);
    }
    List<String> validKeys = new ArrayList<>();
    for (String key : keys) {
      if (validKeySet.contains(key)) {
        validKeys.add(key);
      }
    }
    List<String> validValues = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isEmpty() || validKeySet.contains(keys.get(i))) {
        validValues.add(values.get(i));
      }
    }
    return List.of(validKeys, validValues);
  }

  /**
   * mergeValues: value combinations that agree where both are set (a port without a protocol and
   * the same port with one) become the same combination.
   */
  static void mergeValues(List<List<String>> valuesList) {
    for (int i = 0; i < valuesList.size(); i++) {
      for (int j = 0; j < valuesList.size(); j++) {
        List<String> merged = match(valuesList.get(i), valuesList.get(j));
        if (merged != null) {
          valuesList.set(i, merged);
          valuesList.set(j, merged);
        }
      }
    }
  }

  private static List<String> match(List<String> values1, List<String> values2) {
    if (values1.size() != values2.size()) {
      return null;
    }
    boolean commonElement = false;
    List<String> result = new ArrayList<>();
    for (int i = 0; i < values1.size(); i++) {
      String a = values1.get(i);
      String b = values2.get(i);
      if (a.equals(b)) {
        commonElement = true;
        result.add(a);
        continue;
      }
      if (!a.isEmpty() && !b.isEmpty()) {
        return null;
      }
      result.add(a.isEmpty() ? b : a);
    }
    return commonElement ? result : null;
  }

  /**
   * appendListNode: sets each element of {@code source} into {@code target} by its key values
   * (replacing the element with the same values, else appending) and returns {@code target}.
   */
  static YNode appendListNode(YNode target, YNode source, List<String> keys) throws PatchException {
    for (YNode element : source.content) {
      if (keys.get(0).isEmpty()) {
        elementSetter(target, element, List.of(""), List.of(element.value));
        continue;
      }
      List<String> values = new ArrayList<>();
      for (String key : keys) {
        YNode value = null;
        if (!YNode.isMissingOrNull(element)) {
          MergeWalker.requireKind(element, YNode.Kind.MAPPING);
          value = element.field(key);
        }
        if (value == null) {
          // kyaml appends an element without the key, then goes on setting it by the keys it has.
          target.append(element);
          continue;
        }
        values.add(value.value);
      }
      if (keys.size() > 1) {
        elementSetter(target, null, keys, values);
      }
      elementSetter(target, element, keys, values);
    }
    return target;
  }
}
