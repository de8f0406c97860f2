package dev.strata.render.generate;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Transformer;

/**
 * Appends kustomize's content hash to the name of every resource a generator marked for it, as
 * kustomize's HashTransformer; run once, at the top of the build, after every transformer, so the
 * hash covers the final content.
 */
public final class HashSuffixes implements Transformer {

  @Override
  public void transform(Accumulator resources) throws RenderException {
    for (Resource resource : resources.resources()) {
      if (resource.needsHashSuffix()) {
        String hash = ContentHash.of(resource);
        resource.rememberCurrentId();
        resource.setName(resource.name() + "-" + hash);
      }
    }
  }
}
