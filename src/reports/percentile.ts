/**
 * Percentiles by the nearest-rank method: the p-th percentile of n values is the value of rank
 * ⌈p/100 · n⌉ in ascending order (the median of 1, 2, 3, 4 is 2). It is always a value that was
 * observed, and reads plainly: "90 % of posts went out within this time". Found by selection
 * (Hoare's quickselect, median-of-three pivot), expected O(n), instead of sorting.
 */

export interface DurationStats {
  count: number;
  /** Milliseconds; null when there is nothing to measure. */
  median: number | null;
  p90: number | null;
}

/** Median and 90th percentile of `values` (milliseconds). `values` is reordered. */
export function durationStats(values: Float64Array): DurationStats {
  const n = values.length;
  if (n === 0) return { count: 0, median: null, p90: null };
  const k90 = rank(90, n);
  const p90 = select(values, k90, 0, n - 1);
  // After selecting k90, everything before it is ≤ it: the median is among them.
  const median = select(values, rank(50, n), 0, k90);
  return { count: n, median, p90 };
}

/** Zero-based index of the nearest-rank p-th percentile among n values. */
export function rank(p: number, n: number): number {
  return Math.max(0, Math.ceil((p / 100) * n) - 1);
}

/** The value that would sit at index k if a[left..right] were sorted; moves values within that range. */
export function select(a: Float64Array, k: number, left: number, right: number): number {
  let lo = left;
  let hi = right;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i] = a[j]!;
        a[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
