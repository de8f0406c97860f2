package dev.strata.cli;

import dev.strata.controller.GitSourceReconciler;
import dev.strata.controller.LayeredKustomizationReconciler;
import dev.strata.controller.RemoteResources;
import dev.strata.localcluster.LocalControlPlane;
import dev.strata.notify.NotificationService;
import dev.strata.notify.Notifier;
import dev.strata.runtime.CustomResourceDefinitions;
import dev.strata.runtime.KubernetesClients;
import dev.strata.runtime.Logging;
import dev.strata.runtime.ManagementServer;
import dev.strata.runtime.Metrics;
import dev.strata.runtime.OperatorSettings;
import dev.strata.runtime.StrataOperator;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.webhook.WebhookServer;
import dev.strata.webhook.WebhookSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the operator: against the current kubeconfig or in-cluster config, or, with --embedded or
 * when no cluster is configured, against a local control plane it starts itself.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    showDefaultValues = true,
    description = {
      "Run the Strata operator.",
      "Connects with the current kubeconfig (KUBECONFIG or ~/.kube/config) or the in-cluster"
          + " service account. When neither exists, or with --embedded, it starts a local control"
          + " plane (kube-apiserver + etcd, and simulated nodes when their binaries are"
          + " provisioned) and prints its kubeconfig path."
    })
public final class OperatorCommand implements Callable<Integer> {

  private static final Path IN_CLUSTER_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  @Option(
      names = "--embedded",
      defaultValue = "${env:STRATA_EMBEDDED:-false}",
      description = "Start a local control plane and run against it. Env: STRATA_EMBEDDED.")
  boolean embedded;

  @Option(
      names = "--embedded-dir",
      defaultValue = "${env:STRATA_EMBEDDED_DIR:-${sys:user.home}/.strata/embedded}",
      description = "Where the embedded control plane writes its kubeconfig and logs.")
  Path embeddedDirectory;

  @Option(
      names = "--embedded-nodes",
      defaultValue = "1",
      description = "Simulated nodes of the embedded control plane (needs kwok).")
  int embeddedNodes;

  @Option(
      names = "--cache-dir",
      defaultValue = "${env:STRATA_CACHE_DIR:-${sys:user.home}/.strata/cache}",
      description =
          "Where fetched repositories are kept (a volume in the pod), one bare repository per"
              + " GitSource. Env: STRATA_CACHE_DIR.")
  Path cacheDirectory;

  @Option(
      names = "--no-remote-resources",
      defaultValue = "${env:STRATA_NO_REMOTE_RESOURCES:-false}",
      description =
          "Refuse remote resources, bases and components (URLs in kustomizations) for every"
              + " LayeredKustomization: the multi-tenant lockdown, like Flux's --no-remote-bases"
              + " (which still allows single-file URLs; this refuses them too). Env:"
              + " STRATA_NO_REMOTE_RESOURCES.")
  boolean noRemoteResources;

  @Option(
      names = "--namespaces",
      split = ",",
      defaultValue = "${env:STRATA_WATCH_NAMESPACES}",
      description =
          "Namespaces to watch, comma-separated; empty watches all. Env: STRATA_WATCH_NAMESPACES.")
  List<String> namespaces;

