package dev.strata.localcluster;

import dev.strata.runtime.KubernetesClients;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Kubernetes control plane on this machine from real binaries: kube-apiserver and etcd
 * always; for a simulated cluster also kube-controller-manager, kube-scheduler and kwok with a set
 * of fake nodes, so that Deployments and StatefulSets are scheduled and become Ready.
 */
public final class LocalControlPlane implements AutoCloseable {

  /** How much of a cluster to start. */
  public enum Mode {
    /** kube-apiserver and etcd: CRDs, server-side apply, status, validation. */
    API_SERVER,
    /** The API server plus controllers, scheduler and kwok nodes: workloads become Ready. */
    SIMULATED_CLUSTER;

    /**
     * The most the installed binaries can run: a simulated cluster when kube-controller-manager,
     * kube-scheduler and kwok are there, else the API server alone.
     */
    public static Mode available() {
      return ControlPlaneBinaries.locate()
              .map(ControlPlaneBinaries::hasSimulatedCluster)
              .orElse(false)
          ? SIMULATED_CLUSTER
          : API_SERVER;
    }
  }

  /** How long a simulated node's Lease lasts; kwok renews it well before. */
  static final int NODE_LEASE_SECONDS = 40;

  /** The annotation kwok is told to manage nodes by. */
  static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

