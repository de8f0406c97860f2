package dev.strata.render.replace;

/**
 * Reports what kyaml or go-yaml would report for a field path or a scalar (a missing list element,
 * a wrong node kind, a value that cannot take a type); callers prefix the file and field.
 */
public final class KyamlException extends Exception {

  public KyamlException(String message) {
    super(message);
  }
}
