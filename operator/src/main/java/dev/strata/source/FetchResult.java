package dev.strata.source;

import java.time.Duration;

/**
 * Reports a completed fetch.
 *
 * @param revision {@code <ref>@sha1:<40 hex>}
 * @param commit the commit's 40-hex SHA-1
 * @param mode how objects were moved
 * @param bytesReceived pack bytes received by this fetch, including attempts that failed
 * @param bytesDiscarded bytes of attempts that failed before their pack was complete
 * @param chunks fetches that completed a pack (1 for a shallow fetch)
 * @param retries attempts that failed and were repeated
 * @param elapsed wall time of the whole fetch
 */
public record FetchResult(
    String revision,
    String commit,
    FetchMode mode,
    long bytesReceived,
    long bytesDiscarded,
    int chunks,
    int retries,
    Duration elapsed) {}
