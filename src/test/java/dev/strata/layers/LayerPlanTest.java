package dev.strata.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.api.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayerPlanTest {

  private static Layer layer(String name, String... dependsOn) {
    Layer layer = new Layer();
    layer.setName(name);
    layer.setPath("./" + name);
    if (dependsOn.length > 0 && dependsOn[0] != null) {
      layer.setDependsOn(new ArrayList<>(List.of(dependsOn)));
    }
    return layer;
  }

  private static Layer independent(String name) {
    Layer layer = layer(name);
    layer.setDependsOn(new ArrayList<>());
    return layer;
  }

  @Test
  void eachLayerWaitsForThePreviousOneByDefault() throws Exception {
    var plan = LayerPlan.of(List.of(layer("base"), layer("data"), layer("apps")));

    assertThat(plan.dependencies("data")).containsExactly("base");
    assertThat(plan.ready(Set.of(), Set.of())).extracting(Layer::getName).containsExactly("base");
    assertThat(plan.ready(Set.of("base"), Set.of()))
        .extracting(Layer::getName)
        .containsExactly("data");
    assertThat(plan.dependents("base")).containsExactlyInAnyOrder("data", "apps");
  }

  @Test
  void explicitDependenciesLetIndependentLayersRunTogether() throws Exception {
    var plan =
        LayerPlan.of(
            List.of(
                layer("base"),
                layer("dashboards", "base"),
                layer("infrastructure", "base"),
                layer("apps", "dashboards", "infrastructure")));

    assertThat(plan.ready(Set.of("base"), Set.of()))
        .extracting(Layer::getName)
        .containsExactly("dashboards", "infrastructure");
    assertThat(plan.ready(Set.of("base", "dashboards"), Set.of("infrastructure"))).isEmpty();
    assertThat(plan.topological()).extracting(Layer::getName).endsWith("apps");
  }

  @Test
  void anEmptyDependsOnMeansNoDependency() throws Exception {
    var plan = LayerPlan.of(List.of(layer("a"), independent("b")));

    assertThat(plan.ready(Set.of(), Set.of())).extracting(Layer::getName).containsExactly("a", "b");
  }

  @Test
  void invalidPlansNameWhatIsWrong() {
    assertThatThrownBy(() -> LayerPlan.of(List.of(layer("a", "b"), layer("b", "a"))))
        .isInstanceOf(LayerPlan.InvalidPlan.class)
        .hasMessage("layers depend on each other in a cycle: a -> b -> a");
    assertThatThrownBy(() -> LayerPlan.of(List.of(layer("a", "missing"))))
        .hasMessage("layer 'a' depends on 'missing', which is not a layer");
    assertThatThrownBy(() -> LayerPlan.of(List.of(layer("a"), layer("a"))))
        .hasMessage("layer name 'a' is used twice");
    assertThatThrownBy(() -> LayerPlan.of(List.of())).hasMessage("spec.layers is empty");
  }
}
