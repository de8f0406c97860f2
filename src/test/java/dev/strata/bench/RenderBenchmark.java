package dev.strata.bench;

import dev.strata.api.LayeredKustomization;
import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.render.DiskTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.KustomizeOutput;
import dev.strata.render.Ordering;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Measures rendering against the kustomize CLI on the same trees: a generated tree of apps (bases
 * with generators, an overlay with namespace, prefix, labels, images and patches) and, when they
 * exist, the example repository's layers. Then {@code strata build} as a process, through the
 * launcher users run (bin/strata), against {@code kustomize build} on many small directories: the
 * example's layers (clusters/homelab and clusters/simulated) and the renderer's fixtures. Run with
 * bench/render.sh; prints tables and, last, one JSON line.
 */
public final class RenderBenchmark {

  private static final int APPS = Integer.getInteger("bench.apps", 60);
  private static final int RUNS = Integer.getInteger("bench.runs", 5);

  public static void main(String[] args) throws Exception {
    Path kustomize =
        ControlPlaneBinaries.locate()
            .map(b -> b.binary("kustomize"))
            .filter(Files::isExecutable)
            .orElseThrow(() -> new IllegalStateException("kustomize is not provisioned"));
    Path repository = Path.of("").toAbsolutePath();
    Path launcher = repository.resolve(System.getProperty("bench.launcher", "bin/strata"));
    double loadBefore = loadAverage();
    // The first run after a jar build records the launcher's class-data sharing archive.
    long firstStart = System.nanoTime();
    run(repository, launcher.toString(), "build", FIXTURES + "/basic/base");
    double strataFirst = (System.nanoTime() - firstStart) / 1e6;
    Path root = Files.createTempDirectory("strata-bench-render-");
    List<String> layers = new ArrayList<>();
    generate(root.resolve("generated"), APPS);
    layers.add("generated/overlays/prod");
    for (String layer : exampleLayers(repository)) {
      Path copy = root.resolve("example");
      copyTree(repository, copy, layer);
      layers.add("example/" + layer);
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    boolean identical = true;
    double strataWarm = 0;
    double strataCli = 0;
    double kustomizeCli = 0;
    int resources = 0;
    System.out.printf(
        "%-40s %10s %10s %10s %10s %s%n",
        "layer", "resources", "warm ms", "cli ms", "kustomize", "identical");
    for (String layer : layers) {
      String theirs = run(root, kustomize.toString(), "build", layer);
      // Processes first, before this JVM's own warm-up compiles compete with them for the cores.
      double cli = median(RUNS, () -> run(root, launcher.toString(), "build", layer));
      double go = median(RUNS, () -> run(root, kustomize.toString(), "build", layer));
      var builder = new KustomizeBuilder(new DiskTree(root));
      String ours = KustomizeOutput.print(builder.build(layer, Ordering.LEGACY));
      boolean same = ours.equals(theirs);
      identical &= same;
      int count = builder.build(layer, Ordering.LEGACY).size();
      resources += count;
      for (int i = 0; i < 20; i++) { // warm the JIT
        KustomizeOutput.print(builder.build(layer, Ordering.LEGACY));
      }
      double warm =
          median(
              20,
              () ->
                  KustomizeOutput.print(
                      new KustomizeBuilder(new DiskTree(root)).build(layer, Ordering.LEGACY)));
      strataWarm += warm;
      strataCli += cli;
      kustomizeCli += go;
      System.out.printf(
          Locale.ROOT, "%-40s %10d %10.1f %10.1f %10.1f %s%n", layer, count, warm, cli, go, same);
    }
    Cli cli = cliComparison(repository, launcher, kustomize);
    identical &= cli.identical;

    figures.put("layers", layers.size());
    figures.put("resources", resources);
    figures.put("strata_warm_ms", round(strataWarm));
    figures.put("strata_cli_ms", round(strataCli));
    figures.put("kustomize_ms", round(kustomizeCli));
    figures.put("warm_speedup", round(kustomizeCli / strataWarm));
    figures.put("strata_cli_median_ms", round(cli.strata));
    figures.put("kustomize_cli_median_ms", round(cli.kustomize));
    figures.put("strata_cli_p90_ms", round(cli.strataP90));
    figures.put("strata_cli_first_run_ms", round(strataFirst));
    figures.put("cli_directories", cli.directories);
    figures.put("cli_runs", cli.runs);
    figures.put("cli_identical", cli.identical);
    figures.put("identical", identical);
    figures.put("load_average", "%.2f-%.2f".formatted(loadBefore, loadAverage()));
    StringBuilder json = new StringBuilder("{");
    figures.forEach(
        (k, v) ->
            json.append(json.length() > 1 ? ", " : "")
                .append('"')
                .append(k)
                .append("\": ")
                .append(v instanceof String s ? '"' + s + '"' : String.valueOf(v)));
    System.out.println(json.append('}'));
  }

  private static final String FIXTURES = "src/test/resources/render";

  /** Per-process figures of {@code strata build} (the launcher) and {@code kustomize build}. */
  private record Cli(
      double strata,
      double strataP90,
      double kustomize,
      int directories,
      int runs,
      boolean identical) {}

  /**
   * {@code bin/strata build DIR} and {@code kustomize build DIR} as processes, alternating, {@link
   * #RUNS} times each on each directory: the example's layers and the renderer's fixtures. Medians
   * are over every run of every directory: the time a user waits for one build. Outputs must be
   * identical, run after run.
   */
  private static Cli cliComparison(Path repository, Path launcher, Path kustomize)
      throws Exception {
    List<String> directories = new ArrayList<>(clusterLayers(repository));
    directories.addAll(fixtures(repository));
    List<Double> strata = new ArrayList<>();
    List<Double> go = new ArrayList<>();
    boolean identical = true;
    System.out.printf(
        "%n%-60s %10s %10s %s%n",
        "directory (strata build as a process)", "strata", "kustomize", "identical");
    for (String directory : directories) {
      List<Double> ours = new ArrayList<>();
      List<Double> theirs = new ArrayList<>();
      boolean same = true;
      String expected = null;
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        String kustomized = run(repository, kustomize.toString(), "build", directory);
        theirs.add((System.nanoTime() - start) / 1e6);
        start = System.nanoTime();
        String built = run(repository, launcher.toString(), "build", directory);
        ours.add((System.nanoTime() - start) / 1e6);
        expected = expected == null ? kustomized : expected;
        same &= built.equals(expected) && kustomized.equals(expected);
      }
      identical &= same;
      strata.addAll(ours);
      go.addAll(theirs);
      System.out.printf(
          Locale.ROOT,
          "%-60s %10.1f %10.1f %s%n",
          directory,
          percentile(ours, 50),
          percentile(theirs, 50),
          same);
    }
    System.out.printf(
        Locale.ROOT,
        "%-60s %10.1f %10.1f %s%n",
        "median of all " + strata.size() + " runs",
        percentile(strata, 50),
        percentile(go, 50),
        identical);
    return new Cli(
        percentile(strata, 50),
        percentile(strata, 90),
        percentile(go, 50),
        directories.size(),
        strata.size(),
        identical);
  }

