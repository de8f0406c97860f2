package dev.strata.testing.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs C git, the reference implementation the fetcher is tested against. */
public final class GitCli {

  private GitCli() {}

  /** Runs git in a directory; returns standard output; fails on a non-zero exit. */
  public static String git(Path directory, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(
          "git " + String.join(" ", args) + " failed in " + directory + ":\n" + output);
    }
    return output.trim();
  }
}
