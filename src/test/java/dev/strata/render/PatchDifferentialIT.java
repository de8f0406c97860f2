package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.strata.localcluster.ControlPlaneBinaries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds random patches (strategic merge with directives, nulls and keyed lists; JSON patches with
 * every operation on present and absent paths) with Strata and with the kustomize CLI, from fixed
 * seeds, and compares the output, or the error kustomize gives with Strata's.
 */
class PatchDifferentialIT {

  private static final int CASES = 60;
  private static final ObjectMapper JSON = new ObjectMapper();
  // Plain scalars where YAML allows them: kyaml's merge depends on how values are quoted.
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  @TempDir Path work;

  static Stream<Integer> seeds() {
    return IntStream.range(0, CASES).boxed();
  }

  @ParameterizedTest(name = "strategic merge, seed {0}")
  @MethodSource("seeds")
  void strategicMergeMatchesKustomize(int seed) throws Exception {
    Random random = new Random(seed);
    String kind = pick(random, "Deployment", "Pod", "Widget");
    String apiVersion =
        Map.of("Deployment", "apps/v1", "Pod", "v1", "Widget", "example.com/v1").get(kind);
    write("r.yaml", workload(random, apiVersion, kind, false));
    write("p.yaml", workload(random, apiVersion, kind, true));
    Object patches =
        switch (random.nextInt(3)) {
          case 0 -> Map.of("patchesStrategicMerge", List.of("p.yaml"));
          case 1 -> Map.of("patches", List.of(Map.of("path", "p.yaml")));
          default ->
              Map.of("patches", List.of(Map.of("path", "p.yaml", "target", Map.of("kind", kind))));
        };
    compare(patches);
  }

