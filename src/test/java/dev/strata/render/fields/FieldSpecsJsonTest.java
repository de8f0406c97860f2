package dev.strata.render.fields;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Fails when field-specs.json, which Strata reads, is not kustomize's field-specs.yaml as JSON.
 * hack/update-field-specs.py rewrites the YAML from kustomize's source, then runs this test with
 * -Dstrata.updateFieldSpecs=true, which rewrites the JSON.
 */
class FieldSpecsJsonTest {

  private static final Path RESOURCES = Path.of("operator/src/main/resources");
  private static final Path YAML = RESOURCES.resolve("dev/strata/render/field-specs.yaml");
  private static final Path JSON = RESOURCES.resolve(FieldSpecs.DEFAULTS_RESOURCE.substring(1));

  @Test
  void theJsonIsTheYaml() throws Exception {
    Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(YAML));
    String json =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(yaml)
            + "\n";

    if (Boolean.getBoolean("strata.updateFieldSpecs")) {
      Files.writeString(JSON, json);
    }

    assertThat(Files.readString(JSON))
        .as("%s is stale: regenerate with hack/update-field-specs.py", JSON)
        .isEqualTo(json);
  }

  @Test
  void theDefaultsAreThoseOfTheYaml() throws Exception {
    Object yaml = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(YAML));
    FieldSpecs fromYaml = FieldSpecs.parse(yaml, "field-specs.yaml");

    for (String category : FieldSpecs.CATEGORIES) {
      assertThat(FieldSpecs.defaults().get(category))
          .as(category)
          .isEqualTo(fromYaml.get(category));
    }
    assertThat(FieldSpecs.defaults().nameReferences()).isEqualTo(fromYaml.nameReferences());
    assertThat(FieldSpecs.defaults().get("namespace")).isNotEmpty();
  }
}
