package dev.strata.runtime;

import dev.strata.api.GitSource;
import dev.strata.api.LayeredKustomization;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs Strata's CRDs, as committed in crds/ and shipped in the jar, and waits until served. */
public final class CustomResourceDefinitions {

  static final String FIELD_MANAGER = "strata-crd-installer";
  private static final List<Class<? extends HasMetadata>> RESOURCES =
      List.of(GitSource.class, LayeredKustomization.class);

  private CustomResourceDefinitions() {}

  /** The full names of the CRDs this build needs, e.g. gitsources.gitops.strata.dev. */
  public static List<String> names() {
    return RESOURCES.stream().map(HasMetadata::getFullResourceName).toList();
  }

  /** The CRDs shipped in this build. */
  public static List<CustomResourceDefinition> shipped() {
    return RESOURCES.stream().map(CustomResourceDefinitions::load).toList();
  }

  /** Applies the shipped CRDs (server-side) and waits until each is Established. */
  public static void install(KubernetesClient client) {
    for (CustomResourceDefinition crd : shipped()) {
      client.resource(crd).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    for (CustomResourceDefinition crd : shipped()) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(CustomResourceDefinitions::isEstablished, 60, TimeUnit.SECONDS);
    }
  }

  private static boolean isEstablished(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static CustomResourceDefinition load(Class<? extends HasMetadata> resource) {
    String file = "/dev/strata/crds/" + HasMetadata.getFullResourceName(resource) + "-v1.yml";
    try (InputStream in = CustomResourceDefinitions.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("CRD " + file + " is missing from the jar");
      }
      return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
