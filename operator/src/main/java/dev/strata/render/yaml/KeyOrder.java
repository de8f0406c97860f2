package dev.strata.render.yaml;

/** Orders mapping keys with go-yaml v2's {@code keyList.Less} for strings (sorter.go). */
final class KeyOrder {

  // It is not lexicographic: at the first differing rune, letters sort after non-letters, two
  // letters compare by code point, and otherwise the digit runs starting there compare by numeric
  // value (so "a9" precedes "a10"), then by run length, then by code point. It is not transitive
  // either ("v10" < "v1beta1" < "v2" < "v10"), and Go sorts keys taken in random map order, so
  // kustomize itself prints such key sets in an order that varies from run to run. For all other
  // sets the order is unique and this reproduces it.

  private KeyOrder() {}

  /**
   * The indexes of {@code keys} in go-yaml's order. A stable merge sort that never throws on an
   * inconsistent order, unlike List.sort.
   */
  static int[] order(String[] keys) {
    int n = keys.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (n < 2) {
      return order;
    }
    int[][] runes = new int[n][];
    for (int i = 0; i < n; i++) {
      runes[i] = keys[i].codePoints().toArray();
    }
    mergeSort(order, new int[n], 0, n, runes);
    return order;
  }

  private static void mergeSort(int[] a, int[] buf, int from, int to, int[][] runes) {
    if (to - from <= 12) {
      // Insertion sort, as Go's sort.Sort does for short runs.
      for (int i = from + 1; i < to; i++) {
        for (int j = i; j > from && less(runes[a[j]], runes[a[j - 1]]); j--) {
          int t = a[j];
          a[j] = a[j - 1];
          a[j - 1] = t;
        }
      }
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, buf, from, mid, runes);
    mergeSort(a, buf, mid, to, runes);
    System.arraycopy(a, from, buf, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < mid && !less(runes[buf[j]], runes[buf[i]]))) {
        a[k] = buf[i++];
      } else {
        a[k] = buf[j++];
      }
    }
  }

  /** go-yaml v2's keyList.Less for two string keys given as code points. */
  static boolean less(int[] ar, int[] br) {
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = GoUnicode.isLetter(ar[i]);
      boolean bl = GoUnicode.isLetter(br[i]);
      if (al && bl) {
        return ar[i] < br[i];
      }
      if (al || bl) {
        return bl;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        // A zero continuing a non-zero digit run counts, so "10" vs "1a" compares 10 with 1.
        for (int j = i - 1; j >= 0 && GoUnicode.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      for (; ai < ar.length && GoUnicode.isDigit(ar[ai]); ai++) {
        // Go's int64 arithmetic: wraps on long runs, and non-ASCII digits add rune - '0'.
        an = an * 10 + (ar[ai] - '0');
      }
      int bi = i;
      for (; bi < br.length && GoUnicode.isDigit(br[bi]); bi++) {
        bn = bn * 10 + (br[bi] - '0');
      }
      if (an != bn) {
        return an < bn;
      }
      if (ai != bi) {
        return ai < bi;
      }
      return ar[i] < br[i];
    }
    return ar.length < br.length;
  }
}
