package dev.strata.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A child process's output, collected line by line on a daemon thread as it is written. */
public final class ProcessOutput {

  private ProcessOutput() {}

  /**
   * Starts reading {@code process}'s output (with stderr redirected into it, as the tests start
   * them) into the returned list, which grows while the process writes.
   */
  public static List<String> collect(Process process, String name) {
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (var lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.add(line);
                }
              } catch (IOException e) {
                output.add("(output closed: " + e.getMessage() + ")");
              }
            },
            name + "-output");
    reader.setDaemon(true);
    reader.start();
    return output;
  }
}
