package dev.strata.render;

import dev.strata.render.schema.KubernetesSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * kustomize's {@code openapi} field: which schema strategic merge patches follow in a build.
 *
 * <ul>
 *   <li>{@code openapi: {path: schema.json}} (JSON or YAML, an OpenAPI v2 document with {@code
 *       definitions}) replaces the built-in Kubernetes schema for the whole build. Kinds it does
 *       not define are merged without a schema: their lists are replaced, not merged by key.
 *   <li>{@code openapi: {version: v1.21.2}} names the one schema kustomize builds in. Strata uses
 *       its own Kubernetes 1.33 schema in its place; other versions are errors, as in kustomize.
 * </ul>
 *
 * <p>As in kustomize, only the kustomization being built decides. A base's or component's openapi
 * is ignored when the built kustomization has one. When it has none, kustomize switches its global
 * schema to the base's for the rest of the build from wherever that base is loaded. That is an
 * order-dependent effect that Strata does not reproduce, so such a custom schema is refused.
 */
final class OpenApiSchema {

  /** The only version kustomize v5.8.1 builds in. */
  static final String BUILTIN_VERSION = "v1.21.2";

  private static final String FIELD = "openapi";

  private OpenApiSchema() {}

  /** The schema for a build of {@code target}: its custom one, else Strata's built-in one. */
  static KubernetesSchema of(Target target) throws RenderException, IOException {
    Map<String, String> openApi = target.kustomization().stringMap(FIELD);
    for (String key : openApi.keySet()) {
      if (!List.of("path", "version").contains(key)) {
        throw new RenderException(
            target.file() + ": openapi: unknown key '" + key + "' (path or version)");
      }
    }
    if (!openApi.containsKey("path")) {
      checkVersion(target.kustomization(), openApi);
      return KubernetesSchema.builtin();
    }
    if (openApi.containsKey("version")) {
      throw new RenderException(
          target.file() + ": openapi: builtin version and custom schema provided, cannot use both");
    }
    String path = target.path(openApi.get("path"), "openapi.path");
    List<Object> documents = YamlDocuments.parse(target.read(openApi.get("path"), FIELD), path);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map<?, ?> document)) {
      throw new RenderException(
          path
              + ": an OpenAPI schema must be one mapping (with definitions), as openapi.path in "
              + target.file()
              + " expects");
    }
    try {
      return KubernetesSchema.fromOpenApi(document);
    } catch (IllegalArgumentException e) {
      throw new RenderException(path + ": invalid OpenAPI schema: " + e.getMessage());
    }
  }

  /**
   * Checks the openapi field of a kustomization that is not the one built (a base or component).
   * kustomize ignores it when the build's schema is already chosen; otherwise a custom schema is
   * refused (see the class comment) and a version is checked as at the top.
   *
   * @param chosen whether the built kustomization's openapi chose the schema
   */
  static void checkNested(Kustomization nested, String builtFile, boolean chosen)
      throws RenderException {
    if (chosen) {
      return;
    }
    Map<String, String> openApi = nested.stringMap(FIELD);
    if (openApi.containsKey("path")) {
      throw new RenderException(
          nested.file()
              + ": openapi.path is only supported in the kustomization being built ("
              + builtFile
              + "): kustomize would switch to this schema for the rest of the whole build from"
              + " wherever this file is loaded; move the openapi field there");
    }
    checkVersion(nested, openApi);
  }

  /** kustomize builds in one schema version: any other is an error. */
  private static void checkVersion(Kustomization kustomization, Map<String, String> openApi)
      throws RenderException {
    String version = openApi.getOrDefault("version", "");
    if (!version.isEmpty() && !version.equals(BUILTIN_VERSION)) {
      throw new RenderException(
          kustomization.file()
              + ": openapi.version '"
              + version
              + "' is not built in (kustomize builds in "
              + BUILTIN_VERSION
              + " only; for another schema, give its document with openapi.path)");
    }
  }

  /** Whether a kustomization's openapi field chooses the schema (kustomize's schemaIsSet). */
  static boolean chooses(Kustomization kustomization) throws RenderException {
    Map<String, String> openApi = kustomization.stringMap(FIELD);
    return openApi.containsKey("path") || !openApi.getOrDefault("version", "").isEmpty();
  }
}
