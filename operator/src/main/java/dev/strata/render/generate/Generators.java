package dev.strata.render.generate;

import dev.strata.render.Accumulator;
import dev.strata.render.BuildMetadata;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Target;
import java.io.IOException;

/**
 * Runs a kustomization's configMapGenerator and secretGenerator entries, as kustomize's
 * runGenerators: each entry's ConfigMap or Secret, in order, joins the build, created or merged
 * into (or replacing) a resource of the same id according to its behavior.
 */
public final class Generators {

  private Generators() {}

  /**
   * @param metadata annotates each generated resource with its origin when the build tracks it
   */
  public static void run(Target target, Accumulator resources, BuildMetadata metadata)
      throws RenderException, IOException {
    for (GeneratorArgs args : GeneratorArgs.read(target.kustomization())) {
      Resource generated = DataObjects.make(args, KeyValues.load(target, args));
      metadata.generated(generated, target, args.kind() + "Generator");
      Absorber.absorb(resources, generated, args);
    }
  }
}