  /** The layers of clusters/homelab and clusters/simulated (their layers.yaml), each once. */
  private static List<String> clusterLayers(Path repository) throws IOException {
    Set<String> paths = new LinkedHashSet<>();
    for (String cluster : List.of("clusters/homelab", "clusters/simulated")) {
      Path file = repository.resolve(cluster).resolve("layers.yaml");
      if (Files.exists(file)) {
        Serialization.unmarshal(Files.readString(file), LayeredKustomization.class)
            .getSpec()
            .getLayers()
            .forEach(layer -> paths.add(layer.getPath()));
      }
    }
    return List.copyOf(paths);
  }

  /**
   * The renderer's fixtures that kustomize builds (as KustomizeConformanceIT selects them): every
   * directory with a kustomization, except the error cases and Components.
   */
  private static List<String> fixtures(Path repository) throws IOException {
    List<String> fixtures = new ArrayList<>();
    try (var paths = Files.walk(repository.resolve(FIXTURES))) {
      for (Path path : paths.sorted().toList()) {
        String relative = repository.relativize(path).toString().replace('\\', '/');
        if (relative.startsWith(FIXTURES + "/errors")) {
          continue;
        }
        Path file = path.resolve("kustomization.yaml");
        if (Files.isRegularFile(file) && !Files.readString(file).contains("kind: Component")) {
          fixtures.add(relative);
        }
      }
    }
    return fixtures;
  }

