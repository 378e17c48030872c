/**
 * A growable ring buffer: O(1) reads and writes at any index, amortised O(1) pushes and pops at both
 * ends, O(min(i, n − i)) insertion and removal in the middle.
 *
 * Invariants: the capacity (`buf.length`) is a power of two, so an index wraps with one mask; the
 * `length` live slots start at `head`; every other slot holds `undefined`, so popped values are not
 * kept alive. The buffer shrinks to half when it is less than a quarter full, so a list that grew
 * once and then emptied does not pin its peak memory.
 */

const MIN_CAPACITY = 8;

export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private mask: number;
  /** Number of live elements. */
  length = 0;

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<T | undefined>(cap);
    this.mask = cap - 1;
  }

  /** The element at index `i` (0 ≤ i < length; unchecked). O(1). */
  at(i: number): T {
    return this.buf[(this.head + i) & this.mask] as T;
  }

  /** Replaces the element at index `i` (0 ≤ i < length; unchecked). O(1). */
  setAt(i: number, v: T): void {
    this.buf[(this.head + i) & this.mask] = v;
  }

  pushBack(v: T): void {
    if (this.length === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.length) & this.mask] = v;
    this.length++;
  }

  pushFront(v: T): void {
    if (this.length === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = v;
    this.length++;
  }

  /** Removes and returns the first element (length must be > 0). */
  popFront(): T {
    const v = this.buf[this.head] as T;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.length--;
    this.maybeShrink();
    return v;
  }

  /** Removes and returns the last element (length must be > 0). */
  popBack(): T {
    const j = (this.head + this.length - 1) & this.mask;
    const v = this.buf[j] as T;
    this.buf[j] = undefined;
    this.length--;
    this.maybeShrink();
    return v;
  }

  /** Removes the first `n` elements (n ≤ length). O(n). */
  dropFront(n: number): void {
    for (let k = 0; k < n; k++) {
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) & this.mask;
    }
    this.length -= n;
    this.maybeShrink();
  }

  /** Removes the last `n` elements (n ≤ length). O(n). */
  dropBack(n: number): void {
    for (let k = 0; k < n; k++) {
      this.length--;
      this.buf[(this.head + this.length) & this.mask] = undefined;
    }
    this.maybeShrink();
  }

  /** Inserts `v` so that it ends up at index `i` (0 ≤ i ≤ length). Moves the shorter side. */
  insertAt(i: number, v: T): void {
    if (this.length === this.buf.length) this.resize(this.buf.length * 2);
    const m = this.mask;
    if (i < this.length - i) {
      this.head = (this.head - 1) & m;
      for (let k = 0; k < i; k++) this.buf[(this.head + k) & m] = this.buf[(this.head + k + 1) & m];
    } else {
      for (let k = this.length; k > i; k--) this.buf[(this.head + k) & m] = this.buf[(this.head + k - 1) & m];
    }
    this.buf[(this.head + i) & m] = v;
    this.length++;
  }

  /** Removes and returns the element at index `i` (0 ≤ i < length). Moves the shorter side. */
  removeAt(i: number): T {
    const m = this.mask;
    const v = this.buf[(this.head + i) & m] as T;
    if (i < this.length - 1 - i) {
      for (let k = i; k > 0; k--) this.buf[(this.head + k) & m] = this.buf[(this.head + k - 1) & m];
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) & m;
    } else {
      for (let k = i; k < this.length - 1; k++) this.buf[(this.head + k) & m] = this.buf[(this.head + k + 1) & m];
      this.buf[(this.head + this.length - 1) & m] = undefined;
    }
    this.length--;
    this.maybeShrink();
    return v;
  }

  /**
   * Removes the elements at the given indexes (ascending, distinct, in range) in one O(n) pass,
   * keeping the order of the rest.
   */
  removeSorted(indexes: readonly number[]): void {
    if (indexes.length === 0) return;
    const m = this.mask;
    let w = indexes[0]!;
    let next = 0;
    for (let r = w; r < this.length; r++) {
      if (next < indexes.length && indexes[next] === r) {
        next++;
        continue;
      }
      this.buf[(this.head + w) & m] = this.buf[(this.head + r) & m];
      w++;
    }
    for (let k = w; k < this.length; k++) this.buf[(this.head + k) & m] = undefined;
    this.length = w;
    this.maybeShrink();
  }

  /** A copy of the elements from index `from` (inclusive) to `to` (exclusive), in order. */
  slice(from = 0, to = this.length): T[] {
    const out = new Array<T>(Math.max(0, to - from));
    for (let k = from; k < to; k++) out[k - from] = this.at(k);
    return out;
  }

  /** An independent copy with the same elements (shallow: the elements themselves are shared). */
  clone(): Deque<T> {
    const d = new Deque<T>(this.length);
    for (let k = 0; k < this.length; k++) d.buf[k] = this.at(k);
    d.length = this.length;
    return d;
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > MIN_CAPACITY && this.length < cap / 4) this.resize(cap / 2);
  }

  private resize(cap: number): void {
    const next = new Array<T | undefined>(cap);
    for (let k = 0; k < this.length; k++) next[k] = this.buf[(this.head + k) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = cap - 1;
  }
}
