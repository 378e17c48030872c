/**
 * A binary min-heap of (time, name) pairs: the order in which TTLs fall due. An indexed hash keeps one
 * for its field TTLs (Redis 7.4's per-hash ebuckets), and each database one for the keys whose members
 * carry TTLs (member-expiry.ts, Redis's db->hexpires).
 *
 * Deletion is lazy: the owner keeps the authoritative name → time map, and an entry is live only
 * while that map still says `name → time`. Persisting, overwriting or deleting leaves a stale entry
 * behind that is skipped when it reaches the top; the owner rebuilds the heap when stale entries
 * outnumber live ones, so the heap stays O(live) in size. push/pop are O(log n).
 */
export class TtlHeap {
  private at: number[] = [];
  private field: string[] = [];

  get length(): number {
    return this.at.length;
  }

  /** The earliest time in the heap (live or stale), Infinity when empty. O(1). */
  topAt(): number {
    return this.at.length === 0 ? Infinity : this.at[0]!;
  }

  /** The field of the top entry; only valid when the heap is not empty. */
  topField(): string {
    return this.field[0]!;
  }

  push(at: number, field: string): void {
    const a = this.at;
    const f = this.field;
    let i = a.length;
    a.push(at);
    f.push(field);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= at) break;
      a[i] = a[parent]!;
      f[i] = f[parent]!;
      i = parent;
    }
    a[i] = at;
    f[i] = field;
  }

  /** Removes the top entry. */
  pop(): void {
    const a = this.at;
    const f = this.field;
    const lastAt = a.pop()!;
    const lastField = f.pop()!;
    const n = a.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && a[child + 1]! < a[child]!) child++;
      if (a[child]! >= lastAt) break;
      a[i] = a[child]!;
      f[i] = f[child]!;
      i = child;
    }
    a[i] = lastAt;
    f[i] = lastField;
  }

  /** Replaces the contents with exactly the live entries of `ttl` (field → expireAt). O(n log n). */
  rebuild(ttl: ReadonlyMap<string, number>): void {
    this.at = [];
    this.field = [];
    for (const [field, at] of ttl) this.push(at, field);
  }

  clear(): void {
    this.at = [];
    this.field = [];
  }
}
