package dev.strata.layers;

import dev.strata.api.Durations;
import dev.strata.api.FieldManagers;
import dev.strata.api.IgnoreFields;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.StrataMetadata;
import dev.strata.apply.ApplyException;
import dev.strata.apply.ApplyOptions;
import dev.strata.apply.ChangeSet;
import dev.strata.apply.Deadline;
import dev.strata.apply.IgnoreRule;
import dev.strata.apply.Impersonation;
import dev.strata.apply.LayerApplier;
import dev.strata.apply.ObjectDiff;
import dev.strata.apply.Pruner;
import dev.strata.health.ApiResources;
import dev.strata.health.HealthExpressions;
import dev.strata.health.HealthWaiter;
import dev.strata.health.ObjectRef;
import dev.strata.render.Accumulator;
import dev.strata.render.KustomizeBuilder;
import dev.strata.render.Ordering;
import dev.strata.render.Resource;
import dev.strata.render.builtin.NamespaceTransformer;
import dev.strata.render.fields.FieldSpecs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Turns a LayeredKustomization's spec into what renders, applies, prunes and health-checks its
 * layers: the one place that decides the field manager, owner labels, impersonated service account,
 * target namespace and how a layer's path is read. The reconciler, drift healing, {@code strata
 * diff} and {@code strata demo} all go through it, so they cannot disagree.
 */
public final class LayerPipeline {

  private final KubernetesClient client;
  private final ApiResources apiResources;
  private final Executor executor;

  /**
   * @param client the operator's own client; appliers act through it, or as a service account
   * @param executor runs independent layers in parallel
   */
  public LayerPipeline(KubernetesClient client, Executor executor) {
    this.client = client;
    this.apiResources = new ApiResources(client);
    this.executor = executor;
  }

  /**
   * Renders, applies, prunes and waits for health of {@code lk}'s layers, one run at a time, with
   * its custom health checks (spec.healthCheckExprs).
   *
   * @throws HealthExpressions.InvalidExpression when an expression does not compile
   */
  public LayerRunner runner(LayeredKustomization lk) throws HealthExpressions.InvalidExpression {
    return new LayerRunner(
        applier(lk),
        new HealthWaiter(
            client, apiResources, HealthExpressions.compile(lk.getSpec().getHealthCheckExprs())),
        executor);
  }

  /** How long a layer of {@code lk} may take unless it says otherwise: spec.timeout. */
  public static Deadline deadline(LayeredKustomization lk) {
    return Deadline.after(Durations.parse(lk.getSpec().getTimeout()));
  }

  /** What runs {@code plan} at {@code revision}, given each layer's objects from the last run. */
  public static LayerRunner.Request request(
      LayeredKustomization lk,
      LayerPlan plan,
      String revision,
      Map<String, List<ObjectRef>> previousInventory) {
    return new LayerRunner.Request(
        revision,
        plan,
        previousInventory,
        !Boolean.FALSE.equals(lk.getSpec().getPrune()),
        Durations.parse(lk.getSpec().getTimeout()),
        defaultNamespace(lk));
  }

  /** Applies and prunes as {@code lk}'s service account when it names one, else as the operator. */
  public Applier applier(LayeredKustomization lk) {
    KubernetesClient acting = actingClient(lk);
    ApplyOptions options = applyOptions(lk);
    return new Applier(
        new LayerApplier(acting, options, apiResources), new Pruner(acting, options, apiResources));
  }

  /**
   * Renders a layer's directory from {@code files}, then moves every namespaced object into
   * spec.targetNamespace when it is set, as Flux does.
   */
  public static LayerRunner.Renderer renderer(LayeredKustomization lk, RevisionFiles files) {
    String targetNamespace = lk.getSpec().getTargetNamespace();
    return path -> {
      try (RevisionFiles.Opened opened = files.open()) {
        List<Resource> rendered =
            new KustomizeBuilder(opened.tree(), opened.remotes())
                .build(directory(path), Ordering.LEGACY);
        if (targetNamespace != null && !targetNamespace.isBlank()) {
          Accumulator accumulator = new Accumulator();
          accumulator.appendAll(rendered);
          new NamespaceTransformer(
                  targetNamespace, FieldSpecs.defaults().get("namespace"), "spec.targetNamespace")
              .transform(accumulator);
        }
        return rendered;
      }
    };
  }

