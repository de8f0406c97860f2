package dev.strata.bench;

import dev.strata.source.FetchRequest;
import dev.strata.source.FetchScope;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.source.RefSelector;
import dev.strata.source.SourceFailure;
import dev.strata.testing.git.FaultyLink;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a 50 MiB incompressible file the layers never read costs a GitSource fetch: bytes on the
 * wire (counted at a proxy) and the fetching JVM's resident memory, with the file fetched (as
 * before spec.ignore and spec.limits), left out with spec.ignore, and stopped by the default
 * maxFileSize. Each case runs in a fresh JVM so that its memory is its own. Run with
 * bench/fetch-scope.sh; prints one JSON line last.
 */
public final class FetchScopeBenchmark {

  private static final int LARGE_FILE_BYTES = 50 * 1024 * 1024;

  public static void main(String[] args) throws Exception {
    if (args.length == 3) {
      child(args[0], args[1], Path.of(args[2]));
      return;
    }
    Path root = Files.createTempDirectory("strata-bench-scope-");
    var repo = TestRepository.generate(root, "homelab", 2000, 2000, 2026);
    repo.commitRandomFile("assets/video.bin", LARGE_FILE_BYTES, 50);
    Map<String, Object> figures = new LinkedHashMap<>();
    try (var daemon = GitDaemon.serve(root);
        var link = FaultyLink.to(daemon.port())) {
      String url = daemon.url("homelab.git", link.port());
      for (String mode : List.of("fetched", "ignored", "limited")) {
        link.resetCounters();
        Map<String, String> child = runChild(url, mode, root.resolve("store-" + mode));
        figures.put(mode + "_wire_bytes", link.bytesToClient());
        child.forEach(
            (k, v) ->
                figures.put(
                    mode + "_" + k, v.matches("-?[0-9.]+") ? (Object) Double.valueOf(v) : v));
        System.err.println(mode + ": " + link.bytesToClient() + " bytes on the wire, " + child);
      }
    }
    System.out.println(json(figures));
  }

  private static Map<String, String> runChild(String url, String mode, Path cache)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FetchScopeBenchmark.class.getName());
    command.addAll(List.of(url, mode, cache.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes()).trim();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          mode + " failed: " + new String(process.getErrorStream().readAllBytes()));
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        result.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return result;
  }

  /** One fetch in this JVM; prints key=value lines. */
  private static void child(String url, String mode, Path cache) throws Exception {
    long rssBefore = memoryKib("VmRSS");
    FetchScope scope =
        switch (mode) {
          case "fetched" -> FetchScope.DEFAULT.withLimits(Long.MAX_VALUE, Long.MAX_VALUE);
          case "ignored" -> FetchScope.DEFAULT.withIgnore("assets/\n");
          default -> FetchScope.DEFAULT;
        };
    var request = FetchRequest.of(url, new RefSelector.Branch("main")).withScope(scope);
    long started = System.nanoTime();
    String outcome;
    try {
      var result = new GitFetcher(new ObjectStore(cache)).fetch("homelab", request, p -> {});
      outcome = "stored " + result.revision().substring(0, 20);
      System.out.println("pack_bytes=" + result.bytesReceived());
    } catch (SourceFailure failure) {
      outcome = failure.reason().conditionReason() + ": " + failure.getMessage();
    }
    System.out.println("seconds=" + (System.nanoTime() - started) / 1_000_000 / 1000.0);
    System.out.println("store_bytes=" + directoryBytes(cache));
    System.out.println("rss_before_mib=" + rssBefore / 1024);
    System.out.println("rss_after_mib=" + memoryKib("VmRSS") / 1024);
    System.out.println("rss_peak_mib=" + memoryKib("VmHWM") / 1024);
    System.out.println("outcome=" + outcome);
  }

  private static long directoryBytes(Path directory) throws Exception {
    try (var files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long memoryKib(String field) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static String json(Map<String, Object> figures) {
    StringBuilder json = new StringBuilder("{");
    figures.forEach(
        (k, v) -> {
          if (json.length() > 1) {
            json.append(", ");
          }
          json.append('"').append(k).append("\": ");
          if (v instanceof Double d && d == Math.rint(d)) {
            json.append(d.longValue());
          } else {
            json.append(
                v instanceof String s ? '"' + s.replace("\"", "'") + '"' : String.valueOf(v));
          }
        });
    return json.append('}').toString();
  }
}
