/**
 * Set algebra as t_set.c computes it (sinterGenericCommand, sunionDiffGenericCommand). The point is
 * not only the members but their ORDER and the result's ENCODING, both of which Redis users see:
 *
 *  - Intersections iterate the smallest set (a stable sort by cardinality) and probe the others; the
 *    reply follows that set's iteration order. SINTERSTORE's result starts as an intset when that set
 *    is one, else as a listpack, grows like any set, and becomes an intset at the end when every member
 *    is an integer and it fits one.
 *  - Unions and differences are built into a set that starts as an empty intset and converts as
 *    members arrive (intset → listpack → hashtable); the reply iterates that set. SDIFF picks between
 *    "probe the others for each member of the first set" and "copy the first set, then remove the
 *    others" by Redis's work estimate, which decides how large the intermediate set grows and so,
 *    sometimes, the result's encoding.
 *
 * Missing keys are `undefined` (empty sets); the same key given twice is the same SetValue object.
 */
import { isSetInteger, type SetLimits, SetValue } from "./set-value.js";

/** The sets by increasing cardinality (qsortCompareSetsByCardinality; ties keep argument order). */
function bySize(sets: readonly SetValue[]): SetValue[] {
  return sets.slice().sort((a, b) => a.size - b.size);
}

/**
 * Visits the members of the intersection of `sets` (all present, at least one) in the smallest
 * set's iteration order, until `fn` returns false. O(N × M), N the smallest size, M the set count.
 */
function eachInCommon(sets: readonly SetValue[], fn: (member: string) => boolean | void): void {
  const ordered = bySize(sets);
  const first = ordered[0]!;
  const n = ordered.length;
  first.each((m) => {
    for (let j = 1; j < n; j++) {
      const other = ordered[j]!;
      if (other !== first && !other.has(m)) return true;
    }
    return fn(m);
  });
}

/** SINTER / SMEMBERS: the common members, in reply order. */
export function setInterMembers(sets: readonly SetValue[]): string[] {
  if (sets.length === 1) return sets[0]!.members();
  const out: string[] = [];
  eachInCommon(sets, (m) => {
    out.push(m);
  });
  return out;
}

/** SINTERCARD: the intersection's size, counting stopped at `limit` (0 = no limit). */
export function setInterCard(sets: readonly SetValue[], limit: number): number {
  let n = 0;
  eachInCommon(sets, () => {
    n++;
    return limit === 0 || n < limit;
  });
  return n;
}

/** SINTERSTORE's result set (possibly empty: the caller then deletes the destination). */
export function setInterStore(sets: readonly SetValue[], limits: SetLimits): SetValue {
  const first = bySize(sets)[0]!;
  const dst = first.encoding() === "intset" ? SetValue.emptyIntset() : SetValue.emptyListpack();
  let onlyIntegers = true;
  eachInCommon(sets, (m) => {
    if (onlyIntegers && !isSetInteger(m)) onlyIntegers = false;
    dst.add(m, limits);
  });
  if (dst.size > 0 && onlyIntegers) dst.maybeConvertToIntset(limits);
  return dst;
}

/** SUNION / SUNIONSTORE: the union, built from an empty intset. O(total size). */
export function setUnion(sets: readonly (SetValue | undefined)[], limits: SetLimits): SetValue {
  const dst = SetValue.emptyIntset();
  for (const set of sets) {
    set?.each((m) => {
      dst.add(m, limits);
    });
  }
  return dst;
}

/**
 * SDIFF / SDIFFSTORE: the first set minus the others, built from an empty intset. Empty when the first
 * set is missing or appears again among the others.
 */
export function setDiff(sets: readonly (SetValue | undefined)[], limits: SetLimits): SetValue {
  const dst = SetValue.emptyIntset();
  const first = sets[0];
  if (first === undefined) return dst;
  for (let j = 1; j < sets.length; j++) if (sets[j] === first) return dst;

  // Redis's work estimate: algorithm 1 costs |first| per set, halved for its better constants;
  // algorithm 2 costs the total size of all sets.
  let algoOne = 0;
  let algoTwo = 0;
  for (const set of sets) {
    if (set === undefined) continue;
    algoOne += first.size;
    algoTwo += set.size;
  }
  algoOne = Math.floor(algoOne / 2);

  if (algoOne <= algoTwo) {
    first.each((m) => {
      for (let j = 1; j < sets.length; j++) if (sets[j]?.has(m) === true) return;
      dst.add(m, limits);
    });
    return dst;
  }
  for (let j = 0; j < sets.length; j++) {
    const set = sets[j];
    if (set === undefined) continue;
    if (j === 0) {
      set.each((m) => {
        dst.add(m, limits);
      });
    } else {
      set.each((m) => {
        dst.remove(m);
        return dst.size > 0;
      });
    }
    if (dst.size === 0) break;
  }
  return dst;
}
