package dev.strata.bench;

import static dev.strata.testing.git.GitCli.git;

import dev.strata.source.FetchRequest;
import dev.strata.source.FetchResult;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.source.RefSelector;
import dev.strata.testing.git.FaultyLink;
import dev.strata.testing.git.GitDaemon;
import dev.strata.testing.git.TestRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Measures GitSource fetching against C git on the same repository, the same server (git daemon)
 * and the same links, counting bytes on the wire at a proxy. Run with bench/fetch.sh; prints a
 * table and, last, one JSON line.
 */
public final class FetchBenchmark {

  private static final int FILES = Integer.getInteger("bench.files", 2000);
  private static final int FILE_BYTES = Integer.getInteger("bench.fileBytes", 2000);
  private static final long SLOW_LINK_BYTES_PER_SECOND = 512_000 / 8;
  private static final long RESET_EVERY = 256 * 1024;

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("strata-bench-fetch-");
    Map<String, Object> figures = new LinkedHashMap<>();
    var repo = TestRepository.generate(root, "homelab", FILES, FILE_BYTES, 2026);
    for (int i = 0; i < 4; i++) { // some history
      repo.commitFile("dir-" + i + "/sub-0/history.yaml", "revision: " + i + "\n");
    }
    figures.put("repository_files", FILES + 1);
    figures.put("repository_pack_bytes", packBytes(repo.bare()));

    try (var daemon = GitDaemon.serve(root);
        var link = FaultyLink.to(daemon.port())) {
      String url = daemon.url("homelab.git", link.port());
      var request = FetchRequest.of(url, new RefSelector.Branch("main"));

      // First fetch and C git's shallow clone.
      var store = new ObjectStore(root.resolve("store"));
      FetchResult first =
          measure(link, () -> new GitFetcher(store).fetch("homelab", request, p -> {}));
      figures.put("first_fetch_bytes", link.bytesToClient());
      figures.put("first_fetch_mode", first.mode().label());
      figures.put("first_fetch_chunks", first.chunks());
      Path clone = root.resolve("c-git-clone");
      measure(link, () -> shallowClone(root, url, clone.toString()));
      figures.put("git_clone_depth1_bytes", link.bytesToClient());

      // Unchanged remote: what every interval costs.
      measure(link, () -> new GitFetcher(store).fetch("homelab", request, p -> {}));
      figures.put("unchanged_bytes", link.bytesToClient());

      // A one-file commit: resync vs C git's incremental fetch vs a fresh shallow clone.
      repo.commitFile("dir-7/sub-3/file-7.yaml", "replicas: 3\n");
      measure(link, () -> new GitFetcher(store).fetch("homelab", request, p -> {}));
      figures.put("resync_bytes", link.bytesToClient());
      measure(link, () -> git(clone, "fetch", "-q", "--depth", "1", "origin", "main"));
      figures.put("git_incremental_bytes", link.bytesToClient());
      Path fresh = root.resolve("c-git-fresh");
      measure(link, () -> shallowClone(root, url, fresh.toString()));
      figures.put("fresh_shallow_bytes", link.bytesToClient());
      // A fresh fetch of the new head on a clean link: the baseline for the faulty link below.
      measure(
          link,
          () ->
              new GitFetcher(new ObjectStore(root.resolve("store-clean")))
                  .fetch("homelab", request, p -> {}));
      long cleanFirstFetch = link.bytesToClient();

      // A link that drops every 256 KiB.
      link.resetEvery(RESET_EVERY);
      int gitFailures = 0;
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          shallowClone(root, url, root.resolve("c-git-reset-" + attempt).toString());
        } catch (IOException e) {
          gitFailures++;
        }
      }
      figures.put("reset_link_git_clone_failures", gitFailures + "/3");
      link.resetCounters();
      boolean completed;
      FetchResult reset = null;
      try {
        reset =
            new GitFetcher(new ObjectStore(root.resolve("store-reset")), Duration.ofMillis(200))
                .fetch("homelab", request.withMaxFailures(6), p -> {});
        completed = true;
      } catch (Exception e) {
        completed = false;
        figures.put("reset_link_error", e.getMessage());
      }
      long resent = link.bytesToClient() - cleanFirstFetch;
      figures.put("reset_link_completed", completed);
      figures.put("reset_link_resets", link.resets());
      figures.put("reset_link_bytes_resent", resent);
      figures.put(
          "reset_link_bytes_resent_per_reset", link.resets() == 0 ? 0 : resent / link.resets());
      figures.put("reset_link_chunks", reset == null ? 0 : reset.chunks());
      link.resetEvery(0);

      // A 512 kbit/s link.
      link.limitTo(SLOW_LINK_BYTES_PER_SECOND);
      long started = System.nanoTime();
      new GitFetcher(new ObjectStore(root.resolve("store-slow")))
          .fetch("homelab", request, p -> {});
      double ours = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      shallowClone(root, url, root.resolve("c-git-slow").toString());
      double theirs = (System.nanoTime() - started) / 1e9;
      figures.put("slow_link_s", round(ours));
      figures.put("slow_link_git_s", round(theirs));
    }

    long gitIncremental = (long) figures.get("git_incremental_bytes");
    figures.put(
        "resync_vs_git_incremental",
        round((long) figures.get("resync_bytes") / (double) gitIncremental));
    figures.put(
        "fresh_shallow_vs_resync",
        round(
            (long) figures.get("fresh_shallow_bytes")
                / (double) (long) figures.get("resync_bytes")));
    figures.put(
        "slow_link_vs_git",
        round((double) figures.get("slow_link_s") / (double) figures.get("slow_link_git_s")));
    printTable(figures);
    System.out.println(json(figures));
  }

  /** C git's shallow clone of main, without a checkout: what Flux's source-controller does. */
  private static String shallowClone(Path root, String url, String directory) throws Exception {
    return git(root, "clone", "-q", "--depth", "1", "--no-checkout", "-b", "main", url, directory);
  }

  private interface Action {
    Object run() throws Exception;
  }

  /** Zeroes the link's counters, runs the action; the caller reads the counters. */
  private static <T> T measure(FaultyLink link, Action action) throws Exception {
    link.resetCounters();
    @SuppressWarnings("unchecked")
    T result = (T) action.run();
    return result;
  }

  private static long packBytes(Path bare) throws Exception {
    git(bare, "gc", "-q");
    try (var files = Files.list(bare.resolve("objects/pack"))) {
      return files
          .filter(p -> p.toString().endsWith(".pack"))
          .mapToLong(p -> p.toFile().length())
          .sum();
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void printTable(Map<String, Object> figures) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-36s %s%n", "figure", "value");
    figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-36s %s%n", k, v));
    System.out.println();
  }

  private static String json(Map<String, Object> figures) {
    StringBuilder json = new StringBuilder("{");
    figures.forEach(
        (k, v) -> {
          if (json.length() > 1) {
            json.append(", ");
          }
          json.append('"').append(k).append("\": ");
          json.append(v instanceof String s ? '"' + s.replace("\"", "'") + '"' : String.valueOf(v));
        });
    return json.append('}').toString();
  }
}
