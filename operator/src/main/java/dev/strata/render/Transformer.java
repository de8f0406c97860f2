package dev.strata.render;

import java.io.IOException;

/** Changes the resources of a build in place: one kustomization field's effect. */
@FunctionalInterface
public interface Transformer {

  void transform(Accumulator resources) throws RenderException, IOException;
}
