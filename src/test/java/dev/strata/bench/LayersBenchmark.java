package dev.strata.bench;

import static dev.strata.bench.ApplyBenchmark.json;
import static dev.strata.bench.ApplyBenchmark.printTable;
import static dev.strata.bench.ApplyBenchmark.round;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.api.GitSource;
import dev.strata.api.Layer;
import dev.strata.api.LayerPhase;
import dev.strata.api.LayerStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.StrataMetadata;
import dev.strata.health.HealthRules;
import dev.strata.layers.LayerPlan;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.render.DiskTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.Resource;
import dev.strata.runtime.CustomResourceDefinitions;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import dev.strata.webhook.Signatures;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Measures the operator on the homelab example (clusters/simulated, six layers) on a simulated
 * cluster it starts itself (kube-apiserver with an audit log, etcd, kube-controller-manager,
 * kube-scheduler, kwok nodes): the operator's own time from a new revision to all layers Ready
 * beyond the workloads' readiness, drift healing, API requests while idle and memory; then the
 * 1,000-object apply of {@link ApplyBenchmark} on the same cluster. The operator runs as its own
 * process ({@code java -jar target/strata.jar operator}). Run with bench/layers.sh; prints tables
 * and, last, one JSON line. docs/benchmarks.md defines each figure.
 */
public final class LayersBenchmark {

  /** Put on every object of every layer (kustomize commonAnnotations): the commit it came from. */
  static final String MARKER = "bench.strata.dev/revision";

  private static final String LAYER_LABEL = "homelab.strata.dev/layer";
  private static final String CLUSTER = "clusters/simulated";
  private static final String OPERATOR_NAMESPACE = "strata-system";
  private static final String BENCH_AGENT = "strata-bench";
  private static final String OPERATOR_AGENT = "fabric8-kubernetes-client";
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Duration WAIT = Duration.ofMinutes(5);

  /** {@code layers}: bench/layers.sh's figures; {@code push}: bench/push.sh's. */
  private static final String SCENARIO = System.getProperty("bench.scenario", "layers");

  private static final int PUSH_RUNS = Integer.getInteger("bench.pushRuns", 3);
  private static final int RECOVERY_RUNS = Integer.getInteger("bench.recoveryRuns", 3);

  /** The example's layer timeout (clusters/simulated/layers.yaml): what fail-fast beats. */
  private static final int HEALTH_TIMEOUT_S = 120;

  private static final String RECEIVER = "homelab-github";
  private static final int IDLE_SECONDS = Integer.getInteger("bench.idleSeconds", 60);
  private static final int DRIFT_RUNS = Integer.getInteger("bench.driftRuns", 5);
  private static final boolean RUN_APPLY =
      Boolean.parseBoolean(System.getProperty("bench.apply", "true"));
  private static final Path JAR = Path.of(System.getProperty("bench.jar", "target/strata.jar"));

  /** As the JVM sizes itself in deploy/'s container (limits: 1 CPU, 768 MiB). */
  private static final String OPERATOR_JAVA_OPTS =
      System.getProperty("bench.operatorJavaOpts", "-XX:MaxRAM=768m -XX:ActiveProcessorCount=1");

  private final Path root;
  private final KubernetesClient client;
  private final List<Layer> layers;
  private final LayerPlan plan;
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final ObjectTracker tracker = new ObjectTracker();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile Revision current;
  private final HttpClient http = HttpClient.newHttpClient();
  private final byte[] webhookSecret = HexFormat.of().formatHex(randomBytes(32)).getBytes(UTF_8);
  private final int webhookPort;

  private LayersBenchmark(Path root, KubernetesClient client, List<Layer> layers) throws Exception {
    this.root = root;
    this.client = client;
    this.layers = layers;
    this.plan = LayerPlan.of(layers);
    try (var socket = new ServerSocket(0)) {
      this.webhookPort = socket.getLocalPort();
    }
  }

