package dev.strata.render.patch;

/** Explains why a patch cannot be applied; callers add the kustomization, field and patch. */
public final class PatchException extends Exception {

  public PatchException(String message) {
    super(message);
  }
}
