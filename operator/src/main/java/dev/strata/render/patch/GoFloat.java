package dev.strata.render.patch;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats a float64 as Go's {@code strconv.FormatFloat(f, 'g', -1, 64)}, as go-yaml prints it, or
 * with {@code 'f'}, as kustomize writes a var's float value into a field.
 */
public final class GoFloat {

  private GoFloat() {}

  /**
   * The shortest digits that read back as {@code d}, in exponent form below 1e-4 and from 1e6 up
   * (Go's shortest 'g' uses precision 6 for that choice).
   */
  public static String formatG(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    BigDecimal decimal = shortest(Math.abs(d));
    String digits = decimal.unscaledValue().toString();
    int exponent = digits.length() - decimal.scale() - 1;
    StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
    if (exponent < -4 || exponent >= 6) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      out.append(abs < 10 ? "0" : "").append(abs);
    } else {
      out.append(decimal.toPlainString());
    }
    return out.toString();
  }

  /** The shortest digits that read back as {@code d}, never in exponent form (Go's 'f', -1). */
  public static String formatF(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0" : "0";
    }
    return (d < 0 ? "-" : "") + shortest(Math.abs(d)).toPlainString();
  }

  /**
   * The exact value rounded to the fewest significant digits that still read back as itself (Java
   * 17's Double.toString is not always shortest: it prints 1e23 as 9.999999999999999E22).
   */
  private static BigDecimal shortest(double positive) {
    BigDecimal exact = new BigDecimal(positive);
    for (int precision = 1; precision < 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == positive) {
        return rounded.stripTrailingZeros();
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
