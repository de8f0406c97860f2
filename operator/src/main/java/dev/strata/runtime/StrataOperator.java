package dev.strata.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registered reconcilers under java-operator-sdk, behind a Lease when leader election is
 * on, and answers whether the process is ready.
 *
 * <p>Reconcilers that are not built yet are not registered; with none registered, JOSDK is not
 * started (it refuses to run without controllers) and readiness says so.
 */
public final class StrataOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StrataOperator.class);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final List<Reconciler<?>> reconcilers;
  private final MeterRegistry meterRegistry;
  private final AtomicReference<String> leader = new AtomicReference<>();
  private Operator operator;
  private volatile boolean started;
  private volatile boolean closing;

  public StrataOperator(
      KubernetesClient client,
      OperatorSettings settings,
      List<Reconciler<?>> reconcilers,
      MeterRegistry meterRegistry) {
    this.client = client;
    this.settings = settings;
    this.reconcilers = List.copyOf(reconcilers);
    this.meterRegistry = meterRegistry;
  }

  /** Checks that the API server is reachable and the CRDs installed, then starts reconciling. */
  public void start() {
    var version = client.getKubernetesVersion();
    log.info(
        "connected to {} (Kubernetes {}.{})",
        client.getMasterUrl(),
        version.getMajor(),
        version.getMinor());
    requireCustomResourceDefinitions();
    if (reconcilers.isEmpty()) {
      log.warn("no reconcilers are registered in this build; nothing will be reconciled");
      started = true;
      return;
    }
    operator = new Operator(this::configure);
    for (Reconciler<?> reconciler : reconcilers) {
      // JOSDK rejects an empty set; without an override it watches all namespaces.
      if (settings.watchNamespaces().isEmpty()) {
        operator.register(reconciler);
      } else {
        operator.register(reconciler, c -> c.settingNamespaces(settings.watchNamespaces()));
      }
    }
    operator.start();
    started = true;
    log.info(
        "operator started with {} reconciler(s){}",
        reconcilers.size(),
        settings.leaderElection()
            ? "; waiting for Lease " + settings.leaseNamespace() + "/" + settings.leaseName()
            : "");
  }

  private void configure(
      io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider overrider) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        .withReconciliationTerminationTimeout(settings.gracefulShutdown())
        .withUseSSAToPatchPrimaryResource(true)
        .withMetrics(
            MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(meterRegistry)
                .build());
    if (settings.leaderElection()) {
      overrider.withLeaderElectionConfiguration(
          LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
              .withLeaseNamespace(settings.leaseNamespace())
              .withIdentity(settings.identity())
              // Renewing every 15 s instead of JOSDK's 2 s keeps an idle operator near-silent (8
              // Lease requests a minute); a failed leader is replaced within the 60 s lease.
              .withLeaseDuration(Duration.ofSeconds(60))
              .withRenewDeadline(Duration.ofSeconds(45))
              .withRetryPeriod(Duration.ofSeconds(15))
              // JOSDK would exit even on a graceful stop, from inside our shutdown hook.
              .withExitOnStopLeading(false)
              .withLeaderCallbacks(
                  new LeaderCallbacks(
                      () -> log.info("became leader as {}", settings.identity()),
                      this::onStoppedLeading,
                      newLeader -> {
                        leader.set(newLeader);
                        log.info("leader is now {}", newLeader);
                      }))
              .build());
    }
  }

  private void onStoppedLeading() {
    if (closing) {
      log.info("released the Lease");
      return;
    }
    // Another replica may take over now: stop at once so that two never reconcile together.
    log.error("lost the Lease {}/{}; exiting", settings.leaseNamespace(), settings.leaseName());
    System.exit(1);
  }

  private void requireCustomResourceDefinitions() {
    List<String> missing = new ArrayList<>();
    for (String name : CustomResourceDefinitions.names()) {
      try {
        if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() == null) {
          missing.add(name);
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403) {
          throw e;
        }
        // Without permission to read CRDs, the informers report a missing CRD themselves.
        log.debug(
            "cannot read CRD {} ({}); relying on the informers to report it", name, e.getCode());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "CustomResourceDefinitions not installed: "
              + String.join(", ", missing)
              + ". Install them with: kubectl apply -f crds/ (or kubectl apply -k deploy/)");
    }
  }

  /** Reports whether the operator is started and its watches are healthy. */
  public Readiness readiness() {
    List<String> details = new ArrayList<>();
    boolean ready = started;
    if (!started) {
      details.add("operator: not started");
    } else if (operator == null) {
      details.add("operator: started; no reconcilers registered in this build");
    } else {
      var runtime = operator.getRuntimeInfo();
      details.add("operator: started; reconcilers: " + reconcilerNames());
      if (!runtime.allEventSourcesAreHealthy()) {
        ready = false;
        details.add("unhealthy watches: " + runtime.unhealthyEventSources().keySet());
      }
    }
    if (settings.leaderElection() && operator != null) {
      String holder = leader.get();
      details.add(
          "leader election: lease "
              + settings.leaseNamespace()
              + "/"
              + settings.leaseName()
              + ", leader "
              + (holder == null ? "not yet known" : holder)
              + (settings.identity().equals(holder) ? " (this replica)" : ""));
    }
    return new Readiness(ready, details);
  }

  private String reconcilerNames() {
    return String.join(
        ", ", reconcilers.stream().map(r -> r.getClass().getSimpleName()).sorted().toList());
  }

  /** Stops reconciling, letting running reconciliations finish within the graceful timeout. */
  @Override
  public void close() {
    closing = true;
    if (operator != null) {
      log.info("stopping operator (graceful timeout {})", settings.gracefulShutdown());
      operator.stop();
    }
    // What reconcilers hold beyond JOSDK (the drift watches' informers) stops with them.
    for (Reconciler<?> reconciler : reconcilers) {
      if (reconciler instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("cannot close {}: {}", reconciler.getClass().getSimpleName(), e.toString());
        }
      }
    }
    started = false;
  }

  /** Whether the process is ready, with one line per check. */
  public record Readiness(boolean ready, List<String> details) {}
}
