package dev.strata.cli;

import dev.strata.source.Bytes;
import dev.strata.source.Credentials;
import dev.strata.source.FetchProgress;
import dev.strata.source.FetchRequest;
import dev.strata.source.FetchResult;
import dev.strata.source.FetchScope;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.source.RefSelector;
import dev.strata.source.SourceFailure;
import dev.strata.source.SourceProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Fetches from and diagnoses Git remotes, as the GitSource reconciler would. */
@Command(
    name = "source",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Fetch from or diagnose a Git remote the way a GitSource does.",
    subcommands = {SourceCommand.Fetch.class, SourceCommand.Probe.class})
public final class SourceCommand {

  /** What to fetch and how; shared by fetch and probe. */
  static final class Remote {
    @Parameters(
        index = "0",
        paramLabel = "URL",
        description = "https://, ssh://, user@host:path, git:// or file://")
    String url;

    @ArgGroup(exclusive = true)
    Ref ref = new Ref();

    @Option(
        names = "--timeout",
        defaultValue = "60s",
        converter = DurationConverter.class,
        description =
            "Stall timeout: abort an attempt after this long without a byte. Default: ${DEFAULT-VALUE}.")
    Duration stallTimeout;

    @Option(
        names = "--identity",
        paramLabel = "FILE",
        description = "SSH private key (ed25519, ecdsa or rsa).")
    Path identity;

    @Option(
        names = "--known-hosts",
        paramLabel = "FILE",
        description = "SSH known_hosts; required for SSH.")
    Path knownHosts;

    @Option(
        names = "--username",
        description = "HTTPS user name; the password comes from STRATA_GIT_PASSWORD.")
    String username;

    @Option(
        names = "--ca-file",
        paramLabel = "FILE",
        description = "PEM CA certificates to trust for HTTPS.")
    Path caFile;

    @Option(
        names = "--ignore",
        paramLabel = "PATTERN",
        description =
            "Leave paths out of the fetch, in .gitignore syntax, as a GitSource's spec.ignore"
                + " (repeat it for several lines; the repository's .sourceignore applies too).")
    List<String> ignore = new ArrayList<>();

    static final class Ref {
      @Option(names = "--branch", description = "Branch to fetch (default: main).")
      String branch;

      @Option(names = "--tag", description = "Tag to fetch.")
      String tag;

      @Option(names = "--semver", description = "Highest tag in this semver range.")
      String semver;

      @Option(names = "--commit", description = "Commit SHA-1 to fetch.")
      String commit;
    }

    FetchRequest request(int maxFailures) throws IOException {
      RefSelector selector = RefSelector.of(ref.branch, ref.tag, ref.semver, ref.commit);
      String passphrase = System.getenv("STRATA_SSH_PASSPHRASE");
      String password = System.getenv("STRATA_GIT_PASSWORD");
      String token = System.getenv("STRATA_GIT_BEARER_TOKEN");
      var credentials =
          new Credentials(
              username,
              username != null ? password : null,
              token,
              identity == null ? null : Files.readString(identity),
              passphrase,
              knownHosts == null ? null : Files.readString(knownHosts),
              caFile == null ? null : Files.readString(caFile));
      FetchScope scope =
          FetchScope.DEFAULT.withIgnore(ignore.isEmpty() ? null : String.join("\n", ignore));
      return new FetchRequest(url, selector, credentials, stallTimeout, maxFailures, scope);
    }
  }

  /** Progress on standard error, once a second, overwriting itself on a terminal. */
  static void printProgress(PrintWriter err, FetchProgress progress) {
    err.println("  " + progress.message());
    err.flush();
  }

  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Fetch a ref into the local object store (reused next time) and print the revision.",
        "Prints the mode, bytes received, chunks and retries; the last line is <ref>@sha1:<hex>."
            + " Exits 1 with the reason on failure."
      })
  static final class Fetch implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RemoteMixin remote;

    @Option(
        names = "--cache",
        paramLabel = "DIR",
        defaultValue = "${sys:user.home}/.strata/cache",
        description = "Object store directory. Default: ${DEFAULT-VALUE}.")
    Path cache;

    @Option(
        names = "--retries",
        defaultValue = "4",
        description = "Failed attempts in a row before giving up. Default: ${DEFAULT-VALUE}.")
    int maxFailures;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      FetchRequest request = remote.remote.request(maxFailures);
      try {
        FetchResult result =
            new GitFetcher(new ObjectStore(cache))
                .fetch(storeKey(request.url()), request, p -> printProgress(err, p));
        out.println("mode:      " + result.mode().label());
        out.println(
            "received:  "
                + Bytes.format(result.bytesReceived())
                + " ("
                + result.bytesReceived()
                + " bytes; "
                + Bytes.format(result.bytesDiscarded())
                + " discarded by failed attempts)");
        out.println("chunks:    " + result.chunks());
        out.println("retries:   " + result.retries());
        out.println("elapsed:   " + result.elapsed().toMillis() + " ms");
        out.println(result.revision());
        return 0;
      } catch (SourceFailure failure) {
        err.println("error: " + failure.reason().conditionReason() + ": " + failure.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "probe",
      mixinStandardHelpOptions = true,
      description = {
        "Diagnose a remote phase by phase: DNS, TCP, TLS or SSH handshake, authentication and refs,"
            + " then a pack transfer with its throughput and where it stalls.",
        "Exits 1 at the first phase that fails."
      })
  static final class Probe implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RemoteMixin remote;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      FetchRequest request = remote.remote.request(1);
      out.println(
          "probing "
              + request.url()
              + " ("
              + request.ref().describe()
              + ", stall timeout "
              + request.stallTimeout().toSeconds()
              + "s)");
      out.flush();
      var steps =
          new SourceProbe(
                  step -> {
                    out.printf(
                        "  %-10s %-6s %s (%d ms)%n",
                        step.phase(),
                        step.ok() ? "ok" : "FAILED",
                        step.detail(),
                        step.took().toMillis());
                    out.flush();
                  })
              .probe(request, p -> printProgress(err, p));
      boolean ok = steps.stream().allMatch(SourceProbe.Step::ok);
      out.println(
          ok ? "verdict: the remote works from here" : "verdict: fix the FAILED phase above");
      return ok ? 0 : 1;
    }
  }

  /** The Remote options as a mixin, so fetch and probe take the same flags. */
  static final class RemoteMixin {
    @Mixin Remote remote;
  }

  /** A store key for a URL: readable, and unique by a short hash. */
  static String storeKey(String url) {
    String readable =
        url.replaceAll("^[a-z]+://", "").replaceAll("[^A-Za-z0-9._-]+", "-").toLowerCase();
    readable = readable.replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      String suffix = HexFormat.of().formatHex(hash, 0, 4);
      return (readable.length() > 60 ? readable.substring(0, 60) : readable) + "-" + suffix;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