  /** The median (the mean of the middle two for an even count), or the nearest-rank percentile. */
  private static double percentile(List<Double> values, int percent) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    if (percent == 50 && n % 2 == 0) {
      return (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(n * percent / 100.0) - 1));
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** The example repository's layer directories (issue 6), when they exist. */
  private static List<String> exampleLayers(Path repository) {
    List<String> layers = new ArrayList<>();
    for (String top : List.of("infrastructure", "apps")) {
      Path dir = repository.resolve(top);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var stream = Files.list(dir)) {
        stream
            .filter(p -> Files.exists(p.resolve("kustomization.yaml")))
            .sorted()
            .forEach(p -> layers.add(repository.relativize(p).toString()));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return layers;
  }

  private static void copyTree(Path repository, Path copy, String layer) throws IOException {
    for (String top : List.of("infrastructure", "apps", "clusters")) {
      Path source = repository.resolve(top);
      if (!Files.isDirectory(source) || Files.exists(copy.resolve(top))) {
        continue;
      }
      try (var stream = Files.walk(source)) {
        for (Path path : stream.toList()) {
          Path target = copy.resolve(repository.relativize(path).toString());
          if (Files.isDirectory(path)) {
            Files.createDirectories(target);
          } else {
            Files.copy(path, target);
          }
        }
      }
    }
  }

  /**
   * A base per app (Deployment, Service, ServiceAccount, HPA, PDB, a ConfigMap and a Secret from
   * generators) and a prod overlay over all of them with namespace, prefix, labels, images,
   * replicas and strategic-merge and JSON 6902 patches.
   */
  static void generate(Path root, int apps) throws IOException {
    List<String> bases = new ArrayList<>();
    for (int i = 0; i < apps; i++) {
      String name = "app-" + i;
      Path base = root.resolve("bases").resolve(name);
      Files.createDirectories(base);
      write(
          base.resolve("kustomization.yaml"),
          """
          labels:
            - pairs:
                app.kubernetes.io/name: %1$s
              includeSelectors: true
          resources:
            - workload.yaml
          configMapGenerator:
            - name: %1$s-settings
              literals:
                - LOG_LEVEL=info
                - INDEX=%2$d
          secretGenerator:
            - name: %1$s-token
              literals:
                - token=generated-%2$d
          """
              .formatted(name, i));
      write(
          base.resolve("workload.yaml"),
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: %1$s
          spec:
            replicas: 1
            template:
              spec:
                serviceAccountName: %1$s
                containers:
                  - name: main
                    image: ghcr.io/homelab/%1$s:1.0.%2$d
                    ports:
                      - containerPort: 8080
                    envFrom:
                      - configMapRef:
                          name: %1$s-settings
                      - secretRef:
                          name: %1$s-token
                    resources:
                      requests:
                        cpu: 10m
                        memory: 32Mi
          ---
          apiVersion: v1
          kind: Service
          metadata:
            name: %1$s
          spec:
            ports:
              - port: 80
                targetPort: 8080
          ---
          apiVersion: v1
          kind: ServiceAccount
          metadata:
            name: %1$s
          ---
          apiVersion: autoscaling/v2
          kind: HorizontalPodAutoscaler
          metadata:
            name: %1$s
          spec:
            scaleTargetRef:
              apiVersion: apps/v1
              kind: Deployment
              name: %1$s
            minReplicas: 1
            maxReplicas: 4
          ---
          apiVersion: policy/v1
          kind: PodDisruptionBudget
          metadata:
            name: %1$s
          spec:
            minAvailable: 1
          """
              .formatted(name, i));
      bases.add("../../bases/" + name);
    }
    Path overlay = root.resolve("overlays/prod");
    Files.createDirectories(overlay);
    StringBuilder kustomization = new StringBuilder();
    kustomization.append("namespace: prod\nnamePrefix: prod-\n");
    kustomization.append("commonAnnotations:\n  owner: homelab\n");
    kustomization.append("images:\n  - name: ghcr.io/homelab/app-1\n    newTag: 2.0.0\n");
    kustomization.append("resources:\n");
    bases.forEach(b -> kustomization.append("  - ").append(b).append('\n'));
    kustomization.append(
        """
        patches:
          - target:
              kind: Deployment
            patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: any
              spec:
                template:
                  spec:
                    containers:
                      - name: main
                        resources:
                          limits:
                            memory: 256Mi
          - target:
              kind: Service
            patch: |-
              - op: add
                path: /spec/type
                value: ClusterIP
        """);
    write(overlay.resolve("kustomization.yaml"), kustomization.toString());
  }

  private static void write(Path path, String content) throws IOException {
    Files.writeString(path, content, StandardCharsets.UTF_8);
  }

  private interface Work {
    Object run() throws Exception;
  }

  /** Median wall time of {@code runs} runs, in milliseconds. */
  private static double median(int runs, Work work) throws Exception {
    double[] times = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[runs / 2];
  }

  private static String run(Path directory, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed in " + directory);
    }
    return output;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
