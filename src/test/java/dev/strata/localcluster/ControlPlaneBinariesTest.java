package dev.strata.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlPlaneBinariesTest {

  @Test
  void versionsCompareNumericallyNotAlphabetically() {
    var versions = new ArrayList<>(List.of("1.9.2", "1.33.13", "1.33.2", "1.30.0", "1.33"));

    versions.sort(ControlPlaneBinaries::compareVersions);

    assertThat(versions).containsExactly("1.9.2", "1.30.0", "1.33", "1.33.2", "1.33.13");
  }
}
