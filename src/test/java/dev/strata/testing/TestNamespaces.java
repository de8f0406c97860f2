package dev.strata.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates uniquely named namespaces so that tests sharing a control plane do not collide. */
public final class TestNamespaces {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestNamespaces() {}

  /** Creates a namespace named {@code <prefix>-<n>} and returns its name. */
  public static String create(KubernetesClient client, String prefix) {
    String name = prefix + "-" + COUNTER.incrementAndGet() + "-" + ProcessHandle.current().pid();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }
}
