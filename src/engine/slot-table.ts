/**
 * Stable positions for SCAN-style cursors over a keyed collection (the keyspace, hash fields, set
 * members). Each item gets a slot for its whole life; the cursor is a slot index.
 *
 * Redis's guarantee holds: an item present for the whole iteration is returned, because items never
 * move. Holes left by removals are reused by new items (which a running scan may or may not see, as
 * in Redis), and only trailing holes are trimmed, which cannot hide an item behind a cursor.
 * add/remove are O(1); scan is O(count) amortized.
 */
export class SlotTable {
  private slots: (string | undefined)[] = [];
  private holes: number[] = [];
  private live = 0;

  get size(): number {
    return this.live;
  }

  /** Places `item` and returns its slot. */
  add(item: string): number {
    this.live++;
    let slot = this.holes.pop();
    while (slot !== undefined && slot >= this.slots.length) slot = this.holes.pop();
    if (slot === undefined) return this.slots.push(item) - 1;
    this.slots[slot] = item;
    return slot;
  }

  /** Frees `slot`. */
  remove(slot: number): void {
    this.live--;
    if (this.live === 0) {
      this.slots = [];
      this.holes = [];
      return;
    }
    if (slot === this.slots.length - 1) {
      this.slots.pop();
      while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
    } else {
      this.slots[slot] = undefined;
      this.holes.push(slot);
    }
  }

  clear(): void {
    this.slots = [];
    this.holes = [];
    this.live = 0;
  }

  /**
   * One scan step from `cursor`: pushes up to about `count` items (filtered by `accept`, when given) to
   * `out`, visiting at most 10 × count slots, and returns the next cursor (0 when the table is done).
   */
  scan(cursor: number, count: number, out: string[], accept?: (item: string) => boolean): number {
    const n = this.slots.length;
    const want = Math.max(1, count);
    const maxVisit = want * 10;
    let i = cursor;
    let found = 0;
    let visited = 0;
    for (; i < n && found < want && visited < maxVisit; i++, visited++) {
      const k = this.slots[i];
      if (k === undefined) continue;
      if (accept === undefined || accept(k)) out.push(k);
      found++;
    }
    return i >= n ? 0 : i;
  }

  /** A uniformly random item, or undefined when empty. `rand` returns [0, 1). */
  random(rand: () => number): string | undefined {
    const n = this.slots.length;
    if (this.live === 0) return undefined;
    for (let tries = 0; tries < 64; tries++) {
      const k = this.slots[Math.floor(rand() * n)];
      if (k !== undefined) return k;
    }
    // Very sparse: pick the k-th live item.
    let skip = Math.floor(rand() * this.live);
    for (const k of this.slots) if (k !== undefined && skip-- === 0) return k;
    return undefined;
  }
}
