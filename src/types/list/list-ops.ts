/**
 * The list operations beyond the ends (t_list.c): ranges, access by index, LSET, LINSERT, LREM,
 * LTRIM and LPOS, each keeping the listpack size / quicklist node model of list-value.ts exact.
 * Indexes follow Redis: negative ones count from the tail; out-of-range ones clamp or miss as each
 * command specifies. Element comparison is byte equality (what lpCompare amounts to, since a listpack
 * stores a string as an integer only when it is that integer's canonical form).
 */
import { type ListValue, deleteRange, listPrepareGrowth } from "./list-value.js";
import { listpackEntrySize } from "./listpack-size.js";

/**
 * addListRangeReply's range: elements `start`…`end` (inclusive, negative from the tail, clamped),
 * reversed when `reverse` (LPOP/RPOP with a count take the tail inwards). O(range).
 */
export function listRange(l: ListValue, start: number, end: number, reverse = false): string[] {
  const len = l.items.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (start > end || start >= len) return [];
  if (end >= len) end = len - 1;
  const out = l.items.slice(start, end + 1);
  return reverse ? out.reverse() : out;
}

/** LINDEX: the element at `index` (negative from the tail), undefined when out of range. O(1). */
export function listIndex(l: ListValue, index: number): string | undefined {
  const len = l.items.length;
  const i = index < 0 ? len + index : index;
  return i >= 0 && i < len ? l.items.at(i) : undefined;
}

/**
 * LSET: replaces the element at `index`. Like Redis, the growth check (which may turn a listpack into
 * a quicklist) runs before the index is validated. Returns false when the index is out of range.
 * The caller tries the shrinking conversion afterwards. O(log nodes).
 */
export function listSet(l: ListValue, index: number, value: string, fill: number): boolean {
  listPrepareGrowth(l, value.length, 1, fill);
  const len = l.items.length;
  const i = index < 0 ? len + index : index;
  if (i < 0 || i >= len) return false;
  const delta = listpackEntrySize(value) - listpackEntrySize(l.items.at(i));
  if (l.ql === undefined) l.lpBytes += delta;
  else l.ql.replace(i, delta);
  l.items.setAt(i, value);
  return true;
}

/**
 * LINSERT: inserts `value` before or after the first element equal to `pivot` (searched from the
 * head). The growth check runs first, even when the pivot is missing, as in Redis. Returns the new
 * length, or -1 when there is no such pivot. O(n).
 */
export function listInsert(l: ListValue, pivot: string, value: string, after: boolean, fill: number): number {
  listPrepareGrowth(l, value.length, 1, fill);
  const len = l.items.length;
  let i = 0;
  while (i < len && l.items.at(i) !== pivot) i++;
  if (i === len) return -1;
  const es = listpackEntrySize(value);
  if (l.ql === undefined) l.lpBytes += es;
  else l.ql.insert(i, after, value.length, es, (j) => listpackEntrySize(l.items.at(j)));
  l.items.insertAt(after ? i + 1 : i, value);
  return l.items.length;
}

/**
 * LREM: removes up to |count| elements equal to `value`, from the head when count ≥ 0, from the tail
 * when negative; count 0 removes all. Returns how many were removed. O(n).
 */
export function listRemove(l: ListValue, count: number, value: string): number {
  const len = l.items.length;
  const limit = count < 0 ? -count : count;
  const hits: number[] = [];
  if (count < 0) {
    for (let i = len - 1; i >= 0 && hits.length !== limit; i--) if (l.items.at(i) === value) hits.push(i);
    hits.reverse();
  } else {
    for (let i = 0; i < len && (limit === 0 || hits.length !== limit); i++) if (l.items.at(i) === value) hits.push(i);
  }
  if (hits.length === 0) return 0;
  const es = listpackEntrySize(value);
  if (l.ql === undefined) l.lpBytes -= es * hits.length;
  else l.ql.deleteIndexes(hits, () => es);
  l.items.removeSorted(hits);
  return hits.length;
}

/**
 * LTRIM: keeps elements `start`…`end` (Redis's clamping; an empty range empties the list). Returns
 * how many elements were removed. O(removed).
 */
export function listTrim(l: ListValue, start: number, end: number): number {
  const len = l.items.length;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  let ltrim: number;
  let rtrim: number;
  if (start > end || start >= len) {
    ltrim = len;
    rtrim = 0;
  } else {
    if (end >= len) end = len - 1;
    ltrim = start;
    rtrim = len - end - 1;
  }
  if (ltrim > 0) deleteRange(l, 0, ltrim);
  if (rtrim > 0) deleteRange(l, l.items.length - rtrim, rtrim);
  return ltrim + rtrim;
}

/**
 * LPOS: the indexes of elements equal to `value`. `rank` (≠ 0) skips to the rank-th match, scanning
 * from the tail when negative; `count` −1 means "the first match only", 0 "all matches", else at most
 * that many; `maxlen` (0 = no limit) caps how many elements are compared. O(n).
 */
export function listPositions(l: ListValue, value: string, rank: number, count: number, maxlen: number): number[] {
  const len = l.items.length;
  const fromTail = rank < 0;
  const r = fromTail ? -rank : rank;
  const out: number[] = [];
  let matches = 0;
  for (let index = 0; index < len && (maxlen === 0 || index < maxlen); index++) {
    const i = fromTail ? len - 1 - index : index;
    if (l.items.at(i) !== value) continue;
    matches++;
    if (matches < r) continue;
    out.push(i);
    if (count === -1 || (count !== 0 && matches - r + 1 >= count)) break;
  }
  return out;
}
