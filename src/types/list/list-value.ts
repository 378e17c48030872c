/**
 * The list value (t_list.c's list type API, Redis 7.2): the elements in a ring buffer (O(1) pushes and
 * pops at both ends, O(1) access by index), plus the bookkeeping that makes OBJECT ENCODING answer as
 * Redis does:
 *  - `listpack` while the list would fit one listpack node: `lpBytes` is that listpack's exact size;
 *  - `quicklist` beyond: `ql` models Redis's node boundaries (quicklist-shape.ts).
 * Conversions happen at Redis's points and by its rules: before growing (listTypeTryConversionAppend:
 * current lpBytes plus the raw lengths of the values about to be added, against
 * list-max-listpack-size), and after shrinking (listTypeTryConversion SHRINKING: a single node at most
 * half the limit). Commands pass the configured fill in; a quicklist keeps the fill it was created
 * with, as Redis's does.
 *
 * Invariants: `items.length` is the list's length; while listpack-encoded `lpBytes` is 7 plus the
 * entry sizes of all items; while quicklist-encoded the node counts add up to the length and each
 * node's bytes are 7 plus its items' entry sizes. The keyspace never holds an empty list (the command
 * that empties one deletes the key).
 */
import type { ObjectValue } from "../../engine/value.js";
import { Deque } from "./deque.js";
import { LISTPACK_EMPTY_BYTES, listpackEntrySize, listpackIsInt } from "./listpack-size.js";
import { QuicklistShape, exceedsNodeLimit, nodeLimits } from "./quicklist-shape.js";

/** Which end of a list: LIST_HEAD (left) or LIST_TAIL (right). */
export type ListEnd = "head" | "tail";

export class ListValue implements ObjectValue {
  readonly type = "list" as const;
  /** The elements, head first. */
  items = new Deque<string>();
  /** The quicklist's node model; undefined while the list is a single listpack. */
  ql: QuicklistShape | undefined = undefined;
  /** lpBytes of the listpack (meaningful while `ql` is undefined). */
  lpBytes = LISTPACK_EMPTY_BYTES;

  encoding(): string {
    return this.ql === undefined ? "listpack" : "quicklist";
  }

  /** listTypeDup: same elements, same encoding and node shape. O(n). */
  clone(): ListValue {
    const c = new ListValue();
    c.items = this.items.clone();
    c.ql = this.ql?.clone();
    c.lpBytes = this.lpBytes;
    return c;
  }
}

/** A new, empty list (createListListpackObject): the caller adds it to the keyspace and fills it. */
export function listCreate(): ListValue {
  return new ListValue();
}

export function listLength(l: ListValue): number {
  return l.items.length;
}

/**
 * listTypeTryConversionAppend: before adding `addCount` values whose raw lengths sum to `addBytes`,
 * a listpack that would exceed the limit becomes a quicklist holding it as its only node.
 */
export function listPrepareGrowth(l: ListValue, addBytes: number, addCount: number, fill: number): void {
  if (l.ql !== undefined) return;
  if (exceedsNodeLimit(fill, l.lpBytes + addBytes, l.items.length + addCount)) {
    l.ql = QuicklistShape.fromListpack(fill, l.items.length, l.lpBytes);
  }
}

/**
 * listTypeTryConversion: a quicklist of one node within the limit (half the limit when `shrinking`,
 * Redis's hysteresis) becomes that node's listpack again. Commands call this after removing elements.
 */
export function listTryShrink(l: ListValue, fill: number, shrinking = true): void {
  const ql = l.ql;
  if (ql === undefined || ql.nodes.length !== 1) return;
  let { bytes, count } = nodeLimits(fill);
  if (shrinking) {
    bytes = Math.floor(bytes / 2);
    count = Math.floor(count / 2);
  }
  const node = ql.nodes.at(0);
  if (node.bytes > bytes || l.items.length > count) return;
  l.lpBytes = node.bytes;
  l.ql = undefined;
}

/** listTypePush of one value, with no conversion check (callers check first). O(1). */
function pushOne(l: ListValue, value: string, where: ListEnd): void {
  const es = listpackEntrySize(value);
  if (l.ql === undefined) l.lpBytes += es;
  else if (where === "head") l.ql.pushHead(value.length, es);
  else l.ql.pushTail(value.length, es);
  if (where === "head") l.items.pushFront(value);
  else l.items.pushBack(value);
}

