package dev.strata.testing;

import dev.strata.localcluster.ControlPlaneBinaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against a kubeconfig, as a user would. */
public final class Kubectl {

  private final Path kubeconfig;

  public Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Runs kubectl with the arguments and returns its standard output; fails on a non-zero exit. */
  public String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.add("--kubeconfig=" + kubeconfig);
    // A cache of its own: nothing cached by earlier servers on the same port can leak in.
    command.add("--cache-dir=" + kubeconfig.resolveSibling("kubectl-cache"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", args) + " failed:\n" + output);
    }
    return output;
  }

  private static Path binary() {
    return ControlPlaneBinaries.locate()
        .map(b -> b.binary("kubectl"))
        .orElseThrow(() -> new IllegalStateException("no kubectl: run hack/test-binaries.sh"));
  }
}
