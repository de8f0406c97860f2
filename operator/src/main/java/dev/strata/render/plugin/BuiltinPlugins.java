package dev.strata.render.plugin;

import dev.strata.render.Accumulator;
import dev.strata.render.BuildMetadata;
import dev.strata.render.RenderException;
import dev.strata.render.Target;
import dev.strata.render.generate.Generators;
import dev.strata.render.generate.IamPolicyGenerator;
import java.io.IOException;
import java.util.List;

/**
 * Tells kustomize's builtin plugins (apiVersion {@code builtin}, the plugins behind the
 * kustomization's own fields) from everything else a generators, transformers or validators entry
 * may name, and runs the builtin generators. kustomize runs anything else only with flags (Exec and
 * Go plugins and KRM functions need {@code --enable-alpha-plugins}, exec functions also {@code
 * --enable-exec}, Helm {@code --enable-helm}); Strata never does, and refuses such an entry naming
 * it.
 */
public final class BuiltinPlugins {

  /** The apiVersion of kustomize's builtin plugins (its group is empty). */
  static final String API_VERSION = "builtin";

  /** kustomize 5.8.1's builtin generators (builtinhelpers.GeneratorFactories). */
  static final List<String> GENERATORS =
      List.of(
          "ConfigMapGenerator",
          "IAMPolicyGenerator",
          "SecretGenerator",
          "HelmChartInflationGenerator");

  /** kustomize 5.8.1's builtin transformers (builtinhelpers.TransformerFactories). */
  static final List<String> TRANSFORMERS =
      List.of(
          "AnnotationsTransformer",
          "HashTransformer",
          "ImageTagTransformer",
          "LabelTransformer",
          "NamespaceTransformer",
          "PatchJson6902Transformer",
          "PatchStrategicMergeTransformer",
          "PatchTransformer",
          "PrefixSuffixTransformer",
          "PrefixTransformer",
          "SuffixTransformer",
          "ReplacementTransformer",
          "ReplicaCountTransformer",
          "ValueAddTransformer");

  private static final List<String> FUNCTION_ANNOTATIONS =
      List.of("config.kubernetes.io/function", "config.k8s.io/function");

  private BuiltinPlugins() {}

  /**
   * Refuses a config that is no builtin plugin of the kind the field runs, saying why.
   *
   * @param generator whether the field runs generators (else transformers or validators)
   */
  static void check(PluginConfig config, boolean generator) throws RenderException {
    String listed = config.inline() ? "" : " (listed in " + config.entry() + ")";
    if (!isBuiltin(config)) {
      String function =
          FUNCTION_ANNOTATIONS.stream()
              .filter(config.resource().annotations()::containsKey)
              .findFirst()
              .map(annotation -> "a KRM function (" + annotation + ")")
              .orElse("an Exec or Go plugin");
      throw new RenderException(
          config.where()
              + listed
              + ": apiVersion '"
              + config.apiVersion()
              + "' is not 'builtin', so this is "
              + function
              + ", which kustomize runs only with --enable-alpha-plugins"
              + (function.startsWith("a KRM") ? " (exec functions also --enable-exec)" : "")
              + "; Strata never runs plugins or KRM functions");
    }
    String kind = config.kind();
    if (kind.equals("HelmChartInflationGenerator")) {
      throw new RenderException(
          config.where()
              + listed
              + ": HelmChartInflationGenerator runs Helm, which kustomize does only with"
              + " --enable-helm; Strata never runs Helm (render the chart and commit the output)");
    }
    if (kind.equals("SortOrderTransformer")) {
      throw new RenderException(
          config.where()
              + listed
              + ": unable to load builtin SortOrderTransformer.builtin.[noGrp] (kustomize has no"
              + " such builtin plugin; use sortOptions in the kustomization being built)");
    }
    if (!GENERATORS.contains(kind) && !TRANSFORMERS.contains(kind)) {
      throw new RenderException(
          config.where()
              + listed
              + ": unable to load builtin "
              + kind
              + ".builtin.[noGrp] (kustomize's builtin plugins: "
              + String.join(", ", GENERATORS.subList(0, 3))
              + ", "
              + String.join(", ", TRANSFORMERS)
              + ")");
    }
    if (generator && !GENERATORS.contains(kind)) {
      throw new RenderException(
          config.where() + listed + ": " + kind + " is a transformer, not a generator");
    }
    if (!generator && !TRANSFORMERS.contains(kind)) {
      throw new RenderException(
          config.where() + listed + ": " + kind + " is a generator, not a transformer");
    }
  }

  /** kustomize's isBuiltinPlugin: group empty and version {@code builtin}. */
  private static boolean isBuiltin(PluginConfig config) {
    return config.apiVersion().equals(API_VERSION);
  }

  /**
   * Runs a builtin generator config: its resources join the build as those of the kustomization's
   * generator fields do (created, or merged into or replacing a resource by their behavior).
   */
  public static void generate(
      Target target, Accumulator resources, BuildMetadata metadata, PluginConfig config)
      throws RenderException, IOException {
    check(config, true);
    String plugin = (config.inline() ? config.entry() + ": " : "") + config.kind();
    switch (config.kind()) {
      case "ConfigMapGenerator", "SecretGenerator" ->
          Generators.runPlugin(
              target,
              resources,
              metadata,
              config.kind().equals("SecretGenerator") ? "Secret" : "ConfigMap",
              config.fields(),
              config.file(),
              plugin,
              config.origin());
      case "IAMPolicyGenerator" ->
          IamPolicyGenerator.run(
              resources,
              metadata,
              config.fields(),
              config.file(),
              plugin + " '" + config.name() + "'",
              config.origin());
      default -> throw new IllegalStateException("unchecked generator " + config.kind());
    }
  }
}
