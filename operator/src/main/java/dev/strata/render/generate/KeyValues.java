package dev.strata.render.generate;

import dev.strata.render.RenderException;
import dev.strata.render.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a generator's key-value pairs as kustomize's kv loader does: env files first, then
 * literals, then files, each in the order listed.
 */
final class KeyValues {

  /**
   * One key and its value, as bytes since a file's content need not be UTF-8.
   *
   * @param source where the pair comes from, for errors
   */
  record KeyValue(String key, byte[] value, String source) {}

  // bufio.Scanner's default limit: kustomize stops reading an env file, silently, at a longer line.
  private static final int MAX_ENV_LINE_BYTES = 64 * 1024 - 1;

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private KeyValues() {}

  static List<KeyValue> load(Target target, GeneratorArgs args)
      throws RenderException, IOException {
    List<KeyValue> pairs = new ArrayList<>();
    for (String env : args.envs()) {
      pairs.addAll(envFile(args.where() + ": envs", env, read(target, args, env, "envs")));
    }
    for (String literal : args.literals()) {
      pairs.add(literal(literal, args));
    }
    for (String source : args.files()) {
      pairs.add(file(source, target, args));
    }
    return pairs;
  }

  /** A key=value literal, as kustomize's parseLiteralSource: the value may hold '='. */
  static KeyValue literal(String literal, GeneratorArgs args) throws RenderException {
    int equals = literal.indexOf('=');
    if (equals < 0) {
      throw new RenderException(args.where() + ": literals: '" + literal + "' is not key=value");
    }
    if (equals == 0) {
      throw new RenderException(
          args.where() + ": literals: '" + literal + "' has no key before '='");
    }
    String value = removeQuotes(literal.substring(equals + 1));
    return new KeyValue(
        literal.substring(0, equals),
        value.getBytes(StandardCharsets.UTF_8),
        "literal '" + literal + "'");
  }

  /** Strips one pair of matching surrounding quotes, as kustomize's removeQuotes. */
  static String removeQuotes(String value) {
    if (value.length() < 2) {
      return value;
    }
    char first = value.charAt(0);
    if (first != value.charAt(value.length() - 1)) {
      return value;
    }
    return first == '"' || first == '\'' ? value.substring(1, value.length() - 1) : value;
  }

  private static KeyValue file(String source, Target target, GeneratorArgs args)
      throws RenderException, IOException {
    String key;
    String path;
    long separators = source.chars().filter(c -> c == '=').count();
    if (separators == 0) {
      key = baseName(source);
      path = source;
    } else if (separators > 1) {
      throw new RenderException(
          args.where() + ": files: '" + source + "': the key or the path contains '='");
    } else if (source.startsWith("=")) {
      throw new RenderException(
          args.where() + ": files: '" + source + "': the key before '=' is missing");
    } else if (source.endsWith("=")) {
      throw new RenderException(
          args.where() + ": files: '" + source + "': the path after '=' is missing");
    } else {
      int equals = source.indexOf('=');
      key = source.substring(0, equals);
      path = source.substring(equals + 1);
    }
    return new KeyValue(key, read(target, args, path, "files"), "file '" + source + "'");
  }

  /** Go's path.Base, which kustomize uses for a file's default key. */
  static String baseName(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    String trimmed = path.replaceAll("/+$", "");
    if (trimmed.isEmpty()) {
      return "/";
    }
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static byte[] read(Target target, GeneratorArgs args, String entry, String field)
      throws RenderException, IOException {
    String where = args.field() + " '" + args.name() + "' " + field;
    if (target.tree().isDirectory(target.path(entry, where))) {
      throw new RenderException(
          args.where() + ": " + field + ": '" + entry + "' is a directory, not a file");
    }
    return target.read(entry, where);
  }

  /**
   * The pairs of an env file, as kustomize's keyValuesFromLines: one key=value per line, the value
   * taken verbatim; leading white space, blank lines and '#' comments skipped; a line without '='
   * is a key with an empty value (kustomize no longer reads the process environment); a line with
   * an empty key is skipped; a BOM is dropped from the first line.
   */
  static List<KeyValue> envFile(String where, String name, byte[] content) throws RenderException {
    String file = "env file '" + name + "'";
    List<KeyValue> pairs = new ArrayList<>();
    int lineNumber = 0;
    int start = 0;
    while (start < content.length) {
      int end = indexOf(content, (byte) '\n', start);
      int next = end < 0 ? content.length : end + 1;
      int stop = end < 0 ? content.length : end;
      lineNumber++;
      String line = file + " line " + lineNumber;
      if (stop - start > MAX_ENV_LINE_BYTES) {
        throw new RenderException(
            where
                + ": "
                + line
                + ": longer than "
                + MAX_ENV_LINE_BYTES
                + " bytes (kustomize silently stops reading there)");
      }
      // bufio.ScanLines drops one carriage return before the line end.
      if (stop > start && content[stop - 1] == '\r') {
        stop--;
      }
      byte[] bytes = Arrays.copyOfRange(content, start, stop);
      String text =
          Utf8.decode(bytes)
              .orElseThrow(() -> new RenderException(where + ": " + line + ": not valid UTF-8"));
      if (lineNumber == 1 && startsWith(bytes, UTF8_BOM)) {
        text = text.substring(1);
      }
      text = trimLeadingGoSpace(text);
      start = next;
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int equals = text.indexOf('=');
      String key = equals < 0 ? text : text.substring(0, equals);
      String value = equals < 0 ? "" : text.substring(equals + 1);
      if (key.isEmpty()) {
        continue;
      }
      pairs.add(new KeyValue(key, value.getBytes(StandardCharsets.UTF_8), line));
    }
    return pairs;
  }

  /** Strips leading white space as Go's unicode.IsSpace defines it. */
  static String trimLeadingGoSpace(String line) {
    int i = 0;
    while (i < line.length() && isGoSpace(line.charAt(i))) {
      i++;
    }
    return line.substring(i);
  }

  private static boolean isGoSpace(char c) {
    // Go's unicode.IsSpace: Latin-1 \t \n \v \f \r, space, U+0085, U+00A0, then the Unicode
    // White_Space property, which Java's isWhitespace does not match exactly (it omits no-break
    // spaces and adds the ASCII separators U+001C-U+001F).
    if (c <= 0xFF) {
      return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0;
    }
    return c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  private static int indexOf(byte[] content, byte b, int from) {
    for (int i = from; i < content.length; i++) {
      if (content[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
