package dev.strata.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.api.IgnoreFields;
import dev.strata.testing.LayerScenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.force and spec.ignoreFields reach the applier; a bad rule names where it is. */
class ApplyOptionsFromSpecTest {

  @Test
  void forceAndIgnoreFieldsBecomeApplyOptions() {
    var lk = LayerScenario.layeredKustomization("apps", "web", "1m");
    assertThat(LayerPipeline.applyOptions(lk).force()).isFalse();
    assertThat(LayerPipeline.applyOptions(lk).ignoreRules()).isEmpty();

    lk.getSpec().setForce(true);
    lk.getSpec().setIgnoreFields(List.of(rule("app=web", "/spec/replicas")));
    var options = LayerPipeline.applyOptions(lk);

    assertThat(options.force()).isTrue();
    assertThat(options.ignoreRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo("Deployment");
              assertThat(r.labelSelector()).isEqualTo("app=web");
              assertThat(r.jsonPointers()).containsExactly("/spec/replicas");
            });
  }

  @Test
  void aRuleTheApplierCannotReadNamesItsIndex() {
    var lk = LayerScenario.layeredKustomization("apps", "web", "1m");
    lk.getSpec()
        .setIgnoreFields(
            List.of(rule("", "/spec/replicas"), rule("tier in (a,b)", "/spec/replicas")));

    assertThatThrownBy(() -> LayerPipeline.applyOptions(lk))
        .hasMessageStartingWith(
            "spec.ignoreFields[1]: selector 'tier in (a,b)': only equality-based");
  }

  private static IgnoreFields rule(String labelSelector, String pointer) {
    var target = new IgnoreFields.Selector();
    target.setKind("Deployment");
    target.setLabelSelector(labelSelector);
    var rule = new IgnoreFields();
    rule.setTarget(target);
    rule.setJsonPointers(List.of(pointer));
    return rule;
  }
}
