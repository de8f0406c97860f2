package dev.strata.cli;

import dev.strata.api.Condition;
import dev.strata.api.ConditionTypes;
import dev.strata.api.GitSource;
import dev.strata.api.Hold;
import dev.strata.api.LayerPhase;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.StrataMetadata;
import dev.strata.apply.ApplyException;
import dev.strata.apply.ObjectDiff;
import dev.strata.layers.LayerPipeline;
import dev.strata.layers.RevisionFiles;
import dev.strata.render.DiskTree;
import dev.strata.render.RemoteLoader;
import dev.strata.render.RenderException;
import dev.strata.runtime.CustomResourceDefinitions;
import dev.strata.runtime.KubernetesClients;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Holds the day-to-day commands that act on the cluster, as {@code flux} has them: reconcile now,
 * suspend and resume, diff a local checkout against the cluster, check the installation.
 */
public final class ClusterCommands {

  private ClusterCommands() {}

  /** The namespace option and a client, shared by the commands. */
  public static final class Target {
    @Option(
        names = {"-n", "--namespace"},
        description = "Namespace (default: the kubeconfig's).")
    String namespace;

    KubernetesClient client() {
      return KubernetesClients.fromEnvironment();
    }

    String namespace(KubernetesClient client) {
      return namespace != null ? namespace : client.getNamespace();
    }
  }

