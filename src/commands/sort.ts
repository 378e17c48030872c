/**
 * SORT and SORT_RO (Redis 7.2 sort.c sortCommandGeneric), with every option: BY (a weight pattern,
 * `nosort` or any pattern without `*`), GET (repeatable, `#`, `key*->field`), LIMIT, ASC/DESC, ALPHA
 * and, for SORT only, STORE.
 *
 * Redis's steps are kept in its order, because each one is observable:
 *  1. options are parsed left to right (the first bad one answers; LIMIT's numbers as getLong);
 *  2. the key is read (lookupKeyRead: stats, keymiss) and must be a list, set or sorted set;
 *  3. a set with nothing to sort is sorted ALPHA anyway when storing (so the stored order does not
 *     depend on the set's iteration order);
 *  4. LIMIT is clamped to the collection; with nothing to sort, a list (or sorted set) loads only the
 *     requested range, in its own order, reversed by DESC;
 *  5. weights are loaded (one pattern lookup per element, a missing weight scores 0 / sorts first)
 *     and the vector is sorted: libc's qsort (glibc's stable merge sort: any stable sort gives the same
 *     order) or, for BY with a LIMIT that selects less than everything, pqsort (sort-partial-qsort.ts);
 *  6. a weight that is not a double answers an error after all that (nothing is stored);
 *  7. GET patterns are looked up per output element; STORE writes a list, or deletes the destination
 *     when the result is empty.
 *
 * Comparisons are Redis's: numeric by score, ties broken by the elements' bytes (so equal scores
 * order deterministically); ALPHA by bytes when storing (compareStringObjects), by strcoll otherwise,
 * which in the C locale the server runs in is strcmp: bytes up to the first NUL. With ALPHA and BY,
 * equal weights do not fall back to the element, so their order is the sorting algorithm's.
 *
 * Patterns are C strings where Redis reads them as such (strchr/strstr stop at a NUL byte), while the
 * parts it copies by length keep every byte (lookupKeyByPattern).
 *
 * Not modelled: cluster mode and ACL key permissions (their BY/GET refusals cannot arise here), and a
 * script caller (CLIENT_SCRIPT), for which Redis also forces the ALPHA sort of step 3: the scripting
 * layer does not exist yet; when it does, `isScriptCaller` below is where a script session joins in.
 *
 * Key positions for COMMAND GETKEYS and WATCH (the STORE destination) come from key-specs.ts's
 * sortGetKeys (db.c), which also carries the key flags (the source RO, the destination OW).
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { encodingLimits } from "../engine/encoding-limits.js";
import { NOT_INTEGER, SORT_SCORE_NOT_DOUBLE, SYNTAX, WRONGTYPE } from "../engine/errors.js";
import { parseInt64 } from "../engine/int64.js";
import { lookupRead } from "../engine/lookup.js";
import { NOTIFY_GENERIC, NOTIFY_LIST } from "../engine/notify.js";
import type { Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import type { ObjectValue } from "../engine/value.js";
import { HashValue, hashGet } from "../types/hash/hash-value.js";
import { listRange } from "../types/list/list-ops.js";
import { ListValue, listFromArray, listLength } from "../types/list/list-value.js";
import { SetValue } from "../types/set/set-value.js";
import { zsetRangeByRank } from "../types/zset/zset-ranges.js";
import { ZsetValue, zsetConvertToSkiplist, zsetLength } from "../types/zset/zset-value.js";
import { reclaimExpiredFields } from "./hash-lookup.js";
import { partialQuicksort } from "./sort-partial-qsort.js";
import { sortScore } from "./sort-score.js";

// ---------------------------------------------------------------- patterns (lookupKeyByPattern)

/** A BY/GET pattern, split once per command rather than once per element. */
type Pattern =
  | { kind: "self" } // "#": the element itself
  | { kind: "none" } // no '*': looks nothing up, yields nothing
  | { kind: "key"; prefix: string; postfix: string; field: string | undefined };