  @ParameterizedTest(name = "JSON patch, seed {0}")
  @MethodSource("seeds")
  void jsonPatchMatchesKustomize(int seed) throws Exception {
    Random random = new Random(1000 + seed);
    write(
        "r.yaml",
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "ConfigMap",
            "metadata",
            Map.of("name", "c", "labels", Map.of("a", "b")),
            "data",
            Map.of("x", "1", "y", "true"),
            "list",
            List.of("a", "b", "c"),
            "nested",
            new LinkedHashMap<>(
                Map.of("l", List.of(Map.of("k", 1), Map.of("k", 2.5)), "num", 1234567))));
    List<String> paths =
        List.of(
            "/data/x",
            "/data/new",
            "/list/0",
            "/list/-",
            "/list/-1",
            "/list/3",
            "/list/5",
            "/nested/l/1/k",
            "/nested/l/0",
            "/nested/n/x",
            "/metadata/annotations/q",
            "/metadata/labels/a",
            "/nested/num",
            "data/x",
            "/nested",
            "/list");
    List<Object> values =
        List.of("s", 1, 2.5, true, Map.of("m", "v"), List.of(1, "two"), "yes", 12345678);
    List<Map<String, Object>> operations = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(2); i++) {
      String op = pick(random, "add", "remove", "replace", "move", "copy", "test");
      Map<String, Object> operation = new LinkedHashMap<>();
      operation.put("op", op);
      operation.put("path", paths.get(random.nextInt(paths.size())));
      if (op.equals("move") || op.equals("copy")) {
        operation.put("from", paths.get(random.nextInt(paths.size())));
      }
      if ((op.equals("add") || op.equals("replace") || op.equals("test"))
          && random.nextInt(10) > 0) {
        operation.put("value", values.get(random.nextInt(values.size())));
      }
      operations.add(operation);
    }
    String text = JSON.writeValueAsString(operations);
    compare(
        random.nextBoolean()
            ? Map.of(
                "patches", List.of(Map.of("patch", text, "target", Map.of("kind", "ConfigMap"))))
            : Map.of(
                "patchesJson6902",
                List.of(
                    Map.of(
                        "patch",
                        text,
                        "target",
                        Map.of("version", "v1", "kind", "ConfigMap", "name", "c")))));
  }

  @SuppressWarnings("unchecked")
  private void compare(Object patchFields) throws Exception {
    Path kustomize =
        ControlPlaneBinaries.locate()
            .map(b -> b.binary("kustomize"))
            .filter(Files::isExecutable)
            .orElse(null);
    assumeTrue(
        kustomize != null,
        "the kustomize CLI is not provisioned (hack/test-binaries.sh builds it with Go)");
    Map<String, Object> kustomization = new LinkedHashMap<>();
    kustomization.put("resources", List.of("r.yaml"));
    kustomization.putAll((Map<String, Object>) patchFields);
    write("kustomization.yaml", kustomization);

    Process process =
        new ProcessBuilder(kustomize.toString(), "build", "--reorder", "none", ".")
            .directory(work.toFile())
            .start();
    String theirs = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String ours;
    try {
      ours =
          KustomizeOutput.print(new KustomizeBuilder(new DiskTree(work)).build("", Ordering.FIFO));
    } catch (RenderException e) {
      assertThat(process.exitValue()).as("kustomize fails too: %s", e.getMessage()).isNotZero();
      String message =
          errors.substring(errors.lastIndexOf("Error: ") + 7).lines().findFirst().orElse("");
      assertThat(e.getMessage()).contains(message);
      return;
    }
    assertThat(process.exitValue()).as("kustomize succeeds too: %s", errors).isZero();
    assertThat(ours).as(Files.readString(work.resolve("kustomization.yaml"))).isEqualTo(theirs);
  }

  /** A workload, or a patch of one: containers, env, ports, volumes, nulls and directives. */
  private static Map<String, Object> workload(
      Random random, String apiVersion, String kind, boolean patch) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", "r");
    if (random.nextBoolean()) {
      metadata.put("labels", map("l1", "a", "l2", patch && random.nextInt(3) == 0 ? null : "b"));
    }
    if (random.nextInt(3) == 0) {
      metadata.put("finalizers", sample(random, List.of("f1", "f2", "f3")));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    if (random.nextInt(5) > 0) {
      spec.put("containers", containers(random, patch));
    }
    if (random.nextInt(3) == 0) {
      spec.put("initContainers", containers(random, patch));
    }
    if (random.nextInt(3) == 0) {
      List<Object> volumes = new ArrayList<>();
      for (Object name : sample(random, List.of("v1", "v2", "v3"))) {
        volumes.add(map("name", name, pick(random, "emptyDir", "configMap"), Map.of()));
      }
      spec.put("volumes", patch && random.nextInt(10) == 0 ? null : volumes);
    }
    if (random.nextInt(3) == 0) {
      spec.put("tolerations", List.of(map("key", pick(random, "t1", "t2"))));
    }
    if (random.nextInt(3) == 0) {
      spec.put(
          "nodeSelector",
          map(
              "k",
              patch
                  ? List.of("x", 1, true, "on", 2.5).get(random.nextInt(5))
                  : pick(random, "v", "1", "true")));
    }
    if (patch && random.nextInt(10) == 0) {
      spec.put("$patch", pick(random, "replace", "merge"));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", metadata);
    object.put("spec", kind.equals("Pod") ? spec : Map.of("template", Map.of("spec", spec)));
    return object;
  }

  private static List<Object> containers(Random random, boolean patch) {
    List<Object> containers = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      Map<String, Object> container = new LinkedHashMap<>();
      if (random.nextInt(12) > 0) {
        container.put("name", pick(random, "a", "b", "c"));
      }
      if (random.nextInt(5) < 3) {
        container.put("image", pick(random, "i:1", "i:2"));
      }
      if (random.nextBoolean()) {
        List<Object> env = new ArrayList<>();
        for (Object name : sample(random, List.of("A", "B", "C"))) {
          int choice = random.nextInt(10);
          env.add(
              choice < 6
                  ? map("name", name, "value", pick(random, "v1", "v2", "1"))
                  : choice < 8 && patch
                      ? map("name", name, "$patch", "delete")
                      : map("name", name));
        }
        container.put("env", env);
      }
      if (random.nextInt(5) < 2) {
        List<Object> ports = new ArrayList<>();
        for (Object port : sample(random, List.of(80, 53, 443))) {
          ports.add(
              random.nextBoolean()
                  ? map("containerPort", port, "protocol", pick(random, "TCP", "UDP"))
                  : map("containerPort", port));
        }
        container.put("ports", ports);
      }
      if (patch && random.nextInt(10) == 0) {
        container.put("$patch", pick(random, "replace", "delete", "merge"));
      }
      if (patch && random.nextInt(10) == 0) {
        container.put("image", null);
      }
      containers.add(container);
    }
    return containers;
  }

  private void write(String name, Object value) throws Exception {
    Files.writeString(work.resolve(name), YAML.writeValueAsString(value));
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static List<Object> sample(Random random, List<Object> from) {
    List<Object> result = new ArrayList<>();
    for (Object item : from) {
      if (random.nextBoolean()) {
        result.add(item);
      }
    }
    return result;
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }
}
