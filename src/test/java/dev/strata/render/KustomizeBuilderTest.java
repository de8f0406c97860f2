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
