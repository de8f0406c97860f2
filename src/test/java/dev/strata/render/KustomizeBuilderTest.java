package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's own fixtures (src/test/resources/render): what is built, in what order, and errors.
 */
class KustomizeBuilderTest {

  static final Path FIXTURES = Path.of("src/test/resources/render");

  private static final String ORIGIN = "config.kubernetes.io/origin";
  private static final String CHANGES = "alpha.config.kubernetes.io/transformations";

  @Test
  void buildsFilesDirectoriesNestedKustomizationsAndListsInLegacyOrder() throws Exception {
    var resources = new KustomizeBuilder(new DiskTree(FIXTURES)).build("basic/overlay", null);

    assertThat(resources)
        .extracting(Resource::id)
        .containsExactly(
            "Namespace/homelab",
            "ServiceAccount/web",
            "ClusterRole/reader",
            "ConfigMap/settings",
            "Service/web",
            "Deployment/web",
            "CronJob/cleanup");
    assertThat(resources.get(0).origin()).isEqualTo("basic/overlay/namespace.yaml");
  }

  @Test
  void fifoKeepsInputOrder() throws Exception {
    var resources =
        new KustomizeBuilder(new DiskTree(FIXTURES)).build("basic/overlay", Ordering.FIFO);

    assertThat(resources)
        .extracting(Resource::id)
        .containsExactly(
            "Deployment/web",
            "Service/web",
            "Namespace/homelab",
            "ClusterRole/reader",
            "ConfigMap/settings",
            "ServiceAccount/web",
            "CronJob/cleanup");
  }

  @Test
  void sortOptionsInTheKustomizationChooseTheOrder() throws Exception {
    assertThat(new KustomizeBuilder(new DiskTree(FIXTURES)).build("fifo", null))
        .extracting(Resource::id)
        .containsExactly("Deployment/b", "Namespace/a", "ConfigMap/a/c");
  }

  @Test
  void buildMetadataOriginsAreRelativeToTheBuiltDirectory() throws Exception {
    var resources =
        new KustomizeBuilder(new DiskTree(FIXTURES)).build("build-metadata/origins", Ordering.FIFO);
    Map<String, Object> origins = new LinkedHashMap<>();
    resources.forEach(r -> origins.put(r.kind() + "/" + r.name(), r.annotations().get(ORIGIN)));

    assertThat(origins)
        .containsEntry("Deployment/web", "path: ../base/deployment.yaml\n")
        .containsEntry("ConfigMap/plain", "path: extra/config.yaml\n")
        .containsEntry(
            "ConfigMap/settings-gmm62htt65", // merged: keeps the base's origin
            "configuredIn: ../base/kustomization.yaml\nconfiguredBy:\n"
                + "  apiVersion: builtin\n  kind: ConfigMapGenerator\n")
        .containsEntry(
            "ConfigMap/features-2mhfb9464t", // replaced: takes the overlay's
            "configuredIn: kustomization.yaml\nconfiguredBy:\n"
                + "  apiVersion: builtin\n  kind: ConfigMapGenerator\n")
        .containsEntry(
            "Secret/token-d7965bth6f",
            "configuredIn: kustomization.yaml\nconfiguredBy:\n"
                + "  apiVersion: builtin\n  kind: SecretGenerator\n");
    assertThat(resources).allSatisfy(r -> assertThat(r.annotations()).doesNotContainKey(CHANGES));
  }

  @Test
  void buildMetadataTransformationsListEveryTransformerThatRanInOrder() throws Exception {
    var service =
        new KustomizeBuilder(new DiskTree(FIXTURES))
            .build("build-metadata/all", null).stream()
                .filter(r -> r.kind().equals("Service"))
                .findFirst()
                .orElseThrow();

    assertThat(service.annotations().get(ORIGIN)).isEqualTo("path: service.yaml\n");
    // The base's transformers never saw the Service; the component's and the overlay's all did,
    // one entry per patch and per image even where nothing changed.
    assertThat(String.valueOf(service.annotations().get(CHANGES)))
        .contains("configuredIn: ../component/kustomization.yaml")
        .doesNotContain("../base")
        .containsSubsequence(
            "kind: PrefixTransformer",
            "kind: PatchTransformer",
            "kind: PatchTransformer",
            "kind: NamespaceTransformer",
            "kind: LabelTransformer",
            "kind: LabelTransformer",
            "kind: AnnotationsTransformer",
            "kind: ReplicaCountTransformer",
            "kind: ImageTagTransformer");
    assertThat(service.labels()).containsEntry("app.kubernetes.io/managed-by", "kustomize-v5.8.1");
  }