  /** {@code strata reconcile source|layers NAME}: annotate and wait, printing progress. */
  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      description = "Reconcile a GitSource or a LayeredKustomization now and wait for the result.",
      subcommands = {Reconcile.Source.class, Reconcile.Layers.class})
  public static final class Reconcile {

    abstract static class Base implements Callable<Integer> {
      @Parameters(index = "0", description = "The resource's name.")
      String name;

      @Mixin Target target;

      @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class)
      Duration timeout;

      @Spec picocli.CommandLine.Model.CommandSpec spec;
    }

    @Command(name = "source", description = "Fetch a GitSource now.")
    public static final class Source extends Base {
      @Override
      public Integer call() throws Exception {
        try (KubernetesClient client = target.client()) {
          return reconcileSource(
              client, target.namespace(client), name, timeout, spec.commandLine().getOut());
        }
      }
    }

    @Command(name = "layers", description = "Apply a LayeredKustomization's layers now.")
    public static final class Layers extends Base {
      @Option(names = "--with-source", description = "Fetch its GitSource first.")
      boolean withSource;

      @Override
      public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = target.client()) {
          String ns = target.namespace(client);
          if (withSource) {
            LayeredKustomization lk = findLayers(client, ns, name, out);
            if (lk == null) {
              return 1;
            }
            int fetched =
                reconcileSource(client, ns, lk.getSpec().getSourceRef().getName(), timeout, out);
            if (fetched != 0) {
              return fetched;
            }
          }
          return reconcile(
              client,
              LayeredKustomization.class,
              ns,
              name,
              timeout,
              out,
              lk -> lk.getStatus() == null ? null : lk.getStatus().getLastHandledReconcileAt(),
              lk -> lk.getStatus() == null ? List.of() : lk.getStatus().getConditions(),
              ClusterCommands::layerProgress);
        }
      }
    }
  }

  private static int reconcileSource(
      KubernetesClient client, String namespace, String name, Duration timeout, PrintWriter out)
      throws InterruptedException {
    return reconcile(
        client,
        GitSource.class,
        namespace,
        name,
        timeout,
        out,
        s -> s.getStatus() == null ? null : s.getStatus().getLastHandledReconcileAt(),
        s -> s.getStatus() == null ? List.of() : s.getStatus().getConditions(),
        s ->
            (s.getStatus() == null ? List.<Condition>of() : s.getStatus().getConditions())
                .stream()
                    .filter(c -> c.getType().equals(ConditionTypes.RECONCILING))
                    .map(c -> new Progress("fetch", c.getMessage(), c.getLastTransitionTime()))
                    .toList());
  }

  /**
   * One line of progress: what it is about ({@code key}: a fetch, a layer), what it says, and when
   * its state last changed, so that a layer that went round to the same phase prints again.
   */
  record Progress(String key, String text, String since) {}

  /** A line per layer, from its own status: phase and message, never mixed with another's. */
  static List<Progress> layerProgress(LayeredKustomization lk) {
    if (lk.getStatus() == null) {
      return List.of();
    }
    return lk.getStatus().getLayers().stream()
        .map(
            layer ->
                new Progress(
                    "layer " + layer.getName(),
                    "layer "
                        + layer.getName()
                        + ": "
                        + phase(layer.getPhase())
                        + (layer.getMessage() == null || layer.getMessage().isBlank()
                            ? ""
                            : " — " + layer.getMessage()),
                    layer.getLastTransitionTime()))
        .toList();
  }

  /** The phase as status and kubectl spell it: Progressing, not PROGRESSING. */
  private static String phase(LayerPhase phase) {
    if (phase == null) {
      return "Pending";
    }
    String name = phase.name();
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  /**
   * Prints one message as one line and flushes it: line breaks inside the message become "; ", so
   * that every message stands on a line of its own and the output ends with a newline.
   */
  static void line(PrintWriter out, String text) {
    out.println(text.strip().replaceAll("\\s*\\R\\s*", "; "));
    out.flush();
  }

  /**
   * Sets the request annotation, then waits until the reconciler has handled it, printing each
   * progress line that changed; 0 when Ready, 1 when not.
   */
  static <T extends HasMetadata> int reconcile(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      String name,
      Duration timeout,
      PrintWriter out,
      Function<T, String> handled,
      Function<T, List<Condition>> conditions,
      Function<T, List<Progress>> progress)
      throws InterruptedException {
    return reconcile(
        client,
        type,
        namespace,
        name,
        timeout,
        out,
        handled,
        conditions,
        progress,
        UnaryOperator.identity(),
        "annotated");
  }

  /**
   * As above, with {@code change} made to the resource in the same write as the request (e.g.
   * spec.hold), and {@code done} saying what the write did.
   */
  static <T extends HasMetadata> int reconcile(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      String name,
      Duration timeout,
      PrintWriter out,
      Function<T, String> handled,
      Function<T, List<Condition>> conditions,
      Function<T, List<Progress>> progress,
      UnaryOperator<T> change,
      String done)
      throws InterruptedException {
    var resource = client.resources(type).inNamespace(namespace).withName(name);
    T before = resource.get();
    if (before == null) {
      line(out, type.getSimpleName() + " " + namespace + "/" + name + " not found");
      return 1;
    }
    // What status says before the request is the last run's: printed only once it changes.
    Map<String, Progress> shown = new HashMap<>();
    progress.apply(before).forEach(p -> shown.put(p.key(), p));
    String requested = Instant.now().toString();
    resource.edit(
        r -> {
          if (r.getMetadata().getAnnotations() == null) {
            r.getMetadata().setAnnotations(new HashMap<>());
          }
          r.getMetadata().getAnnotations().put(StrataMetadata.REQUESTED_AT_ANNOTATION, requested);
          return change.apply(r);
        });
    line(out, "► " + done + " " + type.getSimpleName() + " " + namespace + "/" + name);
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      T current = resource.get();
      for (Progress p : progress.apply(current)) {
        if (p.text() != null && !p.text().isBlank() && !p.equals(shown.get(p.key()))) {
          line(out, "◎ " + p.text());
        }
        shown.put(p.key(), p);
      }
      if (requested.equals(handled.apply(current))) {
        Condition ready =
            conditions.apply(current).stream()
                .filter(c -> c.getType().equals(ConditionTypes.READY))
                .findFirst()
                .orElse(null);
        boolean ok = ready != null && ConditionTypes.TRUE.equals(ready.getStatus());
        line(
            out,
            (ok ? "✔ " : "✗ ")
                + (ready == null
                    ? "no Ready condition"
                    : Objects.requireNonNullElse(ready.getMessage(), ready.getReason())));
        return ok ? 0 : 1;
      }
      Thread.sleep(500);
    }
    line(out, "✗ not handled within " + timeout.toSeconds() + "s; is the operator running?");
    return 1;
  }

  /** The one argument and the target of suspend and resume. */
  abstract static class Suspension implements Callable<Integer> {
    @Parameters(index = "0", description = "The LayeredKustomization's name.")
    String name;

    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    abstract boolean suspend();

    @Override
    public Integer call() {
      return setSuspend(target, name, suspend(), spec.commandLine().getOut());
    }
  }

  /** {@code strata suspend NAME}. */
  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description = "Stop applying a LayeredKustomization (its objects stay; drift is not healed).")
  public static final class Suspend extends Suspension {
    @Override
    boolean suspend() {
      return true;
    }
  }

  /** {@code strata resume NAME}: follow Git again, whether suspended or held by a rollback. */
  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description =
          "Make a LayeredKustomization follow Git again and reconcile it at once: ends a suspend"
              + " (spec.suspend) and a hold at an older revision by strata rollback (spec.hold).")
  public static final class Resume extends Suspension {
    @Override
    boolean suspend() {
      return false;
    }
  }

  /** The LayeredKustomization {@code ns/name}, or null after saying it was not found. */
  static LayeredKustomization findLayers(
      KubernetesClient client, String ns, String name, PrintWriter out) {
    LayeredKustomization lk =
        client.resources(LayeredKustomization.class).inNamespace(ns).withName(name).get();
    if (lk == null) {
      line(out, "LayeredKustomization " + ns + "/" + name + " not found");
    }
    return lk;
  }

  private static int setSuspend(Target target, String name, boolean suspend, PrintWriter out) {
    try (KubernetesClient client = target.client()) {
      String ns = target.namespace(client);
      var resource = client.resources(LayeredKustomization.class).inNamespace(ns).withName(name);
      if (resource.get() == null) {
        line(out, "LayeredKustomization " + ns + "/" + name + " not found");
        return 1;
      }
      Hold hold = resource.get().getSpec().getHold();
      resource.edit(
          lk -> {
            lk.getSpec().setSuspend(suspend);
            if (!suspend) {
              lk.getSpec().setHold(null);
              if (lk.getMetadata().getAnnotations() == null) {
                lk.getMetadata().setAnnotations(new HashMap<>());
              }
              lk.getMetadata()
                  .getAnnotations()
                  .put(StrataMetadata.REQUESTED_AT_ANNOTATION, Instant.now().toString());
            }
            return lk;
          });
      line(
          out,
          (suspend ? "► suspended " : "► resumed ")
              + ns
              + "/"
              + name
              + (!suspend && hold != null
                  ? ": no longer held at " + hold.getRevision() + "; following Git again"
                  : ""));
      return 0;
    }
  }

  /** {@code strata diff NAME --path DIR}: what applying a local checkout would change. */
  @Command(
      name = "diff",
      mixinStandardHelpOptions = true,
      description =
          "Render a LayeredKustomization's layers from a local checkout and dry-run them against"
              + " the cluster; print a unified diff per object that would change (Secret values"
              + " masked) and exit 1 when any would.")
  public static final class Diff implements Callable<Integer> {
    @Parameters(index = "0")
    String name;

    @Mixin Target target;

    @Option(names = "--path", defaultValue = ".", description = "The repository's checkout.")
    Path path;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      try (KubernetesClient client = target.client()) {
        String ns = target.namespace(client);
        LayeredKustomization lk = findLayers(client, ns, name, out);
        if (lk == null) {
          return 2;
        }
        // The operator's own pipeline: field manager, owner labels, service account and
        // spec.targetNamespace as it applies them, so that the diff is what it would change.
        if (!java.nio.file.Files.isDirectory(path)) {
          line(out, "✗ --path " + path + " is not a directory");
          return 2;
        }
        DiskTree checkout = new DiskTree(path);
        var applier = new LayerPipeline(client, Runnable::run).applier(lk);
        try (RemoteLoader remotes = new FetchedOnDemand()) {
          var renderer = LayerPipeline.renderer(lk, RevisionFiles.of(checkout, remotes));
          int changed = 0;
          for (var layer : lk.getSpec().getLayers()) {
            List<ObjectDiff> diffs;
            try {
              diffs = applier.diff(renderer.render(layer.getPath()), LayerPipeline.deadline(lk));
            } catch (RenderException | IOException | ApplyException e) {
              line(out, "✗ layer " + layer.getName() + ": " + e.getMessage());
              return 2;
            }
            for (ObjectDiff diff : diffs) {
              line(out, "► layer " + layer.getName() + ": " + diff.ref() + " would change");
              // As is: a diff's lines start with their marker or a space.
              out.print(diff.unified());
              out.flush();
            }
            changed += diffs.size();
          }
          line(out, changed == 0 ? "✔ no changes" : "✗ " + changed + " object(s) would change");
          return changed == 0 ? 0 : 1;
        }
      }
    }
  }

  /** {@code strata check}: CRDs installed and established, operator running, versions. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Check the CRDs, the operator's Lease and the versions.")
  public static final class Check implements Callable<Integer> {
    @Option(
        names = "--lease-namespace",
        description = "Where the operator's Lease is. Default: found in any namespace by its name.")
    String leaseNamespace;

    @Option(names = "--lease-name", defaultValue = "strata-operator")
    String leaseName;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      boolean ok = true;
      try (KubernetesClient client = KubernetesClients.fromEnvironment()) {
        line(
            out,
            "► strata "
                + VersionProvider.version()
                + ", Kubernetes "
                + client.getKubernetesVersion().getGitVersion());
        for (CustomResourceDefinition shipped : CustomResourceDefinitions.shipped()) {
          String crd = shipped.getMetadata().getName();
          CustomResourceDefinition live =
              client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
          if (live == null) {
            line(out, "✗ CRD " + crd + " is not installed (kubectl apply -k crds/)");
            ok = false;
          } else if (live.getStatus() == null
              || live.getStatus().getConditions().stream()
                  .noneMatch(
                      c -> c.getType().equals("Established") && c.getStatus().equals("True"))) {
            line(out, "✗ CRD " + crd + " is not established");
            ok = false;
          } else {
            line(out, "✔ CRD " + crd + " is installed and established");
          }
        }
        ok &= checkOperator(client, out);
      } catch (KubernetesClientException e) {
        line(out, "✗ cannot reach the cluster: " + e.getMessage());
        ok = false;
      }
      line(out, ok ? "✔ all checks passed" : "✗ some checks failed");
      return ok ? 0 : 1;
    }

    /**
     * Whether an operator renews its Lease. The install, {@code --embedded} and the demo put it in
     * different namespaces, so without {@code --lease-namespace} every namespace is searched.
     */
    private boolean checkOperator(KubernetesClient client, PrintWriter out) {
      List<Lease> leases =
          leaseNamespace != null
              ? Stream.ofNullable(
                      client.leases().inNamespace(leaseNamespace).withName(leaseName).get())
                  .toList()
              : client
                  .leases()
                  .inAnyNamespace()
                  .withField("metadata.name", leaseName)
                  .list()
                  .getItems();
      leases = leases.stream().filter(l -> l.getSpec().getRenewTime() != null).toList();
      if (leases.isEmpty()) {
        line(
            out,
            "✗ no operator holds Lease "
                + (leaseNamespace != null
                    ? leaseNamespace + "/" + leaseName
                    : leaseName + " in any namespace"));
        return false;
      }
      boolean anyFresh = false;
      for (Lease lease : leases) {
        Instant renewed = lease.getSpec().getRenewTime().toInstant();
        long age = Duration.between(renewed, Instant.now()).toSeconds();
        boolean fresh = age <= lease.getSpec().getLeaseDurationSeconds();
        anyFresh |= fresh;
        line(
            out,
            (fresh ? "✔ operator " : "✗ operator ")
                + lease.getSpec().getHolderIdentity()
                + " renewed its Lease "
                + lease.getMetadata().getNamespace()
                + "/"
                + leaseName
                + " "
                + age
                + "s ago");
      }
      return anyFresh;
    }
  }
}
