package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.health.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeSetTest {

  private static Change change(String name, Action action) {
    return new Change(
        ObjectRef.of("v1", "ConfigMap", "apps", name), "apps/" + name + ".yaml", action, "");
  }

  @Test
  void countsSummarisesAndListsTheInventory() {
    var changes =
        new ChangeSet(
            List.of(
                change("a", Action.CREATED),
                change("b", Action.UNCHANGED),
                change("c", Action.CONFIGURED),
                change("d", Action.UNCHANGED)));
    var pruned =
        new ChangeSet(
            List.of(
                change("e", Action.DELETED),
                new Change(
                    ObjectRef.of("v1", "ConfigMap", "apps", "f"),
                    "",
                    Action.SKIPPED,
                    "annotated")));

    ChangeSet all = changes.plus(pruned);

    assertThat(all.summary())
        .isEqualTo("1 created, 1 configured, 2 unchanged, 1 deleted, 1 skipped");
    assertThat(all.changed()).isEqualTo(3);
    assertThat(all.applied()).extracting(ObjectRef::name).containsExactly("a", "b", "c", "d");
    assertThat(all.withAction(Action.SKIPPED).get(0).toString())
        .isEqualTo("ConfigMap/apps/f skipped (annotated)");
    assertThat(ChangeSet.empty().summary()).isEqualTo("no objects");
  }

  @Test
  void applyExceptionMessageListsEachFailureWithItsFile() {
    var failure =
        new ObjectFailure(
            ObjectRef.of("v1", "ConfigMap", "apps", "a"),
            "apps/a.yaml",
            "ConfigMap \"a\" is invalid");
    var error =
        new ApplyException(
            ApplyException.Phase.APPLY,
            List.of(failure),
            new ChangeSet(List.of(change("b", Action.CREATED))));

    assertThat(error.getMessage())
        .isEqualTo(
            "apply failed for 1 object (before it: 1 created):\n"
                + "  ConfigMap/apps/a (from apps/a.yaml): ConfigMap \"a\" is invalid");
  }
}