  @Test
  @SuppressWarnings("unchecked")
  void customOpenApiSchemaReplacesTheBuiltInOneForTheWholeBuild() throws Exception {
    var resources = new KustomizeBuilder(new DiskTree(FIXTURES)).build("openapi/custom", null);
    Map<String, Object> byKind = new LinkedHashMap<>();
    resources.forEach(r -> byKind.put(r.kind(), r.object().get("spec")));

    // The Pipeline's steps merge by name, as its schema says: the patched step first, as kyaml.
    var steps =
        (List<Map<String, Object>>) ((Map<String, Object>) byKind.get("Pipeline")).get("steps");
    assertThat(steps).extracting(s -> s.get("name")).containsExactly("test", "compile");
    assertThat(steps.get(0)).containsEntry("image", "golang:1.23").containsKey("args");
    // The custom schema does not define Deployment: its containers are replaced, not merged.
    assertThat(String.valueOf(byKind.get("Deployment")))
        .contains("sidecar")
        .doesNotContain("nginx");
  }

  @Test
  void varsReadFinalNamesAndLocalConfigObjectsAndKeepTypes() throws Exception {
    var resources = new KustomizeBuilder(new DiskTree(FIXTURES)).build("vars/overlay", null);

    assertThat(resources).noneMatch(r -> r.name().contains("build-info"));
    String deployment =
        resources.stream()
            .filter(r -> r.kind().equals("Deployment"))
            .findFirst()
            .orElseThrow()
            .object()
            .toString();
    // The generated ConfigMap's final name (prefixes, overlay merge, hash); the local-config
    // object's data; a var declared in a component; an int stays an int where it is the whole
    // value.
    assertThat(deployment)
        .contains("--settings=prod-app-settings-ck5fk26hc4")
        .contains("value=1.4.2")
        .contains("--deployment=prod-app-web")
        .contains("port=8080,")
        .contains("image=web:$(VERSION)");
    Resource service =
        resources.stream().filter(r -> r.kind().equals("Service")).findFirst().orElseThrow();
    assertThat(service.object().toString()).contains("targetPort=8080}");
    @SuppressWarnings("unchecked")
    var ports =
        (List<Map<String, Object>>)
            ((Map<String, Object>) service.object().get("spec")).get("ports");
    assertThat(ports.get(0).get("targetPort")).isEqualTo(8080L);
  }

