/**
 * SORT … BY … LIMIT's partial sort (Redis's pqsort.c): Bentley & McIlroy's quicksort ("Engineering a
 * Sort Function", with the three-way partition that gathers keys equal to the pivot at both ends),
 * which only descends into partitions overlapping the requested range of positions.
 *
 * It is unstable, and with ALPHA + BY two elements can compare equal (equal or missing weights: the
 * comparator has no tie-break then), so Redis's reply order for such ties is this algorithm's order.
 * To answer byte for byte as Redis does, the steps below are the same steps, in the same order, with
 * the same comparisons: the pivot choice (middle element; median of three for n > 7; Tukey's ninther
 * for n > 40), insertion sort below 7 elements, the partition loop, the block swaps that move the
 * equal keys to the middle, then recursion on the left part and iteration on the right part, each
 * skipped when the range lies wholly on one side of it.
 *
 * Positions are array indexes; Redis's pointer arithmetic over 16-byte elements reduces to them.
 */

export type Comparator<T> = (a: T, b: T) => number;

/**
 * Sorts `v` enough that positions `lo`…`hi` (inclusive) hold what a full sort would put there, in
 * pqsort's order. Average O(n + k log k) for k = hi − lo + 1.
 */
export function partialQuicksort<T>(v: T[], cmp: Comparator<T>, lo: number, hi: number): void {
  run(v, 0, v.length, cmp, lo, hi);
}

function swap<T>(v: T[], i: number, j: number): void {
  const t = v[i]!;
  v[i] = v[j]!;
  v[j] = t;
}

/** Swaps the `n` elements starting at `i` with the `n` starting at `j`, pairwise in order. */
function swapBlocks<T>(v: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(v, i + k, j + k);
}

function medianOfThree<T>(v: T[], a: number, b: number, c: number, cmp: Comparator<T>): number {
  return cmp(v[a]!, v[b]!) < 0
    ? cmp(v[b]!, v[c]!) < 0
      ? b
      : cmp(v[a]!, v[c]!) < 0
        ? c
        : a
    : cmp(v[b]!, v[c]!) > 0
      ? b
      : cmp(v[a]!, v[c]!) < 0
        ? a
        : c;
}

/** True when positions `lo`…`hi` fall wholly before or wholly after the part `first`…`last`. */
function outside(lo: number, hi: number, first: number, last: number): boolean {
  return (lo < first && hi < first) || (lo > last && hi > last);
}

/** Sorts the `n` elements from `base`. */
function run<T>(v: T[], base: number, n: number, cmp: Comparator<T>, lo: number, hi: number): void {
  for (;;) {
    if (n < 7) {
      for (let m = base + 1; m < base + n; m++) {
        for (let l = m; l > base && cmp(v[l - 1]!, v[l]!) > 0; l--) swap(v, l, l - 1);
      }
      return;
    }
    let pm = base + Math.floor(n / 2);
    if (n > 7) {
      let pl = base;
      let pn = base + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = medianOfThree(v, pl, pl + d, pl + 2 * d, cmp);
        pm = medianOfThree(v, pm - d, pm, pm + d, cmp);
        pn = medianOfThree(v, pn - 2 * d, pn - d, pn, cmp);
      }
      pm = medianOfThree(v, pl, pm, pn, cmp);
    }
    swap(v, base, pm);
    // [base] is the pivot; [base+1, pa) and (pd, end] collect keys equal to it.
    let pa = base + 1;
    let pb = pa;
    let pc = base + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(v[pb]!, v[base]!)) <= 0) {
        if (r === 0) {
          swap(v, pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(v[pc]!, v[base]!)) >= 0) {
        if (r === 0) {
          swap(v, pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(v, pb, pc);
      pb++;
      pc--;
    }
    const end = base + n;
    let r = Math.min(pa - base, pb - pa);
    swapBlocks(v, base, pb - r, r);
    r = Math.min(pd - pc, end - pd - 1);
    swapBlocks(v, pb, end - r, r);
    r = pb - pa;
    if (r > 1 && !outside(lo, hi, base, base + r - 1)) run(v, base, r, cmp, lo, hi);
    r = pd - pc;
    if (r <= 1) return;
    base = end - r;
    n = r;
    if (outside(lo, hi, base, base + r - 1)) return;
  }
}
