package dev.strata.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSizerTest {

  @Test
  void startsSmallAndGrowsWhileTheLinkHolds() {
    var sizer = new GitFetcher.BatchSizer();
    assertThat(sizer.nextCount()).isEqualTo(64); // 256 KiB at an assumed 4 KiB a blob

    sizer.succeeded(64, 64 * 1024); // blobs turn out to be 1 KiB
    assertThat(sizer.nextCount()).isEqualTo(512); // 512 KiB target / 1 KiB
  }

  @Test
  void aBrokenBatchCapsTheNextAtHalfOfWhatGotThrough() {
    var sizer = new GitFetcher.BatchSizer();
    sizer.succeeded(100, 100 * 1024);

    sizer.failed(200 * 1024);
    assertThat(sizer.nextCount()).isEqualTo(100);

    sizer.succeeded(100, 100 * 1024);
    assertThat(sizer.nextCount()).as("never grows past the ceiling again").isEqualTo(100);
  }

  @Test
  void aBatchThatBrokeBeforeAnyByteStepsDownHard() {
    var sizer = new GitFetcher.BatchSizer();

    sizer.failed(0);

    assertThat(sizer.nextCount()).isEqualTo(16);
  }
}
