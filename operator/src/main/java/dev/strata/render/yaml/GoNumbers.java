package dev.strata.render.yaml;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Formats numbers the way they come out of kustomize. */
final class GoNumbers {

  // kyaml decodes a number as int64, uint64 or float64, Go's encoding/json writes it, go-yaml v2
  // reads that text back (integers within int64 or uint64 stay integers, anything else becomes a
  // float64) and prints floats with strconv.FormatFloat(f, 'g', -1, 64).

  private static final double TWO_TO_53 = 9007199254740992.0;

  private GoNumbers() {}

  /** What kustomize prints for {@code n}. */
  static String yaml(Number n) {
    if (isInt64(n)) {
      return Long.toString(n.longValue());
    }
    if (n instanceof BigInteger big && fitsGoInteger(big)) {
      return big.toString();
    }
    return yaml(toDouble(n));
  }

  /** The JSON text Go's encoding/json writes for {@code n} inside kustomize. */
  static String json(Number n) {
    if (isInt64(n)) {
      return Long.toString(n.longValue());
    }
    if (n instanceof BigInteger big && fitsGoInteger(big)) {
      return big.toString();
    }
    return json(toDouble(n));
  }

  private static boolean isInt64(Number n) {
    return n instanceof Long
        || n instanceof Integer
        || n instanceof Short
        || n instanceof Byte
        || n instanceof AtomicLong
        || n instanceof AtomicInteger;
  }

  /** kyaml decodes integers as int64, as uint64 when they need it, and as float64 beyond. */
  private static boolean fitsGoInteger(BigInteger b) {
    return b.bitLength() < 64 || (b.signum() > 0 && b.bitLength() == 64);
  }

  private static double toDouble(Number n) {
    // Parse the decimal text rather than widen: Float 0.1f stands for the YAML text "0.1", and
    // BigDecimal.doubleValue is not guaranteed to round correctly on every JDK.
    if (n instanceof Float || n instanceof BigDecimal) {
      return Double.parseDouble(n.toString());
    }
    return n.doubleValue();
  }

  /** What kustomize prints for a float64 that reached it. */
  static String yaml(double d) {
    checkFinite(d);
    if (d == Math.rint(d) && Math.abs(d) < TWO_TO_53) {
      // Go's JSON text is then the integer itself, which go-yaml reads back as an int.
      return Long.toString((long) d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      // Go writes the shortest digits padded with zeros (2^63 becomes 9223372036854776000);
      // go-yaml keeps that text as an integer when it fits int64 or uint64.
      BigInteger value = new BigInteger(json(d));
      if (fitsGoInteger(value)) {
        return value.toString();
      }
    }
    return formatG(d);
  }

  /** Go's {@code json.Marshal} of a float64. */
  static String json(double d) {
    checkFinite(d);
    if (d == Math.rint(d) && Math.abs(d) < TWO_TO_53) {
      return d == 0 && 1 / d < 0 ? "-0" : Long.toString((long) d);
    }
    double abs = Math.abs(d);
    Decimal dec = Decimal.shortest(abs);
    StringBuilder sb = new StringBuilder(24);
    if (d < 0) {
      sb.append('-');
    }
    if (abs < 1e-6 || abs >= 1e21) {
      dec.appendE(sb, false);
    } else {
      dec.appendF(sb);
    }
    return sb.toString();
  }

  /** Go's {@code strconv.FormatFloat(d, 'g', -1, 64)}, as go-yaml v2 prints floats. */
  static String formatG(double d) {
    checkFinite(d);
    StringBuilder sb = new StringBuilder(24);
    if (d < 0 || (d == 0 && 1 / d < 0)) {
      sb.append('-');
    }
    Decimal dec = Decimal.shortest(Math.abs(d));
    int exp = dec.dp - 1;
    // Shortest 'g' switches to exponent form outside [1e-4, 1e6) (eprec is 6, not 21).
    if (dec.digits.length() > 0 && (exp < -4 || exp >= 6)) {
      dec.appendE(sb, true);
    } else {
      dec.appendF(sb);
    }
    return sb.toString();
  }

  private static void checkFinite(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      // encoding/json refuses these, so kustomize cannot print them.
      throw new IllegalArgumentException("json: unsupported value: " + d);
    }
  }

  /** A positive decimal 0.digits × 10^dp, like Go's strconv decimalSlice. */
  private static final class Decimal {
    final String digits;
    final int dp;

    private Decimal(String digits, int dp) {
      this.digits = digits;
      this.dp = dp;
    }

    /**
     * The shortest digits that read back as {@code v}, the closest to {@code v} among equally short
     * ones, as Go's Ryu-based shortest formatting picks. Java 17's Double.toString is not always
     * shortest, hence the search.
     */
    static Decimal shortest(double v) {
      if (v == 0) {
        return new Decimal("", 0);
      }
      BigDecimal exact = new BigDecimal(v);
      for (int p = 1; p <= 17; p++) {
        BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        BigDecimal pick = null;
        if (readsBackAs(r, v)) {
          pick = r;
        } else {
          // Near a power of two the round-trip interval is lopsided: the nearest p-digit
          // decimal can miss it while its neighbour is inside.
          BigDecimal up = r.add(r.ulp());
          BigDecimal down = r.subtract(r.ulp());
          if (readsBackAs(up, v)) {
            pick = up;
          } else if (readsBackAs(down, v)) {
            pick = down;
          }
        }
        if (pick != null) {
          BigDecimal stripped = pick.stripTrailingZeros();
          String digits = stripped.unscaledValue().toString();
          return new Decimal(digits, digits.length() - stripped.scale());
        }
      }
      throw new IllegalStateException("no shortest form for " + v);
    }

    private static boolean readsBackAs(BigDecimal candidate, double v) {
      return candidate.signum() > 0 && Double.parseDouble(candidate.toString()) == v;
    }

    /**
     * Go's fmtE with all digits. strconv pads the exponent to two digits; encoding/json takes the
     * pad off negative exponents (1e-07 becomes 1e-7), hence {@code padNegative}.
     */
    void appendE(StringBuilder sb, boolean padNegative) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int exp = dp - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10 && (exp >= 0 || padNegative)) {
        sb.append('0');
      }
      sb.append(abs);
    }

    /** Go's fmtF with exactly the fraction digits needed. */
    void appendF(StringBuilder sb) {
      int nd = digits.length();
      if (dp > 0) {
        int m = Math.min(nd, dp);
        sb.append(digits, 0, m);
        for (; m < dp; m++) {
          sb.append('0');
        }
      } else {
        sb.append('0');
      }
      int prec = Math.max(nd - dp, 0);
      if (prec > 0) {
        sb.append('.');
        for (int i = 0; i < prec; i++) {
          int j = dp + i;
          sb.append(j >= 0 && j < nd ? digits.charAt(j) : '0');
        }
      }
    }
  }
}
