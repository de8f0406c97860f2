package dev.strata.testing;

import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.runtime.CustomResourceDefinitions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Provides a control plane shared by all test classes of the JVM that ask for the same mode, with
 * Strata's CRDs installed, and injects it or a client for it into test methods and constructors.
 * Tests isolate themselves by namespace (see {@link TestNamespaces}).
 */
class ControlPlaneExtension implements ParameterResolver, ExecutionCondition {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ControlPlaneExtension.class);

  private final LocalControlPlane.Mode mode;

  ControlPlaneExtension(LocalControlPlane.Mode mode) {
    this.mode = mode;
  }

  /**
   * Skips, saying why, when a simulated cluster is asked for but its binaries (built with Go) are
   * absent; the API server alone is always available, if need be through kube-api-test's download.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (mode == LocalControlPlane.Mode.API_SERVER
        || ControlPlaneBinaries.locate()
            .map(ControlPlaneBinaries::hasSimulatedCluster)
            .orElse(false)) {
      return ConditionEvaluationResult.enabled("control-plane binaries are available");
    }
    return ConditionEvaluationResult.disabled(
        "skipped: the simulated cluster needs kube-controller-manager, kube-scheduler and kwok,"
            + " which hack/test-binaries.sh builds with Go; none are provisioned here");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == LocalControlPlane.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Shared shared =
        context
            .getRoot()
            .getStore(STORE)
            .computeIfAbsent(mode, m -> Shared.start(mode), Shared.class);
    return parameter.getParameter().getType() == KubernetesClient.class
        ? shared.client
        : shared.controlPlane;
  }

  /** One running control plane and an admin client, closed when the test run ends. */
  private record Shared(LocalControlPlane controlPlane, KubernetesClient client)
      implements AutoCloseable {

    static Shared start(LocalControlPlane.Mode mode) {
      try {
        var workDirectory = Files.createTempDirectory("strata-" + mode.name().toLowerCase());
        var controlPlane = LocalControlPlane.start(mode, workDirectory, 2);
        var client = controlPlane.newClient();
        CustomResourceDefinitions.install(client);
        return new Shared(controlPlane, client);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      client.close();
      controlPlane.close();
    }
  }
}