/**
 * LPUSH/RPUSH's body: one conversion check for the whole batch, then each of `values[from…]` pushed
 * in order. Returns the new length. O(number pushed).
 */
export function listPush(l: ListValue, values: readonly string[], from: number, where: ListEnd, fill: number): number {
  let bytes = 0;
  for (let j = from; j < values.length; j++) bytes += values[j]!.length;
  listPrepareGrowth(l, bytes, values.length - from, fill);
  for (let j = from; j < values.length; j++) pushOne(l, values[j]!, where);
  return l.items.length;
}

/**
 * LMOVE's push side (lmoveHandlePush) of a value just popped from `source`: Redis counts its bytes in
 * the conversion check only when it is a string object, and a value popped from a quicklist that was
 * stored as an integer comes back as an integer object, which counts 0 bytes.
 */
export function listPushMoved(l: ListValue, value: string, where: ListEnd, fill: number, fromQuicklist: boolean): void {
  listPrepareGrowth(l, fromQuicklist && listpackIsInt(value) ? 0 : value.length, 1, fill);
  pushOne(l, value, where);
}

/** listTypePop: removes and returns the element at one end (undefined when empty). O(1). */
export function listPop(l: ListValue, where: ListEnd): string | undefined {
  if (l.items.length === 0) return undefined;
  const v = where === "head" ? l.items.popFront() : l.items.popBack();
  const es = listpackEntrySize(v);
  if (l.ql === undefined) l.lpBytes -= es;
  else if (where === "head") l.ql.popHead(es);
  else l.ql.popTail(es);
  return v;
}

/**
 * Removes `count` elements from one end (listTypeDelRange at 0 or −count); count ≤ length.
 * O(count).
 */
export function listDropEnd(l: ListValue, where: ListEnd, count: number): void {
  if (count <= 0) return;
  const len = l.items.length;
  const start = where === "head" ? 0 : len - count;
  deleteRange(l, start, count);
}

/** Deletes `count` elements from index `start` (both in range), keeping sizes and nodes right. */
export function deleteRange(l: ListValue, start: number, count: number): void {
  const sizeOf = (i: number) => listpackEntrySize(l.items.at(i));
  if (l.ql === undefined) {
    for (let i = start; i < start + count; i++) l.lpBytes -= sizeOf(i);
  } else {
    l.ql.deleteRange(start, count, sizeOf);
  }
  if (start === 0) l.items.dropFront(count);
  else if (start + count === l.items.length) l.items.dropBack(count);
  else l.items.removeSorted(Array.from({ length: count }, (_, k) => start + k));
}

/**
 * What DEBUG OBJECT reports of a quicklist (ql_nodes, ql_uncompressed_size, ql_listpack_max); a
 * listpack-encoded list is reported as one node.
 */
export function listNodeShape(l: ListValue): { nodes: number; bytes: number; maxNodeBytes: number; counts: number[] } {
  if (l.ql === undefined) {
    return { nodes: 1, bytes: l.lpBytes, maxNodeBytes: l.lpBytes, counts: [l.items.length] };
  }
  let bytes = 0;
  let max = 0;
  const counts: number[] = [];
  for (let k = 0; k < l.ql.nodes.length; k++) {
    const n = l.ql.nodes.at(k);
    bytes += n.bytes;
    max = Math.max(max, n.bytes);
    counts.push(n.count);
  }
  return { nodes: l.ql.nodes.length, bytes, maxNodeBytes: max, counts };
}

/**
 * A list built from `values` as SORT … STORE and RDB loading build one: a quicklist filled from the
 * tail with `nodeFill`, then turned into a listpack if it fits the configured `fill`
 * (listTypeTryConversion, LIST_CONV_AUTO). O(n).
 */
export function listFromArray(values: readonly string[], fill: number, nodeFill = fill): ListValue {
  const l = new ListValue();
  l.ql = QuicklistShape.fromListpack(nodeFill, 0, 0);
  for (const v of values) pushOne(l, v, "tail");
  listTryShrink(l, fill, false);
  return l;
}
