/**
 * ZUNION, ZINTER, ZINTERCARD and ZDIFF over sorted sets and plain sets (t_zset.c
 * zunionInterDiffGenericCommand and its zui* iterator): a set member counts with score 1, a missing
 * key as an empty input. Inputs carry a weight (1 unless WEIGHTS); scores are aggregated by SUM, MIN
 * or MAX in Redis's order of operations, so floating-point results match bit for bit:
 *  - union and inter visit the inputs from the smallest to the largest (a stable sort by size);
 *  - weight × score is 0 when it is NaN (inf × 0); a SUM that becomes NaN (inf + -inf) is 0;
 *  - inter walks the smallest input and looks each member up in the others, in that order;
 *  - diff keeps the first input's members (unweighted) that no other input holds; an input that is
 *    the same key as the first empties the result.
 *
 * Results come back sorted by (score, member), with the longest member's length (what decides the
 * stored encoding).
 */
import { SetValue } from "../set/set-value.js";
import { type ZsetValue, zsetEach, zsetLength, zsetScore } from "./zset-value.js";

export const AGGREGATE_SUM = 1;
export const AGGREGATE_MIN = 2;
export const AGGREGATE_MAX = 3;
export type Aggregate = typeof AGGREGATE_SUM | typeof AGGREGATE_MIN | typeof AGGREGATE_MAX;

export interface AlgebraSource {
  /** undefined for a missing key. */
  value: ZsetValue | SetValue | undefined;
  weight: number;
}

export interface AlgebraResult {
  members: string[];
  scores: number[];
  /** The longest member's byte length. */
  maxLen: number;
}

function sourceLength(src: AlgebraSource): number {
  const v = src.value;
  if (v === undefined) return 0;
  return v instanceof SetValue ? v.size : zsetLength(v);
}

/** zuiNext over one input: members with their scores (1 for a set). */
function eachOf(src: AlgebraSource, fn: (member: string, score: number) => boolean | void): void {
  const v = src.value;
  if (v === undefined) return;
  if (v instanceof SetValue) v.each((m) => fn(m, 1));
  else zsetEach(v, fn);
}

/** zuiFind: the member's score in the input (1 in a set), undefined when absent. */
function findIn(src: AlgebraSource, member: string): number | undefined {
  const v = src.value;
  if (v === undefined) return undefined;
  if (v instanceof SetValue) return v.has(member) ? 1 : undefined;
  return zsetScore(v, member);
}

/** zunionInterAggregate. */
function aggregateInto(target: number, val: number, aggregate: Aggregate): number {
  if (aggregate === AGGREGATE_SUM) {
    const sum = target + val;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (aggregate === AGGREGATE_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/** The inputs by ascending size; equal sizes keep their order (glibc's qsort is a merge sort). */
function bySize(srcs: readonly AlgebraSource[]): AlgebraSource[] {
  return srcs
    .map((s, i) => ({ s, i, n: sourceLength(s) }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((e) => e.s);
}

/** Sorts member/score pairs by (score, member), as inserting them into a skip list would. */
function sortedResult(members: string[], scores: number[]): AlgebraResult {
  const n = members.length;
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa < sb) return -1;
    if (sa > sb) return 1;
    const ma = members[a]!;
    const mb = members[b]!;
    return ma < mb ? -1 : ma > mb ? 1 : 0;
  });
  const out: AlgebraResult = { members: new Array<string>(n), scores: new Array<number>(n), maxLen: 0 };
  for (let k = 0; k < n; k++) {
    const m = members[idx[k]!]!;
    out.members[k] = m;
    out.scores[k] = scores[idx[k]!]!;
    if (m.length > out.maxLen) out.maxLen = m.length;
  }
  return out;
}

/** ZUNION: every member of any input with its aggregated weighted score. O(L + K log K). */
export function zsetUnion(srcs: readonly AlgebraSource[], aggregate: Aggregate): AlgebraResult {
  const acc = new Map<string, number>();
  for (const src of bySize(srcs)) {
    const w = src.weight;
    eachOf(src, (m, s) => {
      let score = w * s;
      if (Number.isNaN(score)) score = 0;
      const cur = acc.get(m);
      acc.set(m, cur === undefined ? score : aggregateInto(cur, score, aggregate));
    });
  }
  return sortedResult(Array.from(acc.keys()), Array.from(acc.values()));
}

/**
 * The intersection walk: calls `fn` for each member of the smallest input present in every input,
 * with its aggregated score, until `fn` returns false.
 */
function eachInCommon(srcs: readonly AlgebraSource[], aggregate: Aggregate, fn: (member: string, score: number) => boolean | void): void {
  const sorted = bySize(srcs);
  const first = sorted[0]!;
  if (sourceLength(first) === 0) return;
  eachOf(first, (m, s) => {
    let score = first.weight * s;
    if (Number.isNaN(score)) score = 0;
    for (let j = 1; j < sorted.length; j++) {
      const src = sorted[j]!;
      let value: number;
      if (src.value === first.value) {
        value = s * src.weight;
      } else {
        const found = findIn(src, m);
        if (found === undefined) return true;
        value = found * src.weight;
      }
      score = aggregateInto(score, value, aggregate);
    }
    return fn(m, score);
  });
}

/** ZINTER: the members every input holds, with their aggregated weighted scores. */
export function zsetInter(srcs: readonly AlgebraSource[], aggregate: Aggregate): AlgebraResult {
  const members: string[] = [];
  const scores: number[] = [];
  eachInCommon(srcs, aggregate, (m, s) => {
    members.push(m);
    scores.push(s);
  });
  return sortedResult(members, scores);
}

/** ZINTERCARD: the intersection's size, stopping at `limit` when it is not 0. */
export function zsetInterCard(srcs: readonly AlgebraSource[], limit: number): number {
  let n = 0;
  eachInCommon(srcs, AGGREGATE_SUM, () => {
    n++;
    return limit === 0 || n < limit;
  });
  return n;
}

/** ZDIFF: the first input's members (with their own scores) that no other input holds. */
export function zsetDiff(srcs: readonly AlgebraSource[]): AlgebraResult {
  const first = srcs[0]!;
  const members: string[] = [];
  const scores: number[] = [];
  if (sourceLength(first) > 0 && !srcs.some((s, j) => j > 0 && s.value === first.value)) {
    eachOf(first, (m, s) => {
      for (let j = 1; j < srcs.length; j++) if (findIn(srcs[j]!, m) !== undefined) return;
      members.push(m);
      scores.push(s);
    });
  }
  return sortedResult(members, scores);
}