  @Option(
      names = "--leader-elect",
      negatable = true,
      defaultValue = "${env:STRATA_LEADER_ELECT:-true}",
      fallbackValue = "true",
      description =
          "Take a Lease before reconciling, so only one replica acts. Env: STRATA_LEADER_ELECT.")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:STRATA_LEASE_NAME:-strata-operator}",
      description = "Name of the leader-election Lease. Env: STRATA_LEASE_NAME.")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE}",
      description =
          "Namespace of the Lease. Default: POD_NAMESPACE, else the in-cluster namespace, else"
              + " default.")
  String leaseNamespace;

  @Option(
      names = "--management-port",
      defaultValue = "${env:STRATA_MANAGEMENT_PORT:-8080}",
      description =
          "Port of /healthz, /readyz and /metrics; 0 picks a free one. Env: STRATA_MANAGEMENT_PORT.")
  int managementPort;

  @Option(
      names = "--graceful-shutdown",
      defaultValue = "${env:STRATA_GRACEFUL_SHUTDOWN:-30s}",
      converter = DurationConverter.class,
      description =
          "How long running reconciliations may take to finish on shutdown. Env:"
              + " STRATA_GRACEFUL_SHUTDOWN.")
  Duration gracefulShutdown;

  @Option(
      names = "--log-format",
      defaultValue = "${env:STRATA_LOG_FORMAT:-json}",
      description = "json (one object per line) or text. Env: STRATA_LOG_FORMAT.")
  Logging.Format logFormat;

  @Option(
      names = "--log-level",
      defaultValue = "${env:STRATA_LOG_LEVEL:-info}",
      description = "error, warn, info, debug or trace. Env: STRATA_LOG_LEVEL.")
  String logLevel;

  // --- webhook receivers (dev.strata.webhook) ---
  @Option(
      names = "--webhook-port",
      defaultValue = "${env:STRATA_WEBHOOK_PORT:-9292}",
      description =
          "Port of the webhook receivers (POST /hook/<name>); 0 picks a free one, -1 turns them"
              + " off. Env: STRATA_WEBHOOK_PORT.")
  int webhookPort;

  @Option(
      names = "--webhook-config",
      defaultValue = "${env:STRATA_WEBHOOK_CONFIG:-" + WebhookSettings.DEFAULT_CONFIG_MAP + "}",
      description =
          "ConfigMap in the operator's namespace (the Lease's) that declares the receivers; see"
              + " docs/webhooks.md. Env: STRATA_WEBHOOK_CONFIG.")
  String webhookConfig;

  @Option(
      names = "--webhook-max-body",
      defaultValue = "${env:STRATA_WEBHOOK_MAX_BODY:-1048576}",
      description =
          "Largest delivery body in bytes; larger ones are refused with 413. Env:"
              + " STRATA_WEBHOOK_MAX_BODY.")
  long webhookMaxBody;

  @Option(
      names = "--webhook-rate",
      defaultValue = "${env:STRATA_WEBHOOK_RATE:-10}",
      description =
          "Deliveries per second each receiver accepts on average (429 beyond); a receiver's own"
              + " rateLimit overrides it. Env: STRATA_WEBHOOK_RATE.")
  double webhookRate;

  @Option(
      names = "--webhook-burst",
      defaultValue = "${env:STRATA_WEBHOOK_BURST:-20}",
      description =
          "Deliveries each receiver accepts at once after a quiet spell. Env:"
              + " STRATA_WEBHOOK_BURST.")
  int webhookBurst;

  @Spec CommandSpec spec;

  /** Refuses limits the receivers could not work with, naming the flag, before anything starts. */
  private void validateWebhookOptions() {
    if (webhookMaxBody < 1) {
      throw new ParameterException(spec.commandLine(), "--webhook-max-body must be at least 1");
    }
    if (!(webhookRate > 0)) {
      throw new ParameterException(spec.commandLine(), "--webhook-rate must be above 0");
    }
    if (webhookBurst < 1) {
      throw new ParameterException(spec.commandLine(), "--webhook-burst must be at least 1");
    }
  }

  // --- end of webhook receivers ---

  @Option(
      names = "--notification-config",
      defaultValue =
          "${env:STRATA_NOTIFICATION_CONFIG:-" + NotificationService.DEFAULT_CONFIG_MAP + "}",
      description =
          "ConfigMap in the operator's namespace that declares the notification providers (Slack,"
              + " Discord, generic, commit statuses); see docs/notifications.md. Env:"
              + " STRATA_NOTIFICATION_CONFIG.")
  String notificationConfig;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    validateWebhookOptions();
    Logging.configure(logFormat, logLevel);
    Logger log = LoggerFactory.getLogger(OperatorCommand.class);
    LocalControlPlane controlPlane = null;
    if (embedded || !clusterConfigured()) {
      if (!embedded) {
        log.info(
            "no cluster configured (no KUBECONFIG, ~/.kube/config or in-cluster service account);"
                + " starting an embedded control plane");
      }
      controlPlane = startEmbedded(log);
    }
    var registry = Metrics.newRegistry();
    KubernetesClient client =
        controlPlane != null ? controlPlane.newClient() : KubernetesClients.fromEnvironment();
    if (controlPlane != null) {
      CustomResourceDefinitions.install(client);
    }
    var settings = settings();
    var notifications =
        new NotificationService(client, settings.leaseNamespace(), notificationConfig, registry);
    var operator =
        new StrataOperator(
            client,
            settings,
            reconcilers(cacheDirectory, client, registry, !noRemoteResources, notifications),
            registry);
    var management = new ManagementServer(managementPort, operator::readiness, registry);
    // Webhook receivers run on every replica: annotating needs no Lease.
    WebhookServer webhook = null;
    if (webhookPort >= 0) {
      try {
        webhook = new WebhookServer(client, webhookSettings(settings), registry);
      } catch (IOException e) {
        log.error("cannot listen for webhooks on port {}: {}", webhookPort, e.getMessage());
        return 1;
      }
    }
    var shutdown =
        new Shutdown(log, operator, management, webhook, notifications, client, controlPlane);
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "shutdown"));
    try {
      management.start();
      log.info("serving /healthz, /readyz and /metrics on port {}", management.port());
      operator.start();
      // After the operator: a configuration that cannot be read must not hold reconciles back.
      notifications.start();
      if (webhook != null) {
        webhook.start();
      }
    } catch (RuntimeException e) {
      log.error("cannot start the operator: {}", e.getMessage());
      return 1;
    }
    stopped.await();
    return 0;
  }

  /**
   * The reconcilers, wired by hand: GitSources fetch into the object store, LayeredKustomizations
   * render from it and apply.
   */
  static List<Reconciler<?>> reconcilers(
      Path cacheDirectory,
      KubernetesClient client,
      MeterRegistry registry,
      boolean remoteResources,
      Notifier notifier) {
    var store = new ObjectStore(cacheDirectory);
    return List.of(
        new GitSourceReconciler(store, new GitFetcher(store), Clock.systemUTC(), notifier),
        LayeredKustomizationReconciler.builder(client, store)
            .meterRegistry(registry)
            .notifier(notifier)
            .remoteResources(new RemoteResources(remoteResources, store, client))
            .build());
  }

  private LocalControlPlane startEmbedded(Logger log) {
    var mode = LocalControlPlane.Mode.available();
    if (mode == LocalControlPlane.Mode.API_SERVER) {
      log.info(
          "no simulated-cluster binaries found (run hack/test-binaries.sh); starting kube-apiserver"
              + " and etcd only: workloads will not run");
    }
    var controlPlane = LocalControlPlane.start(mode, embeddedDirectory, embeddedNodes);
    log.info(
        "embedded control plane ready; kubeconfig: {} (try: kubectl --kubeconfig {} get strata)",
        controlPlane.kubeconfig(),
        controlPlane.kubeconfig());
    return controlPlane;
  }

  private static boolean clusterConfigured() {
    String kubeconfig = System.getenv("KUBECONFIG");
    return (kubeconfig != null && !kubeconfig.isBlank())
        || Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"))
        || System.getenv("KUBERNETES_SERVICE_HOST") != null;
  }

  private OperatorSettings settings() throws Exception {
    return new OperatorSettings(
        namespaces == null ? Set.of() : Set.copyOf(namespaces),
        leaderElection,
        leaseName,
        leaseNamespace(),
        identity(),
        managementPort,
        gracefulShutdown);
  }

  private WebhookSettings webhookSettings(OperatorSettings settings) {
    return new WebhookSettings(
        "0.0.0.0",
        webhookPort,
        settings.leaseNamespace(),
        webhookConfig,
        webhookMaxBody,
        webhookRate,
        webhookBurst,
        settings.watchNamespaces(),
        settings.identity());
  }

  private String leaseNamespace() throws Exception {
    if (leaseNamespace != null && !leaseNamespace.isBlank()) {
      return leaseNamespace;
    }
    if (Files.isReadable(IN_CLUSTER_NAMESPACE)) {
      return Files.readString(IN_CLUSTER_NAMESPACE).trim();
    }
    String contextNamespace = Config.autoConfigure(null).getNamespace();
    return contextNamespace != null ? contextNamespace : "default";
  }

  private static String identity() {
    String podName = System.getenv("POD_NAME");
    if (podName != null && !podName.isBlank()) {
      return podName;
    }
    try {
      return InetAddress.getLocalHost().getHostName()
          + "-"
          + UUID.randomUUID().toString().substring(0, 8);
    } catch (UnknownHostException e) {
      return "strata-" + UUID.randomUUID();
    }
  }

  /** Stops everything in reverse order of start, once, from the JVM's shutdown hook. */
  private final class Shutdown implements Runnable {
    private final Logger log;
    private final StrataOperator operator;
    private final ManagementServer management;
    private final WebhookServer webhook;
    private final NotificationService notifications;
    private final KubernetesClient client;
    private final LocalControlPlane controlPlane;

    Shutdown(
        Logger log,
        StrataOperator operator,
        ManagementServer management,
        WebhookServer webhook,
        NotificationService notifications,
        KubernetesClient client,
        LocalControlPlane controlPlane) {
      this.log = log;
      this.operator = operator;
      this.management = management;
      this.webhook = webhook;
      this.notifications = notifications;
      this.client = client;
      this.controlPlane = controlPlane;
    }

    @Override
    public void run() {
      log.info("shutting down");
      if (webhook != null) {
        webhook.close();
      }
      operator.close();
      notifications.close();
      management.close();
      client.close();
      if (controlPlane != null) {
        controlPlane.close();
      }
      log.info("stopped");
      stopped.countDown();
    }
  }
}
