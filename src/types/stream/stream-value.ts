/**
 * The stream type (t_stream.c): entries ordered by ID in nodes shaped exactly like Redis's listpacks
 * (stream-node.ts), the stream's metadata (last generated ID, recorded first ID, largest deleted ID,
 * entries ever added) and its consumer groups.
 *
 * Costs: XADD appends to the tail node, O(1); a seek is a binary search over node master IDs then
 * within the node, O(log n); XDEL flags a tombstone (no shifting) and drops a node only when its last
 * live entry goes; trimming drops whole head nodes (one splice) and flags tombstones in at most one
 * node, exactly as streamTrim does — so an approximate trim removes what Redis removes.
 *
 * Invariants: nodes ascending by master ID, every entry of a node below the next node's master;
 * `length` is the number of live entries; `firstId` is the first live entry's ID (0-0 when empty);
 * `lastId` ≥ every entry ID. A node may have no live entries only after a MINID trim left tombstones
 * (Redis keeps such a listpack too).
 */
import type { ObjectValue } from "../../engine/value.js";
import { ConsumerGroup, INVALID_ENTRIES_READ } from "./consumer-group.js";
import { StreamNode } from "./stream-node.js";
import { ID_MAX, type StreamId, U64_MAX, idKeyBytes, makeId } from "./stream-id.js";

/** stream-node-max-entries / stream-node-max-bytes (0 = no limit). */
export interface StreamNodeLimits {
  maxEntries: bigint;
  maxBytes: number;
}

/** STREAM_LISTPACK_MAX_SIZE: no listpack grows past 1 GB whatever the configuration says. */
const LISTPACK_MAX_SIZE = 1 << 30;

export class StreamValue implements ObjectValue {
  readonly type = "stream" as const;
  nodes: StreamNode[] = [];
  length = 0;
  lastId: StreamId = 0n;
  firstId: StreamId = 0n;
  maxDeletedId: StreamId = 0n;
  entriesAdded = 0n;
  /** Created on demand (Redis's s->cgroups). */
  groups: Map<string, ConsumerGroup> | undefined = undefined;

  encoding(): string {
    return "stream";
  }

  clone(): StreamValue {
    const s = new StreamValue();
    s.nodes = this.nodes.map((n) => n.clone());
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== undefined) {
      s.groups = new Map();
      for (const [name, g] of this.groups) s.groups.set(name, g.clone());
    }
    return s;
  }
}

// ------------------------------------------------------------------------------------- appending

export type AppendFailure = "EDOM" | "ERANGE";

/**
 * streamAppendItem: the ID the entry gets (`useId` as given, its sequence generated when
 * `!seqGiven`, or a new time-based ID from `now`), or why it cannot be added: "EDOM" for an ID not
 * above the last one, "ERANGE" for fields and values over 1 GB in total. Validates before changing
 * anything. O(fields).
 */
export function streamAppend(
  s: StreamValue,
  fv: string[],
  useId: StreamId | undefined,
  seqGiven: boolean,
  now: number,
  limits: StreamNodeLimits,
): StreamId | AppendFailure {
  const last = s.lastId;
  let id: StreamId;
  if (useId !== undefined) {
    if (seqGiven) id = useId;
    else if (last >> 64n === useId >> 64n) {
      if ((last & U64_MAX) === U64_MAX) return "EDOM";
      id = last + 1n;
    } else id = useId;
  } else {
    const ms = BigInt(now);
    id = ms > last >> 64n ? makeId(ms, 0n) : last === ID_MAX ? 0n : last + 1n;
  }
  if (id <= last) return "EDOM";
  let total = 0;
  for (let i = 0; i < fv.length; i++) total += fv[i]!.length;
  if (total > LISTPACK_MAX_SIZE) return "ERANGE";

  const nodes = s.nodes;
  let tail = nodes[nodes.length - 1];
  if (tail !== undefined) {
    let maxBytes = limits.maxBytes;
    if (maxBytes === 0 || maxBytes > LISTPACK_MAX_SIZE) maxBytes = LISTPACK_MAX_SIZE;
    if (tail.bytes() + total >= maxBytes) tail = undefined;
    else if (limits.maxEntries !== 0n && BigInt(tail.count) >= limits.maxEntries) tail = undefined;
  }
  if (tail === undefined) {
    tail = StreamNode.forEntry(id, fv);
    nodes.push(tail);
  }
  tail.push(id, fv);
  s.length++;
  s.entriesAdded++;
  s.lastId = id;
  if (s.length === 1) s.firstId = id;
  return id;
}

// ---------------------------------------------------------------------------------- seeking