  /** Field manager, owner labels and default namespace of everything {@code lk} applies. */
  public static ApplyOptions applyOptions(LayeredKustomization lk) {
    return ApplyOptions.defaults()
        .withFieldManager(FieldManagers.LAYERS)
        .withDefaultNamespace(defaultNamespace(lk))
        .withOwnerLabels(StrataMetadata.ownerLabels(lk))
        .withForce(Boolean.TRUE.equals(lk.getSpec().getForce()))
        .withIgnoreRules(ignoreRules(lk));
  }

  /** spec.ignoreFields as the applier reads them. */
  public static List<IgnoreRule> ignoreRules(LayeredKustomization lk) {
    List<IgnoreFields> rules = lk.getSpec().getIgnoreFields();
    if (rules == null) {
      return List.of();
    }
    List<IgnoreRule> converted = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      try {
        converted.add(ignoreRule(rules.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("spec.ignoreFields[" + i + "]: " + e.getMessage(), e);
      }
    }
    return converted;
  }

  private static IgnoreRule ignoreRule(IgnoreFields rule) {
    IgnoreFields.Selector target =
        rule.getTarget() == null ? new IgnoreFields.Selector() : rule.getTarget();
    return new IgnoreRule(
        target.getGroup(),
        target.getVersion(),
        target.getKind(),
        target.getName(),
        target.getNamespace(),
        target.getLabelSelector(),
        target.getAnnotationSelector(),
        rule.getJsonPointers());
  }

  /** Where namespaced objects that name no namespace go: spec.targetNamespace, else lk's own. */
  public static String defaultNamespace(LayeredKustomization lk) {
    String target = lk.getSpec().getTargetNamespace();
    return target != null && !target.isBlank() ? target : lk.getMetadata().getNamespace();
  }

  /**
   * A layer's path as a directory of the revision's tree: {@code ./apps} and {@code apps} alike.
   */
  public static String directory(String layerPath) {
    String trimmed = layerPath.startsWith("./") ? layerPath.substring(2) : layerPath;
    return trimmed.equals(".") ? "" : trimmed;
  }

  private KubernetesClient actingClient(LayeredKustomization lk) {
    String serviceAccount = lk.getSpec().getServiceAccountName();
    return serviceAccount == null || serviceAccount.isBlank()
        ? client
        : Impersonation.asServiceAccount(client, lk.getMetadata().getNamespace(), serviceAccount);
  }

  /** The layer applier and pruner acting for one LayeredKustomization. */
  public record Applier(LayerApplier applier, Pruner pruner) implements LayerRunner.Applier {
    @Override
    public ChangeSet apply(List<Resource> objects, Deadline deadline)
        throws ApplyException, InterruptedException {
      return applier.apply(objects, deadline);
    }

    @Override
    public ChangeSet prune(
        List<ObjectRef> previous,
        List<ObjectRef> current,
        Map<ObjectRef, String> otherLayers,
        Deadline deadline)
        throws ApplyException, InterruptedException {
      return pruner.prune(previous, current, otherLayers, deadline);
    }

    /** The objects whose dry-run apply differs from what the cluster holds; writes nothing. */
    public List<ObjectRef> drifted(List<Resource> objects, Deadline deadline)
        throws ApplyException, InterruptedException {
      return applier.drifted(objects, deadline);
    }

    /** How applying the objects would change the cluster, object by object; writes nothing. */
    public List<ObjectDiff> diff(List<Resource> objects, Deadline deadline)
        throws ApplyException, InterruptedException {
      return applier.diff(objects, deadline);
    }
  }
}
