/**
 * Sorted sets in RDB files (rdb.c): loading, freezing for serialization, and writing; plus their
 * command form for a rewritten AOF (aof.c rewriteSortedSetObject).
 *
 * Loading follows rdbLoadObject: a plain sorted set (RDB_TYPE_ZSET with text scores, RDB_TYPE_ZSET_2
 * with binary ones) is built as a skiplist and becomes a listpack when it has at most
 * zset-max-listpack-entries members, none longer than zset-max-listpack-value; a ziplist or listpack
 * blob stays a listpack (whatever its members' lengths) unless it has more members than the entry
 * limit, then it is a skiplist.
 *
 * Writing follows rdbSaveObject: a listpack-encoded set as RDB_TYPE_ZSET_LISTPACK — members in
 * their listpack form, scores as integers when double2ll can hold them and as d2string text
 * otherwise — and a skiplist as RDB_TYPE_ZSET_2, from the highest score down, scores as binary
 * doubles. Both are RDB 10 types, which Redis 7.0 reads.
 */
import type { EncodingLimits } from "../../engine/encoding-limits.js";
import { formatDouble, formatDouble17g } from "../../engine/float.js";
import { zsetRangeByRank } from "../../types/zset/zset-ranges.js";
import { type ZsetValue, zsetFromPairs, zsetLength } from "../../types/zset/zset-value.js";
import { RDB_TYPE_ZSET_2, RDB_TYPE_ZSET_LISTPACK, RDB_TYPE_ZSET_ZIPLIST } from "./constants.js";
import type { RdbZset } from "./dataset.js";
import { RdbError } from "./errors.js";
import { ListpackWriter } from "./listpack.js";
import type { ByteWriter } from "./writer.js";

export interface FrozenZset {
  readonly kind: "zset";
  /** Listpack-encoded (else skiplist). */
  readonly listpack: boolean;
  /** Ascending by (score, member). */
  readonly members: readonly string[];
  readonly scores: readonly number[];
}

/** The engine value for a decoded sorted set, with Redis's load-time encoding rules. O(N log N). */
export function buildZset(v: RdbZset, limits: EncodingLimits): ZsetValue {
  const n = v.members.length;
  let listpack: boolean;
  if (v.rdbType === RDB_TYPE_ZSET_LISTPACK || v.rdbType === RDB_TYPE_ZSET_ZIPLIST) {
    listpack = n <= limits.zsetMaxListpackEntries;
  } else {
    let maxLen = 0;
    for (const m of v.members) if (m.length > maxLen) maxLen = m.length;
    listpack = n <= limits.zsetMaxListpackEntries && maxLen <= limits.zsetMaxListpackValue;
  }
  const z = zsetFromPairs(v.members, v.scores, listpack);
  if (z === undefined) throw new RdbError("duplicate zset member", "corrupt");
  return z;
}

/** A consistent copy of `z` for serialization. O(N). */
export function freezeZset(z: ZsetValue): FrozenZset {
  const members: string[] = [];
  const scores: number[] = [];
  const len = zsetLength(z);
  if (len > 0) {
    zsetRangeByRank(z, 0, len - 1, false, (m, s) => {
      members.push(m);
      scores.push(s);
    });
  }
  return { kind: "zset", listpack: z.encoding() === "listpack", members, scores };
}

/** rdbSaveObjectType for a sorted set. */
export function zsetRdbType(v: FrozenZset): number {
  return v.listpack ? RDB_TYPE_ZSET_LISTPACK : RDB_TYPE_ZSET_2;
}

/** double2ll's range: integral scores within ±2^62 are stored as listpack integers. */
const TWO_62 = 2 ** 62;

/** rdbSaveObject for a sorted set. */
export function writeZset(w: ByteWriter, v: FrozenZset, compress: boolean): void {
  const { members, scores } = v;
  if (v.listpack) {
    const lp = new ListpackWriter();
    for (let i = 0; i < members.length; i++) {
      lp.addString(members[i]!);
      const s = scores[i]!;
      if (Number.isInteger(s) && s >= -TWO_62 && s <= TWO_62) lp.addInt(s === 0 ? 0 : s);
      // lpAppend of d2string's text: a text that spells an int64 is stored as an integer, like any
      // listpack string (1e20 prints "1e+20" and stays text; 2^62 + 512 prints "4611686018427388000").
      else lp.addString(formatDouble(s));
    }
    w.blob(lp.finish(), compress);
    return;
  }
  w.len(members.length);
  for (let i = members.length - 1; i >= 0; i--) {
    w.string(members[i]!, compress);
    w.f64le(scores[i]!);
  }
}

/**
 * The score-member arguments of the ZADDs that rebuild `z` in a rewritten AOF, lowest score first.
 * Scores print with 17 significant digits ("%.17g"), which read back as the same double. O(N).
 */
export function zsetRewriteItems(z: ZsetValue): string[] {
  const out: string[] = [];
  const len = zsetLength(z);
  if (len > 0) zsetRangeByRank(z, 0, len - 1, false, (m, s) => void out.push(formatDouble17g(s), m));
  return out;
}
