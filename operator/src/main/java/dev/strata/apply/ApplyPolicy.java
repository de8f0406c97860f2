package dev.strata.apply;

import dev.strata.api.StrataMetadata;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one object is applied and pruned, read from its annotations (or labels, as Flux reads its own
 * keys from both): Strata's {@code apply.strata.dev/*} and {@code strata.dev/prune}, and Flux's
 * {@code kustomize.toolkit.fluxcd.io/{ssa,force,prune,reconcile}}, mapped onto one meaning.
 *
 * @param mode whether to apply it always, only when missing, or never
 * @param force delete and recreate it when an update is refused for an immutable field
 * @param prune whether it may be deleted when it leaves Git
 * @param reason the key and value that set a mode other than override, for messages
 */
public record ApplyPolicy(Mode mode, boolean force, boolean prune, String reason) {

  /** Whether an object is applied. */
  public enum Mode {
    /** Applied on every run, and healed when changed in the cluster: the default. */
    OVERRIDE,
    /** Created when missing; an existing object is left as it is. */
    IF_NOT_PRESENT,
    /** Never applied nor healed. */
    IGNORE
  }

  public static final ApplyPolicy DEFAULT = new ApplyPolicy(Mode.OVERRIDE, false, true, "");

  /** A key with a value this class does not know: the object fails, naming the key. */
  public static final class InvalidPolicy extends IllegalArgumentException {
    InvalidPolicy(String message) {
      super(message);
    }
  }

  /**
   * The policy an object's metadata sets; annotations win over labels of the same key.
   *
   * @throws InvalidPolicy for a known key with an unknown value, naming both and the values allowed
   */
  public static ApplyPolicy of(Map<String, String> annotations, Map<String, String> labels) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    Map<String, String> l = labels == null ? Map.of() : labels;
    Mode mode = Mode.OVERRIDE;
    String reason = "";
    for (String key :
        List.of(
            StrataMetadata.APPLY_POLICY_ANNOTATION,
            StrataMetadata.FLUX_SSA_ANNOTATION,
            StrataMetadata.FLUX_RECONCILE_ANNOTATION)) {
      String value = value(a, l, key);
      if (value == null) {
        continue;
      }
      Mode read =
          key.equals(StrataMetadata.FLUX_RECONCILE_ANNOTATION) ? reconcile(value) : ssa(key, value);
      // The strictest wins: Ignore over IfNotPresent over Override.
      if (read.ordinal() > mode.ordinal()) {
        mode = read;
        reason = key + ": " + value;
      }
    }
    boolean force =
        flag(a, l, StrataMetadata.FORCE_ANNOTATION, StrataMetadata.ENABLED)
            || flag(a, l, StrataMetadata.FLUX_FORCE_ANNOTATION, StrataMetadata.ENABLED);
    boolean prune =
        !(flag(a, l, StrataMetadata.PRUNE_ANNOTATION, StrataMetadata.DISABLED)
            || flag(a, l, StrataMetadata.FLUX_PRUNE_ANNOTATION, StrataMetadata.DISABLED));
    return new ApplyPolicy(mode, force, prune, reason);
  }

  /** The key and value that keep an object from pruning, for the skipped change; "" if none. */
  public static String pruneReason(Map<String, String> annotations, Map<String, String> labels) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (String key :
        List.of(StrataMetadata.PRUNE_ANNOTATION, StrataMetadata.FLUX_PRUNE_ANNOTATION)) {
      if (flag(a, l, key, StrataMetadata.DISABLED)) {
        return key + ": " + StrataMetadata.DISABLED;
      }
    }
    return "";
  }

  private static Mode ssa(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "override", "merge" -> Mode.OVERRIDE;
      case "ifnotpresent" -> Mode.IF_NOT_PRESENT;
      case "ignore" -> Mode.IGNORE;
      default ->
          throw new InvalidPolicy(
              key + ": " + value + " is not a policy; use Override, Merge, IfNotPresent or Ignore");
    };
  }

  private static Mode reconcile(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case StrataMetadata.DISABLED -> Mode.IGNORE;
      case StrataMetadata.ENABLED -> Mode.OVERRIDE;
      default ->
          throw new InvalidPolicy(
              StrataMetadata.FLUX_RECONCILE_ANNOTATION
                  + ": "
                  + value
                  + " is not a value; use enabled or disabled");
    };
  }

  private static boolean flag(
      Map<String, String> annotations, Map<String, String> labels, String key, String expected) {
    String value = value(annotations, labels, key);
    return value != null && value.equalsIgnoreCase(expected);
  }

  private static String value(
      Map<String, String> annotations, Map<String, String> labels, String key) {
    String value = annotations.get(key);
    return value != null ? value : labels.get(key);
  }
}