/** Index of the node whose master is the largest ≤ `id` (raxSeek "<="), −1 when none. O(log nodes). */
function nodeAtOrBefore(s: StreamValue, id: StreamId): number {
  const nodes = s.nodes;
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.master <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Visits the live entries with start ≤ ID ≤ end in ascending order (or descending with `rev`) until
 * `visit` returns false. Tombstones are skipped. O(log n + visited).
 */
export function streamScan(
  s: StreamValue,
  start: StreamId,
  end: StreamId,
  rev: boolean,
  visit: (id: StreamId, fv: string[]) => boolean,
): void {
  if (start > end) return;
  const nodes = s.nodes;
  if (!rev) {
    let ni = Math.max(0, nodeAtOrBefore(s, start));
    let i = nodes[ni] === undefined ? 0 : nodes[ni]!.lowerBound(start);
    for (; ni < nodes.length; ni++, i = 0) {
      const n = nodes[ni]!;
      const ids = n.ids;
      for (; i < ids.length; i++) {
        const id = ids[i]!;
        if (id > end) return;
        if (n.isDeleted(i)) continue;
        if (!visit(id, n.fvs[i]!)) return;
      }
    }
    return;
  }
  let ni = nodeAtOrBefore(s, end);
  if (ni < 0) return;
  let i = nodes[ni]!.lowerBound(end);
  if (i < nodes[ni]!.ids.length && nodes[ni]!.ids[i] === end) i++;
  for (; ni >= 0; ni--) {
    const n = nodes[ni]!;
    if (i < 0) i = n.ids.length;
    const ids = n.ids;
    for (i--; i >= 0; i--) {
      const id = ids[i]!;
      if (id < start) return;
      if (n.isDeleted(i)) continue;
      if (!visit(id, n.fvs[i]!)) return;
    }
  }
}

/** The node index and position of the live entry `id`, or undefined. O(log n). */
function locate(s: StreamValue, id: StreamId): [number, number] | undefined {
  const ni = nodeAtOrBefore(s, id);
  if (ni < 0) return undefined;
  const n = s.nodes[ni]!;
  const i = n.lowerBound(id);
  if (i >= n.ids.length || n.ids[i] !== id || n.isDeleted(i)) return undefined;
  return [ni, i];
}

/** The fields and values of the live entry `id`, undefined when there is none. O(log n). */
export function streamEntry(s: StreamValue, id: StreamId): string[] | undefined {
  const at = locate(s, id);
  return at === undefined ? undefined : s.nodes[at[0]]!.fvs[at[1]];
}

/** streamGetEdgeID with tombstones skipped: the first (or last) live ID, undefined when empty. */
export function streamEdgeId(s: StreamValue, last: boolean): StreamId | undefined {
  let found: StreamId | undefined;
  streamScan(s, 0n, ID_MAX, last, (id) => {
    found = id;
    return false;
  });
  return found;
}

/** streamGetEdgeID(first, with tombstones): the first ID stored, deleted or not (XTRIM's rewrite). */
export function streamFirstStoredId(s: StreamValue): StreamId {
  const n = s.nodes[0];
  return n === undefined ? ID_MAX : n.ids[0]!;
}

// ---------------------------------------------------------------------------------- deleting

/**
 * streamDeleteItem: flags the live entry `id` deleted (the node goes when it was its last live
 * entry). Updates length only; the caller fixes firstId / maxDeletedId as XDEL does. O(log n).
 */
export function streamDeleteEntry(s: StreamValue, id: StreamId): boolean {
  const at = locate(s, id);
  if (at === undefined) return false;
  const [ni, i] = at;
  const n = s.nodes[ni]!;
  if (n.live === 1) s.nodes.splice(ni, 1);
  else n.markDeleted(i);
  s.length--;
  return true;
}

/** XDEL's body: deletes each ID, then updates the recorded first ID and the largest deleted ID. */
export function streamDeleteIds(s: StreamValue, ids: readonly StreamId[]): number {
  let deleted = 0;
  let firstDeleted = false;
  for (const id of ids) {
    if (!streamDeleteEntry(s, id)) continue;
    if (id === s.firstId) firstDeleted = true;
    if (id > s.maxDeletedId) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted > 0) {
    if (s.length === 0) s.firstId = 0n;
    else if (firstDeleted) s.firstId = streamEdgeId(s, false)!;
  }
  return deleted;
}

// ---------------------------------------------------------------------------------- trimming

export interface TrimArgs {
  strategy: "maxlen" | "minid";
  maxlen: bigint;
  minid: StreamId;
  approx: boolean;
  /** Most entries to remove; 0 for no limit. */
  limit: bigint;
}

/**
 * streamTrim: removes entries from the head — whole nodes while they fit the strategy and the limit,
 * then (exact trims only) tombstones inside the first remaining node. Returns how many went.
 */
export function streamTrim(s: StreamValue, a: TrimArgs): number {
  const maxlen = a.strategy === "maxlen" ? a.maxlen : 0n;
  let deleted = 0;
  const nodes = s.nodes;
  let drop = 0; // whole head nodes removed so far
  while (drop < nodes.length) {
    if (a.strategy === "maxlen" && BigInt(s.length) <= maxlen) break;
    const n = nodes[drop]!;
    const entries = n.live;
    if (a.limit !== 0n && BigInt(deleted + entries) > a.limit) break;
    const removeNode = a.strategy === "maxlen" ? BigInt(s.length - entries) >= maxlen : n.lastId < a.minid;
    if (removeNode) {
      drop++;
      s.length -= entries;
      deleted += entries;
      continue;
    }
    if (a.approx) break;
    const ids = n.ids;
    for (let i = 0; i < ids.length; i++) {
      const stop = a.strategy === "maxlen" ? BigInt(s.length) <= maxlen : ids[i]! >= a.minid;
      if (stop) break;
      if (n.isDeleted(i)) continue;
      n.markDeleted(i);
      s.length--;
      deleted++;
    }
    break;
  }
  if (drop > 0) nodes.splice(0, drop);
  if (s.length === 0) s.firstId = 0n;
  else if (deleted > 0) s.firstId = streamEdgeId(s, false)!;
  return deleted;
}

// ---------------------------------------------------------------------------------- groups and lag

export function streamGroup(s: StreamValue, name: string): ConsumerGroup | undefined {
  return s.groups?.get(name);
}

/** streamCreateCG: undefined when the name is taken. */
export function streamCreateGroup(s: StreamValue, name: string, lastId: StreamId, entriesRead: bigint): ConsumerGroup | undefined {
  s.groups ??= new Map();
  if (s.groups.has(name)) return undefined;
  const g = new ConsumerGroup(name, lastId, entriesRead);
  s.groups.set(name, g);
  return g;
}

/** The groups in rax order (byte order of their names). */
export function streamSortedGroups(s: StreamValue): ConsumerGroup[] {
  if (s.groups === undefined) return [];
  return [...s.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** streamRangeHasTombstones: may an XDEL tombstone lie in [start, end]? */
export function streamRangeHasTombstones(s: StreamValue, start: StreamId, end: StreamId): boolean {
  if (s.length === 0 || s.maxDeletedId === 0n) return false;
  if (s.firstId > s.maxDeletedId) return false;
  return start <= s.maxDeletedId && s.maxDeletedId <= end;
}

/**
 * streamEstimateDistanceFromFirstEverEntry: the logical read counter of `id` (how many entries were
 * added up to it), or −1 when it cannot be known (tombstones ahead, or an ID inside the stream).
 */
export function streamEstimateDistance(s: StreamValue, id: StreamId): bigint {
  if (s.entriesAdded === 0n) return 0n;
  if (s.length === 0 && id <= s.lastId) return s.entriesAdded;
  if (id === s.lastId) return s.entriesAdded;
  if (id > s.lastId) return INVALID_ENTRIES_READ;
  if (s.maxDeletedId === 0n || s.maxDeletedId < s.firstId) {
    if (id < s.firstId) return s.entriesAdded - BigInt(s.length);
    if (id === s.firstId) return s.entriesAdded - BigInt(s.length) + 1n;
  }
  return INVALID_ENTRIES_READ;
}

/** streamReplyWithCGLag's number: the group's lag, undefined when it cannot be known (nil). */
export function streamGroupLag(s: StreamValue, g: ConsumerGroup): bigint | undefined {
  if (s.entriesAdded === 0n) return 0n;
  if (g.entriesRead !== INVALID_ENTRIES_READ && !streamRangeHasTombstones(s, g.lastId, ID_MAX)) {
    return BigInt.asIntN(64, s.entriesAdded - g.entriesRead);
  }
  const read = streamEstimateDistance(s, g.lastId);
  if (read === INVALID_ENTRIES_READ) return undefined;
  return BigInt.asIntN(64, s.entriesAdded - read);
}

/**
 * A group read past `id` (streamReplyWithRange's bookkeeping): the reads counter follows while it is
 * valid and no tombstone lies ahead, else it is re-estimated; the last delivered ID moves to `id`.
 */
export function streamGroupAdvance(s: StreamValue, g: ConsumerGroup, id: StreamId): void {
  if (g.entriesRead !== INVALID_ENTRIES_READ && !streamRangeHasTombstones(s, id, ID_MAX)) {
    g.entriesRead = BigInt.asIntN(64, g.entriesRead + 1n);
  } else if (s.entriesAdded !== 0n) {
    g.entriesRead = streamEstimateDistance(s, id);
  }
  g.lastId = id;
}

// ---------------------------------------------------------------------------------- XINFO figures

/** raxSize(s->rax): the number of nodes (listpacks). */
export function streamNodeCount(s: StreamValue): number {
  return s.nodes.length;
}

/**
 * s->rax->numnodes: the nodes of the radix tree over the 16-byte big-endian master IDs. Rax keeps
 * a canonical compressed trie (insertion splits, deletion re-compresses): one node for the head,
 * one per branching prefix, one per child of a branching prefix, one per key. For sorted keys the
 * branching prefixes are the longest common prefixes of neighbours. O(nodes).
 */
export function streamRaxNodes(s: StreamValue): number {
  const keys = s.nodes.map((n) => idKeyBytes(n.master));
  const set = new Set<string>([""]);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    set.add(k);
    if (i === 0) continue;
    const p = keys[i - 1]!;
    let l = 0;
    while (l < 16 && p.charCodeAt(l) === k.charCodeAt(l)) l++;
    set.add(k.slice(0, l));
    set.add(p.slice(0, l + 1));
    set.add(k.slice(0, l + 1));
  }
  return set.size;
}
