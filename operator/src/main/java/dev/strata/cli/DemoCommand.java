package dev.strata.cli;

import dev.strata.api.ConditionTypes;
import dev.strata.api.GitRef;
import dev.strata.api.GitSource;
import dev.strata.api.GitSourceSpec;
import dev.strata.api.LayeredKustomization;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.notify.Notifier;
import dev.strata.runtime.CustomResourceDefinitions;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.webhook.WebhookServer;
import dev.strata.webhook.WebhookSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.resolver.RepositoryResolver;
import org.eclipse.jgit.util.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shows Strata end to end on this machine: an embedded control plane with simulated nodes, this
 * repository's homelab example served by a local Git daemon, the operator reconciling its six
 * layers, and a webhook receiver that a push can call.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the homelab example end to end: embedded cluster, local Git server, operator,"
            + " webhook.")
public final class DemoCommand implements Callable<Integer> {

  private static final String NAMESPACE = "strata-system";

  @Option(
      names = "--once",
      description = "Exit once all layers are Ready (non-zero when they do not become Ready).")
  boolean once;

  @Option(
      names = "--example",
      defaultValue = ".",
      description = "The repository holding infrastructure/, apps/ and clusters/simulated/.")
  Path example;

  @Option(
      names = "--dir",
      defaultValue = "${sys:user.home}/.strata/demo",
      description = "Where the demo keeps its cluster, Git repository and cache.")
  Path directory;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "How long to wait for the layers to become Ready.")
  Duration timeout;

  /** How long SIGTERM waits for the demo to stop what it started. */
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path example = this.example.toAbsolutePath().normalize();
    if (!Files.isDirectory(example.resolve("clusters/simulated"))) {
      spec.commandLine()
          .getErr()
          .println(
              "strata demo: "
                  + example
                  + " has no clusters/simulated; run it from the Strata repository or pass"
                  + " --example");
      return 2;
    }
    Files.createDirectories(directory);
    FileUtils.delete(
        directory.resolve("git").toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    Path work = directory.resolve("git/homelab");

    // SIGTERM or Ctrl-C at any point: the hook interrupts this thread, which closes everything it
    // started (control plane children included), and the JVM exits only once that is done.
    Thread demo = Thread.currentThread();
    var stopping = new CountDownLatch(1);
    var closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stopping.countDown();
              demo.interrupt();
              awaitQuietly(closed, SHUTDOWN_WAIT);
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(out, example, work, stopping);
    } catch (InterruptedException e) {
      out.println("stopping the demo");
      return 130;
    } finally {
      out.println("the demo's cluster and Git server are stopped");
      out.flush();
      closed.countDown(); // last: on SIGTERM the JVM halts as soon as the hook returns
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running and has just been released
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch, Duration wait) {
    try {
      latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int run(PrintWriter out, Path example, Path work, CountDownLatch stopping)
      throws Exception {
    var mode = LocalControlPlane.Mode.available();
    out.println("starting the embedded control plane (" + mode + ") ...");
    out.flush();
    try (LocalControlPlane controlPlane =
            LocalControlPlane.start(mode, directory.resolve("cluster"), 2);
        KubernetesClient client = controlPlane.newClient();
        Git git = commitExample(example, work);
        GitServer server = GitServer.serve(git.getRepository())) {
      CustomResourceDefinitions.install(client);
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .serverSideApply();
      String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      configureWebhook(client, token);

      var registry = Metrics.newRegistry();
      var settings =
          new OperatorSettings(
              // A Lease like the installed operator's, so that strata check finds this one too.
              Set.of(), true, "strata-operator", NAMESPACE, "demo", 0, Duration.ofSeconds(5));
      try (var operator =
              new StrataOperator(
                  client,
                  settings,
                  OperatorCommand.reconcilers(
                      directory.resolve("cache"), client, registry, true, Notifier.NONE),
                  registry);
          var webhook =
              new WebhookServer(
                  client,
                  new WebhookSettings(
                      "127.0.0.1",
                      0,
                      NAMESPACE,
                      WebhookSettings.DEFAULT_CONFIG_MAP,
                      WebhookSettings.DEFAULT_MAX_BODY_BYTES,
                      WebhookSettings.DEFAULT_RATE_PER_SECOND,
                      WebhookSettings.DEFAULT_RATE_BURST,
                      Set.of(),
                      "demo"),
                  registry)) {
        operator.start();
        webhook.start();
        String url = "git://127.0.0.1:" + server.port() + "/homelab.git";
        createResources(client, url);
        out.println("serving " + work + " as " + url + "; reconciling six layers ...");
        out.flush();

        boolean ready = awaitReady(client, out);
        LayeredKustomization lk = layers(client);
        out.println();
        out.print(GetCommand.tree(lk));
        out.println();
        if (once) {
          // The cluster stops when this returns: a kubeconfig or a curl for it would mislead.
          return ready ? 0 : 1;
        }
        out.println("kubeconfig: " + controlPlane.kubeconfig());
        out.println("  kubectl --kubeconfig " + controlPlane.kubeconfig() + " get strata -A");
        String hook = "http://127.0.0.1:" + webhook.port() + "/hook/demo";
        out.println("webhook (generic HMAC-SHA256, token " + token + "): " + hook);
        out.println("  commit in " + work + ", then:");
        out.println(
            "  body='{}'; curl -s -X POST -H \"X-Signature: sha256=$(printf %s \"$body\" |"
                + " openssl dgst -sha256 -hmac "
                + token
                + " | cut -d' ' -f2)\" -d \"$body\" "
                + hook);
        out.println("running; Ctrl-C stops the demo");
        out.flush();
        stopping.await();
        return 0;
      }
    }
  }

  /** Copies the example's directories into a new repository and commits them. */
  static Git commitExample(Path example, Path work) throws Exception {
    Files.createDirectories(work);
    for (String top : List.of("infrastructure", "apps", "clusters/simulated")) {
      Path source = example.resolve(top);
      try (Stream<Path> paths = Files.walk(source)) {
        for (Path path : paths.toList()) {
          Path target = work.resolve(example.relativize(path).toString());
          if (Files.isDirectory(path)) {
            Files.createDirectories(target);
          } else {
            Files.copy(path, target);
          }
        }
      }
    }
    Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
    git.add().addFilepattern(".").call();
    git.commit()
        .setMessage("homelab example")
        .setAuthor("Strata demo", "demo@strata.dev")
        .setCommitter("Strata demo", "demo@strata.dev")
        .setSign(false)
        .call();
    return git;
  }

  private static void configureWebhook(KubernetesClient client, String token) {
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("strata-demo-webhook")
                .endMetadata()
                .withStringData(Map.of("token", token))
                .build())
        .serverSideApply();
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(WebhookSettings.DEFAULT_CONFIG_MAP)
                .endMetadata()
                .withData(
                    Map.of(
                        "receivers.yaml",
                        "receivers:\n"
                            + "  - name: demo\n"
                            + "    type: generic\n"
                            + "    secretRef: {name: strata-demo-webhook, key: token}\n"))
                .build())
        .serverSideApply();
  }

  private void createResources(KubernetesClient client, String url) throws IOException {
    var source = new GitSource();
    source.getMetadata().setName("homelab");
    source.getMetadata().setNamespace(NAMESPACE);
    var sourceSpec = new GitSourceSpec();
    sourceSpec.setUrl(url);
    var ref = new GitRef();
    ref.setBranch("main");
    sourceSpec.setRef(ref);
    sourceSpec.setInterval("10m");
    source.setSpec(sourceSpec);
    client.resource(source).serverSideApply();
    LayeredKustomization lk =
        Serialization.unmarshal(
            Files.readString(example.toAbsolutePath().resolve("clusters/simulated/layers.yaml")),
            LayeredKustomization.class);
    lk.getMetadata().setNamespace(NAMESPACE);
    client.resource(lk).serverSideApply();
  }

  private boolean awaitReady(KubernetesClient client, PrintWriter out) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      LayeredKustomization lk = layers(client);
      if (lk != null && lk.getStatus() != null) {
        String summary =
            String.join(
                " ",
                lk.getStatus().getLayers().stream()
                    .map(l -> l.getName() + ":" + l.getPhase())
                    .toList());
        if (!summary.equals(last)) {
          out.println("  " + summary);
          out.flush();
          last = summary;
        }
        if (lk.getStatus().getLastAppliedRevision() != null
            && lk.getStatus().getConditions().stream()
                .anyMatch(
                    c ->
                        c.getType().equals(ConditionTypes.READY)
                            && c.getStatus().equals(ConditionTypes.TRUE))) {
          return true;
        }
      }
      Thread.sleep(500);
    }
    out.println("the layers did not all become Ready within " + timeout.toSeconds() + "s");
    return false;
  }

  private static LayeredKustomization layers(KubernetesClient client) {
    return client
        .resources(LayeredKustomization.class)
        .inNamespace(NAMESPACE)
        .withName("homelab")
        .get();
  }

  /** Serves one repository over git:// on a free loopback port with JGit's daemon. */
  static final class GitServer implements AutoCloseable {
    private final Daemon daemon;

    private GitServer(Daemon daemon) {
      this.daemon = daemon;
    }

    static GitServer serve(Repository repository) throws IOException {
      Daemon daemon = new Daemon(new InetSocketAddress("127.0.0.1", 0));
      daemon.getService("git-upload-pack").setEnabled(true);
      RepositoryResolver<org.eclipse.jgit.transport.DaemonClient> resolver =
          (client, name) -> {
            repository.incrementOpen();
            return repository;
          };
      daemon.setRepositoryResolver(resolver);
      daemon.start();
      return new GitServer(daemon);
    }

    int port() {
      return daemon.getAddress().getPort();
    }

    @Override
    public void close() {
      daemon.stop();
    }
  }
}
