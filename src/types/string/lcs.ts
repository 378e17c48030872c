/**
 * Longest common subsequence of two binary strings (t_string.c lcsCommand), by the classic dynamic
 * programming table. The traceback follows Redis's exactly (ties go to the second string, ranges are
 * reported from the end of the strings backwards), so the LCS string and the IDX ranges are the ones
 * Redis returns, not merely one valid answer among several.
 *
 * Memory: (|a|+1)·(|b|+1) cells. Redis budgets 4 bytes a cell against proto-max-bulk-len
 * (`lcsTableBytes`); the table here uses the narrowest typed array that holds min(|a|,|b|), which
 * never needs more than that.
 */

export interface LcsMatch {
  /** Inclusive byte range in the first string. */
  readonly a: readonly [number, number];
  /** Inclusive byte range in the second string. */
  readonly b: readonly [number, number];
  readonly len: number;
}

export interface LcsResult {
  /** The LCS length. */
  readonly len: number;
  /** The LCS itself (empty when not requested). */
  readonly lcs: string;
  /** Matched ranges, last first, filtered by the minimum match length. */
  readonly matches: readonly LcsMatch[];
}

/** The transient memory Redis would allocate for the table (uint32 cells). */
export function lcsTableBytes(alen: number, blen: number): number {
  return (alen + 1) * (blen + 1) * 4;
}

type Table = Uint8Array | Uint16Array | Uint32Array;

/** Fills the table; T[i·(blen+1)+j] is the LCS length of a[0..i) and b[0..j). O(|a|·|b|). */
function buildTable(a: string, b: string): Table {
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  const max = Math.min(alen, blen);
  const t: Table = max < 256 ? new Uint8Array(cells) : max < 65536 ? new Uint16Array(cells) : new Uint32Array(cells);
  const w = blen + 1;
  // Row 0 and column 0 stay zero (typed arrays start zeroed).
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) {
        t[row + j] = t[prev + j - 1]! + 1;
      } else {
        const up = t[prev + j]!;
        const left = t[row + j - 1]!;
        t[row + j] = up > left ? up : left;
      }
    }
  }
  return t;
}

/** The LCS length alone, keeping two rows of the table. O(|a|·|b|) time, O(|b|) memory. */
function lcsLength(a: string, b: string): number {
  const blen = b.length;
  let prev = new Uint32Array(blen + 1);
  let cur = new Uint32Array(blen + 1);
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) {
        cur[j] = prev[j - 1]! + 1;
      } else {
        const up = prev[j]!;
        const left = cur[j - 1]!;
        cur[j] = up > left ? up : left;
      }
    }
    [prev, cur] = [cur, prev];
  }
  return prev[blen]!;
}

/**
 * Computes the LCS. `wantTrace` asks for the string and the ranges (IDX, or the plain form);
 * without it only the length is computed. Throws RangeError when the table cannot be allocated.
 */
export function longestCommonSubsequence(a: string, b: string, wantTrace: boolean, minMatchLen: number): LcsResult {
  if (!wantTrace) return { len: lcsLength(a, b), lcs: "", matches: [] };
  const alen = a.length;
  const blen = b.length;
  const t = buildTable(a, b);
  const w = blen + 1;
  const len = t[alen * w + blen]!;

  const out = new Array<number>(len);
  const matches: LcsMatch[] = [];
  let idx = len;
  // alen marks "no range open", as in Redis.
  let aStart = alen;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    const c = a.charCodeAt(i - 1);
    if (c === b.charCodeAt(j - 1)) {
      out[idx - 1] = c;
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      // A match at the first byte of either string ends the walk: report the range now.
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      if (t[(i - 1) * w + j]! > t[i * w + j - 1]!) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (minMatchLen === 0 || matchLen >= minMatchLen) {
        matches.push({ a: [aStart, aEnd], b: [bStart, bEnd], len: matchLen });
      }
      aStart = alen;
    }
  }
  let lcs = "";
  for (let k = 0; k < len; k += 4096) lcs += String.fromCharCode(...out.slice(k, k + 4096));
  return { len, lcs, matches };
}
