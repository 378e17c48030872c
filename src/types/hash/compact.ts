/**
 * The compact form of a hash: Redis's listpack (reported as `listpack`) and, once a field-TTL command
 * has touched the hash, 7.4's listpackex (reported as `listpackex`).
 *
 * One flat array [field0, value0, field1, value1, …] in exactly the order Redis's listpack keeps, so
 * HGETALL, HKEYS, HVALS and HSCAN of a small hash answer in Redis's order: new fields are appended,
 * an updated value stays in place, a deleted pair closes the gap. Lookups are linear scans, as in
 * Redis; the form is only used below hash-max-listpack-entries (512 by default).
 *
 * listpackex adds one TTL per pair (`ttls`, 0 = none) and keeps Redis 7.4's ordering: fields with a
 * TTL first, ascending by time, and a field given a TTL is moved in front of the first field whose TTL
 * is not smaller (or that has none); fields without TTL follow in insertion order, and a field losing
 * its TTL (HPERSIST, HSET) moves to the end. So the fields due first are always a prefix.
 *
 * Invariants: pairs.length is even; fields are distinct; ttls (when present) has pairs.length / 2
 * entries, its non-zero entries form a non-decreasing prefix and the rest are 0.
 */
export class CompactHash {
  constructor(
    public pairs: string[] = [],
    /** listpackex only: the TTL of each pair (absolute Unix ms), 0 for none. */
    public ttls: number[] | undefined = undefined,
  ) {}

  get size(): number {
    return this.pairs.length >> 1;
  }

  /** Index in `pairs` of `field` (even), or -1. O(n). */
  find(field: string): number {
    const p = this.pairs;
    for (let i = 0; i < p.length; i += 2) if (p[i] === field) return i;
    return -1;
  }

  get(field: string): string | undefined {
    const i = this.find(field);
    return i < 0 ? undefined : this.pairs[i + 1];
  }

  /**
   * Sets `field`; true when it is new (appended). An existing field keeps its place, unless it had a
   * TTL and `keepTtl` is false: then it loses the TTL and moves to the end (listpackExUpdateExpiry).
   */
  set(field: string, value: string, keepTtl: boolean): boolean {
    const i = this.find(field);
    if (i >= 0) {
      this.pairs[i + 1] = value;
      const ttls = this.ttls;
      if (!keepTtl && ttls !== undefined && ttls[i >> 1] !== 0) this.moveToEnd(i);
      return false;
    }
    this.pairs.push(field, value);
    this.ttls?.push(0);
    return true;
  }

  delete(field: string): boolean {
    const i = this.find(field);
    if (i < 0) return false;
    this.pairs.splice(i, 2);
    this.ttls?.splice(i >> 1, 1);
    return true;
  }

  fields(): string[] {
    const p = this.pairs;
    const out: string[] = new Array<string>(p.length >> 1);
    for (let i = 0; i < p.length; i += 2) out[i >> 1] = p[i]!;
    return out;
  }

  values(): string[] {
    const p = this.pairs;
    const out: string[] = new Array<string>(p.length >> 1);
    for (let i = 1; i < p.length; i += 2) out[i >> 1] = p[i]!;
    return out;
  }

  /** A copy of the flat pairs. */
  pairList(): string[] {
    return this.pairs.slice();
  }

  // ---------------------------------------------------------------- field TTLs (listpackex)

  /** Turns a plain listpack into a listpackex (every field without TTL), as HEXPIRE* does. */
  enableTtls(): void {
    this.ttls ??= new Array<number>(this.size).fill(0);
  }

  /** undefined when the field is missing, 0 when it has no TTL, else its absolute expiry. */
  fieldTtl(field: string): number | undefined {
    const i = this.find(field);
    if (i < 0) return undefined;
    return this.ttls === undefined ? 0 : this.ttls[i >> 1]!;
  }

  /** Gives an existing field the expiry `at` (> 0), moving it to its place in TTL order. O(n). */
  setTtl(field: string, at: number): void {
    this.enableTtls();
    const i = this.find(field);
    if (i < 0) return;
    const value = this.pairs[i + 1]!;
    this.pairs.splice(i, 2);
    const ttls = this.ttls!;
    ttls.splice(i >> 1, 1);
    let q = 0;
    while (q < ttls.length && ttls[q] !== 0 && ttls[q]! < at) q++;
    this.pairs.splice(2 * q, 0, field, value);
    ttls.splice(q, 0, at);
  }

  /** Removes the field's TTL (moving it to the end); true when it had one. */
  persist(field: string): boolean {
    const i = this.find(field);
    if (i < 0 || this.ttls === undefined || this.ttls[i >> 1] === 0) return false;
    this.moveToEnd(i);
    return true;
  }

  get ttlCount(): number {
    const ttls = this.ttls;
    if (ttls === undefined) return 0;
    let n = 0;
    while (n < ttls.length && ttls[n] !== 0) n++;
    return n;
  }

  /** The earliest field expiry, 0 when none. O(1): the TTL-ordered prefix starts with it. */
  nextExpiry(): number {
    return this.ttls === undefined || this.ttls.length === 0 ? 0 : this.ttls[0]!;
  }

  /**
   * Deletes up to `limit` fields due before `now` (or at `now` when `inclusive`), pushing their
   * names to `out`; they are a prefix. Returns how many were deleted. O(n).
   */
  expireDue(now: number, inclusive: boolean, limit: number, out: string[]): number {
    const ttls = this.ttls;
    if (ttls === undefined) return 0;
    let k = 0;
    while (k < ttls.length && k < limit) {
      const at = ttls[k]!;
      if (at === 0 || at > now || (at === now && !inclusive)) break;
      out.push(this.pairs[2 * k]!);
      k++;
    }
    if (k > 0) {
      this.pairs.splice(0, 2 * k);
      ttls.splice(0, k);
    }
    return k;
  }

  /** Drops the TTL of the pair at `i` and moves it behind every other field. */
  private moveToEnd(i: number): void {
    const field = this.pairs[i]!;
    const value = this.pairs[i + 1]!;
    this.pairs.splice(i, 2);
    this.pairs.push(field, value);
    const ttls = this.ttls!;
    ttls.splice(i >> 1, 1);
    ttls.push(0);
  }
}
