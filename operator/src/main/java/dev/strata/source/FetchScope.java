package dev.strata.source;

/**
 * What a fetch may bring into the store: the paths it leaves out, and how large a file and a whole
 * fetch may be.
 *
 * @param ignore {@code spec.ignore} in .gitignore syntax (null for none); the repository's root
 *     {@code .sourceignore} is added to it
 * @param maxFileBytes a file (blob) larger than this fails the fetch, naming it
 * @param maxFetchBytes the pack bytes one fetch may receive
 */
public record FetchScope(String ignore, long maxFileBytes, long maxFetchBytes) {

  /** As {@link RevisionReader#MAX_FILE_BYTES}: the renderer refuses larger files anyway. */
  public static final long DEFAULT_MAX_FILE_BYTES = RevisionReader.MAX_FILE_BYTES;

  public static final long DEFAULT_MAX_FETCH_BYTES = 512L * 1024 * 1024;

  public static final FetchScope DEFAULT =
      new FetchScope(null, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FETCH_BYTES);

  public FetchScope {
    if (maxFileBytes < 1 || maxFetchBytes < 1) {
      throw new IllegalArgumentException("size limits must be positive");
    }
  }

  public FetchScope withIgnore(String newIgnore) {
    return new FetchScope(newIgnore, maxFileBytes, maxFetchBytes);
  }

  public FetchScope withLimits(long newMaxFileBytes, long newMaxFetchBytes) {
    return new FetchScope(ignore, newMaxFileBytes, newMaxFetchBytes);
  }
}
