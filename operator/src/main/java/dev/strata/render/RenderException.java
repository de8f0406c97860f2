package dev.strata.render;

/** Explains why a kustomization cannot be rendered, naming the file and, where known, the field. */
public final class RenderException extends Exception {

  public RenderException(String message) {
    super(message);
  }

  public RenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