  @Test
  void managedByLabelAloneLeavesNoAnnotationsBehind() throws Exception {
    var resources =
        new KustomizeBuilder(new DiskTree(FIXTURES)).build("build-metadata/managed-by", null);

    assertThat(resources)
        .allSatisfy(
            r -> {
              assertThat(r.labels())
                  .containsEntry("app.kubernetes.io/managed-by", "kustomize-v5.8.1");
              assertThat(r.annotations()).doesNotContainKeys(ORIGIN, CHANGES);
            });
    assertThat(resources.get(1).metadata(false)).doesNotContainKey("annotations");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown-field     | .   | errors/unknown-field/kustomization.yaml: unknown field 'resourcez' (not a kustomization field)",
        "helm              | .   | errors/helm/kustomization.yaml: field 'helmCharts' is not supported: it runs Helm (kustomize --enable-helm), which Strata never does",
        "openapi-both      | .   | errors/openapi-both/kustomization.yaml: openapi: builtin version and custom schema provided, cannot use both",
        "openapi-version   | .   | errors/openapi-version/kustomization.yaml: openapi.version 'v1.30.0' is not built in (kustomize builds in v1.21.2 only",
        "openapi-nested    | overlay | errors/openapi-nested/base/kustomization.yaml: openapi.path is only supported in the kustomization being built (errors/openapi-nested/overlay/kustomization.yaml)",
        "openapi-missing   | .   | errors/openapi-missing/kustomization.yaml: openapi: file 'absent.json' does not exist",
        "openapi-key       | .   | errors/openapi-key/kustomization.yaml: openapi: unknown key 'file' (path or version)",
        "openapi-cycle     | .   | errors/openapi-cycle/schema.yaml: invalid OpenAPI schema: definitions refer to each other in a $ref cycle through #/definitions/a",
        "build-metadata-option | . | errors/build-metadata-option/kustomization.yaml: buildMetadata: unknown option 'originAnnotation' (one of originAnnotations, transformerAnnotations, managedByLabel)",
        "remote            | .   | errors/remote/kustomization.yaml: remote resource 'https://github.com/owner/repo//deploy?ref=main' is not allowed",
        "escape            | app | errors/escape/app/kustomization.yaml: resources: security: file '../outside.yaml' is not in or below 'errors/escape/app'",
        "empty-file        | .   | errors/empty-file/kustomization.yaml: kustomization.yaml is empty (kustomize refuses it too)",
        "empty-kind        | .   | errors/empty-kind/kustomization.yaml: kustomization.yaml is empty (kustomize refuses it too)",
        "missing           | .   | errors/missing/kustomization.yaml: resource 'absent.yaml' does not exist",
        "duplicate         | .   | may not add resource with an already registered id: ConfigMap/same (in errors/duplicate/one.yaml and errors/duplicate/two.yaml)",
        "not-a-map         | .   | errors/not-a-map/list.yaml: a resource must be a YAML mapping, found a list",
        "not-a-component   | .   | errors/not-a-component/kustomization.yaml: component 'base' must have kind: Component",
        "label-value       | .   | errors/label-value/kustomization.yaml: field 'commonLabels': the value of 'version' must be a string, found 2 (quote it)",
        "replica-missing   | .   | errors/replica-missing/kustomization.yaml: replicas: resource with name web does not match",
        "config-unknown    | .   | errors/config-unknown/config.yaml: unknown transformer configuration 'namePrefixes'",
        "cycle             | a   | errors/cycle/b/kustomization.yaml: cycle: '../a' includes 'errors/cycle/a', which is already being built",
        "generator-no-name        | .   | errors/generator-no-name/kustomization.yaml: configMapGenerator[0].name: a ConfigMap generator needs a name",
        "generator-merge-missing  | .   | errors/generator-merge-missing/kustomization.yaml: configMapGenerator 'absent': behavior merge: ConfigMap/absent does not exist; cannot merge",
        "generator-create-exists  | .   | errors/generator-create-exists/kustomization.yaml: configMapGenerator 'taken': ConfigMap/taken already exists (from errors/generator-create-exists/taken.yaml); to change it, set behavior to merge or replace",
        "generator-duplicate-key  | .   | errors/generator-duplicate-key/kustomization.yaml: secretGenerator 'creds': key 'password' is repeated (from env file 'creds.env' line 1 and literal 'password=one')",
        "generator-invalid-key    | .   | errors/generator-invalid-key/kustomization.yaml: configMapGenerator 'settings': key 'log level' (from literal 'log level=debug') is not a valid ConfigMap key",
        "generator-literal        | .   | errors/generator-literal/kustomization.yaml: configMapGenerator 'settings': literals: 'debug' is not key=value",
        "generator-file-missing   | .   | errors/generator-file-missing/kustomization.yaml: configMapGenerator 'settings' files: file 'absent.conf' does not exist",
        "generator-file-outside   | app | errors/generator-file-outside/app/kustomization.yaml: secretGenerator 'stolen' files: security: file '../secret.txt' is not in or below 'errors/generator-file-outside/app'",
        "generator-file-source    | .   | errors/generator-file-source/kustomization.yaml: configMapGenerator 'settings': files: 'a=b=c.conf': the key or the path contains '='",
        "generator-directory      | .   | errors/generator-directory/kustomization.yaml: configMapGenerator 'settings': files: 'conf' is a directory, not a file",
        "generator-unknown-field  | .   | errors/generator-unknown-field/kustomization.yaml: configMapGenerator[0]: unknown field 'literal'",
        "generator-behavior       | .   | errors/generator-behavior/kustomization.yaml: configMapGenerator[0].behavior: must be create, merge or replace, found 'Merge'",
        "generator-env-utf8       | .   | errors/generator-env-utf8/kustomization.yaml: configMapGenerator 'settings': envs: env file 'bad.env' line 2: not valid UTF-8",
        "generator-options-type   | .   | errors/generator-options-type/kustomization.yaml: generatorOptions.labels.version: must be a string, found 2",
        "generator-line-break     | .   | errors/generator-line-break/kustomization.yaml: configMapGenerator[0].literals: contains U+2028",
        // replacements
        "replacement-multiple-sources     | . | errors/replacement-multiple-sources/kustomization.yaml: replacements[0]: multiple matches for selector ConfigMap.[noVer].[noGrp]/[noName].[noNs]",
        "replacement-no-source            | . | errors/replacement-no-source/kustomization.yaml: replacements[0]: nothing selected by Secret.[noVer].[noGrp]/absent.[noNs]:data.word",
        "replacement-source-field-missing | . | errors/replacement-source-field-missing/kustomization.yaml: replacements[0]: fieldPath `data.absent` is missing for replacement source ConfigMap.[noVer].[noGrp]/one.[noNs]",
        "replacement-target-field-missing | . | errors/replacement-target-field-missing/kustomization.yaml: replacements[0].targets[0]: Deployment/web: unable to find field \"spec.template.spec.containers.[name=web].command.0\" in replacement target",
        "replacement-index-out-of-bounds  | . | errors/replacement-index-out-of-bounds/kustomization.yaml: replacements[0]: options.index 3 is out of bounds for value 1.2.3",
        "replacement-distant-index        | . | errors/replacement-distant-index/kustomization.yaml: replacements[0].targets[0]: Deployment/web: unable to find or create field \"spec.template.spec.containers.3.name\" in replacement target: index 3 specified but only 1 elements found",
        "replacement-type-mismatch        | . | errors/replacement-type-mismatch/kustomization.yaml: replacements[0].targets[0]: Deployment/web: field \"spec.replicas\": kustomize cannot write the result: cannot decode !!str `hello` as a !!int",
        "replacement-unknown-field        | . | errors/replacement-unknown-field/kustomization.yaml: replacements[0].source: unknown field 'fieldPaht'",
        "replacement-wrong-type           | . | errors/replacement-wrong-type/kustomization.yaml: replacements[0].source.options.index: must be an integer, found \"first\"",
        "replacement-path-and-inline      | . | errors/replacement-path-and-inline/kustomization.yaml: replacements[0]: cannot specify both path and inline replacement",
        "replacement-path-missing         | . | errors/replacement-path-missing/kustomization.yaml: replacements: file 'absent.yaml' does not exist",
        "replacement-path-scalar          | . | errors/replacement-path-scalar/kustomization.yaml: replacements[0]: unsupported replacement type encountered within replacement path: string",
        "replacement-no-target            | . | errors/replacement-no-target/kustomization.yaml: replacements[0]: replacements must specify a source and at least one target",
        "replacement-no-select            | . | errors/replacement-no-select/kustomization.yaml: replacements[0].targets[0]: target must specify resources to select",
        "replacement-bad-regex            | . | errors/replacement-bad-regex/kustomization.yaml: replacements[0].targets[0].select: error creating target selector: error parsing regexp:",
        "replacement-delimiter-on-map     | . | errors/replacement-delimiter-on-map/kustomization.yaml: replacements[0]: delimiter option can only be used with scalar nodes",
        "replacement-wildcard-source      | . | errors/replacement-wildcard-source/kustomization.yaml: replacements[0]: error looking up replacement source: wildcard is not supported in PathGetter",
        "vars-unmatched    | .   | errors/vars-unmatched/kustomization.yaml: var 'SERVICE' (objref Service.v1.[noGrp]/web, fieldpath metadata.name) cannot be mapped to a field in the set of known resources",
        "vars-ambiguous    | .   | errors/vars-ambiguous/kustomization.yaml: found 2 resId matches for var 'DB' (objref Service.v1.[noGrp]/db, fieldpath metadata.name) (unable to disambiguate): Service/dev/db, Service/test/db",
        "vars-duplicate    | .   | var 'POD_NAME' already encountered (declared in errors/vars-duplicate/one/kustomization.yaml and errors/vars-duplicate/two/kustomization.yaml)",
        "vars-field-missing | .  | errors/vars-field-missing/kustomization.yaml: field specified in var 'PORT' (objref Service.v1.[noGrp]/db, fieldpath spec.ports[1].port) not found in corresponding resource Service/db",
        "vars-unknown-field | .  | errors/vars-unknown-field/kustomization.yaml: vars[0].objref: unknown field 'nmae'",
        "vars-list-not-strings | . | Pod/sleeper (from errors/vars-list-not-strings/pod.yaml): vars: considering field 'spec/containers/command': invalid value type expect a string, found 3600",
        "patch-directive   | .   | errors/patch-directive/kustomization.yaml: patchesStrategicMerge[0] (inline patch): unknown patch strategy 'foo' (patching ConfigMap/a",
        "patch-node-kind   | .   | errors/patch-node-kind/kustomization.yaml: patchesStrategicMerge[0] (inline patch): wrong node kind at 'data': expected a map but got a list (patching ConfigMap/a",
        "patch-file-missing | . | errors/patch-file-missing/kustomization.yaml: patchesStrategicMerge: file 'missing.yaml' does not exist",
        "patch-no-match    | .   | errors/patch-no-match/kustomization.yaml: patches[0] (inline patch): no resource matches the patch's apiVersion v1, kind ConfigMap, name b",
        "patch-no-name     | .   | errors/patch-no-name/kustomization.yaml: patches[0] (inline patch): neither a strategic merge patch (the ConfigMap patch has no metadata.name (needed even with a target)) nor a JSON patch",
        "patch-unparsable  | .   | errors/patch-unparsable/kustomization.yaml: patches[0] (inline patch): neither a strategic merge patch (a strategic merge patch must be a YAML mapping, found 'just a string') nor a JSON patch",
        "patch-several-with-target | . | errors/patch-several-with-target/kustomization.yaml: patches[0] (inline patch): a patch with a target must hold one strategic merge patch, not several",
        "patch-options     | .   | errors/patch-options/kustomization.yaml: patches[0].options: unknown field 'allowRename' (expected allowNameChange, allowKindChange)",
        "patch-rename-clash | . | errors/patch-rename-clash/kustomization.yaml: patches[1] (inline patch): may not add resource with an already registered id: ConfigMap/b",
        "patch-escape      | app | errors/patch-escape/app/kustomization.yaml: patches[0]: security: file '../outside.yaml' is not in or below 'errors/patch-escape/app'",
        "json-needs-target | .   | errors/json-needs-target/kustomization.yaml: patches[0] (inline patch): a JSON patch needs a target",
        "json-remove-missing | . | errors/json-remove-missing/kustomization.yaml: patches[0] (inline patch): error in remove for path: '/data/nothere': Unable to remove nonexistent key: nothere: missing value (patching ConfigMap/a",
        "json-unknown-op   | .   | errors/json-unknown-op/kustomization.yaml: patches[0] (inline patch): Unexpected kind: frobnicate (patching ConfigMap/a",
        "json-test-failed  | .   | errors/json-test-failed/kustomization.yaml: patches[0] (inline patch): testing value /data/x failed: test failed (patching ConfigMap/a",
        "json6902-target-name | . | errors/json6902-target-name/kustomization.yaml: patchesJson6902[0].target: must specify the target name",
        "json6902-no-annotations | . | errors/json6902-no-annotations/kustomization.yaml: patchesJson6902[0] (inline patch): add operation does not apply: doc is missing path: \"/metadata/annotations/foo\": missing value (patching ConfigMap/a",
        // generators, transformers and validators: plugin configs
        "plugin-exec                 | .   | errors/plugin-exec/fancy.yaml: Fancy 'make-it-fancy' (listed in transformers[0]): apiVersion 'example.com/v1' is not 'builtin', so this is an Exec or Go plugin, which kustomize runs only with --enable-alpha-plugins; Strata never runs plugins or KRM functions",
        "plugin-function             | .   | errors/plugin-function/kustomization.yaml: transformers[0]: SetTeam 'team': apiVersion 'example.com/v1' is not 'builtin', so this is a KRM function (config.kubernetes.io/function), which kustomize runs only with --enable-alpha-plugins (exec functions also --enable-exec)",
        "plugin-helm                 | .   | errors/plugin-helm/kustomization.yaml: generators[0]: HelmChartInflationGenerator 'chart': HelmChartInflationGenerator runs Helm, which kustomize does only with --enable-helm; Strata never runs Helm",
        "plugin-unknown-builtin      | .   | errors/plugin-unknown-builtin/kustomization.yaml: transformers[0]: LabelsTransformer 'typo': unable to load builtin LabelsTransformer.builtin.[noGrp] (kustomize's builtin plugins: ConfigMapGenerator, IAMPolicyGenerator, SecretGenerator, AnnotationsTransformer,",
        "plugin-sort-order           | .   | errors/plugin-sort-order/sort.yaml: SortOrderTransformer 'fifo' (listed in transformers[0]): unable to load builtin SortOrderTransformer.builtin.[noGrp] (kustomize has no such builtin plugin; use sortOptions in the kustomization being built)",
        "plugin-not-generator        | .   | errors/plugin-not-generator/kustomization.yaml: generators[0]: LabelTransformer 'labels': LabelTransformer is a transformer, not a generator",
        "plugin-not-transformer      | .   | errors/plugin-not-transformer/kustomization.yaml: transformers[0]: ConfigMapGenerator 'settings': ConfigMapGenerator is a generator, not a transformer",
        "plugin-mapping-entry        | .   | errors/plugin-mapping-entry/kustomization.yaml: transformers[0] must be a path or a config as YAML text (kustomize reads a string; write the config as YAML text in a block scalar), found a mapping",
        "plugin-missing              | .   | errors/plugin-missing/kustomization.yaml: transformers entry 'absent.yaml' does not exist (and is no config as YAML text: no object with a kind and a name)",
        "plugin-no-name              | .   | errors/plugin-no-name/labels.yaml: LabelTransformer has no metadata.name",
        "plugin-duplicate            | .   | errors/plugin-duplicate/kustomization.yaml: transformers: may not add resource with an already registered id: LabelTransformer/same (in errors/plugin-duplicate/kustomization.yaml and errors/plugin-duplicate/labels.yaml)",
        "plugin-escape               | app | errors/plugin-escape/app/kustomization.yaml: transformers[0] PatchTransformer 'outside': security: file '../outside.yaml' is not in or below 'errors/plugin-escape/app'",
        "plugin-prefix-field-specs   | .   | errors/plugin-prefix-field-specs/kustomization.yaml: transformers[0]: PrefixTransformer 'prefix': fieldSpecs is not expected to be nil",
        "plugin-role-binding-subjects | .  | errors/plugin-role-binding-subjects/kustomization.yaml: transformers[0]: NamespaceTransformer 'ns': invalid value \"everyone\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\" or \"allServiceAccounts\"",
        "plugin-json6902-target-name | .   | errors/plugin-json6902-target-name/kustomization.yaml: transformers[0]: PatchJson6902Transformer 'json'.target: must specify the target name",
        "plugin-strategic-merge-empty | .  | errors/plugin-strategic-merge-empty/kustomization.yaml: transformers[0]: PatchStrategicMergeTransformer 'empty': empty file path and empty patch content",
        "plugin-value-add-targets    | .   | errors/plugin-value-add-targets/kustomization.yaml: transformers[0]: ValueAddTransformer 'nothing': must specify at least one target",
        "plugin-iam-cloud            | .   | errors/plugin-iam-cloud/kustomization.yaml: generators[0]: IAMPolicyGenerator 'iam'.cloud: cloud provider aws not supported yet",
        "plugin-validator-changes    | .   | errors/plugin-validator-changes/kustomization.yaml: validators[0]: AnnotationsTransformer 'changes': validator shouldn't modify the resource map: ConfigMap/a changed",
        "replacement-yaml-in-string       | . | errors/replacement-yaml-in-string/kustomization.yaml: replacements[0].targets[0]: ConfigMap/one: field \"data.yaml.a\" goes into the YAML held in 'data.yaml', which Strata cannot write back as kustomize does: it has comments",
      })
  void errorsNameTheFileAndWhatIsWrong(String fixture, String subdirectory, String message) {
    String directory = "errors/" + fixture + (subdirectory.equals(".") ? "" : "/" + subdirectory);

    assertThatThrownBy(() -> new KustomizeBuilder(new DiskTree(FIXTURES)).build(directory, null))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void pluginConfigsRunAfterTheKustomizationsFieldsInlineOnesFirst() throws Exception {
    var resources = new KustomizeBuilder(new DiskTree(FIXTURES)).build("plugins/names", null);

    // namePrefix (a field), then the inline configs (both-, -both; cm-), then suffix.yaml (-v2).
    assertThat(resources)
        .extracting(Resource::id)
        .contains(
            "Deployment/both-field-web-both-v2", "ConfigMap/pinned/cm-both-field-settings-both-v2");
  }

  @Test
  void pluginConfigsAnnotateWhatTheyTransformWithTheirFileAndId() throws Exception {
    var service =
        new KustomizeBuilder(new DiskTree(FIXTURES))
            .build("plugins/build-metadata/overlay", null).stream()
                .filter(r -> r.kind().equals("Service"))
                .findFirst()
                .orElseThrow();

    assertThat(String.valueOf(service.annotations().get(CHANGES)))
        .containsSubsequence(
            "configuredIn: ../base/prefix.yaml",
            "name: base-prefix",
            "namespace: ignored-but-named",
            "kind: NamespaceTransformer",
            "configuredIn: kustomization.yaml", // an inline config
            "name: inline-note",
            "configuredIn: ../configs/labels.yaml", // from a directory, renamed there
            "name: shared-env");
  }

  @Test
  void directoryWithoutKustomizationIsNamed() {
    assertThatThrownBy(() -> new KustomizeBuilder(new DiskTree(FIXTURES)).build("basic", null))
        .hasMessage(
            "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory 'basic'");
  }

  @Test
  void pathsLeavingTheRepositoryRootAreRefused() {
    assertThatThrownBy(
            () ->
                new KustomizeBuilder(new DiskTree(FIXTURES.resolve("basic")))
                    .build("../fifo", null))
        .hasMessageContaining("leaves the repository root");
  }

  @Test
  void symlinkOutOfTheRootIsNotFollowed(@TempDir Path temp) throws Exception {
    Path root = Files.createDirectories(temp.resolve("repo"));
    Files.writeString(
        temp.resolve("secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: stolen}\n");
    Files.writeString(root.resolve("kustomization.yaml"), "resources:\n- link.yaml\n");
    Files.createSymbolicLink(root.resolve("link.yaml"), temp.resolve("secret.yaml"));

    assertThatThrownBy(() -> new KustomizeBuilder(new DiskTree(root)).build("", null))
        .isInstanceOf(RenderException.class)
        .hasMessageContaining("link.yaml is a link to")
        .hasMessageContaining("outside the repository root; it is not read");
  }

  @Test
  void yaml12CoreSchemaKeepsYesAndOnAsStrings() throws Exception {
    var settings =
        new KustomizeBuilder(new DiskTree(FIXTURES)).build("basic/overlay/extra", null).get(0);

    @SuppressWarnings("unchecked")
    var data = (java.util.Map<String, Object>) settings.object().get("data");
    assertThat(data.get("mode")).isEqualTo("on");
    assertThat(data.get("version")).isEqualTo("1.10");
  }

  static List<String> ids(List<Resource> resources) {
    return resources.stream().map(Resource::id).toList();
  }
}