const SELF: Pattern = { kind: "self" };
const NONE: Pattern = { kind: "none" };

/** The C-string view of an argument: what strchr/strcasecmp see (up to the first NUL byte). */
function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

function compilePattern(p: string): Pattern {
  const cEnd = cString(p).length;
  if (cEnd === 1 && p.charCodeAt(0) === 35 /* # */) return SELF;
  const star = p.indexOf("*");
  if (star < 0 || star >= cEnd) return NONE;
  // A hash dereference needs "->" after the '*' followed by at least one byte before any NUL.
  const arrow = p.indexOf("->", star + 1);
  const hashed = arrow >= 0 && arrow + 2 < cEnd;
  return {
    kind: "key",
    prefix: p.slice(0, star),
    postfix: p.slice(star + 1, hashed ? arrow : p.length),
    field: hashed ? p.slice(arrow + 2) : undefined,
  };
}

/**
 * The string a pattern yields for element `subst`, or null: a missing key, a key of the wrong type
 * (a string for plain patterns, a hash for `->field`), or a missing field. Each key lookup is a read
 * (hit/miss stats, keymiss, lazy expiry; expired hash fields are reclaimed first).
 */
function lookupByPattern(s: Session, pattern: Pattern, subst: string): string | null {
  if (pattern.kind === "self") return subst;
  if (pattern.kind === "none") return null;
  const key = pattern.prefix + subst + pattern.postfix;
  const e = lookupRead(s, key);
  if (e === undefined) return null;
  const v = e.value;
  if (pattern.field === undefined) return typeof v === "string" ? v : null;
  if (!(v instanceof HashValue)) return null;
  const h = reclaimExpiredFields(s, key, v);
  return h === undefined ? null : (hashGet(h, pattern.field) ?? null);
}

// ---------------------------------------------------------------- options

interface SortRequest {
  desc: boolean;
  alpha: boolean;
  /** LIMIT as given (0, -1 when absent); int64 arguments beyond 2^53 lose nothing that matters once clamped. */
  limitStart: number;
  limitCount: number;
  storeKey: string | undefined;
  sortBy: Pattern | undefined;
  /** BY a pattern without '*': nothing to sort. Sticky, as in Redis, even if a later BY has a '*'. */
  dontSort: boolean;
  gets: Pattern[];
}

function limitArg(arg: string): number {
  const n = parseInt64(arg);
  if (n === undefined) throw NOT_INTEGER;
  return Number(n);
}

function parseSortArgs(argv: readonly string[], readonly: boolean): SortRequest {
  const r: SortRequest = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    storeKey: undefined,
    sortBy: undefined,
    dontSort: false,
    gets: [],
  };
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = cString(argv[j]!).toLowerCase();
    if (opt === "asc") r.desc = false;
    else if (opt === "desc") r.desc = true;
    else if (opt === "alpha") r.alpha = true;
    else if (opt === "limit" && left >= 2) {
      r.limitStart = limitArg(argv[j + 1]!);
      r.limitCount = limitArg(argv[j + 2]!);
      j += 2;
    } else if (!readonly && opt === "store" && left >= 1) {
      r.storeKey = argv[++j]!;
    } else if (opt === "by" && left >= 1) {
      const p = argv[++j]!;
      r.sortBy = compilePattern(p);
      if (r.sortBy === NONE || r.sortBy === SELF) r.dontSort = true;
    } else if (opt === "get" && left >= 1) {
      r.gets.push(compilePattern(argv[++j]!));
    } else {
      throw SYNTAX;
    }
  }
  return r;
}

// ---------------------------------------------------------------- the vector

/** redisSortObject: the element and what it sorts by (a score, or a comparison string for ALPHA). */
interface SortItem {
  readonly obj: string;
  score: number;
  /** ALPHA: the bytes compared (null: a missing BY weight, which sorts first). */
  key: string | null;
}

