package dev.strata.bench;

import dev.strata.apply.ApplyOptions;
import dev.strata.apply.ChangeSet;
import dev.strata.apply.LayerApplier;
import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.render.Resource;
import dev.strata.testing.RequestCounter;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Measures applying 1,000 objects (ConfigMaps, Secrets, ServiceAccounts, Roles in four namespaces,
 * one file each) with {@link LayerApplier} against {@code kubectl apply --server-side} of the same
 * files, on a real kube-apiserver; then a second apply with nothing changed. Run with
 * bench/apply.sh; prints a table and, last, one JSON line.
 */
public final class ApplyBenchmark {

  private static final int OBJECTS = Integer.getInteger("bench.objects", 1000);
  private static final int CONCURRENCY =
      Integer.getInteger("bench.concurrency", ApplyOptions.defaults().concurrency());
  private static final int NAMESPACES = 4;
  private static final boolean RUN_KUBECTL =
      Boolean.parseBoolean(System.getProperty("bench.kubectl", "true"));

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("strata-bench-apply-");
    Map<String, Object> figures;
    try (var controlPlane =
        LocalControlPlane.start(LocalControlPlane.Mode.API_SERVER, root.resolve("cluster"), 0)) {
      figures = measure(controlPlane, root);
    }
    printTable(figures);
    if (figures.containsKey("kubectl_apply_1000_s")) {
      Map<String, Object> last = new LinkedHashMap<>();
      last.put("apply_1000_s", figures.get("apply_1000_s"));
      last.put("kubectl_apply_1000_s", figures.get("kubectl_apply_1000_s"));
      figures.forEach(last::putIfAbsent);
      System.out.println(json(last));
    }
  }

  /**
   * Runs the measurement against a running control plane, writing the files under {@code root};
   * returns the figures (the kubectl ones unless {@code -Dbench.kubectl=false}). Also used by
   * {@link LayersBenchmark} on the simulated cluster.
   */
  static Map<String, Object> measure(LocalControlPlane controlPlane, Path root) throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("objects", OBJECTS);
    figures.put("concurrency", CONCURRENCY);
    try (var admin = controlPlane.newClient()) {
      // The same files but for the namespace prefix: a warm-up, three measured runs, kubectl twice.
      List<String> prefixes =
          List.of("bench-w", "bench-s1", "bench-s2", "bench-s3", "bench-k", "bench-n");
      Map<String, Path> files = new LinkedHashMap<>();
      for (String prefix : prefixes) {
        files.put(prefix, write(root.resolve(prefix), prefix));
        for (int n = 0; n < NAMESPACES; n++) {
          admin
              .namespaces()
              .resource(
                  new NamespaceBuilder()
                      .withNewMetadata()
                      .withName(prefix + "-" + n)
                      .endMetadata()
                      .build())
              .create();
        }
      }
      var counter = new RequestCounter();
      try (KubernetesClient client = counter.newClient(controlPlane)) {
        var applier =
            new LayerApplier(client, ApplyOptions.defaults().withConcurrency(CONCURRENCY));

        // A fresh JVM: the first apply runs before the JIT has compiled anything.
        double cold =
            timed(() -> expect(applier.apply(read(files.get("bench-w"))), "1000 created"));
        figures.put("apply_1000_cold_jvm_s", round(cold));

        // Then as in a running operator; the median of three, this machine being shared.
        List<Double> runs = new ArrayList<>();
        for (String prefix : List.of("bench-s1", "bench-s2", "bench-s3")) {
          counter.reset();
          long cpuBefore = processCpuNanos();
          runs.add(timed(() -> expect(applier.apply(read(files.get(prefix))), "1000 created")));
          figures.put("apply_client_cpu_s", round((processCpuNanos() - cpuBefore) / 1e9));
          figures.put("apply_requests", counter.sent().size());
          figures.put("apply_writes", counter.writes().size());
        }
        figures.put("apply_1000_runs_s", runs.stream().map(ApplyBenchmark::round).toList());

        counter.reset();
        double again =
            timed(() -> expect(applier.apply(read(files.get("bench-s1"))), "1000 unchanged"));
        figures.put("reapply_unchanged_s", round(again));
        figures.put("reapply_unchanged_requests", counter.sent().size());
        figures.put("reapply_unchanged_writes", counter.writes().size());
        figures.put("apply_1000_s", round(runs.stream().sorted().toList().get(1)));
      }

      if (!RUN_KUBECTL) {
        return figures;
      }
      var kubectl = new KubectlRun(controlPlane.kubeconfig(), root.resolve("kubectl-cache"));
      kubectl.run("get", "namespaces"); // fills kubectl's discovery cache, as on a used machine
      double kubectlFirst = timed(() -> kubectl.run(kubectlApply(files.get("bench-k"))));
      double kubectlAgain = timed(() -> kubectl.run(kubectlApply(files.get("bench-k"))));
      // Without its client-side validation step, which takes most of kubectl's time here.
      double kubectlUnvalidated =
          timed(() -> kubectl.run(kubectlApply(files.get("bench-n"), "--validate=false")));
      figures.put("kubectl_reapply_unchanged_s", round(kubectlAgain));
      figures.put("kubectl_validate_false_apply_1000_s", round(kubectlUnvalidated));
      figures.put("kubectl_apply_1000_s", round(kubectlFirst));
      figures.put("speedup", round(kubectlFirst / (double) figures.get("apply_1000_s")));
      figures.put(
          "reapply_speedup", round(kubectlAgain / (double) figures.get("reapply_unchanged_s")));
    }
    return figures;
  }

  private static String[] kubectlApply(Path files, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "apply", "--server-side", "--field-manager=kubectl-bench", "-f", files.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** Writes the objects, one file each, with the namespaces named {@code prefix-0..3}. */
  private static Path write(Path directory, String prefix) throws IOException {
    Files.createDirectories(directory);
    for (int i = 0; i < OBJECTS; i++) {
      String namespace = prefix + "-" + (i % NAMESPACES);
      String yaml;
      int kind = i % 10;
      if (kind < 5) {
        yaml =
            """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: config-%1$d, namespace: %2$s, labels: {app: bench, index: "%1$d"}}
            data:
              application.properties: |
                server.port=8080
                feature.flag.%1$d=true
                greeting=hello from object %1$d
              replicas: "%1$d"
            """
                .formatted(i, namespace);
      } else if (kind < 8) {
        yaml =
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: secret-%1$d, namespace: %2$s, labels: {app: bench}}
            type: Opaque
            stringData: {username: user-%1$d, password: not-a-real-password-%1$d}
            """
                .formatted(i, namespace);
      } else if (kind < 9) {
        yaml =
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: account-%1$d, namespace: %2$s, labels: {app: bench}}
            """
                .formatted(i, namespace);
      } else {
        yaml =
            """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: role-%1$d, namespace: %2$s, labels: {app: bench}}
            rules:
            - apiGroups: [""]
              resources: [configmaps]
              resourceNames: [config-%1$d]
              verbs: [get, watch, list]
            """
                .formatted(i, namespace);
      }
      Files.writeString(directory.resolve(String.format("object-%04d.yaml", i)), yaml);
    }
    return directory;
  }

  /** Reads the files as the renderer would hand them over: one resource per file. */
  @SuppressWarnings("unchecked")
  private static List<Resource> read(Path directory) throws IOException {
    List<Resource> resources = new ArrayList<>();
    var load = new Load(LoadSettings.builder().build());
    try (var files = Files.list(directory)) {
      for (Path file : files.sorted().toList()) {
        var object = (Map<String, Object>) load.loadFromString(Files.readString(file));
        resources.add(new Resource(object, file.getFileName().toString()));
      }
    }
    return resources;
  }

  private static ChangeSet expect(ChangeSet changes, String summary) {
    String expected = summary.replace("1000", String.valueOf(OBJECTS));
    if (!changes.summary().equals(expected)) {
      throw new IllegalStateException("expected " + expected + ", got " + changes.summary());
    }
    return changes;
  }

  private interface Action {
    Object run() throws Exception;
  }

  private static double timed(Action action) throws Exception {
    long started = System.nanoTime();
    action.run();
    return (System.nanoTime() - started) / 1e9;
  }

  /** kubectl from the control-plane binaries, with its own discovery cache. */
  private record KubectlRun(Path kubeconfig, Path cacheDirectory) {
    String run(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(binary().toString());
      command.add("--kubeconfig=" + kubeconfig);
      command.add("--cache-dir=" + cacheDirectory);
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "kubectl " + String.join(" ", args) + " failed:\n" + output);
      }
      return output;
    }

    private static Path binary() {
      return ControlPlaneBinaries.locate()
          .map(b -> b.binary("kubectl"))
          .filter(Files::isExecutable)
          .orElse(Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.33"));
    }
  }

  /** CPU time this JVM has used, all threads. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  static void printTable(Map<String, Object> figures) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-36s %s%n", "figure", "value");
    figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-36s %s%n", k, v));
    System.out.println();
  }

  static String json(Map<String, Object> figures) {
    StringBuilder json = new StringBuilder("{");
    figures.forEach(
        (k, v) -> {
          if (json.length() > 1) {
            json.append(", ");
          }
          json.append('"').append(k).append("\": ").append(v.toString().replace(" ", ""));
        });
    return json.append('}').toString();
  }
}
