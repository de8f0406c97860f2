package dev.strata.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Completes what fabric8's generator leaves out, so that `kubectl explain` documents every field
 * and `kubectl get` shows columns in the order they are declared: descriptions of the root, spec
 * and status (from {@link JsonClassDescription}), the standard apiVersion/kind/metadata fields, and
 * printer columns in annotation order.
 */
final class CrdPostProcessor implements CRDPostProcessor {

  private final Map<String, Class<? extends CustomResource<?, ?>>> resourcesByKind;

  @SafeVarargs
  CrdPostProcessor(Class<? extends CustomResource<?, ?>>... resources) {
    resourcesByKind = new TreeMap<>();
    for (var resource : resources) {
      resourcesByKind.put(resource.getSimpleName(), resource);
    }
  }

  @Override
  public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
    var crd = (CustomResourceDefinition) generated;
    var resource = resourcesByKind.get(crd.getSpec().getNames().getKind());
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      orderPrinterColumns(version, resource);
      describe(version.getSchema().getOpenAPIV3Schema(), resource);
    }
    return crd;
  }

  private static void orderPrinterColumns(
      CustomResourceDefinitionVersion version, Class<?> resource) {
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    version
        .getAdditionalPrinterColumns()
        .sort(
            Comparator.comparingInt(
                (CustomResourceColumnDefinition c) -> declared.indexOf(c.getName())));
  }

  private static void describe(JSONSchemaProps root, Class<?> resource) {
    root.setDescription(descriptionOf(resource));
    var typeArguments =
        ((ParameterizedType) resource.getGenericSuperclass()).getActualTypeArguments();
    root.getProperties().get("spec").setDescription(descriptionOf((Class<?>) typeArguments[0]));
    root.getProperties().get("status").setDescription(descriptionOf((Class<?>) typeArguments[1]));

    var properties = new TreeMap<>(root.getProperties());
    properties.put(
        "apiVersion",
        string(
            "APIVersion defines the versioned schema of this representation of an object."
                + " Servers should convert recognized schemas to the latest internal value, and"
                + " may reject unrecognized values."));
    properties.put(
        "kind",
        string(
            "Kind is a string value representing the REST resource this object represents."
                + " Servers may infer this from the endpoint the client submits requests to."
                + " In CamelCase."));
    properties.put(
        "metadata",
        // The API server allows nothing but the type here; kubectl explains ObjectMeta itself.
        new JSONSchemaPropsBuilder().withType("object").build());
    root.setProperties(properties);
  }

  private static JSONSchemaProps string(String description) {
    return new JSONSchemaPropsBuilder().withType("string").withDescription(description).build();
  }

  private static String descriptionOf(Class<?> type) {
    var description = type.getAnnotation(JsonClassDescription.class);
    if (description == null) {
      throw new IllegalStateException(type.getName() + " needs a @JsonClassDescription");
    }
    return description.value();
  }
}