  public static void main(String[] args) throws Exception {
    if (!List.of("layers", "push", "recovery").contains(SCENARIO)) {
      throw new IllegalArgumentException(
          "bench.scenario is layers, push or recovery, not " + SCENARIO);
    }
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run ./mvnw package -DskipTests");
    }
    Path root = Files.createTempDirectory("strata-bench-layers-");
    Path auditLog = root.resolve("audit.log");
    Path policy = root.resolve("audit-policy.yaml");
    Files.writeString(
        policy,
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived]
        rules:
          - level: Metadata
        """);
    var layers =
        Serialization.unmarshal(
                Files.readString(ROOT.resolve(CLUSTER).resolve("layers.yaml")),
                LayeredKustomization.class)
            .getSpec()
            .getLayers();
    try (var controlPlane =
            LocalControlPlane.start(
                LocalControlPlane.Mode.SIMULATED_CLUSTER,
                root.resolve("cluster"),
                2,
                List.of("--audit-policy-file=" + policy, "--audit-log-path=" + auditLog));
        var client = benchClient(controlPlane.kubeconfig());
        var daemon = GitDaemon.serve(Files.createDirectories(root.resolve("served")))) {
      CustomResourceDefinitions.install(client);
      var bench = new LayersBenchmark(root, client, layers);
      Map<String, Object> last = bench.run(controlPlane, daemon, auditLog);
      bench.printLayers();
      printTable(bench.figures);
      System.out.println(json(last));
    }
  }

  private static KubernetesClient benchClient(Path kubeconfig) throws IOException {
    var config = Config.fromKubeconfig(Files.readString(kubeconfig));
    config.setUserAgent(BENCH_AGENT); // so the audit log tells its requests from the operator's
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private Map<String, Object> run(LocalControlPlane controlPlane, GitDaemon daemon, Path auditLog)
      throws Exception {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(OPERATOR_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    var repository = TestRepository.generate(root.resolve("served"), "homelab", 1, 10, 7);
    Map<String, List<String>> objectsByLayer = render(1);
    watchObjects(objectsByLayer);
    var sourceEvents = new SourceWatch();
    informers.add(
        client
            .resources(GitSource.class)
            .inNamespace(OPERATOR_NAMESPACE)
            .inform(handler(sourceEvents::seen)));
    informers.add(
        client
            .resources(LayeredKustomization.class)
            .inNamespace(OPERATOR_NAMESPACE)
            .inform(handler(this::layersSeen)));

    // The simulated cluster has no load balancer (the homelab's k3s has ServiceLB): the bench
    // plays it, giving each LoadBalancer Service an address as soon as it sees it.
    informers.add(client.services().inAnyNamespace().inform(handler(this::assignLoadBalancer)));
    configureWebhook();
    Process operator = startOperator(controlPlane.kubeconfig());
    try {
      // Revision 1: the example arrives on a new GitSource while its LayeredKustomization waits.
      String first = repository.commitFiles(exampleFiles(1));
      current = new Revision("1", first);
      sourceEvents.expect(current);
      var lk =
          Serialization.unmarshal(
              Files.readString(ROOT.resolve(CLUSTER).resolve("layers.yaml")),
              LayeredKustomization.class);
      client.resource(lk).create();
      var source =
          Serialization.unmarshal(
              Files.readString(ROOT.resolve(CLUSTER).resolve("gitsource.yaml")), GitSource.class);
      source.getSpec().setUrl(daemon.url("homelab.git"));
      client.resource(source).create();
      var install = awaitAllReady(current, objectsByLayer);
      figures.put("first_install_s", round(install.total()));
      figures.put("first_install_overhead_s", round(install.overhead()));
      figures.put("first_install_overhead_per_layer_s", round(install.overhead() / layers.size()));
      figures.put("rss_after_install_mib", memory(operator).get("VmRSS"));
      if (SCENARIO.equals("push")) {
        measurePush(repository, daemon.url("homelab.git"), objectsByLayer, sourceEvents);
        return lastLine(
            List.of("push_to_ready_s", "workload_ready_s", "push_overhead_s", "push_runs"));
      }
      if (SCENARIO.equals("recovery")) {
        measureRecovery(repository, daemon.url("homelab.git"), objectsByLayer, sourceEvents);
        return lastLine(
            List.of("mttr_s", "detect_s", "rollback_s", "health_timeout_s", "recovery_runs"));
      }

      // Revision 2: every object of every layer changes (its annotation; pod templates too, so
      // every workload rolls out); the push is announced as a webhook would, by the annotation.
      String second = repository.commitFiles(exampleFiles(2));
      current = new Revision("2", second);
      sourceEvents.expect(current);
      requestReconcile(source.getMetadata().getName());
      var update = awaitAllReady(current, objectsByLayer);
      figures.put("new_revision_s", round(update.total()));
      figures.put("new_revision_workloads_s", round(update.workloads()));
      figures.put("new_revision_overhead_s", round(update.overhead()));
      figures.put("critical_path", String.join(">", update.chain()));
      figures.put("overhead_per_critical_hop_s", round(update.overhead() / update.chain().size()));
      figures.put("overhead_per_layer_s", round(update.overhead() / layers.size()));
      figures.put("rss_after_new_revision_mib", memory(operator).get("VmRSS"));

      measureDrift(objectsByLayer);
      measureIdle(auditLog, operator);
    } catch (Exception | Error e) {
      var lk =
          client
              .resources(LayeredKustomization.class)
              .inNamespace(OPERATOR_NAMESPACE)
              .withName("homelab")
              .get();
      System.err.println(
          "LayeredKustomization status:\n"
              + (lk == null ? "none" : Serialization.asYaml(lk.getStatus())));
      for (var pod : client.pods().inNamespace("homelab").list().getItems()) {
        System.err.println(
            "pod "
                + pod.getMetadata().getName()
                + " on "
                + pod.getSpec().getNodeName()
                + ": "
                + pod.getStatus().getPhase()
                + " "
                + pod.getStatus().getConditions());
      }
      for (var claim : client.persistentVolumeClaims().inNamespace("homelab").list().getItems()) {
        System.err.println(
            "claim " + claim.getMetadata().getName() + ": " + claim.getStatus().getPhase());
      }
      for (var event : client.v1().events().inNamespace("homelab").list().getItems()) {
        System.err.println(
            "event "
                + event.getInvolvedObject().getKind()
                + "/"
                + event.getInvolvedObject().getName()
                + " "
                + event.getReason()
                + ": "
                + event.getMessage());
      }
      System.err.println("operator log (" + root.resolve("operator.log") + "), last lines:");
      try (Stream<String> lines = Files.lines(root.resolve("operator.log"))) {
        var all = lines.toList();
        all.subList(Math.max(0, all.size() - 40), all.size()).forEach(System.err::println);
      }
      throw e;
    } finally {
      informers.forEach(SharedIndexInformer::close);
      operator.destroy(); // SIGTERM: the operator shuts down gracefully
      if (!operator.waitFor(60, TimeUnit.SECONDS)) {
        operator.destroyForcibly();
      }
    }

    if (RUN_APPLY) {
      // The operator has stopped, so only the apply runs on the cluster.
      Map<String, Object> apply = ApplyBenchmark.measure(controlPlane, root.resolve("apply"));
      apply.forEach((k, v) -> figures.put(k.startsWith("apply") ? k : "apply." + k, v));
      figures.put("apply_1000_s", apply.get("apply_1000_s"));
      figures.put("kubectl_apply_1000_s", apply.get("kubectl_apply_1000_s"));
      figures.put("apply_speedup_vs_kubectl", apply.get("speedup"));
    }

    return lastLine(
        List.of(
            "overhead_per_layer_s",
            "apply_1000_s",
            "kubectl_apply_1000_s",
            "idle_requests_per_min",
            "drift_heal_s",
            "rss_mib"));
  }

  /** The JSON line's figures: the headline ones first, then the others but the apply details. */
  private Map<String, Object> lastLine(List<String> headline) {
    Map<String, Object> last = new LinkedHashMap<>();
    for (String key : headline) {
      if (figures.containsKey(key)) {
        last.put(key, figures.get(key));
      }
    }
    figures.forEach(
        (k, v) -> {
          if (!k.startsWith("apply.")) {
            last.putIfAbsent(k, v instanceof String s ? '"' + s + '"' : v);
          }
        });
    return last;
  }

  // --- the example repository ------------------------------------------------------------------

  /**
   * The example's files (clusters/, infrastructure/, apps/ of this checkout), each layer's
   * kustomization.yaml given the revision annotation for all its objects.
   */
  private Map<String, String> exampleFiles(int revision) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (String top : List.of("clusters", "infrastructure", "apps")) {
      try (Stream<Path> walk = Files.walk(ROOT.resolve(top))) {
        for (Path file : walk.filter(Files::isRegularFile).toList()) {
          files.put(ROOT.relativize(file).toString(), Files.readString(file));
        }
      }
    }
    for (Layer layer : layers) {
      String path = layer.getPath() + "/kustomization.yaml";
      String kustomization = Objects.requireNonNull(files.get(path), path);
      if (kustomization.contains("commonAnnotations:")) {
        throw new IllegalStateException(path + " has commonAnnotations already");
      }
      files.put(
          path, kustomization + "commonAnnotations:\n  " + MARKER + ": \"" + revision + "\"\n");
    }
    return files;
  }

  /** Renders each layer as the operator will (kind/namespace/name of each object, by layer). */
  private Map<String, List<String>> render(int revision) throws Exception {
    Path tree = root.resolve("tree-" + revision);
    for (var file : exampleFiles(revision).entrySet()) {
      Path target = tree.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    var builder = new KustomizeBuilder(new DiskTree(tree));
    Map<String, List<String>> objects = new LinkedHashMap<>();
    for (Layer layer : layers) {
      List<String> keys = new ArrayList<>();
      for (Resource resource : builder.build(layer.getPath(), null)) {
        Map<?, ?> metadata = (Map<?, ?>) resource.object().get("metadata");
        Map<?, ?> labels = (Map<?, ?>) metadata.get("labels");
        Map<?, ?> annotations = (Map<?, ?>) metadata.get("annotations");
        if (labels == null || !layer.getName().equals(labels.get(LAYER_LABEL))) {
          throw new IllegalStateException(resource.id() + " lacks label " + LAYER_LABEL);
        }
        if (annotations == null || !String.valueOf(revision).equals(annotations.get(MARKER))) {
          throw new IllegalStateException(resource.id() + " lacks annotation " + MARKER);
        }
        keys.add(
            key(resource.apiVersion(), resource.kind(), resource.namespace(), resource.name()));
      }
      objects.put(layer.getName(), keys);
    }
    return objects;
  }

  private static String key(String apiVersion, String kind, String namespace, String name) {
    return apiVersion + "/" + kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }

  // --- watching ------------------------------------------------------------------------------

  /** A revision under way: the commit, and when the bench saw what. */
  private static final class Revision {
    final String marker;
    final String commit;
    final CompletableFuture<Long> artifact = new CompletableFuture<>();
    final CompletableFuture<Long> allReady = new CompletableFuture<>();
    final Map<String, Long> layerReadyInStatus = new ConcurrentHashMap<>();

    Revision(String marker, String commit) {
      this.marker = marker;
      this.commit = commit;
    }
  }

  /** When each object was first seen carrying a revision, and first seen healthy with it. */
  private static final class ObjectTracker {
    final Map<String, Map<String, Long>> applied = new ConcurrentHashMap<>();
    final Map<String, Map<String, Long>> healthy = new ConcurrentHashMap<>();

    void seen(GenericKubernetesResource object) {
      long now = System.nanoTime();
      var annotations = object.getMetadata().getAnnotations();
      String marker = annotations == null ? null : annotations.get(MARKER);
      if (marker == null) {
        return;
      }
      String key =
          key(
              object.getApiVersion(),
              object.getKind(),
              object.getMetadata().getNamespace(),
              object.getMetadata().getName());
      applied.computeIfAbsent(marker, m -> new ConcurrentHashMap<>()).putIfAbsent(key, now);
      if (HealthRules.compute(object).isCurrent()) {
        healthy.computeIfAbsent(marker, m -> new ConcurrentHashMap<>()).putIfAbsent(key, now);
      }
    }
  }

  private void watchObjects(Map<String, List<String>> objectsByLayer) {
    Set<String> kinds = new LinkedHashSet<>();
    objectsByLayer.values().forEach(keys -> keys.forEach(k -> kinds.add(apiVersionAndKind(k))));
    for (String kind : kinds) {
      int slash = kind.lastIndexOf('/');
      informers.add(
          client
              .genericKubernetesResources(kind.substring(0, slash), kind.substring(slash + 1))
              .inAnyNamespace()
              .withLabel(LAYER_LABEL)
              .inform(handler(tracker::seen)));
    }
  }

  private static String apiVersionAndKind(String key) {
    String[] parts = key.split("/");
    // apiVersion has one slash unless it is core (v1): key is [group/]version/kind/ns/name
    return String.join("/", List.of(parts).subList(0, parts.length - 2));
  }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> seen) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        seen.accept(object);
      }

      @Override
      public void onUpdate(T before, T after) {
        seen.accept(after);
      }

      @Override
      public void onDelete(T object, boolean unknownFinalStateRetained) {}
    };
  }

  /** Completes a revision's artifact future when the GitSource's artifact carries its commit. */
  private static final class SourceWatch {
    private volatile Revision expected;

    void expect(Revision revision) {
      expected = revision;
    }

    void seen(GitSource source) {
      long now = System.nanoTime();
      Revision revision = expected;
      if (revision != null
          && source.getStatus() != null
          && source.getStatus().getArtifact() != null
          && source.getStatus().getArtifact().getRevision() != null
          && source.getStatus().getArtifact().getRevision().endsWith(revision.commit)) {
        revision.artifact.complete(now);
      }
    }
  }

  private void layersSeen(LayeredKustomization lk) {
    long now = System.nanoTime();
    Revision revision = current;
    var status = lk.getStatus();
    BadCommit bad = badCommit;
    if (bad != null && status != null) {
      bad.seen(status, layers.size(), now);
    }
    if (revision == null || status == null || status.getLayers() == null) {
      return;
    }
    int ready = 0;
    for (LayerStatus layer : status.getLayers()) {
      if (layer.getPhase() == LayerPhase.READY
          && layer.getRevision() != null
          && layer.getRevision().endsWith(revision.commit)) {
        revision.layerReadyInStatus.putIfAbsent(layer.getName(), now);
        ready++;
      }
    }
    boolean readyCondition =
        status.getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    if (ready == layers.size()
        && readyCondition
        && status.getLastAppliedRevision() != null
        && status.getLastAppliedRevision().endsWith(revision.commit)) {
      revision.allReady.complete(now);
    }
  }

  private void assignLoadBalancer(io.fabric8.kubernetes.api.model.Service service) {
    if (!"LoadBalancer".equals(service.getSpec().getType())
        || (service.getStatus() != null
            && service.getStatus().getLoadBalancer() != null
            && !service.getStatus().getLoadBalancer().getIngress().isEmpty())) {
      return;
    }
    var status =
        new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("127.0.0.1")
            .endIngress()
            .endLoadBalancer()
            .build();
    service.setStatus(status);
    try {
      client.resource(service).updateStatus();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // A newer version exists: its update event comes next and is handled then.
    }
  }

  // --- overhead ------------------------------------------------------------------------------

  /** One layer of one revision, in seconds from the artifact. */
  private record LayerTiming(
      String name, double applied, double healthy, double inStatus, double start, double own) {}

  /** A revision's figures: the total, the critical chain and its workloads' own readiness. */
  private record Outcome(double total, List<String> chain, double workloads) {
    double overhead() {
      return total - workloads;
    }
  }

  private final Map<String, List<LayerTiming>> timings = new LinkedHashMap<>();

  private Outcome awaitAllReady(Revision revision, Map<String, List<String>> objectsByLayer)
      throws Exception {
    long t0 = revision.artifact.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    long t1 = revision.allReady.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    // The bench's own watches may trail the operator's by a few milliseconds.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Long> applied = Map.of();
    Map<String, Long> healthy = Map.of();
    List<String> missing = List.of();
    while (System.nanoTime() < deadline) {
      applied = tracker.applied.getOrDefault(revision.marker, Map.of());
      healthy = tracker.healthy.getOrDefault(revision.marker, Map.of());
      Map<String, Long> seenHealthy = healthy;
      missing =
          objectsByLayer.values().stream()
              .flatMap(Collection::stream)
              .filter(k -> !seenHealthy.containsKey(k))
              .toList();
      if (missing.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the operator reports revision "
              + revision.marker
              + " Ready, but these objects were never seen healthy with it: "
              + missing);
    }
    Map<String, Long> layerApplied = new HashMap<>();
    Map<String, Long> layerHealthy = new HashMap<>();
    for (var entry : objectsByLayer.entrySet()) {
      layerApplied.put(entry.getKey(), max(entry.getValue(), applied));
      layerHealthy.put(entry.getKey(), max(entry.getValue(), healthy));
    }
    List<LayerTiming> rows = new ArrayList<>();
    Map<String, Long> own = new HashMap<>();
    for (Layer layer : plan.topological()) {
      String name = layer.getName();
      long depsHealthy =
          plan.dependencies(name).stream().mapToLong(layerHealthy::get).max().orElse(t0);
      long ownNanos = Math.max(0, layerHealthy.get(name) - layerApplied.get(name));
      own.put(name, ownNanos);
      rows.add(
          new LayerTiming(
              name,
              seconds(layerApplied.get(name) - t0),
              seconds(layerHealthy.get(name) - t0),
              seconds(revision.layerReadyInStatus.getOrDefault(name, t1) - t0),
              seconds(layerApplied.get(name) - depsHealthy),
              seconds(ownNanos)));
    }
    timings.put(revision.marker, rows);
    // The chain that finished last: from the last layer healthy back along the dependency that
    // became healthy last.
    List<String> chain = new ArrayList<>();
    String layer =
        layerHealthy.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    while (layer != null) {
      chain.add(0, layer);
      layer =
          plan.dependencies(layer).stream()
              .max((a, b) -> Long.compare(layerHealthy.get(a), layerHealthy.get(b)))
              .orElse(null);
    }
    double workloads = seconds(chain.stream().mapToLong(own::get).sum());
    return new Outcome(seconds(t1 - t0), chain, workloads);
  }

  private static long max(List<String> keys, Map<String, Long> times) {
    return keys.stream().mapToLong(times::get).max().orElseThrow();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private void requestReconcile(String name) {
    client
        .resources(GitSource.class)
        .inNamespace(OPERATOR_NAMESPACE)
        .withName(name)
        .edit(
            source -> {
              if (source.getMetadata().getAnnotations() == null) {
                source.getMetadata().setAnnotations(new HashMap<>());
              }
              source
                  .getMetadata()
                  .getAnnotations()
                  .put(StrataMetadata.REQUESTED_AT_ANNOTATION, Instant.now().toString());
              return source;
            });
  }

  // --- push to deploy ------------------------------------------------------------------------

  /** The receiver a GitHub repository's webhook would call: a ConfigMap and a Secret. */
  private void configureWebhook() {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("strata-webhook-tokens")
                .withNamespace(OPERATOR_NAMESPACE)
                .endMetadata()
                .addToStringData("github", new String(webhookSecret, UTF_8))
                .build())
        .create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("strata-webhooks")
                .withNamespace(OPERATOR_NAMESPACE)
                .endMetadata()
                .addToData(
                    "receivers.yaml",
                    "receivers:\n  - name: "
                        + RECEIVER
                        + "\n    type: github\n"
                        + "    secretRef: {name: strata-webhook-tokens, key: github}\n")
                .build())
        .create();
  }

  /**
   * PUSH_RUNS times: a commit changing every object of every layer is pushed with C git, then
   * delivered as GitHub would (a signed push event); the time from the push to all layers Ready,
   * against the workloads' own readiness along the critical chain. Reports the median run.
   */
  private void measurePush(
      TestRepository repository,
      String url,
      Map<String, List<String>> objectsByLayer,
      SourceWatch sourceEvents)
      throws Exception {
    record PushRun(
        double pushToReady,
        double workloads,
        List<String> chain,
        double gitPush,
        double webhook,
        double artifact) {
      double overhead() {
        return pushToReady - workloads;
      }
    }
    List<PushRun> runs = new ArrayList<>();
    for (int i = 0; i < PUSH_RUNS; i++) {
      Thread.sleep(3000); // the last rollout's old pods go
      String marker = String.valueOf(i + 2);
      String commit = repository.commitWithoutPush(exampleFiles(i + 2));
      current = new Revision(marker, commit);
      sourceEvents.expect(current);
      long pushed = System.nanoTime();
      repository.push();
      long delivered = System.nanoTime();
      int status = deliverPush(url, commit);
      long answered = System.nanoTime();
      if (status != 200) {
        throw new IllegalStateException("the webhook answered " + status + " to a signed push");
      }
      var outcome = awaitAllReady(current, objectsByLayer);
      long ready = current.allReady.get();
      runs.add(
          new PushRun(
              seconds(ready - pushed),
              outcome.workloads(),
              outcome.chain(),
              seconds(delivered - pushed),
              seconds(answered - delivered),
              seconds(current.artifact.get() - pushed)));
    }
    PushRun median =
        runs.stream()
            .sorted(Comparator.comparingDouble(PushRun::overhead))
            .toList()
            .get(runs.size() / 2);
    figures.put("push_to_ready_s", round(median.pushToReady()));
    figures.put("workload_ready_s", round(median.workloads()));
    figures.put("push_overhead_s", round(median.overhead()));
    figures.put("push_runs", runs.size());
    figures.put("push_to_ready_runs_s", runs.stream().map(r -> round(r.pushToReady())).toList());
    figures.put("workload_ready_runs_s", runs.stream().map(r -> round(r.workloads())).toList());
    figures.put("push_overhead_runs_s", runs.stream().map(r -> round(r.overhead())).toList());
    figures.put("git_push_s", round(median.gitPush()));
    figures.put("webhook_answer_s", round(median.webhook()));
    figures.put("push_to_artifact_s", round(median.artifact()));
    figures.put("critical_path", String.join(">", median.chain()));
  }

  // --- recovery from a bad commit ------------------------------------------------------------

  private static final String BROKEN_DEPLOYMENT = "apps/core/n8n/deployment.yaml";
  private volatile BadCommit badCommit;

  /** A bad commit under way: when the operator's status first showed its failure and recovery. */
  private static final class BadCommit {
    final String bad;
    final String good;
    final CompletableFuture<Long> detected = new CompletableFuture<>();
    final CompletableFuture<Long> rolledBack = new CompletableFuture<>();

    BadCommit(String bad, String good) {
      this.bad = bad;
      this.good = good;
    }

    void seen(dev.strata.api.LayeredKustomizationStatus status, int layerCount, long now) {
      boolean layerFailed =
          status.getLayers() != null
              && status.getLayers().stream()
                  .anyMatch(
                      l ->
                          l.getPhase() == LayerPhase.FAILED
                              && l.getRevision() != null
                              && l.getRevision().endsWith(bad));
      if (layerFailed
          || (status.getFailedRevision() != null && status.getFailedRevision().endsWith(bad))) {
        detected.complete(now);
      }
      boolean rolledBackCondition =
          status.getConditions() != null
              && status.getConditions().stream()
                  .anyMatch(
                      c ->
                          c.getType().equals("Ready")
                              && dev.strata.api.Reasons.ROLLED_BACK.equals(c.getReason()));
      long ready =
          status.getLayers() == null
              ? 0
              : status.getLayers().stream().filter(l -> l.getPhase() == LayerPhase.READY).count();
      if (rolledBackCondition
          && ready == layerCount
          && status.getLastAppliedRevision() != null
          && status.getLastAppliedRevision().endsWith(good)) {
        rolledBack.complete(now);
      }
    }
  }

  /**
   * RECOVERY_RUNS times from a healthy revision: a commit whose n8n image can never be pulled (on
   * the simulated cluster, kwok plays ErrImagePull for Pods annotated strata.dev/simulate) is
   * pushed and announced by the webhook; the time until the operator reports the failure (detect),
   * until it reports every layer Ready at the previous revision and n8n is available on its old
   * template again (rollback), and the sum (mttr). A fix is then committed, as a person would, so
   * the next run starts from a new healthy revision.
   */
  private void measureRecovery(
      TestRepository repository,
      String url,
      Map<String, List<String>> objectsByLayer,
      SourceWatch sourceEvents)
      throws Exception {
    record RecoveryRun(double detect, double rollback, double mttr) {}
    List<RecoveryRun> runs = new ArrayList<>();
    int marker = 1;
    for (int i = 0; i < RECOVERY_RUNS; i++) {
      Map<String, String> files = exampleFiles(marker);
      String deployment = files.get(BROKEN_DEPLOYMENT);
      String broken =
          deployment.replace(
              "      annotations:\n        prometheus.io/scrape",
              "      annotations:\n        "
                  + StrataMetadata.SIMULATE_ANNOTATION
                  + ": "
                  + StrataMetadata.SIMULATE_IMAGE_PULL_ERROR
                  + "\n        prometheus.io/scrape");
      if (broken.equals(deployment)) {
        throw new IllegalStateException(BROKEN_DEPLOYMENT + " changed shape: cannot break it");
      }
      files.put(BROKEN_DEPLOYMENT, broken);
      String commit = repository.commitWithoutPush(files);
      var bad = new BadCommit(commit, current.commit);
      badCommit = bad;
      long pushed = System.nanoTime();
      repository.push();
      if (deliverPush(url, commit) != 200) {
        throw new IllegalStateException("the webhook refused a signed push");
      }
      long detected = bad.detected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      bad.rolledBack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      long recovered = awaitTemplateAvailable("homelab", "n8n");
      badCommit = null;
      runs.add(
          new RecoveryRun(
              seconds(detected - pushed),
              seconds(recovered - detected),
              seconds(recovered - pushed)));

      // The fix: a new revision touching every layer, Ready before the next bad commit.
      marker++;
      String fix = repository.commitFiles(exampleFiles(marker));
      current = new Revision(String.valueOf(marker), fix);
      sourceEvents.expect(current);
      if (deliverPush(url, fix) != 200) {
        throw new IllegalStateException("the webhook refused a signed push");
      }
      awaitAllReady(current, objectsByLayer);
      Thread.sleep(3000); // the last rollout's old pods go
    }
    RecoveryRun median =
        runs.stream()
            .sorted(Comparator.comparingDouble(RecoveryRun::mttr))
            .toList()
            .get(runs.size() / 2);
    figures.put("mttr_s", round(median.mttr()));
    figures.put("detect_s", round(median.detect()));
    figures.put("rollback_s", round(median.rollback()));
    figures.put("health_timeout_s", HEALTH_TIMEOUT_S);
    figures.put("recovery_runs", runs.size());
    figures.put("mttr_runs_s", runs.stream().map(r -> round(r.mttr())).toList());
    figures.put("detect_runs_s", runs.stream().map(r -> round(r.detect())).toList());
    figures.put("rollback_runs_s", runs.stream().map(r -> round(r.rollback())).toList());
  }

  /**
   * Waits until the Deployment runs a template without the simulated failure and is available with
   * all its replicas updated; returns when that was first seen.
   */
  private long awaitTemplateAvailable(String namespace, String name) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      var annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
      var status = d.getStatus();
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      if ((annotations == null || !annotations.containsKey(StrataMetadata.SIMULATE_ANNOTATION))
          && status != null
          && Objects.equals(status.getObservedGeneration(), d.getMetadata().getGeneration())
          && Objects.equals(status.getUpdatedReplicas(), replicas)
          && Objects.equals(status.getAvailableReplicas(), replicas)
          && Objects.equals(status.getReplicas(), replicas)) {
        return System.nanoTime();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(namespace + "/" + name + " never ran its old template again");
  }

  /** POSTs a GitHub push event for main at {@code commit}, signed with the receiver's secret. */
  private int deliverPush(String url, String commit) throws IOException, InterruptedException {
    byte[] body =
        ("{\"ref\":\"refs/heads/main\",\"after\":\""
                + commit
                + "\",\"repository\":{\"clone_url\":\""
                + url
                + "\"}}")
            .getBytes(UTF_8);
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort + "/hook/" + RECEIVER))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-GitHub-Delivery", UUID.randomUUID().toString())
            .header("X-Hub-Signature-256", Signatures.sha256Header(webhookSecret, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  // --- drift ---------------------------------------------------------------------------------

  /** Scales a managed Deployment by hand, DRIFT_RUNS times; the time until it is scaled back. */
  private void measureDrift(Map<String, List<String>> objectsByLayer) throws Exception {
    String target =
        objectsByLayer.get("apps").stream()
            .filter(k -> k.startsWith("apps/v1/Deployment/"))
            .findFirst()
            .orElseThrow();
    String[] parts = target.split("/");
    String namespace = parts[3];
    String name = parts[4];
    BlockingQueue<Deployment> events = new LinkedBlockingQueue<>();
    var informer =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(name)
            .inform(handler(events::add));
    List<Double> runs = new ArrayList<>();
    try {
      for (int i = 0; i < DRIFT_RUNS; i++) {
        Thread.sleep(3000); // let the last heal's rollout settle
        int desired =
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get()
                .getSpec()
                .getReplicas();
        events.clear();
        long started = System.nanoTime();
        Deployment scaled =
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .edit(
                    d -> {
                      d.getSpec().setReplicas(desired + 2);
                      return d;
                    });
        long scaledGeneration = scaled.getMetadata().getGeneration();
        long deadline = started + Duration.ofSeconds(60).toNanos();
        while (true) {
          Deployment seen = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (seen == null) {
            throw new IllegalStateException("drift on " + target + " not healed within 60 s");
          }
          if (seen.getMetadata().getGeneration() > scaledGeneration
              && seen.getSpec().getReplicas() == desired) {
            runs.add(seconds(System.nanoTime() - started));
            break;
          }
        }
      }
    } finally {
      informer.close();
    }
    figures.put("drift_target", "Deployment/" + namespace + "/" + name);
    figures.put("drift_heal_runs_s", runs.stream().map(ApplyBenchmark::round).toList());
    figures.put("drift_heal_s", round(runs.stream().sorted().toList().get(runs.size() / 2)));
    var drift =
        client
            .resources(LayeredKustomization.class)
            .inNamespace(OPERATOR_NAMESPACE)
            .withName("homelab")
            .get()
            .getStatus()
            .getDrift();
    figures.put(
        "drift_status", drift == null ? "none" : drift.getAction() + "/" + drift.getCount());
  }

  // --- idle ----------------------------------------------------------------------------------

  /**
   * With everything Ready and nothing changing, the operator's requests over IDLE_SECONDS, from the
   * API server's audit log: requests that complete (not watches), and watches apart.
   */
  private void measureIdle(Path auditLog, Process operator) throws Exception {
    Thread.sleep(10_000); // the last heal's rollout and status updates settle
    Instant from = Instant.now();
    Thread.sleep(IDLE_SECONDS * 1000L);
    Instant to = Instant.now();
    Thread.sleep(2000); // the audit log's last events are written
    double minutes = Duration.between(from, to).toMillis() / 60_000.0;

    var mapper = new ObjectMapper();
    Map<String, Integer> requests = new TreeMap<>();
    Map<String, Instant> watchStarted = new HashMap<>();
    Map<String, Instant> watchEnded = new HashMap<>();
    Map<String, String> watchResource = new HashMap<>();
    Map<String, Integer> agents = new TreeMap<>();
    try (Stream<String> lines = Files.lines(auditLog)) {
      for (String line : (Iterable<String>) lines::iterator) {
        JsonNode event = mapper.readTree(line);
        String agent = event.path("userAgent").asText();
        if (!agent.startsWith(OPERATOR_AGENT)) {
          continue;
        }
        agents.merge(agent, 1, Integer::sum);
        String verb = event.path("verb").asText();
        String stage = event.path("stage").asText();
        Instant received = Instant.parse(event.path("requestReceivedTimestamp").asText());
        String resource = resource(event);
        if (verb.equals("watch")) {
          String id = event.path("auditID").asText();
          watchResource.put(id, resource);
          if (stage.equals("ResponseStarted")) {
            watchStarted.put(id, received);
          } else if (stage.equals("ResponseComplete")) {
            watchStarted.putIfAbsent(id, received);
            watchEnded.put(id, Instant.parse(event.path("stageTimestamp").asText()));
          }
        } else if (stage.equals("ResponseComplete")
            && !received.isBefore(from)
            && received.isBefore(to)) {
          requests.merge(verb + " " + resource, 1, Integer::sum);
        }
      }
    }
    int total = requests.values().stream().mapToInt(Integer::intValue).sum();
    int lease =
        requests.entrySet().stream()
            .filter(e -> e.getKey().contains("leases"))
            .mapToInt(Map.Entry::getValue)
            .sum();
    Map<String, Integer> openWatches = new TreeMap<>();
    watchStarted.entrySet().stream()
        .filter(e -> e.getValue().isBefore(to))
        .filter(
            e -> !watchEnded.containsKey(e.getKey()) || watchEnded.get(e.getKey()).isAfter(from))
        .forEach(e -> openWatches.merge(watchResource.get(e.getKey()), 1, Integer::sum));
    int open = openWatches.values().stream().mapToInt(Integer::intValue).sum();
    long opened =
        watchStarted.values().stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).count();
    figures.put("operator_user_agents", String.join(";", agents.keySet()));
    figures.put("idle_window_s", round(minutes * 60));
    figures.put("idle_requests_per_min", round(total / minutes));
    figures.put("idle_lease_requests_per_min", round(lease / minutes));
    figures.put("idle_other_requests_per_min", round((total - lease) / minutes));
    figures.put(
        "idle_requests",
        String.join(
            ";",
            requests.entrySet().stream()
                .map(e -> e.getKey().replace(' ', ':') + "=" + e.getValue())
                .toList()));
    figures.put("idle_watches_open", open);
    figures.put("idle_watches_opened", opened);
    figures.put(
        "idle_watch_resources",
        String.join(
            ";",
            openWatches.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    Map<String, Long> memory = memory(operator);
    figures.put("rss_mib", memory.get("VmRSS"));
    figures.put("rss_peak_mib", memory.get("VmHWM"));
    figures.put(
        "operator_java_opts",
        OPERATOR_JAVA_OPTS.isBlank() ? "none" : OPERATOR_JAVA_OPTS.trim().replace(' ', ','));
  }

  /** The resource a request is about: namespace/resource[/name][/subresource], from objectRef. */
  private static String resource(JsonNode event) {
    JsonNode ref = event.path("objectRef");
    StringBuilder resource = new StringBuilder();
    if (ref.hasNonNull("namespace")) {
      resource.append(ref.get("namespace").asText()).append('/');
    }
    resource.append(ref.path("resource").asText());
    if (ref.hasNonNull("name")) {
      resource.append('/').append(ref.get("name").asText());
    }
    if (ref.hasNonNull("subresource")) {
      resource.append('/').append(ref.get("subresource").asText());
    }
    return resource.toString();
  }

  // --- the operator process ------------------------------------------------------------------

  private Process startOperator(Path kubeconfig) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Stream.of(OPERATOR_JAVA_OPTS.trim().split("\\s+"))
        .filter(option -> !option.isEmpty())
        .forEach(command::add);
    command.addAll(
        List.of(
            "-jar",
            JAR.toAbsolutePath().toString(),
            "operator",
            "--cache-dir=" + root.resolve("cache"),
            "--lease-namespace=" + OPERATOR_NAMESPACE,
            "--management-port=0",
            "--webhook-port=" + webhookPort,
            "--log-format=text"));
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(root.resolve("operator.log").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("STRATA_"));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    return builder.start();
  }

  /** VmRSS and VmHWM of a process, in MiB, from /proc. */
  private static Map<String, Long> memory(Process process) throws IOException {
    Map<String, Long> memory = new HashMap<>();
    for (String line :
        Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      String[] parts = line.split("\\s+");
      if (parts[0].equals("VmRSS:") || parts[0].equals("VmHWM:")) {
        memory.put(parts[0].substring(0, parts[0].length() - 1), Long.parseLong(parts[1]) / 1024);
      }
    }
    return memory;
  }

  // --- output --------------------------------------------------------------------------------

  private void printLayers() {
    for (var entry : timings.entrySet()) {
      System.out.println();
      System.out.println(
          "revision "
              + entry.getKey()
              + (entry.getKey().equals("1") ? " (first install, cold operator)" : " (new revision)")
              + ": seconds from the GitSource's new artifact");
      System.out.printf(
          Locale.ROOT,
          "%-15s %9s %9s %9s %12s %11s%n",
          "layer",
          "applied",
          "healthy",
          "in status",
          "start (ovh)",
          "own ready");
      for (LayerTiming row : entry.getValue()) {
        System.out.printf(
            Locale.ROOT,
            "%-15s %9.2f %9.2f %9.2f %12.2f %11.2f%n",
            row.name(),
            row.applied(),
            row.healthy(),
            row.inStatus(),
            row.start(),
            row.own());
      }
    }
  }
}
