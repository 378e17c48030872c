/**
 * The hash type (Redis's t_hash.c type API): the value object and the functions commands use, which
 * hide whether a hash is in its compact form (listpack / listpackex, compact.ts) or its indexed form
 * (hashtable, table.ts).
 *
 * Conversions happen exactly where Redis 7.2/7.4 convert, and only one way (compact → indexed):
 *  - before a write, when the request carries more new pairs than hash-max-listpack-entries or any
 *    argument longer than hash-max-listpack-value (hashTryConversion = hashTypeTryConversion);
 *  - on a single set, when the field or value is too long (HINCRBY*), or when the hash has grown past
 *    hash-max-listpack-entries (hashSet = hashTypeSet).
 * A compact hash becomes listpackex the first time a field-TTL command (HEXPIRE …) addresses it.
 *
 * Field TTLs are absolute Unix ms. This layer never reads the clock: callers pass `now` to
 * hashExpireFields, and everything else sees expired fields as present until they are reclaimed (the
 * command layer reclaims them before it reads a hash).
 */
import type { ObjectValue } from "../../engine/value.js";
import { CompactHash } from "./compact.js";
import { HashTable } from "./table.js";

/** The thresholds that decide the representation (from encodingLimits(engine)). */
export interface HashLimits {
  readonly hashMaxListpackEntries: number;
  readonly hashMaxListpackValue: number;
}

export class HashValue implements ObjectValue {
  readonly type = "hash" as const;
  constructor(
    /** The representation; replaced (never mutated into another kind) by a conversion. */
    public rep: CompactHash | HashTable = new CompactHash(),
  ) {}

  encoding(): string {
    const rep = this.rep;
    if (rep instanceof HashTable) return "hashtable";
    return rep.ttls === undefined ? "listpack" : "listpackex";
  }

  /** A deep copy in the same representation, TTLs included (hashTypeDup). O(n). */
  clone(): HashValue {
    const rep = this.rep;
    if (rep instanceof CompactHash) return new HashValue(new CompactHash(rep.pairs.slice(), rep.ttls?.slice()));
    const t = new HashTable();
    for (const [field, slot] of rep.index) t.set(field, rep.vals[slot]!, true);
    if (rep.ttl !== undefined) for (const [field, at] of rep.ttl) t.setTtl(field, at);
    return new HashValue(t);
  }

  /** The earliest field expiry (0 for none): lets the keyspace index hashes for active expiry. */
  nextMemberExpiry(): number {
    return this.rep.nextExpiry();
  }
}

/** A new, empty hash in the compact form. */
export function hashCreate(): HashValue {
  return new HashValue();
}

/** Number of fields (expired-but-unreclaimed ones included). O(1). */
export function hashLength(h: HashValue): number {
  return h.rep.size;
}

/** The field's value. O(1) indexed, O(n) compact. */
export function hashGet(h: HashValue, field: string): string | undefined {
  return h.rep.get(field);
}

export function hashExists(h: HashValue, field: string): boolean {
  return h.rep.get(field) !== undefined;
}

/** Moves a compact hash to the indexed form, keeping every field, value and TTL. O(n). */
function toTable(h: HashValue): HashTable {
  const rep = h.rep;
  if (rep instanceof HashTable) return rep;
  const t = new HashTable();
  const p = rep.pairs;
  const ttls = rep.ttls;
  for (let i = 0; i < p.length; i += 2) {
    t.set(p[i]!, p[i + 1]!, true);
    const at = ttls === undefined ? 0 : ttls[i >> 1]!;
    if (at !== 0) t.setTtl(p[i]!, at);
  }
  h.rep = t;
  return t;
}

/**
 * hashTypeTryConversion: before a write of argv[start..end] (field, value, field, value …), converts a
 * compact hash when the pairs outnumber hash-max-listpack-entries (7.2 counts pairs, duplicates
 * included) or any argument is longer than hash-max-listpack-value. O(end - start).
 */
export function hashTryConversion(h: HashValue, argv: readonly string[], start: number, end: number, limits: HashLimits): void {
  if (h.rep instanceof HashTable) return;
  if ((end - start + 1) >> 1 > limits.hashMaxListpackEntries) {
    toTable(h);
    return;
  }
  const max = limits.hashMaxListpackValue;
  for (let i = start; i <= end; i++) {
    if (argv[i]!.length > max) {
      toTable(h);
      return;
    }
  }
}

