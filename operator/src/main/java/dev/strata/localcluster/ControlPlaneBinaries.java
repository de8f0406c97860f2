package dev.strata.localcluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the control-plane binaries where kube-api-test keeps them: {@code
 * <dir>/k8s/<version>-linux-amd64/}, with {@code <dir>} from KUBE_API_TEST_DIR or ~/.kubeapitest.
 *
 * @param kubeApiTestDir kube-api-test's directory
 * @param version the Kubernetes version of the chosen binaries, e.g. 1.33.13
 * @param directory the directory holding them
 */
public record ControlPlaneBinaries(Path kubeApiTestDir, String version, Path directory) {

  static final List<String> API_SERVER = List.of("kube-apiserver", "etcd", "kubectl");
  static final List<String> SIMULATED_CLUSTER =
      List.of("kube-controller-manager", "kube-scheduler", "kwok");
  private static final String PLATFORM_SUFFIX = "-linux-amd64";

  /** kube-api-test's directory, as kube-api-test itself resolves it. */
  public static Path configuredKubeApiTestDir() {
    String configured = System.getenv("KUBE_API_TEST_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".kubeapitest");
  }

  /** The newest version directory that holds kube-apiserver, etcd and kubectl, if any. */
  public static Optional<ControlPlaneBinaries> locate() {
    Path root = configuredKubeApiTestDir();
    Path versions = root.resolve("k8s");
    if (!Files.isDirectory(versions)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(versions)) {
      return dirs.filter(d -> d.getFileName().toString().endsWith(PLATFORM_SUFFIX))
          .filter(d -> API_SERVER.stream().allMatch(b -> Files.isExecutable(d.resolve(b))))
          .max(
              Comparator.comparing(
                  ControlPlaneBinaries::versionOf, ControlPlaneBinaries::compareVersions))
          .map(d -> new ControlPlaneBinaries(root, versionOf(d), d));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + versions, e);
    }
  }

  /** The path of one binary in this directory. */
  public Path binary(String name) {
    return directory.resolve(name);
  }

  /** Whether kube-controller-manager, kube-scheduler and kwok are here too. */
  public boolean hasSimulatedCluster() {
    return missingForSimulatedCluster().isEmpty();
  }

  /** Which of the simulated cluster's binaries are absent. */
  public List<String> missingForSimulatedCluster() {
    return SIMULATED_CLUSTER.stream().filter(b -> !Files.isExecutable(binary(b))).toList();
  }

  private static String versionOf(Path dir) {
    String name = dir.getFileName().toString();
    return name.substring(0, name.length() - PLATFORM_SUFFIX.length());
  }

  static int compareVersions(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < Math.max(left.length, right.length); i++) {
      int l = i < left.length ? numeric(left[i]) : 0;
      int r = i < right.length ? numeric(right[i]) : 0;
      if (l != r) {
        return Integer.compare(l, r);
      }
    }
    return 0;
  }

  private static int numeric(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
