/**
 * The indexed form of a hash (Redis's OBJ_ENCODING_HT, reported as `hashtable`).
 *
 * Fields map to slots of a SlotTable (src/engine/slot-table.ts): a slot is a field's stable position
 * for its whole life, which is what HSCAN cursors walk (a field present for the whole iteration is
 * returned) and what uniform random picks sample. Values live in `vals` by slot, so a lookup is one
 * Map get plus an array read and updating a value allocates nothing.
 *
 * Field TTLs (Redis 7.4) exist only once a field has been given one: `ttl` maps field → absolute Unix
 * ms, and `heap` orders them by time with lazy deletion (ttl-heap.ts).
 *
 * Invariants:
 *  - index.size === slots.size; for each field f, slots holds f at index.get(f) and vals holds its value
 *    there; every other slot of vals is undefined.
 *  - ttl only names live fields, with times > 0; each live ttl entry has a heap entry with the same time.
 */
import { SlotTable } from "../../engine/slot-table.js";
import { TtlHeap } from "../../engine/ttl-heap.js";

export class HashTable {
  readonly index = new Map<string, number>();
  readonly slots = new SlotTable();
  vals: (string | undefined)[] = [];
  ttl: Map<string, number> | undefined = undefined;
  heap: TtlHeap | undefined = undefined;

  get size(): number {
    return this.index.size;
  }

  /** O(1). */
  get(field: string): string | undefined {
    const slot = this.index.get(field);
    return slot === undefined ? undefined : this.vals[slot];
  }

  /**
   * Sets `field` to `value`; true when the field is new. An existing field loses its TTL unless
   * `keepTtl` (HSET drops it, HINCRBY* keep it, as in 7.4's hashTypeSet). O(1).
   */
  set(field: string, value: string, keepTtl: boolean): boolean {
    const slot = this.index.get(field);
    if (slot !== undefined) {
      this.vals[slot] = value;
      if (!keepTtl && this.ttl !== undefined && this.ttl.delete(field)) this.compactHeap();
      return false;
    }
    const s = this.slots.add(field);
    this.index.set(field, s);
    this.vals[s] = value;
    return true;
  }

  /** Deletes `field`; true when it existed. O(1). */
  delete(field: string): boolean {
    const slot = this.index.get(field);
    if (slot === undefined) return false;
    this.index.delete(field);
    this.slots.remove(slot);
    if (this.index.size === 0) this.vals = [];
    else this.vals[slot] = undefined;
    if (this.ttl !== undefined && this.ttl.delete(field)) this.compactHeap();
    return true;
  }

  /** Fields in index order (insertion order; Redis leaves a hashtable's order unspecified). O(n). */
  fields(): string[] {
    return [...this.index.keys()];
  }

  /** [field, value, field, value …]. O(n). */
  pairList(): string[] {
    const out: string[] = new Array<string>(this.index.size * 2);
    let i = 0;
    for (const [field, slot] of this.index) {
      out[i++] = field;
      out[i++] = this.vals[slot]!;
    }
    return out;
  }

  values(): string[] {
    const out: string[] = new Array<string>(this.index.size);
    let i = 0;
    for (const slot of this.index.values()) out[i++] = this.vals[slot]!;
    return out;
  }

  /** One HSCAN step over slots (see SlotTable.scan); pushes fields that pass `accept`. */
  scan(cursor: number, count: number, out: string[], accept?: (field: string) => boolean): number {
    return this.slots.scan(cursor, count, out, accept);
  }

  /** A uniformly random field (the hash must not be empty). O(1) expected. */
  randomField(rand: () => number): string {
    return this.slots.random(rand)!;
  }

  // ---------------------------------------------------------------- field TTLs

  /** The field's absolute expiry in ms, 0 when it has none. */
  ttlOf(field: string): number {
    return this.ttl?.get(field) ?? 0;
  }

  get ttlCount(): number {
    return this.ttl === undefined ? 0 : this.ttl.size;
  }

  /** Gives an existing field the absolute expiry `at` (> 0). O(log n). */
  setTtl(field: string, at: number): void {
    this.ttl ??= new Map();
    this.heap ??= new TtlHeap();
    const old = this.ttl.get(field);
    if (old === at) return;
    this.ttl.set(field, at);
    this.heap.push(at, field);
    if (old !== undefined) this.compactHeap();
  }

  /** Removes the field's TTL; true when it had one. */
  persist(field: string): boolean {
    if (this.ttl === undefined || !this.ttl.delete(field)) return false;
    this.compactHeap();
    return true;
  }

  /** The earliest field expiry, 0 when no field has a TTL. Amortized O(log n) (drops stale tops). */
  nextExpiry(): number {
    const heap = this.heap;
    const ttl = this.ttl;
    if (heap === undefined || ttl === undefined || ttl.size === 0) return 0;
    for (;;) {
      const at = heap.topAt();
      if (at === Infinity) return 0;
      if (ttl.get(heap.topField()) === at) return at;
      heap.pop();
    }
  }

  /**
   * Deletes up to `limit` fields whose expiry is before `now` (or at `now` when `inclusive`), earliest
   * first, pushing their names to `out`. Returns how many were deleted. O(k log n).
   */
  expireDue(now: number, inclusive: boolean, limit: number, out: string[]): number {
    let n = 0;
    while (n < limit) {
      const at = this.nextExpiry();
      if (at === 0 || at > now || (at === now && !inclusive)) break;
      const field = this.heap!.topField();
      this.heap!.pop();
      this.ttl!.delete(field);
      this.delete(field);
      out.push(field);
      n++;
    }
    return n;
  }

  /** Keeps stale heap entries from outnumbering live ones. */
  private compactHeap(): void {
    const heap = this.heap;
    const ttl = this.ttl;
    if (heap === undefined || ttl === undefined) return;
    if (ttl.size === 0) heap.clear();
    else if (heap.length > 2 * ttl.size + 32) heap.rebuild(ttl);
  }
}
