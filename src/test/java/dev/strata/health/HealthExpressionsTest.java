package dev.strata.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.api.HealthCheckExpression;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Checks CEL health expressions against Flux's rules: order, generation, errors, compile errors.
 */
class HealthExpressionsTest {

  private static HealthCheckExpression entry(
      String apiVersion, String kind, String inProgress, String failed, String current) {
    var entry = new HealthCheckExpression();
    entry.setApiVersion(apiVersion);
    entry.setKind(kind);
    entry.setInProgress(inProgress);
    entry.setFailed(failed);
    entry.setCurrent(current);
    return entry;
  }

  private static final HealthCheckExpression DATABASE =
      entry(
          "example.com/v1",
          "Database",
          "status.?phase.orValue('') == 'Upgrading'",
          "status.conditions.exists(e, e.type == 'Failed' && e.status == 'True')",
          "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')");

  @SuppressWarnings("unchecked")
  private static Optional<Health> evaluate(HealthExpressions expressions, String yaml) {
    return expressions.evaluate(
        (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml));
  }

  private static Health database(String status) throws Exception {
    return evaluate(
            HealthExpressions.compile(List.of(DATABASE)),
            "apiVersion: example.com/v1beta1\nkind: Database\n"
                + "metadata: {name: db, generation: 3}\nstatus: "
                + status)
        .orElseThrow();
  }

  @Test
  void currentWhenTheCurrentExpressionHolds() throws Exception {
    assertThat(database("{conditions: [{type: Ready, status: 'True'}]}"))
        .isEqualTo(Health.current("spec.healthCheckExprs[0].current is true"));
  }

  @Test
  void inProgressIsEvaluatedBeforeFailedAndFailedBeforeCurrent() throws Exception {
    // As Flux's StatusEvaluator (fluxcd/pkg runtime/cel, RFC 0009): inProgress, failed, current.
    assertThat(
            database(
                "{phase: Upgrading, conditions: [{type: Failed, status: 'True'},"
                    + " {type: Ready, status: 'True'}]}"))
        .isEqualTo(Health.inProgress("spec.healthCheckExprs[0].inProgress is true"));
    assertThat(
            database(
                "{conditions: [{type: Failed, status: 'True'}, {type: Ready, status: 'True'}]}"))
        .isEqualTo(Health.failed("spec.healthCheckExprs[0].failed is true"));
  }

  @Test
  void noneTrueIsInProgress() throws Exception {
    assertThat(database("{conditions: [{type: Ready, status: 'False'}]}"))
        .isEqualTo(Health.inProgress("none of the expressions is true yet"));
  }

  @Test
  void anUnobservedGenerationIsInProgressWhateverTheExpressionsSay() throws Exception {
    assertThat(database("{observedGeneration: 2, conditions: [{type: Ready, status: 'True'}]}"))
        .isEqualTo(Health.inProgress("generation 3 not yet observed (observed: 2)"));
  }

  @Test
  void aFieldNotThereYetKeepsWaitingWithTheError() throws Exception {
    Health health = database("{phase: Creating}");
    assertThat(health.status()).isEqualTo(HealthStatus.IN_PROGRESS);
    assertThat(health.reason())
        .startsWith("spec.healthCheckExprs[0].failed cannot be evaluated yet: ")
        .contains("conditions");
  }

  @Test
  void selfIsTheWholeObjectAndNumbersAreCelInts() throws Exception {
    var expressions =
        HealthExpressions.compile(
            List.of(
                entry(
                    "example.com/v1",
                    "Queue",
                    null,
                    null,
                    "self.metadata.name == 'q' && status.ready >= 2 && spec.ratio > 0.5")));
    assertThat(
            evaluate(
                expressions,
                "apiVersion: example.com/v1\nkind: Queue\nmetadata: {name: q}\n"
                    + "spec: {ratio: 0.75, note: null}\nstatus: {ready: 2}"))
        .contains(Health.current("spec.healthCheckExprs[0].current is true"));
  }

  @Test
  void otherKindsAndGroupsAreLeftToTheBuiltInRules() throws Exception {
    var expressions = HealthExpressions.compile(List.of(DATABASE));
    assertThat(evaluate(expressions, "apiVersion: other.com/v1\nkind: Database\nmetadata: {}"))
        .isEmpty();
    assertThat(evaluate(expressions, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {}"))
        .isEmpty();
    assertThat(evaluate(HealthExpressions.NONE, "apiVersion: v1\nkind: Pod")).isEmpty();
  }

  @Test
  void aBadExpressionNamesItsIndexFieldAndTheCelError() {
    assertThatThrownBy(
            () ->
                HealthExpressions.compile(
                    List.of(
                        DATABASE,
                        entry("example.com/v1", "Cache", null, "status.phase == ", "true"))))
        .isInstanceOf(HealthExpressions.InvalidExpression.class)
        .hasMessageStartingWith("spec.healthCheckExprs[1].failed: ERROR: <input>:1:")
        .hasMessageContaining("status.phase == ");
    assertThatThrownBy(
            () ->
                HealthExpressions.compile(
                    List.of(entry("example.com/v1", "Cache", null, null, "statu.ready"))))
        .hasMessageStartingWith("spec.healthCheckExprs[0].current: ERROR: ")
        .hasMessageContaining("undeclared reference to 'statu'");
    assertThatThrownBy(
            () ->
                HealthExpressions.compile(
                    List.of(entry("example.com/v1", "Cache", null, null, "1"))))
        .hasMessageContaining("expected type 'bool' but found 'int'");
    assertThatThrownBy(
            () ->
                HealthExpressions.compile(
                    List.of(entry("example.com/v1", "Cache", "true", null, ""))))
        .hasMessage("spec.healthCheckExprs[0].current is required");
  }
}
