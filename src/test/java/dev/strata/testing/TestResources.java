package dev.strata.testing;

import dev.strata.api.GitRef;
import dev.strata.api.GitSource;
import dev.strata.api.GitSourceSpec;
import java.util.function.Consumer;

/** Builds the custom resources tests create, with only what each test cares about set. */
public final class TestResources {

  /** The URL test GitSources point at; nothing fetches it. */
  public static final String EXAMPLE_URL = "https://git.example.org/homelab.git";

  private TestResources() {}

  /** A GitSource for {@link #EXAMPLE_URL} whose ref the caller fills in. */
  public static GitSource gitSource(String namespace, String name, Consumer<GitRef> ref) {
    var source = new GitSource();
    source.getMetadata().setName(name);
    source.getMetadata().setNamespace(namespace);
    var spec = new GitSourceSpec();
    spec.setUrl(EXAMPLE_URL);
    var gitRef = new GitRef();
    ref.accept(gitRef);
    spec.setRef(gitRef);
    source.setSpec(spec);
    return source;
  }
}
