package dev.strata.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A directory on disk; symlinks are followed only while they stay inside it. */
public final class DiskTree implements FileTree {

  private final Path root;

  public DiskTree(Path root) throws IOException {
    this.root = root.toRealPath();
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException, RenderException {
    Path file = confined(path);
    if (file == null || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new RenderException(
          path + " is " + size + " bytes, over the limit of " + MAX_FILE_BYTES);
    }
    return Optional.of(Files.readAllBytes(file));
  }

  @Override
  public boolean isDirectory(String path) throws IOException, RenderException {
    Path directory = confined(path);
    return directory != null && Files.isDirectory(directory);
  }

  @Override
  public List<String> list(String directory) throws IOException, RenderException {
    Path dir = confined(directory);
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Override
  public Optional<String> canonical(String path) throws IOException, RenderException {
    Path real = confined(path);
    if (real == null) {
      return Optional.empty();
    }
    return Optional.of(
        root.relativize(real).toString().replace(real.getFileSystem().getSeparator(), "/"));
  }

  /** The real path of a tree path, or null when absent; refuses links that leave the root. */
  private Path confined(String path) throws IOException, RenderException {
    Path candidate = root.resolve(path);
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    if (!Files.exists(candidate)) {
      return null; // a dangling link
    }
    Path real = candidate.toRealPath();
    if (!real.startsWith(root)) {
      throw new RenderException(
          path + " is a link to " + real + ", outside the repository root; it is not read");
    }
    return real;
  }
}
