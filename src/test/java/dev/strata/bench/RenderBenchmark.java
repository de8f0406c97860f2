package dev.strata.bench;

import dev.strata.localcluster.ControlPlaneBinaries;
import dev.strata.render.DiskTree;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.KustomizeOutput;
import dev.strata.render.Ordering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Measures rendering against the kustomize CLI on the same trees: a generated tree of apps (bases
 * with generators, an overlay with namespace, prefix, labels, images and patches) and, when they
 * exist, the example repository's layers. Run with bench/render.sh; prints a table and, last, one
 * JSON line.
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
    Path jar = Path.of("target/strata.jar").toAbsolutePath();
    Path root = Files.createTempDirectory("strata-bench-render-");
    List<String> layers = new ArrayList<>();
    generate(root.resolve("generated"), APPS);
    layers.add("generated/overlays/prod");
    Path repository = Path.of("").toAbsolutePath();
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
      double cli = median(RUNS, () -> run(root, "java", "-jar", jar.toString(), "build", layer));
      double go = median(RUNS, () -> run(root, kustomize.toString(), "build", layer));
      strataWarm += warm;
      strataCli += cli;
      kustomizeCli += go;
      System.out.printf(
          Locale.ROOT, "%-40s %10d %10.1f %10.1f %10.1f %s%n", layer, count, warm, cli, go, same);
    }
    figures.put("layers", layers.size());
    figures.put("resources", resources);
    figures.put("strata_warm_ms", round(strataWarm));
    figures.put("strata_cli_ms", round(strataCli));
    figures.put("kustomize_ms", round(kustomizeCli));
    figures.put("warm_speedup", round(kustomizeCli / strataWarm));
    figures.put("identical", identical);
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
