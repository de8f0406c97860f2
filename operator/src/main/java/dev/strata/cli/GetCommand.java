package dev.strata.cli;

import dev.strata.api.Condition;
import dev.strata.api.ConditionTypes;
import dev.strata.api.LayerStatus;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.LayeredKustomizationStatus;
import dev.strata.api.Revision;
import dev.strata.api.UnhealthyObject;
import dev.strata.runtime.KubernetesClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Prints LayeredKustomizations as trees of their layers, like {@code flux tree} with health: each
 * layer's phase, revision, object counts and the objects that are not healthy, and why.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Show LayeredKustomizations and their layers as a tree.")
public final class GetCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", description = "The LayeredKustomization; all when omitted.")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace (default: the kubeconfig's).")
  String namespace;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List across all namespaces.")
  boolean allNamespaces;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (KubernetesClient client = KubernetesClients.fromEnvironment()) {
      String ns = namespace != null ? namespace : client.getNamespace();
      var resources = client.resources(LayeredKustomization.class);
      List<LayeredKustomization> items;
      if (name != null) {
        LayeredKustomization one = resources.inNamespace(ns).withName(name).get();
        if (one == null) {
          err.println("LayeredKustomization " + ns + "/" + name + " not found");
          err.flush();
          return 1;
        }
        items = List.of(one);
      } else if (allNamespaces) {
        items = resources.inAnyNamespace().list().getItems();
      } else {
        items = resources.inNamespace(ns).list().getItems();
      }
      if (items.isEmpty()) {
        err.println("no LayeredKustomizations found");
        err.flush();
        return 0;
      }
      items.forEach(item -> out.print(tree(item)));
      out.flush();
      return 0;
    } catch (KubernetesClientException e) {
      err.println("cannot read LayeredKustomizations: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** The tree of one LayeredKustomization, as text. */
  public static String tree(LayeredKustomization item) {
    StringBuilder out = new StringBuilder();
    LayeredKustomizationStatus status =
        item.getStatus() == null ? new LayeredKustomizationStatus() : item.getStatus();
    Condition ready = condition(status, ConditionTypes.READY);
    out.append(item.getMetadata().getNamespace())
        .append('/')
        .append(item.getMetadata().getName())
        .append("  ")
        .append(
            ready == null
                ? "Unknown"
                : (ConditionTypes.TRUE.equals(ready.getStatus()) ? "Ready" : "NotReady"))
        .append("  revision ")
        .append(or(status.getLastAppliedRevision(), "-"));
    if (ready != null && ready.getMessage() != null) {
      out.append("\n  ").append(ready.getMessage());
    }
    out.append('\n');
    List<LayerStatus> layers = status.getLayers();
    for (int i = 0; i < layers.size(); i++) {
      LayerStatus layer = layers.get(i);
      boolean last = i == layers.size() - 1;
      out.append(last ? "└── " : "├── ")
          .append(
              String.format(
                  "%-16s %-12s %-14s %3s objects, %s changed",
                  layer.getName(),
                  layer.getPhase() == null ? "Pending" : layer.getPhase(),
                  shortRevision(layer.getRevision()),
                  layer.getObjects() == null ? "-" : layer.getObjects(),
                  layer.getChanged() == null ? "-" : layer.getChanged()))
          .append('\n');
      String indent = last ? "    " : "│   ";
      if (layer.getMessage() != null && !layer.getMessage().isBlank()) {
        out.append(indent).append(layer.getMessage()).append('\n');
      }
      for (UnhealthyObject unhealthy : layer.getUnhealthy()) {
        out.append(indent)
            .append("✗ ")
            .append(unhealthy.getObject())
            .append(": ")
            .append(unhealthy.getReason())
            .append('\n');
      }
    }
    return out.toString();
  }

  private static Condition condition(LayeredKustomizationStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static String shortRevision(String revision) {
    return revision == null ? "-" : Revision.abbreviate(revision);
  }

  private static String or(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
