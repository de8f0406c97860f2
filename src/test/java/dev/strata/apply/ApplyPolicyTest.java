package dev.strata.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.health.ObjectRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flux's and Strata's keys onto one policy; ignore rules' pointers and selectors. */
class ApplyPolicyTest {

  @ParameterizedTest
  @CsvSource({
    "apply.strata.dev/policy, Override, OVERRIDE",
    "apply.strata.dev/policy, IfNotPresent, IF_NOT_PRESENT",
    "apply.strata.dev/policy, Ignore, IGNORE",
    "kustomize.toolkit.fluxcd.io/ssa, Merge, OVERRIDE",
    "kustomize.toolkit.fluxcd.io/ssa, IfNotPresent, IF_NOT_PRESENT",
    "kustomize.toolkit.fluxcd.io/ssa, Ignore, IGNORE",
    "kustomize.toolkit.fluxcd.io/reconcile, disabled, IGNORE",
    "kustomize.toolkit.fluxcd.io/reconcile, enabled, OVERRIDE"
  })
  void mapsEveryKeyAndValueOntoOneMode(String key, String value, ApplyPolicy.Mode mode) {
    assertThat(ApplyPolicy.of(Map.of(key, value), Map.of()).mode()).isEqualTo(mode);
    assertThat(ApplyPolicy.of(Map.of(), Map.of(key, value)).mode()).isEqualTo(mode);
  }

  @Test
  void theStrictestModeWinsAndNamesItsKey() {
    var policy =
        ApplyPolicy.of(
            Map.of(
                "apply.strata.dev/policy", "IfNotPresent",
                "kustomize.toolkit.fluxcd.io/reconcile", "disabled"),
            Map.of());
    assertThat(policy.mode()).isEqualTo(ApplyPolicy.Mode.IGNORE);
    assertThat(policy.reason()).isEqualTo("kustomize.toolkit.fluxcd.io/reconcile: disabled");
  }

  @Test
  void forceAndPruneFromEitherKey() {
    assertThat(ApplyPolicy.of(Map.of("apply.strata.dev/force", "enabled"), null).force()).isTrue();
    assertThat(ApplyPolicy.of(null, Map.of("kustomize.toolkit.fluxcd.io/force", "enabled")).force())
        .isTrue();
    assertThat(ApplyPolicy.of(Map.of(), Map.of()).force()).isFalse();
    assertThat(ApplyPolicy.of(Map.of("strata.dev/prune", "disabled"), null).prune()).isFalse();
    assertThat(
            ApplyPolicy.of(Map.of("kustomize.toolkit.fluxcd.io/prune", "disabled"), null).prune())
        .isFalse();
    assertThat(
            ApplyPolicy.pruneReason(null, Map.of("kustomize.toolkit.fluxcd.io/prune", "disabled")))
        .isEqualTo("kustomize.toolkit.fluxcd.io/prune: disabled");
    assertThat(ApplyPolicy.DEFAULT.prune()).isTrue();
  }

  @Test
  void anUnknownValueNamesTheKeyAndTheValuesAllowed() {
    assertThatThrownBy(
            () -> ApplyPolicy.of(Map.of("kustomize.toolkit.fluxcd.io/reconcile", "off"), null))
        .isInstanceOf(ApplyPolicy.InvalidPolicy.class)
        .hasMessage(
            "kustomize.toolkit.fluxcd.io/reconcile: off is not a value; use enabled or disabled");
  }

  @Test
  void jsonPointersGetSetAndRemoveWithEscapes() {
    Map<String, Object> object = new LinkedHashMap<>();
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", 3);
    List<Object> containers = new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("image", "a"))));
    spec.put("containers", containers);
    object.put("spec", spec);
    object.put(
        "metadata",
        new LinkedHashMap<>(Map.of("annotations", new LinkedHashMap<>(Map.of("a/b~c", "x")))));

    assertThat(JsonPointer.get(object, "/spec/containers/0/image")).contains("a");
    assertThat(JsonPointer.get(object, "/metadata/annotations/a~1b~0c")).contains("x");
    assertThat(JsonPointer.remove(object, "/spec/replicas")).isTrue();
    assertThat(JsonPointer.remove(object, "/spec/replicas")).isFalse();
    assertThat(JsonPointer.set(object, "/spec/replicas", 7)).isTrue();
    assertThat(spec).containsEntry("replicas", 7);
    assertThat(JsonPointer.set(object, "/spec/containers/3/image", "b")).isFalse();
    assertThatThrownBy(() -> JsonPointer.parse("spec/replicas"))
        .hasMessageContaining("JSON pointer 'spec/replicas' must start with /");
  }

  @Test
  void ignoreRulesMatchByTargetAndSelectors() {
    var ref = ObjectRef.of("apps/v1", "Deployment", "apps", "web");
    var rule =
        new IgnoreRule(
            "apps",
            null,
            "Deployment",
            null,
            "apps",
            "tier=front,!legacy",
            "",
            List.of("/spec/replicas"));
    assertThat(rule.matches(ref, Map.of("tier", "front"), Map.of())).isTrue();
    assertThat(rule.matches(ref, Map.of("tier", "front", "legacy", "y"), Map.of())).isFalse();
    assertThat(rule.matches(ref, Map.of("tier", "back"), Map.of())).isFalse();
    assertThat(rule.matches(ref.withNamespace("other"), Map.of("tier", "front"), Map.of()))
        .isFalse();
    assertThatThrownBy(
            () ->
                new IgnoreRule(null, null, null, null, null, "tier in (a,b)", null, List.of("/x")))
        .hasMessageContaining("only equality-based terms");
  }
}