/** What SORT reads from the collection it sorts. */
interface SortSource {
  /** The vector's length before any LIMIT shortcut. */
  readonly length: number;
  /**
   * Lists and sorted sets keep their own order: with nothing to sort, SORT loads only the LIMIT range,
   * in that order, from the far end for DESC. Sets do not: they load everything, DESC ignored.
   */
  readonly ordered: boolean;
  /** Positions `start`…`end` (0-based, inclusive, in range) in the collection's order, reversed for DESC. */
  range(start: number, end: number, desc: boolean): string[];
  /** Every element, in iteration order (sets: intset ascending, listpack insertion order). */
  all(): string[];
}

/** A missing key is sorted as an empty list (createQuicklistObject). */
const EMPTY_SOURCE: SortSource = { length: 0, ordered: true, range: () => [], all: () => [] };

/**
 * The one place that knows the collection types. Sorted sets: length = member count; ordered; range =
 * members by rank from the head, or from the tail for DESC (zslGetElementByRank, O(log N + range));
 * all = every member. Redis also converts a listpack-encoded sorted set to a skiplist before sorting
 * (zsetConvert), which OBJECT ENCODING shows afterwards, even after SORT_RO.
 */
function sortSource(v: ObjectValue | undefined): SortSource {
  if (v === undefined) return EMPTY_SOURCE;
  if (v instanceof ListValue) {
    const len = listLength(v);
    return {
      length: len,
      ordered: true,
      // listTypeInitIterator at start (towards the tail), or at len-start-1 towards the head for DESC.
      range: (start, end, desc) =>
        desc ? listRange(v, len - 1 - end, len - 1 - start, true) : listRange(v, start, end),
      all: () => listRange(v, 0, -1),
    };
  }
  if (v instanceof SetValue) {
    return { length: v.size, ordered: false, range: () => [], all: () => v.members() };
  }
  if (v instanceof ZsetValue) {
    // Sorted sets: converted to a skiplist first, as Redis does (zsetConvert), even for SORT_RO.
    zsetConvertToSkiplist(v);
    const members = (start: number, end: number, desc: boolean): string[] => {
      const out: string[] = [];
      zsetRangeByRank(v, start, end, desc, (m) => void out.push(m));
      return out;
    };
    const len = zsetLength(v);
    return { length: len, ordered: true, range: members, all: () => (len === 0 ? [] : members(0, len - 1, false)) };
  }
  throw new Error(`SORT of a ${v.type} is not implemented`);
}

// ---------------------------------------------------------------- comparison (sortCompare)

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function numericCompare(a: SortItem, b: SortItem): number {
  if (a.score > b.score) return 1;
  if (a.score < b.score) return -1;
  return compareBytes(a.obj, b.obj);
}

function alphaCompare(a: SortItem, b: SortItem): number {
  const ka = a.key;
  const kb = b.key;
  if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? -1 : 1;
  return compareBytes(ka, kb);
}

function comparator(alpha: boolean, desc: boolean): (a: SortItem, b: SortItem) => number {
  const base = alpha ? alphaCompare : numericCompare;
  return desc ? (a, b) => -base(a, b) : base;
}

// ---------------------------------------------------------------- the command

const SORTABLE: ReadonlySet<string> = new Set(["list", "set", "zset"]);

