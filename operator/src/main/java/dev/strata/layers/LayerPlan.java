package dev.strata.layers;

import dev.strata.api.Layer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders a LayeredKustomization's layers by their dependencies: a layer depends on the one before
 * it unless it lists dependsOn (an empty list means none), so independent layers can run together.
 * Rejects unknown names, duplicates and cycles with a message naming them.
 */
public final class LayerPlan {

  private final List<Layer> layers;
  private final Map<String, List<String>> dependencies;

  private LayerPlan(List<Layer> layers, Map<String, List<String>> dependencies) {
    this.layers = layers;
    this.dependencies = dependencies;
  }

  /** Thrown for a spec that can never work: it names the layers and what is wrong. */
  public static final class InvalidPlan extends Exception {
    public InvalidPlan(String message) {
      super(message);
    }
  }

  public static LayerPlan of(List<Layer> layers) throws InvalidPlan {
    if (layers == null || layers.isEmpty()) {
      throw new InvalidPlan("spec.layers is empty");
    }
    Map<String, List<String>> dependencies = new LinkedHashMap<>();
    String previous = null;
    for (Layer layer : layers) {
      String name = layer.getName();
      if (name == null || name.isBlank()) {
        throw new InvalidPlan("a layer has no name");
      }
      if (dependencies.containsKey(name)) {
        throw new InvalidPlan("layer name '" + name + "' is used twice");
      }
      List<String> dependsOn =
          layer.getDependsOn() != null
              ? List.copyOf(layer.getDependsOn())
              : previous == null ? List.of() : List.of(previous);
      dependencies.put(name, dependsOn);
      previous = name;
    }
    for (var entry : dependencies.entrySet()) {
      for (String dependency : entry.getValue()) {
        if (!dependencies.containsKey(dependency)) {
          throw new InvalidPlan(
              "layer '"
                  + entry.getKey()
                  + "' depends on '"
                  + dependency
                  + "', which is not a layer");
        }
      }
    }
    LayerPlan plan = new LayerPlan(List.copyOf(layers), dependencies);
    plan.checkAcyclic();
    return plan;
  }

  public List<Layer> layers() {
    return layers;
  }

  /** The layers this one waits for. */
  public List<String> dependencies(String layer) {
    return dependencies.getOrDefault(layer, List.of());
  }

  /** The layers that wait for this one, directly or not. */
  public Set<String> dependents(String layer) {
    Set<String> result = new HashSet<>();
    boolean grew = true;
    while (grew) {
      grew = false;
      for (var entry : dependencies.entrySet()) {
        if (!result.contains(entry.getKey())
            && (entry.getValue().contains(layer)
                || entry.getValue().stream().anyMatch(result::contains))) {
          grew |= result.add(entry.getKey());
        }
      }
    }
    return result;
  }

  /** Layers whose dependencies are all done and which are not done or started themselves. */
  public List<Layer> ready(Set<String> done, Set<String> started) {
    List<Layer> ready = new ArrayList<>();
    for (Layer layer : layers) {
      if (!done.contains(layer.getName())
          && !started.contains(layer.getName())
          && done.containsAll(dependencies(layer.getName()))) {
        ready.add(layer);
      }
    }
    return ready;
  }

  /** The layers in an order where each comes after its dependencies (stable). */
  public List<Layer> topological() {
    List<Layer> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    while (order.size() < layers.size()) {
      List<Layer> next = ready(done, Set.of());
      order.addAll(next);
      next.forEach(layer -> done.add(layer.getName()));
    }
    return order;
  }

  private void checkAcyclic() throws InvalidPlan {
    Map<String, Integer> state = new HashMap<>();
    for (String layer : dependencies.keySet()) {
      List<String> path = new ArrayList<>();
      if (cycle(layer, state, path)) {
        throw new InvalidPlan(
            "layers depend on each other in a cycle: " + String.join(" -> ", path));
      }
    }
  }

  /** Depth-first search; state 1 = on the current path, 2 = finished. */
  private boolean cycle(String layer, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(layer);
    if (seen != null && seen == 2) {
      return false;
    }
    path.add(layer);
    if (seen != null) {
      return true;
    }
    state.put(layer, 1);
    for (String dependency : dependencies(layer)) {
      if (cycle(dependency, state, path)) {
        return true;
      }
    }
    state.put(layer, 2);
    path.remove(path.size() - 1);
    return false;
  }
}
