package dev.strata.render.generate;

import dev.strata.render.Accumulator;
import dev.strata.render.BuildMetadata;
import dev.strata.render.PluginOrigin;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Target;
import java.io.IOException;
import java.util.Map;

/**
 * Runs a kustomization's configMapGenerator and secretGenerator entries, as kustomize's
 * runGenerators: each entry's ConfigMap or Secret, in order, joins the build, created or merged
 * into (or replacing) a resource of the same id according to its behavior. ConfigMapGenerator and
 * SecretGenerator plugin configs (the generators field) go the same way.
 */
public final class Generators {

  private Generators() {}

  /**
   * @param metadata annotates each generated resource with its origin when the build tracks it
   */
  public static void run(Target target, Accumulator resources, BuildMetadata metadata)
      throws RenderException, IOException {
    for (GeneratorArgs args : GeneratorArgs.read(target.kustomization())) {
      generate(
          target, resources, metadata, args, PluginOrigin.field(target, args.kind() + "Generator"));
    }
  }

  /**
   * Runs one ConfigMapGenerator or SecretGenerator plugin config; files it names are read from the
   * kustomization's directory, as kustomize's plugin loader.
   *
   * @param kind ConfigMap or Secret
   * @param file the config's file, the origin of the generated resource
   * @param plugin how errors name the config within that file
   */
  public static void runPlugin(
      Target target,
      Accumulator resources,
      BuildMetadata metadata,
      String kind,
      Map<String, Object> config,
      String file,
      String plugin,
      PluginOrigin origin)
      throws RenderException, IOException {
    generate(target, resources, metadata, GeneratorArgs.plugin(kind, config, file, plugin), origin);
  }

  private static void generate(
      Target target,
      Accumulator resources,
      BuildMetadata metadata,
      GeneratorArgs args,
      PluginOrigin origin)
      throws RenderException, IOException {
    Resource generated = DataObjects.make(args, KeyValues.load(target, args));
    metadata.generated(generated, origin);
    Absorber.absorb(resources, generated, args.behavior(), args.where());
  }
}