  private static final Logger log = LoggerFactory.getLogger(LocalControlPlane.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  private final Mode mode;
  private final Path workDirectory;
  private final KubeAPIServer apiServer;
  private final List<ManagedProcess> processes = new ArrayList<>();
  private Path kubeconfig;
  private boolean apiServerStarted;

  private LocalControlPlane(Mode mode, Path workDirectory, KubeAPIServer apiServer) {
    this.mode = mode;
    this.workDirectory = workDirectory;
    this.apiServer = apiServer;
  }

  /**
   * Starts a control plane, writing its kubeconfig and component logs to {@code workDirectory}.
   *
   * @param nodes number of simulated nodes (ignored in {@link Mode#API_SERVER})
   */
  public static LocalControlPlane start(Mode mode, Path workDirectory, int nodes) {
    return start(mode, workDirectory, nodes, List.of());
  }

  /**
   * Starts a control plane whose kube-apiserver gets extra flags, each one {@code --name=value}
   * (e.g. an audit log, which the benchmarks count requests in).
   */
  public static LocalControlPlane start(
      Mode mode, Path workDirectory, int nodes, List<String> apiServerFlags) {
    var binaries = ControlPlaneBinaries.locate();
    if (mode == Mode.SIMULATED_CLUSTER) {
      requireSimulatedClusterBinaries(binaries.orElse(null));
    }
    var config = KubeAPIServerConfigBuilder.anAPIServerConfig().withUpdateKubeConfig(false);
    // Pin the version found so kube-api-test uses these binaries; without any it downloads.
    binaries.ifPresent(b -> config.withApiServerVersion(b.version()).withOfflineMode(true));
    // Nothing of a local control plane is reachable from the network (etcd is narrowed to
    // loopback by the wrapper hack/test-binaries.sh installs).
    config.withApiServerFlag("--bind-address=127.0.0.1");
    apiServerFlags.forEach(config::withApiServerFlag);
    var controlPlane =
        new LocalControlPlane(mode, workDirectory, new KubeAPIServer(config.build()));
    try {
      controlPlane.startComponents(binaries.orElse(null), nodes);
      return controlPlane;
    } catch (RuntimeException | IOException e) {
      controlPlane.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void requireSimulatedClusterBinaries(ControlPlaneBinaries binaries) {
    if (binaries == null) {
      throw new IllegalStateException(
          "a simulated cluster needs kube-apiserver, etcd, kubectl, kube-controller-manager,"
              + " kube-scheduler and kwok under "
              + ControlPlaneBinaries.configuredKubeApiTestDir().resolve("k8s")
              + "; run hack/test-binaries.sh (needs Go) to build them");
    }
    if (!binaries.hasSimulatedCluster()) {
      throw new IllegalStateException(
          "a simulated cluster needs "
              + String.join(", ", binaries.missingForSimulatedCluster())
              + " in "
              + binaries.directory()
              + "; run hack/test-binaries.sh (needs Go) to build them");
    }
  }

  private void startComponents(ControlPlaneBinaries binaries, int nodes) throws IOException {
    Files.createDirectories(workDirectory);
    Instant started = Instant.now();
    apiServerStarted = true; // kube-api-test cleans up after a partial start too
    apiServer.start();
    kubeconfig = workDirectory.resolve("kubeconfig");
    Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
    forgetStaleKubectlDiscovery();
    log.info("kube-apiserver ready in {} ms", Duration.between(started, Instant.now()).toMillis());
    if (mode == Mode.SIMULATED_CLUSTER) {
      startSimulatedCluster(binaries, nodes);
      log.info(
          "simulated cluster with {} node(s) ready in {} ms",
          nodes,
          Duration.between(started, Instant.now()).toMillis());
    }
  }

  private void startSimulatedCluster(ControlPlaneBinaries binaries, int nodes) throws IOException {
    Path certificates = binaries.kubeApiTestDir();
    String kubeconfigPath = kubeconfig.toString();
    processes.add(
        ManagedProcess.start(
            "kube-controller-manager",
            List.of(
                binaries.binary("kube-controller-manager").toString(),
                "--kubeconfig=" + kubeconfigPath,
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--secure-port=" + freePort(),
                "--use-service-account-credentials=false",
                "--service-account-private-key-file=" + certificates.resolve("apiserver.key"),
                "--root-ca-file=" + certificates.resolve("apiserver.crt"),
                "--cluster-name=strata-local",
                // Simulated nodes never go away; a fast resync keeps tests quick.
                "--node-monitor-grace-period=60s",
                "--concurrent-deployment-syncs=10",
                "--concurrent-statefulset-syncs=10"),
            workDirectory));
    processes.add(
        ManagedProcess.start(
            "kube-scheduler",
            List.of(
                binaries.binary("kube-scheduler").toString(),
                "--kubeconfig=" + kubeconfigPath,
                "--leader-elect=false",
                "--bind-address=127.0.0.1",
                "--secure-port=" + freePort()),
            workDirectory));
    // kwok's stages run pods, play the load balancer a homelab has (k3s's ServiceLB, MetalLB),
    // and simulate image pull errors and crash loops for Pods annotated to ask for them.
    Path kwokConfig = workDirectory.resolve("kwok-stages.yaml");
    writeKwokStages(kwokConfig);
    processes.add(
        ManagedProcess.start(
            "kwok",
            List.of(
                binaries.binary("kwok").toString(),
                "--kubeconfig=" + kubeconfigPath,
                "--config=" + kwokConfig,
                "--manage-all-nodes=false",
                "--manage-nodes-with-annotation-selector=" + KWOK_NODE_ANNOTATION + "=fake",
                // Without node Leases kwok only refreshes node status every 10 minutes, and the
                // node lifecycle controller marks every node NotReady after its grace period.
                "--node-lease-duration-seconds=" + NODE_LEASE_SECONDS,
                "--cidr=10.244.0.1/16",
                "--node-ip=10.1.0.1",
                "--server-address=127.0.0.1:" + freePort()),
            workDirectory));
    try (KubernetesClient client = newClient()) {
      for (int i = 0; i < nodes; i++) {
        client.nodes().resource(simulatedNode("kwok-node-" + i)).create();
      }
      // The controller-manager is up once it has created the default ServiceAccount; a node is
      // up once kwok has marked it Ready.
      waitFor(
          "kube-controller-manager to create ServiceAccount default/default",
          () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
      waitFor(
          nodes + " simulated node(s) to become Ready",
          () ->
              client.nodes().list().getItems().stream().filter(LocalControlPlane::isReady).count()
                  >= nodes);
    }
  }

  private static Node simulatedNode(String name) {
    Map<String, Quantity> capacity =
        Map.of(
            "cpu",
            new Quantity("32"),
            "memory",
            new Quantity("256Gi"),
            "pods",
            new Quantity("250"));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToAnnotations(KWOK_NODE_ANNOTATION, "fake")
        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("type", "kwok")
        .endMetadata()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withOperatingSystem("linux")
        .withKubeletVersion("kwok")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  private static boolean isReady(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private void waitFor(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (!condition.getAsBoolean()) {
      processes.forEach(ManagedProcess::requireAlive);
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "timed out after "
                + STARTUP_TIMEOUT.toSeconds()
                + "s waiting for "
                + what
                + "; component logs are in "
                + workDirectory);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /**
   * Deletes kubectl's discovery cache for this server's address. The port is random, so an entry
   * there was left by an earlier local server and would hide this one's CRDs from kubectl ("the
   * server doesn't have a resource type") for hours.
   */
  private void forgetStaleKubectlDiscovery() throws IOException {
    var server = URI.create(Config.fromKubeconfig(apiServer.getKubeConfigYaml()).getMasterUrl());
    String cacheRoot = System.getenv("KUBECACHEDIR");
    Path entry =
        (cacheRoot != null
                ? Path.of(cacheRoot)
                : Path.of(System.getProperty("user.home"), ".kube", "cache"))
            .resolve("discovery")
            .resolve(server.getHost() + "_" + server.getPort());
    if (Files.isDirectory(entry)) {
      try (var files = Files.walk(entry)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
      log.debug("deleted stale kubectl discovery cache {}", entry);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A new client for this control plane, authenticated as a cluster administrator. */
  public KubernetesClient newClient() {
    return KubernetesClients.of(Config.fromKubeconfig(apiServer.getKubeConfigYaml()));
  }

  /** The kubeconfig file for kubectl and other tools. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public Mode mode() {
    return mode;
  }

  /** Where the kubeconfig and component logs are written. */
  public Path workDirectory() {
    return workDirectory;
  }

  /** Stops every component, simulated cluster first. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).close();
    }
    processes.clear();
    if (apiServerStarted) {
      apiServer.stop();
      apiServerStarted = false;
    }
  }

  /**
   * kwok's stages: its default Pod stages, a load balancer, and Pods that simulate an image pull
   * error or a crash loop when their template is annotated {@value
   * dev.strata.api.StrataMetadata#SIMULATE_ANNOTATION} (see the resource file).
   */
  private static void writeKwokStages(Path file) throws IOException {
    try (var stages = LocalControlPlane.class.getResourceAsStream("kwok-stages.yaml")) {
      if (stages == null) {
        throw new IOException("kwok-stages.yaml is missing from the jar");
      }
      Files.write(file, stages.readAllBytes());
    }
  }
}
