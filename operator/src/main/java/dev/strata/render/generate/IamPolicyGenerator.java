package dev.strata.render.generate;

import dev.strata.render.Accumulator;
import dev.strata.render.BuildMetadata;
import dev.strata.render.PluginOrigin;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Runs kustomize's IAMPolicyGenerator plugin: for {@code cloud: gke}, a ServiceAccount annotated
 * with the Google service account it acts as (GKE Workload Identity), created in the build as any
 * generated resource with no behavior.
 */
public final class IamPolicyGenerator {

  private static final String ANNOTATION = "iam.gke.io/gcp-service-account";

  private IamPolicyGenerator() {}

  /**
   * @param file the config's file, the origin of the ServiceAccount
   * @param plugin how errors name the config within that file
   */
  public static void run(
      Accumulator resources,
      BuildMetadata metadata,
      Map<String, Object> config,
      String file,
      String plugin,
      PluginOrigin origin)
      throws RenderException {
    FieldReader reader = new FieldReader(file, plugin, true);
    Map<String, Object> fields =
        reader.fields(config, List.of("cloud", "kubernetesService", "serviceAccount"));
    String cloud = reader.string(fields, "cloud");
    if (!cloud.equals("gke")) {
      throw reader.error("cloud", "cloud provider " + cloud + " not supported yet");
    }
    FieldReader kubernetes = reader.at("kubernetesService");
    Map<String, Object> service =
        kubernetes.fields(fields.get("kubernetesService"), List.of("name", "namespace"));
    FieldReader google = reader.at("serviceAccount");
    Map<String, Object> account =
        google.fields(fields.get("serviceAccount"), List.of("name", "projectId"));

    // kustomize writes these values unquoted into a YAML template: refuse what it would misread.
    String name = plain(kubernetes, service, "name");
    if (name.isEmpty()) {
      throw kubernetes.error("name", "the Kubernetes service account needs a name");
    }
    String namespace = plain(kubernetes, service, "namespace");
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put(
        ANNOTATION,
        plainText(
            google,
            "name",
            plain(google, account, "name")
                + "@"
                + plain(google, account, "projectId")
                + ".iam.gserviceaccount.com"));
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("annotations", annotations);
    meta.put("name", name);
    if (!namespace.isEmpty()) {
      meta.put("namespace", namespace);
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ServiceAccount");
    object.put("metadata", meta);
    Resource generated = new Resource(object, file);
    metadata.generated(generated, origin);
    Absorber.absorb(resources, generated, "", file + ": " + plugin);
  }

  private static String plain(FieldReader reader, Map<String, Object> fields, String field)
      throws RenderException {
    return plainText(reader, field, reader.string(fields, field));
  }

  /** The text, if YAML reads it back unquoted as the same string. */
  private static String plainText(FieldReader reader, String field, String text)
      throws RenderException {
    Object read;
    try {
      read =
          new Load(LoadSettings.builder().setSchema(new CoreSchema()).build())
              .loadFromString("value: " + text);
    } catch (YamlEngineException e) {
      read = null;
    }
    if (!text.isEmpty() && !(read instanceof Map<?, ?> map && text.equals(map.get("value")))) {
      throw reader.error(
          field,
          "'"
              + text
              + "' does not read back as the same string when kustomize writes it unquoted into"
              + " YAML");
    }
    return text;
  }
}
