package dev.strata.render;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses a remote kustomization URL as kustomize 5.8.1 does ({@code api/internal/git/repospec.go}):
 * the Git URL to fetch, the path of the kustomization inside that repository, and the query's
 * {@code ref} (or {@code version}), {@code timeout} and {@code submodules}.
 *
 * <p>One extension: {@code git://} URLs, which kustomize reads as file paths, are accepted here, as
 * a GitSource accepts them.
 *
 * @param raw the URL as written
 * @param host scheme, user and host, as kustomize normalizes them ({@code https://github.com/})
 * @param repoPath the repository's path on the host ({@code org/repo}, {@code org/repo.git})
 * @param kustRootPath the kustomization's directory inside the repository, "" for its root
 * @param ref the branch, tag or commit to fetch; "" for the remote's HEAD
 * @param timeout the URL's {@code timeout}, or empty when it gives none (or an unusable one)
 * @param submodules the URL's {@code submodules}, true unless it says otherwise
 */
public record RepoSpec(
    String raw,
    String host,
    String repoPath,
    String kustRootPath,
    String ref,
    Optional<Duration> timeout,
    boolean submodules) {

  /** kustomize's time limit for a clone when the URL gives none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(27);

  private static final String GIT_SUFFIX = ".git";
  private static final String GIT_ROOT_DELIMITER = "_git/";
  private static final String FILE_SCHEME = "file://";
  private static final String GIT_SCHEME = "git://";
  private static final List<String> SCHEMES =
      List.of("ssh://", "https://", "http://", FILE_SCHEME, GIT_SCHEME);
  private static final Pattern USERNAME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9-]*)@");
  private static final int ALL_SEGMENTS = -1;

  /** The URL to fetch: kustomize's CloneSpec. */
  public String cloneSpec() {
    return host + repoPath;
  }

  /** The time limit kustomize would give the clone: the URL's, else 27 seconds. */
  public Duration timeoutOrDefault() {
    return timeout.orElse(DEFAULT_TIMEOUT);
  }

  /** The kustomization's directory as a tree path: "" for the repository's root. */
  public String directory() {
    return String.join("/", segments(clean(kustRootPath)));
  }

  /**
   * Parses a URL as kustomize's NewRepoSpecFromURL.
   *
   * @throws RenderException with kustomize's reason when it is not a Git URL kustomize accepts
   */
  public static RepoSpec parse(String url) throws RenderException {
    if (url.startsWith("/")) {
      throw new RenderException("uri looks like abs path: " + url);
    }
    // As kustomize: "?" may appear only in the query (RFC 3986), so cut there first.
    int question = url.indexOf('?');
    String rest = question < 0 ? url : url.substring(0, question);
    Query query = Query.parse(question < 0 ? "" : url.substring(question + 1));

    String[] hostAndRest = extractHost(rest);
    String host = hostAndRest[0];
    String[] paths =
        parsePathParts(hostAndRest[1], host.startsWith(FILE_SCHEME) ? ALL_SEGMENTS : 2);
    return new RepoSpec(
        url, host, paths[0], paths[1], query.ref(), query.timeout(), query.submodules());
  }

  /** The URL parsed, or empty when kustomize would not read it as a Git URL. */
  public static Optional<RepoSpec> tryParse(String url) {
    try {
      return Optional.of(parse(url));
    } catch (RenderException e) {
      return Optional.empty();
    }
  }

  /** Whether kustomize loads this path over HTTP: a URL whose scheme is http or https. */
  public static boolean isHttpFile(String path) {
    int colon = path.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String scheme = path.substring(0, colon).toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https"))
        && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  // --- extractHost ---

  private static String[] extractHost(String url) throws RenderException {
    String n = trimPrefixIgnoreCase(url, "git::").orElse(url);
    String scheme = "";
    for (String prefix : SCHEMES) {
      Optional<String> rest = trimPrefixIgnoreCase(n, prefix);
      if (rest.isPresent()) {
        scheme = prefix;
        n = rest.get();
        break;
      }
    }
    String username = "";
    var user = USERNAME.matcher(n);
    if (user.find()) {
      username = user.group(1) + "@";
      n = n.substring(username.length());
    }
    String lower = n.toLowerCase(Locale.ROOT);
    boolean standardGithub = lower.startsWith("github.com/") || lower.startsWith("github.com:");
    boolean acceptScp = scheme.isEmpty() && (!username.isEmpty() || standardGithub);
    if (scheme.isEmpty() && !acceptScp) {
      throw new RenderException("failed to parse scheme");
    }
    // A file URL names a local path: everything after the scheme is that path.
    if (scheme.equals(FILE_SCHEME)) {
      return new String[] {scheme, username + n};
    }
    String host = n;
    String rest = "";
    int separator = findPathSeparator(n, acceptScp);
    if (separator >= 0) {
      host = n.substring(0, separator + 1);
      rest = n.substring(separator + 1);
    }
    // GitHub URLs are normalized, dropping the scheme or the user.
    if (standardGithub) {
      if (scheme.startsWith("ssh://") || !username.isEmpty()) {
        scheme = "";
        host = "github.com:";
      } else {
        scheme = "https://";
        username = "";
        host = "github.com/";
      }
    }
    if (host.isEmpty()) {
      throw new RenderException("failed to parse host segment");
    }
    return new String[] {scheme + username + host, rest};
  }

  /** The colon ends the host in an scp-like URL only when no slash comes before it. */
  private static int findPathSeparator(String hostPath, boolean acceptScp) {
    int separator = hostPath.indexOf('/');
    if (acceptScp) {
      int colon = hostPath.indexOf(':');
      if (separator == -1 || (colon > 0 && colon < separator)) {
        separator = colon;
      }
    }
    return separator;
  }

  private static Optional<String> trimPrefixIgnoreCase(String s, String prefix) {
    if (prefix.length() <= s.length()
        && s.substring(0, prefix.length()).toLowerCase(Locale.ROOT).equals(prefix)) {
      return Optional.of(s.substring(prefix.length()));
    }
    return Optional.empty();
  }

  // --- parsePathParts ---

  /** Splits the repository's path from the kustomization's path inside it. */
  private static String[] parsePathParts(String n, int defaultSegments) throws RenderException {
    String[] split = explicitMarkerSplit(n);
    if (split == null) {
      split = defaultLengthSplit(n, defaultSegments);
    }
    if (split == null || split[0].isEmpty()) {
      throw new RenderException("failed to parse repo path segment");
    }
    List<String> cleaned = segments(clean(trimPrefix(split[1], "/")));
    if (!cleaned.isEmpty() && cleaned.get(0).equals("..")) {
      throw new RenderException("url path exits repo: " + n);
    }
    return new String[] {split[0], trimPrefix(split[1], "/")};
  }

  /** By convention: _git/ one directory above the repository, "//" after it, or ".git". */
  private static String[] explicitMarkerSplit(String n) {
    int gitRoot = n.indexOf(GIT_ROOT_DELIMITER);
    if (gitRoot >= 0) {
      String root = n.substring(0, gitRoot + GIT_ROOT_DELIMITER.length());
      String[] below = n.substring(root.length()).split("/", -1);
      return new String[] {
        root + below[0], String.join("/", Arrays.asList(below).subList(1, below.length))
      };
    }
    int doubleSlash = n.indexOf("//");
    if (doubleSlash >= 0) {
      return new String[] {n.substring(0, doubleSlash), n.substring(doubleSlash + 2)};
    }
    int suffix = n.indexOf(GIT_SUFFIX);
    if (suffix >= 0) {
      int end = suffix + GIT_SUFFIX.length();
      return new String[] {n.substring(0, end), n.substring(end)};
    }
    return null;
  }

  /** Without markers: the first two segments (org/repo), or the whole path for file://. */
  private static String[] defaultLengthSplit(String n, int segments) {
    if (segments == ALL_SEGMENTS) {
      return new String[] {n, ""};
    }
    String[] parts = n.split("/", -1);
    if (parts.length < segments) {
      return null;
    }
    return new String[] {
      String.join("/", Arrays.asList(parts).subList(0, segments)),
      String.join("/", Arrays.asList(parts).subList(segments, parts.length))
    };
  }

  private static String trimPrefix(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  /** Go's path.Clean: "." for nothing, no empty, "." or inner ".." segments. */
  static String clean(String path) {
    boolean rooted = path.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add(part);
        }
      } else {
        out.add(part);
      }
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  private static List<String> segments(String cleaned) {
    if (cleaned.equals(".") || cleaned.isEmpty()) {
      return List.of();
    }
    return List.of(trimPrefix(cleaned, "/").split("/"));
  }

  // --- the query ---

  /** kustomize's parseQuery: ref (else version), timeout, submodules; defaults on any error. */
  record Query(String ref, Optional<Duration> timeout, boolean submodules) {

    static final Query DEFAULTS = new Query("", Optional.empty(), true);

    static Query parse(String query) {
      Map<String, String> values = goParseQuery(query);
      if (values == null) {
        return DEFAULTS;
      }
      String ref = values.getOrDefault("version", "");
      if (!values.getOrDefault("ref", "").isEmpty()) {
        ref = values.get("ref");
      }
      Optional<Duration> timeout = Optional.empty();
      String timeoutValue = values.getOrDefault("timeout", "");
      if (!timeoutValue.isEmpty()) {
        Long seconds = goAtoi(timeoutValue);
        if (seconds != null && seconds > 0) {
          timeout = Optional.of(Duration.ofSeconds(seconds));
        } else {
          Duration duration = GoDuration.parse(timeoutValue);
          if (duration != null && duration.compareTo(Duration.ZERO) > 0) {
            timeout = Optional.of(duration);
          }
        }
      }
      boolean submodules = true;
      String submodulesValue = values.getOrDefault("submodules", "");
      if (!submodulesValue.isEmpty()) {
        Boolean parsed = goParseBool(submodulesValue);
        if (parsed != null) {
          submodules = parsed;
        }
      }
      return new Query(ref, timeout, submodules);
    }

    /**
     * Go's url.ParseQuery keeping the first value of each key, or null when Go reports an error (a
     * semicolon, a bad escape), in which case kustomize takes every default.
     */
    private static Map<String, String> goParseQuery(String query) {
      Map<String, String> values = new LinkedHashMap<>();
      boolean failed = false;
      for (String part : query.split("&", -1)) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.contains(";")) {
          failed = true;
          continue;
        }
        int equals = part.indexOf('=');
        String key = equals < 0 ? part : part.substring(0, equals);
        String value = equals < 0 ? "" : part.substring(equals + 1);
        String decodedKey = queryUnescape(key);
        String decodedValue = queryUnescape(value);
        if (decodedKey == null || decodedValue == null) {
          failed = true;
          continue;
        }
        values.putIfAbsent(decodedKey, decodedValue);
      }
      return failed ? null : values;
    }

    /** Go's url.QueryUnescape: "+" is a space, "%XX" a byte; null on a bad escape. */
    private static String queryUnescape(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) == '%'
            && (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2)))) {
          return null;
        }
      }
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
      return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    /** Go's strconv.Atoi: an optional sign and decimal digits; null otherwise. */
    private static Long goAtoi(String s) {
      if (!s.matches("[+-]?[0-9]+")) {
        return null;
      }
      try {
        return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    /** Go's strconv.ParseBool. */
    private static Boolean goParseBool(String s) {
      return switch (s) {
        case "1", "t", "T", "TRUE", "true", "True" -> true;
        case "0", "f", "F", "FALSE", "false", "False" -> false;
        default -> null;
      };
    }
  }
}
