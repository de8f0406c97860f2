package dev.strata.testing;

import dev.strata.localcluster.ControlPlaneBinaries;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs hack/binaries/yaml-oracle, which answers with kustomize's own Go code: how it prints a
 * resource (no mode) or how it reads a YAML file ({@code read}). One JSON value per line in, one
 * answer per value out.
 */
public final class YamlOracle implements AutoCloseable {

  /** The answer's prefix when the Go code refused the input. */
  public static final String ERROR_PREFIX = "---ERROR---";

  private static final String END = "---END---";
  private static final String END_NO_EOL = "---END-NOEOL---";

  private final Process process;
  private final BufferedWriter toOracle;
  private final BufferedReader fromOracle;

  private YamlOracle(Process process) {
    this.process = process;
    this.toOracle =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.fromOracle =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** The installed binary, where hack/test-binaries.sh links it. */
  public static Path binary() {
    return ControlPlaneBinaries.configuredKubeApiTestDir()
        .resolve("k8s/1.33.13-linux-amd64/strata-yaml-oracle");
  }

  /** Why the oracle cannot run here, if it cannot. */
  public static Optional<String> missing() {
    return Files.isExecutable(binary())
        ? Optional.empty()
        : Optional.of(
            "YAML oracle not installed at "
                + binary()
                + "; hack/test-binaries.sh builds it when Go is available");
  }

  /** Starts the oracle in a mode ("" prints, "read" reads). */
  public static YamlOracle start(String mode) throws IOException {
    ProcessBuilder builder =
        mode.isEmpty()
            ? new ProcessBuilder(binary().toString())
            : new ProcessBuilder(binary().toString(), mode);
    return new YamlOracle(builder.redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** Sends one JSON value and reads the oracle's answer up to its end marker. */
  public String ask(String input) throws IOException {
    toOracle.write(input);
    toOracle.write('\n');
    toOracle.flush();
    StringBuilder answer = new StringBuilder();
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = fromOracle.read();
      if (c < 0) {
        throw new IOException("oracle ended early; answer so far:\n" + answer);
      }
      if (c != '\n') {
        line.append((char) c);
        continue;
      }
      // Split on LF only, as the oracle does; readLine would also split on CR.
      if (line.toString().equals(END)) {
        return answer.toString();
      }
      if (line.toString().equals(END_NO_EOL)) {
        // The document ended without a line feed; the oracle added one before this marker.
        return answer.substring(0, answer.length() - 1);
      }
      answer.append(line).append('\n');
      line.setLength(0);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    toOracle.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
