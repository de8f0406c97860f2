package dev.strata.source;

/**
 * Reports a fetch in flight, about once a second.
 *
 * @param phase what is being fetched, e.g. "commits and trees" or "blobs"
 * @param bytesReceived pack bytes received so far by this fetch
 * @param bytesPerSecond rate over the last sample
 * @param chunk the batch in flight, counting from 1 (0 before batches start)
 * @param chunks the estimated number of batches (0 when unknown)
 */
public record FetchProgress(
    String phase, long bytesReceived, long bytesPerSecond, int chunk, int chunks) {

  /** A message for people, e.g. "received 1.2 MiB at 8.0 KiB/s, chunk 3/7". */
  public String message() {
    String text =
        "fetching "
            + phase
            + ": received "
            + Bytes.format(bytesReceived)
            + " at "
            + Bytes.format(bytesPerSecond)
            + "/s";
    return chunk > 0 ? text + ", chunk " + chunk + "/" + Math.max(chunk, chunks) : text;
  }
}
