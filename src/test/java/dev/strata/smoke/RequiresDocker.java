package dev.strata.smoke;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Skips a test class, saying why, when Testcontainers finds no Docker engine to run k3s in. */
final class RequiresDocker implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.enabled("a Docker engine is available");
    }
    return ConditionEvaluationResult.disabled(
        "skipped: no Docker engine is reachable (Testcontainers found none), so k3s cannot run"
            + " here; the same scenarios run on kube-apiserver + etcd and on the simulated cluster"
            + " (ApiServerSmokeIT, LayeredKustomizationIT)");
  }
}