/**
 * hashTypeSet: sets `field` to `value`; true when the field is new. An existing field loses its TTL
 * unless `keepTtl` (HINCRBY/HINCRBYFLOAT keep it). O(1) indexed, O(n) compact.
 */
export function hashSet(h: HashValue, field: string, value: string, limits: HashLimits, keepTtl = false): boolean {
  const rep = h.rep;
  if (rep instanceof HashTable) return rep.set(field, value, keepTtl);
  const max = limits.hashMaxListpackValue;
  if (field.length > max || value.length > max) return toTable(h).set(field, value, keepTtl);
  const created = rep.set(field, value, keepTtl);
  if (rep.size > limits.hashMaxListpackEntries) toTable(h);
  return created;
}

/** Deletes `field`; true when it existed. The caller deletes the key when the hash is left empty. */
export function hashDelete(h: HashValue, field: string): boolean {
  return h.rep.delete(field);
}

/** Every field, in the representation's order (listpack order for compact hashes). O(n). */
export function hashFields(h: HashValue): string[] {
  return h.rep.fields();
}

export function hashValues(h: HashValue): string[] {
  return h.rep.values();
}

/** [field, value, field, value …] in the representation's order. O(n). */
export function hashPairs(h: HashValue): string[] {
  return h.rep.pairList();
}

/**
 * One HSCAN step. A compact hash is returned whole (cursor ignored, next cursor 0), as Redis does for
 * listpacks; an indexed hash is walked by slot from `cursor` (see SlotTable.scan) and the next cursor
 * returned. Pushes field (and value when `withValues`) for each field accepted by `match`.
 */
export function hashScan(
  h: HashValue,
  cursor: number,
  count: number,
  match: ((field: string) => boolean) | undefined,
  withValues: boolean,
  out: string[],
): number {
  const rep = h.rep;
  if (rep instanceof CompactHash) {
    const p = rep.pairs;
    for (let i = 0; i < p.length; i += 2) {
      if (match !== undefined && !match(p[i]!)) continue;
      out.push(p[i]!);
      if (withValues) out.push(p[i + 1]!);
    }
    return 0;
  }
  const fields: string[] = [];
  const next = rep.scan(cursor, count, fields, match);
  for (const f of fields) {
    out.push(f);
    if (withValues) out.push(rep.get(f)!);
  }
  return next;
}

// ---------------------------------------------------------------- field TTLs (Redis 7.4)

/** A compact hash becomes listpackex (hashTypeSetExInit); an indexed hash is unchanged. */
export function hashEnableFieldTtls(h: HashValue): void {
  const rep = h.rep;
  if (rep instanceof CompactHash) rep.enableTtls();
}

/** undefined when the field is missing, 0 when it has no TTL, else its absolute expiry (ms). */
export function hashFieldTtl(h: HashValue, field: string): number | undefined {
  const rep = h.rep;
  if (rep instanceof CompactHash) return rep.fieldTtl(field);
  return rep.get(field) === undefined ? undefined : rep.ttlOf(field);
}

/** Gives an existing field the absolute expiry `at` (> 0). O(log n) indexed, O(n) compact. */
export function hashSetFieldTtl(h: HashValue, field: string, at: number): void {
  h.rep.setTtl(field, at);
}

/** Removes a field's TTL; true when it had one. */
export function hashPersistField(h: HashValue, field: string): boolean {
  return h.rep.persist(field);
}

/** Number of fields with a TTL. */
export function hashFieldTtlCount(h: HashValue): number {
  return h.rep.ttlCount;
}

/** The earliest field expiry, 0 when no field has a TTL. */
export function hashNextFieldExpiry(h: HashValue): number {
  return h.rep.nextExpiry();
}

/**
 * Deletes up to `limit` fields whose TTL is before `now` (also at `now` when `inclusive`: Redis's active
 * cycle takes those, reads leave them), earliest first, pushing their names to `out`. Returns the
 * number deleted; the caller propagates, notifies and deletes an emptied key.
 */
export function hashExpireFields(h: HashValue, now: number, inclusive: boolean, limit: number, out: string[]): number {
  return h.rep.expireDue(now, inclusive, limit, out);
}