function sortGeneric(s: Session, argv: readonly string[], readonly: boolean): Reply {
  const r = parseSortArgs(argv, readonly);
  const v = lookupRead(s, argv[1]!)?.value;
  if (typeof v === "string" || (v !== undefined && !SORTABLE.has(v.type))) throw WRONGTYPE;
  const sortval: ObjectValue | undefined = v;

  let { dontSort, alpha, sortBy } = r;
  const { desc, storeKey, gets } = r;
  if (dontSort && sortval?.type === "set" && (storeKey !== undefined || isScriptCaller(s))) {
    dontSort = false;
    alpha = true;
    sortBy = undefined;
  }

  const source = sortSource(sortval);
  const vectorLen = source.length;
  let start = Math.min(Math.max(r.limitStart, 0), vectorLen);
  const count = Math.min(Math.max(r.limitCount, -1), vectorLen);
  let end = count < 0 ? vectorLen - 1 : start + count - 1;
  if (start >= vectorLen) {
    start = vectorLen - 1;
    end = vectorLen - 2;
  }
  if (end >= vectorLen) end = vectorLen - 1;

  // Load the elements.
  let objs: string[];
  if (source.ordered && dontSort) {
    objs = end >= start ? source.range(start, end, desc) : [];
    if (end >= start) {
      end -= start;
      start = 0;
    }
  } else {
    objs = source.all();
  }
  const vector: SortItem[] = new Array<SortItem>(objs.length);
  for (let j = 0; j < objs.length; j++) vector[j] = { obj: objs[j]!, score: 0, key: null };

  if (!dontSort) {
    // With STORE the comparison is compareStringObjects (every byte); without, strcoll (C locale:
    // up to the first NUL).
    const keyOf = storeKey !== undefined ? (x: string) => x : cString;
    let conversionError = false;
    for (const item of vector) {
      let byval: string | null;
      if (sortBy !== undefined) {
        byval = lookupByPattern(s, sortBy, item.obj);
        if (byval === null) continue;
      } else {
        byval = item.obj;
      }
      if (alpha) {
        item.key = keyOf(byval);
      } else {
        const score = sortScore(byval);
        if (score === undefined) conversionError = true;
        else item.score = score;
      }
    }
    // Redis sorts anyway and then answers the error; the order is never seen, so skip the work.
    if (conversionError) throw SORT_SCORE_NOT_DOUBLE;
    if (alpha && sortBy === undefined) for (const item of vector) item.key = keyOf(item.obj);
    const cmp = comparator(alpha, desc);
    if (sortBy !== undefined && (start !== 0 || end !== vector.length - 1)) {
      partialQuicksort(vector, cmp, start, end);
    } else {
      vector.sort(cmp);
    }
  }

  const outputLen = (gets.length > 0 ? gets.length : 1) * (end - start + 1);
  if (storeKey === undefined) {
    const out: Reply[] = new Array<Reply>(outputLen);
    let o = 0;
    for (let j = start; j <= end; j++) {
      const obj = vector[j]!.obj;
      if (gets.length === 0) out[o++] = obj;
      for (const g of gets) out[o++] = lookupByPattern(s, g, obj);
    }
    return out;
  }

  const values: string[] = new Array<string>(outputLen);
  let o = 0;
  for (let j = start; j <= end; j++) {
    const obj = vector[j]!.obj;
    if (gets.length === 0) values[o++] = obj;
    for (const g of gets) values[o++] = lookupByPattern(s, g, obj) ?? "";
  }
  const db = s.db;
  if (outputLen > 0) {
    // Redis builds a quicklist and converts it to a listpack when it fits (7.2 listTypeTryConversion).
    db.set(storeKey, listFromArray(values, encodingLimits(s.engine).listMaxListpackSize));
    s.engine.notify(NOTIFY_LIST, "sortstore", storeKey, db.id);
    s.engine.touch(outputLen);
  } else if (db.delete(storeKey)) {
    // dbDelete: even a key that is logically expired but not reclaimed yet counts as deleted.
    s.engine.notify(NOTIFY_GENERIC, "del", storeKey, db.id);
    s.engine.touch(1);
  }
  return outputLen;
}

/**
 * CLIENT_SCRIPT: a set sorted BY a constant is sorted ALPHA anyway for a script, as when storing,
 * "so the result is consistent across scripting and replication". Scripts do not exist yet.
 */
function isScriptCaller(_s: Session): boolean {
  return false;
}

const sort: Handler = (s, argv) => sortGeneric(s, argv, false);
const sortRo: Handler = (s, argv) => sortGeneric(s, argv, true);

export const COMMANDS: CommandDef[] = [
  { name: "sort", handler: sort },
  { name: "sort_ro", handler: sortRo },
];
