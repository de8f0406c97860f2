package dev.strata.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces the many spellings of one repository's URL to one key, so that a push payload's URLs can
 * be compared with a GitSource's spec.url.
 *
 * <p>The key is {@code host[:port]/path}, lower case, without scheme, user, default port, trailing
 * slash or {@code .git}: {@code https://GitHub.com/Owner/Repo.git}, {@code
 * ssh://git@github.com/owner/repo}, {@code git@github.com:owner/repo.git} and {@code
 * git://github.com/owner/repo} all become {@code github.com/owner/repo}. The transport does not
 * matter because a push reaches a repository whatever protocol a GitSource reads it with. Case is
 * ignored because GitHub, GitLab, Gitea and Forgejo treat owner and repository names case-blind; on
 * a server that does not, the cost of the looser match is one fetch that finds nothing new.
 */
public final class GitUrls {

  /** {@code user@host:path}, Git's scp-like SSH syntax; the path must not start with a slash. */
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$");

  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.of("https", 443, "http", 80, "ssh", 22, "git", 9418, "git+ssh", 22, "ssh+git", 22);

  private GitUrls() {}

  /** The comparison key of {@code url}, or empty when it is not a URL Git understands. */
  public static Optional<String> key(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    String trimmed = url.trim();
    if (!trimmed.contains("://")) {
      Matcher scp = SCP_LIKE.matcher(trimmed);
      return scp.matches() ? join(scp.group(1), -1, scp.group(2)) : Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ("file".equals(scheme)) {
      return path(uri.getPath()).map(p -> "file/" + p);
    }
    if (uri.getHost() == null) {
      return Optional.empty();
    }
    int port = uri.getPort() == DEFAULT_PORTS.getOrDefault(scheme, -2) ? -1 : uri.getPort();
    return join(uri.getHost(), port, uri.getPath());
  }

  /** Whether two URLs name the same repository by {@link #key}. */
  static boolean sameRepository(String a, String b) {
    Optional<String> keyA = key(a);
    return keyA.isPresent() && keyA.equals(key(b));
  }

  private static Optional<String> join(String host, int port, String rawPath) {
    return path(rawPath)
        .map(
            p ->
                host.toLowerCase(Locale.ROOT)
                    + (port >= 0 ? ":" + port : "")
                    + "/"
                    + p.toLowerCase(Locale.ROOT));
  }

  /** The path without leading or trailing slashes, doubled slashes or a final {@code .git}. */
  private static Optional<String> path(String rawPath) {
    if (rawPath == null) {
      return Optional.empty();
    }
    String path = rawPath.replaceAll("/{2,}", "/");
    path = strip(path);
    if (path.endsWith(".git")) {
      path = strip(path.substring(0, path.length() - ".git".length()));
    }
    return path.isEmpty() ? Optional.empty() : Optional.of(path);
  }

  private static String strip(String path) {
    int start = 0;
    int end = path.length();
    while (start < end && path.charAt(start) == '/') {
      start++;
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(start, end);
  }
}
