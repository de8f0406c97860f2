package dev.strata.source;

import java.util.Locale;

/** Formats byte counts the way people read them: 806 B, 1.2 KiB, 3.4 MiB. */
public final class Bytes {

  private Bytes() {}

  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
