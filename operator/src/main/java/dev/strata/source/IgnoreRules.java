package dev.strata.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Which paths of a revision are left out: never fetched as blobs and never shown to the renderer.
 * Two sets of rules in {@code .gitignore} syntax, matched by JGit's own matcher: the repository's
 * {@code .sourceignore} at its root (as Flux reads it), then the GitSource's {@code spec.ignore},
 * whose later lines win (so {@code !path} there re-includes a file {@code .sourceignore} left out).
 * As in Git, nothing below an ignored directory can be re-included.
 */
public final class IgnoreRules {

  /** The file at the repository root whose rules apply, as in Flux. */
  public static final String SOURCEIGNORE = ".sourceignore";

  public static final IgnoreRules NONE = new IgnoreRules(null, null);

  private final IgnoreNode sourceIgnore;
  private final IgnoreNode specIgnore;

  private IgnoreRules(IgnoreNode sourceIgnore, IgnoreNode specIgnore) {
    this.sourceIgnore = sourceIgnore;
    this.specIgnore = specIgnore;
  }

  /** The rules of {@code spec.ignore} (null or blank for none) and of a {@code .sourceignore}. */
  public static IgnoreRules of(String specIgnore, byte[] sourceIgnoreFile) {
    return new IgnoreRules(
        sourceIgnoreFile == null ? null : parse(sourceIgnoreFile),
        specIgnore == null || specIgnore.isBlank()
            ? null
            : parse(specIgnore.getBytes(StandardCharsets.UTF_8)));
  }

  /** These rules with {@code .sourceignore}'s content added (null: the file is absent). */
  public IgnoreRules withSourceIgnore(byte[] sourceIgnoreFile) {
    return new IgnoreRules(sourceIgnoreFile == null ? null : parse(sourceIgnoreFile), specIgnore);
  }

  public boolean isEmpty() {
    return sourceIgnore == null && specIgnore == null;
  }

  /** Whether a path (relative to the root, "/" separators) is left out. */
  public boolean ignores(String path, boolean directory) {
    return excludedBy(path, directory).isPresent();
  }

  /**
   * What leaves the path out: {@code "spec.ignore"} or {@code ".sourceignore"}, checking each
   * directory on the way, or empty when the path is kept.
   */
  public Optional<String> excludedBy(String path, boolean directory) {
    if (isEmpty() || path.isEmpty()) {
      return Optional.empty();
    }
    int slash = path.indexOf('/');
    while (slash >= 0) {
      Optional<String> parent = matchOne(path.substring(0, slash), true);
      if (parent.isPresent()) {
        return parent;
      }
      slash = path.indexOf('/', slash + 1);
    }
    return matchOne(path, directory);
  }

  /** The last matching rule decides, spec.ignore's lines coming after .sourceignore's. */
  private Optional<String> matchOne(String path, boolean directory) {
    Boolean spec = specIgnore == null ? null : specIgnore.checkIgnored(path, directory);
    if (spec != null) {
      return spec ? Optional.of("spec.ignore") : Optional.empty();
    }
    Boolean file = sourceIgnore == null ? null : sourceIgnore.checkIgnored(path, directory);
    return Boolean.TRUE.equals(file) ? Optional.of(SOURCEIGNORE) : Optional.empty();
  }

  private static IgnoreNode parse(byte[] text) {
    var node = new IgnoreNode();
    try {
      node.parse(new ByteArrayInputStream(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail to read
    }
    return node;
  }
}
