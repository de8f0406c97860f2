package dev.strata.apply;

import dev.strata.health.ObjectRef;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Lists what applying or pruning did to each object, in the order the objects were given. */
public final class ChangeSet {

  private static final ChangeSet EMPTY = new ChangeSet(List.of());

  private final List<Change> changes;

  public ChangeSet(List<Change> changes) {
    this.changes = List.copyOf(changes);
  }

  public static ChangeSet empty() {
    return EMPTY;
  }

  public List<Change> changes() {
    return changes;
  }

  public List<Change> withAction(Action action) {
    return changes.stream().filter(c -> c.action() == action).toList();
  }

  public int count(Action action) {
    return (int) changes.stream().filter(c -> c.action() == action).count();
  }

  /** How many objects were written: created, configured or deleted. */
  public int changed() {
    return count(Action.CREATED) + count(Action.CONFIGURED) + count(Action.DELETED);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * The objects now in the cluster because of this apply (created, configured or unchanged): a
   * layer's inventory.
   */
  public List<ObjectRef> applied() {
    return changes.stream()
        .filter(
            c ->
                c.action() == Action.CREATED
                    || c.action() == Action.CONFIGURED
                    || c.action() == Action.UNCHANGED)
        .map(Change::object)
        .toList();
  }

  /** This change set followed by another. */
  public ChangeSet plus(ChangeSet other) {
    List<Change> all = new ArrayList<>(changes);
    all.addAll(other.changes);
    return new ChangeSet(all);
  }

  /** E.g. "2 created, 1 configured, 40 unchanged"; "no objects" when empty. */
  public String summary() {
    if (changes.isEmpty()) {
      return "no objects";
    }
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    changes.forEach(c -> counts.merge(c.action(), 1, Integer::sum));
    return counts.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return summary();
  }
}
