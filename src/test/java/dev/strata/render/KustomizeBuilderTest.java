package dev.strata.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's own fixtures (src/test/resources/render): what is built, in what order, and errors.
 */
class KustomizeBuilderTest {

  static final Path FIXTURES = Path.of("src/test/resources/render");

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

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown-field     | .   | errors/unknown-field/kustomization.yaml: unknown field 'resourcez' (not a kustomization field)",
        "unsupported-field | .   | errors/unsupported-field/kustomization.yaml: field 'namePrefix' is not supported yet by Strata's renderer",
        "helm              | .   | errors/helm/kustomization.yaml: field 'helmCharts' is not supported: Strata does not run Helm, plugins or KRM functions",
        "remote            | .   | errors/remote/kustomization.yaml: remote resource 'https://github.com/owner/repo//deploy?ref=main' is not allowed",
        "escape            | app | errors/escape/app/kustomization.yaml: resources: security: file '../outside.yaml' is not in or below 'errors/escape/app'",
        "missing           | .   | errors/missing/kustomization.yaml: resource 'absent.yaml' does not exist",
        "duplicate         | .   | may not add resource with an already registered id: ConfigMap/same (in errors/duplicate/one.yaml and errors/duplicate/two.yaml)",
        "not-a-map         | .   | errors/not-a-map/list.yaml: a resource must be a YAML mapping, found a list",
        "cycle             | a   | errors/cycle/b/kustomization.yaml: cycle: '../a' includes 'errors/cycle/a', which is already being built",
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
        "replacement-yaml-in-string       | . | errors/replacement-yaml-in-string/kustomization.yaml: replacements[0].targets[0]: ConfigMap/one: field \"data.yaml.a\" goes into the YAML held in 'data.yaml', which Strata cannot write back as kustomize does: it has comments",
      })
  void errorsNameTheFileAndWhatIsWrong(String fixture, String subdirectory, String message) {
    String directory = "errors/" + fixture + (subdirectory.equals(".") ? "" : "/" + subdirectory);

    assertThatThrownBy(() -> new KustomizeBuilder(new DiskTree(FIXTURES)).build(directory, null))
        .isInstanceOf(RenderException.class)
        .hasMessageStartingWith(message);
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
