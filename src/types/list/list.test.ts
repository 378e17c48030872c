/**
 * The list value against a naive model (DESIGN.md §7 tier 1): seeded random operations — pushes and
 * pops at both ends, ranges, LSET, LINSERT, LREM, LTRIM, moves between two lists, clones — on both
 * sides of every encoding threshold (size classes -1 … -5 and entry counts), with an invariant check
 * after each step: the same elements, the same encoding, and Redis's quicklist node boundaries and
 * listpack byte sizes, which the model derives the slow, obvious way (arrays of arrays, sizes summed
 * from scratch, quicklist.c's rules written out again). Seed: env SEED (test/support/seeded.ts); a
 * failure prints the seed and the last operations.
 */
import { describe, expect, it } from "vitest";
import { type Rng, seededRng } from "../../../test/support/seeded.js";
import { Deque } from "./deque.js";
import { listIndex, listInsert, listPositions, listRange, listRemove, listSet, listTrim } from "./list-ops.js";
import {
  type ListEnd,
  ListValue,
  listDropEnd,
  listFromArray,
  listLength,
  listNodeShape,
  listPop,
  listPush,
  listPushMoved,
  listTryShrink,
} from "./list-value.js";
import { listpackEntrySize } from "./listpack-size.js";

// ---------------------------------------------------------------- the model

/** listpack entry size, written from the spec without the production shortcuts. */
function entrySize(s: string): number {
  let enc: number;
  const isInt = /^(0|-?[1-9][0-9]*)$/.test(s) && s.length < 21 && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n;
  if (isInt) {
    const v = BigInt(s);
    if (v >= 0n && v <= 127n) enc = 1;
    else if (v >= -4096n && v <= 4095n) enc = 2;
    else if (v >= -32768n && v <= 32767n) enc = 3;
    else if (v >= -8388608n && v <= 8388607n) enc = 4;
    else if (v >= -(2n ** 31n) && v < 2n ** 31n) enc = 5;
    else enc = 9;
  } else {
    enc = s.length < 64 ? 1 + s.length : s.length < 4096 ? 2 + s.length : 5 + s.length;
  }
  const back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
  return enc + back;
}

const lpBytes = (xs: readonly string[]) => 7 + xs.reduce((a, x) => a + entrySize(x), 0);

function exceeds(fill: number, bytes: number, count: number): boolean {
  if (fill < 0) return bytes > [4096, 8192, 16384, 32768, 65536][Math.min(-fill - 1, 4)]!;
  return bytes > 8192 || count > (fill === 0 ? 1 : fill);
}

class Model {
  /** Listpack elements, or undefined when a quicklist. */
  lp: string[] | undefined = [];
  nodes: string[][] = [];
  qlFill = -2;

  all(): string[] {
    return this.lp ?? this.nodes.flat();
  }
  get length(): number {
    return this.all().length;
  }

  growCheck(addBytes: number, addCount: number, fill: number): void {
    if (this.lp !== undefined && exceeds(fill, lpBytes(this.lp) + addBytes, this.lp.length + addCount)) {
      this.qlFill = Math.max(-5, Math.min(32767, fill));
      this.nodes = this.lp.length > 0 ? [this.lp] : [];
      this.lp = undefined;
    }
  }

  shrink(fill: number, half = true): void {
    if (this.lp !== undefined || this.nodes.length !== 1) return;
    let bytes = fill < 0 ? [4096, 8192, 16384, 32768, 65536][Math.min(-fill - 1, 4)]! : Infinity;
    let count = fill < 0 ? Infinity : fill === 0 ? 1 : fill;
    if (half) {
      bytes = Math.floor(bytes / 2);
      count = Math.floor(count / 2);
    }
    if (lpBytes(this.nodes[0]!) <= bytes && this.nodes[0]!.length <= count) {
      this.lp = this.nodes[0]!;
      this.nodes = [];
    }
  }

  allowInsert(node: string[] | undefined, sz: number): boolean {
    return node !== undefined && !exceeds(this.qlFill, lpBytes(node) + sz + 8, node.length + 1);
  }
  allowMerge(a: string[] | undefined, b: string[] | undefined): boolean {
    return a !== undefined && b !== undefined && !exceeds(this.qlFill, lpBytes(a) + lpBytes(b) - 7, a.length + b.length);
  }

  pushRaw(v: string, where: ListEnd): void {
    if (this.lp !== undefined) {
      if (where === "head") this.lp.unshift(v);
      else this.lp.push(v);
      return;
    }
    const n = where === "head" ? this.nodes[0] : this.nodes[this.nodes.length - 1];
    if (this.allowInsert(n, v.length)) {
      if (where === "head") n!.unshift(v);
      else n!.push(v);
    } else if (where === "head") this.nodes.unshift([v]);
    else this.nodes.push([v]);
  }

  push(vs: string[], where: ListEnd, fill: number): void {
    this.growCheck(vs.reduce((a, v) => a + v.length, 0), vs.length, fill);
    for (const v of vs) this.pushRaw(v, where);
  }

  /** Deletes elements [start, start + count) (no merging), empty nodes dropped. */
  deleteRange(start: number, count: number): void {
    if (this.lp !== undefined) {
      this.lp.splice(start, count);
      return;
    }
    let pos = 0;
    for (const n of this.nodes) {
      const from = Math.max(start - pos, 0);
      const to = Math.min(start + count - pos, n.length);
      const len = n.length;
      if (to > from) n.splice(from, to - from);
      pos += len;
    }
    this.nodes = this.nodes.filter((n) => n.length > 0);
  }

  pop(where: ListEnd): string | undefined {
    const all = this.all();
    if (all.length === 0) return undefined;
    const i = where === "head" ? 0 : all.length - 1;
    const v = all[i]!;
    this.deleteRange(i, 1);
    return v;
  }

  locate(i: number): [number, number] {
    let k = 0;
    while (i >= this.nodes[k]!.length) i -= this.nodes[k++]!.length;
    return [k, i];
  }

  set(index: number, v: string, fill: number): boolean {
    this.growCheck(v.length, 1, fill);
    const len = this.length;
    const i = index < 0 ? len + index : index;
    if (i < 0 || i >= len) return false;
    if (this.lp !== undefined) this.lp[i] = v;
    else {
      const [k, o] = this.locate(i);
      this.nodes[k]![o] = v;
    }
    return true;
  }

  insert(pivot: string, v: string, after: boolean, fill: number): number {
    this.growCheck(v.length, 1, fill);
    const i = this.all().indexOf(pivot);
    if (i < 0) return -1;
    if (this.lp !== undefined) {
      this.lp.splice(after ? i + 1 : i, 0, v);
      return this.length;
    }
    const [k, o] = this.locate(i);
    const node = this.nodes[k]!;
    const prev = this.nodes[k - 1];
    const next = this.nodes[k + 1];
    const full = !this.allowInsert(node, v.length);
    const atTail = after && o === node.length - 1;
    const atHead = !after && o === 0;
    if (!full) node.splice(after ? o + 1 : o, 0, v);
    else if (atTail && this.allowInsert(next, v.length)) next!.unshift(v);
    else if (atHead && this.allowInsert(prev, v.length)) prev!.push(v);
    else if (atTail || atHead) this.nodes.splice(after ? k + 1 : k, 0, [v]);
    else {
      let center: number;
      if (after) {
        const rest = node.splice(o + 1);
        this.nodes.splice(k + 1, 0, [v, ...rest]);
        center = k;
      } else {
        const first = node.splice(0, o);
        this.nodes.splice(k, 0, [...first, v]);
        center = k + 1;
      }
      this.mergeAround(center);
    }
    return this.length;
  }

  mergeAround(c: number): void {
    const merge = (a: number) => {
      this.nodes.splice(a, 2, [...this.nodes[a]!, ...this.nodes[a + 1]!]);
    };
    if (c >= 2 && this.allowMerge(this.nodes[c - 1], this.nodes[c - 2])) {
      merge(c - 2);
      c--;
    }
    if (this.allowMerge(this.nodes[c + 1], this.nodes[c + 2])) merge(c + 1);
    let t = c;
    if (c >= 1 && this.allowMerge(this.nodes[c], this.nodes[c - 1])) {
      merge(c - 1);
      t = c - 1;
    }
    if (this.allowMerge(this.nodes[t], this.nodes[t + 1])) merge(t);
  }

  remove(count: number, v: string): number {
    const all = this.all();
    const idx: number[] = [];
    if (count < 0) {
      for (let i = all.length - 1; i >= 0 && idx.length < -count; i--) if (all[i] === v) idx.push(i);
    } else {
      for (let i = 0; i < all.length && (count === 0 || idx.length < count); i++) if (all[i] === v) idx.push(i);
    }
    idx.sort((a, b) => b - a);
    for (const i of idx) this.deleteRange(i, 1);
    return idx.length;
  }

  trim(start: number, end: number): void {
    const len = this.length;
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (start > end || start >= len) {
      this.deleteRange(0, len);
      return;
    }
    if (end >= len) end = len - 1;
    this.deleteRange(end + 1, len - end - 1);
    this.deleteRange(0, start);
  }
}

// ---------------------------------------------------------------- the comparison

function check(l: ListValue, m: Model, log: string[]): void {
  const ctx = () => `\nlast operations:\n${log.slice(-12).join("\n")}`;
  const all = m.all();
  expect(listLength(l), ctx()).toBe(all.length);
  expect(listRange(l, 0, -1), ctx()).toEqual(all);
  expect(l.encoding(), ctx()).toBe(m.lp === undefined ? "quicklist" : "listpack");
  const shape = listNodeShape(l);
  if (m.lp !== undefined) {
    expect(shape.bytes, ctx()).toBe(lpBytes(m.lp));
  } else {
    expect(shape.counts, ctx()).toEqual(m.nodes.map((n) => n.length));
    expect(shape.bytes, ctx()).toBe(m.nodes.reduce((a, n) => a + lpBytes(n), 0));
    // Node starts are consistent: every element is found in the node the model has it in.
    let pos = 0;
    m.nodes.forEach((n, k) => {
      for (let o = 0; o < n.length; o += Math.max(1, n.length >> 2)) {
        expect(l.ql!.nodeIndexOf(pos + o), ctx()).toBe(k);
      }
      pos += n.length;
    });
  }
}

function value(rng: Rng): string {
  return rng.weighted<() => string>([
    [() => String(rng.int(-200, 200)), 3],
    [() => rng.pick(["0", "-0", "01", "+1", "127", "128", "-4096", "-4097", "32767", "32768", "8388607", "8388608"]), 1],
    [() => rng.pick(["2147483647", "2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "9223372036854775808"]), 1],
    [() => rng.string(rng.int(0, 8), "abc"), 4],
    [() => rng.string(rng.int(60, 70), "xy"), 2],
    [() => rng.string(rng.int(100, 700), "pq"), 3],
    [() => rng.string(rng.int(4090, 4100), "z"), 1],
  ])();
}

/** What a run went through, so a test can insist it crossed the thresholds it is about. */
interface RunStats {
  listpackSteps: number;
  quicklistSteps: number;
  maxNodes: number;
  conversionsBack: number;
}

function run(label: string, fills: readonly number[], steps: number): RunStats {
  const stats: RunStats = { listpackSteps: 0, quicklistSteps: 0, maxNodes: 0, conversionsBack: 0 };
  const rng = seededRng(label);
  const log: string[] = [];
  let fill = rng.pick(fills);
  let l = new ListValue();
  let m = new Model();
  let other = new ListValue();
  let om = new Model();
  const where = (): ListEnd => (rng.chance(0.5) ? "head" : "tail");
  try {
    for (let step = 0; step < steps; step++) {
      const len = m.length;
      const wasQuicklist = l.encoding() === "quicklist";
      const idx = () => rng.int(-len - 2, len + 1);
      const pick = () => (len > 0 && rng.chance(0.8) ? m.all()[rng.int(0, len - 1)]! : value(rng));
      const op = rng.weighted<string>([
        ["push", 10], ["pop", 5], ["popMany", 2], ["set", 3], ["insert", 3], ["remove", 2], ["trim", 1],
        ["move", 2], ["range", 2], ["clone", 0.3], ["fill", 0.3],
      ]);
      switch (op) {
        case "push": {
          const vs = Array.from({ length: rng.int(1, rng.chance(0.1) ? 60 : 4) }, () => value(rng));
          const w = where();
          log.push(`push ${w} ${JSON.stringify(vs.map((v) => (v.length > 20 ? `${v[0]}×${v.length}` : v)))} fill=${fill}`);
          expect(listPush(l, vs, 0, w, fill)).toBe(m.length + vs.length);
          m.push(vs, w, fill);
          break;
        }
        case "pop": {
          const w = where();
          log.push(`pop ${w}`);
          expect(listPop(l, w)).toBe(m.pop(w));
          if (m.length > 0) {
            listTryShrink(l, fill);
            m.shrink(fill);
          }
          break;
        }
        case "popMany": {
          const w = where();
          const n = Math.min(rng.int(1, 40), len);
          log.push(`popMany ${w} ${n}`);
          const want = w === "head" ? m.all().slice(0, n) : m.all().slice(len - n).reverse();
          expect(w === "head" ? listRange(l, 0, n - 1) : listRange(l, -n, -1, true)).toEqual(n === 0 ? [] : want);
          listDropEnd(l, w, n);
          m.deleteRange(w === "head" ? 0 : len - n, n);
          listTryShrink(l, fill);
          m.shrink(fill);
          break;
        }
        case "set": {
          const i = idx();
          const v = value(rng);
          log.push(`set ${i} ${v.length > 20 ? `${v[0]}×${v.length}` : v}`);
          const ok = listSet(l, i, v, fill);
          expect(ok).toBe(m.set(i, v, fill));
          if (ok) {
            listTryShrink(l, fill);
            m.shrink(fill);
          }
          break;
        }
        case "insert": {
          const pivot = pick();
          const v = value(rng);
          const after = rng.chance(0.5);
          log.push(`insert ${after ? "after" : "before"} ${pivot.slice(0, 20)} ${v.length > 20 ? `${v[0]}×${v.length}` : v}`);
          expect(listInsert(l, pivot, v, after, fill)).toBe(m.insert(pivot, v, after, fill));
          break;
        }
        case "remove": {
          const v = pick();
          const count = rng.pick([0, 1, 2, -1, -2, 5, -9223372036854775808]);
          log.push(`remove ${count} ${v.slice(0, 20)}`);
          const n = listRemove(l, count, v);
          expect(n).toBe(m.remove(count, v));
          if (n > 0 && m.length > 0) {
            listTryShrink(l, fill);
            m.shrink(fill);
          }
          break;
        }
        case "trim": {
          const a = idx();
          const b = rng.chance(0.3) ? -1 : idx();
          log.push(`trim ${a} ${b}`);
          listTrim(l, a, b);
          m.trim(a, b);
          if (m.length > 0) {
            listTryShrink(l, fill);
            m.shrink(fill);
          }
          break;
        }
        case "move": {
          if (len === 0) break;
          const from = where();
          const to = where();
          log.push(`move ${from} -> other ${to}`);
          const fromQl = l.encoding() === "quicklist";
          const v = listPop(l, from)!;
          expect(v).toBe(m.pop(from));
          // An integer popped from a quicklist counts 0 bytes in the destination's growth check.
          const isInt = /^(0|-?[1-9][0-9]*)$/.test(v) && v.length < 21 && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n;
          listPushMoved(other, v, to, fill, fromQl);
          om.growCheck(fromQl && isInt ? 0 : v.length, 1, fill);
          om.pushRaw(v, to);
          if (m.length > 0) {
            listTryShrink(l, fill);
            m.shrink(fill);
          }
          check(other, om, log);
          break;
        }
        case "range": {
          const a = idx();
          const b = idx();
          const i = idx();
          log.push(`range ${a} ${b}; index ${i}`);
          const all = m.all();
          const s = a < 0 ? Math.max(0, len + a) : a;
          const e = Math.min(b < 0 ? len + b : b, len - 1);
          expect(listRange(l, a, b)).toEqual(s > e || s >= len ? [] : all.slice(s, e + 1));
          expect(listIndex(l, i)).toBe(i < 0 ? all[len + i] : all[i]);
          const v = pick();
          expect(listPositions(l, v, 1, 0, 0)).toEqual(all.flatMap((x, j) => (x === v ? [j] : [])));
          break;
        }
        case "clone": {
          log.push("clone (swap in the copy)");
          const c = l.clone();
          // Mutating the original afterwards must not touch the copy.
          listPush(l, ["after-clone", "x".repeat(3000), "7"], 0, "tail", fill);
          listPop(l, "head");
          l = c;
          const mc = new Model();
          mc.lp = m.lp?.slice();
          mc.nodes = m.nodes.map((n) => n.slice());
          mc.qlFill = m.qlFill;
          m = mc;
          break;
        }
        case "fill": {
          fill = rng.pick(fills);
          log.push(`fill = ${fill}`);
          break;
        }
      }
      check(l, m, log);
      if (l.encoding() === "quicklist") {
        stats.quicklistSteps++;
        stats.maxNodes = Math.max(stats.maxNodes, l.ql!.nodes.length);
      } else {
        stats.listpackSteps++;
        if (wasQuicklist && op !== "clone") stats.conversionsBack++;
      }
      if (m.length === 0 && rng.chance(0.5)) {
        // The keyspace never keeps an empty list: start over as a command would (a new listpack).
        l = new ListValue();
        m = new Model();
      }
      if (om.length > 400) {
        other = new ListValue();
        om = new Model();
      }
    }
  } catch (e) {
    console.error(`[list model] ${label} failed; last operations:\n${log.slice(-30).join("\n")}`);
    throw e;
  }
  return stats;
}

function expectBothSides(stats: RunStats, minNodes: number): void {
  expect(stats.listpackSteps).toBeGreaterThan(100);
  expect(stats.quicklistSteps).toBeGreaterThan(100);
  expect(stats.conversionsBack).toBeGreaterThan(3);
  expect(stats.maxNodes).toBeGreaterThanOrEqual(minNodes);
}

describe("list value vs a naive model", () => {
  it("entry sizes agree with the spec for every integer width and string length class", () => {
    const samples = [
      "", "0", "-0", "00", "+1", "127", "128", "-1", "-4096", "-4097", "4095", "4096", "32767", "-32768", "32768",
      "8388607", "-8388608", "8388608", "2147483647", "-2147483648", "2147483648", "9223372036854775807",
      "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "12345678901234567890", "1 ", " 1",
      "a".repeat(63), "a".repeat(64), "a".repeat(125), "a".repeat(126), "a".repeat(4095), "a".repeat(4096),
      "a".repeat(16377), "a".repeat(16378), "a".repeat(16379), "\x00\xff",
    ];
    for (const s of samples) expect(listpackEntrySize(s), JSON.stringify(s.slice(0, 30))).toBe(entrySize(s));
  });

  it("default fill (-2, 8 KB nodes): random operations across listpack ⇄ quicklist", () =>
    expectBothSides(run("list fill -2", [-2], 3000), 4));
  it("every size class and count fills, switching between them", () =>
    expectBothSides(run("list fills mixed", [-1, -2, -3, -5, -7, 0, 1, 2, 5, 8, 128], 4000), 10));
  it("small count fills (many nodes, splits and merges)", () => expectBothSides(run("list small fills", [1, 2, 3, 4], 3000), 30));

  it("listFromArray builds a quicklist then converts when it fits (LIST_CONV_AUTO)", () => {
    expect(listFromArray(["a", "b"], -2).encoding()).toBe("listpack");
    const big = Array.from({ length: 200 }, (_, i) => `value-${i}-${"x".repeat(40)}`);
    const l = listFromArray(big, -2);
    expect(l.encoding()).toBe("quicklist");
    expect(listRange(l, 0, -1)).toEqual(big);
    // AUTO uses the full limit (no hysteresis): 5 entries fit a count fill of 5.
    expect(listFromArray(["1", "2", "3", "4", "5"], 5).encoding()).toBe("listpack");
    expect(listFromArray(["1", "2", "3", "4", "5", "6"], 5).encoding()).toBe("quicklist");
  });

  it("huge lists: ends stay O(1) and the ring buffer shrinks back", () => {
    const l = new ListValue();
    const n = 200_000;
    for (let i = 0; i < n; i++) listPush(l, [String(i)], 0, i % 2 === 0 ? "head" : "tail", -2);
    expect(listLength(l)).toBe(n);
    expect(listIndex(l, 0)).toBe(String(n - 2));
    expect(listIndex(l, -1)).toBe(String(n - 1));
    expect(listSet(l, n / 2, "mid", -2)).toBe(true);
    expect(listIndex(l, n / 2)).toBe("mid");
    for (let i = 0; i < n - 1; i++) listPop(l, i % 3 === 0 ? "head" : "tail");
    expect(listLength(l)).toBe(1);
    listTryShrink(l, -2);
    expect(l.encoding()).toBe("listpack");
  });

  it("deque: inserts and removals in the middle keep order across wrap-around", () => {
    const rng = seededRng("deque middle");
    const d = new Deque<number>();
    const m: number[] = [];
    for (let step = 0; step < 5000; step++) {
      const op = rng.int(0, 6);
      const i = rng.int(0, m.length);
      if (op === 0) (d.pushFront(step), m.unshift(step));
      else if (op === 1) (d.pushBack(step), m.push(step));
      else if (op === 2 && m.length > 0) expect(d.popFront()).toBe(m.shift());
      else if (op === 3 && m.length > 0) expect(d.popBack()).toBe(m.pop());
      else if (op === 4) (d.insertAt(i, step), m.splice(i, 0, step));
      else if (op === 5 && i < m.length) expect(d.removeAt(i)).toBe(m.splice(i, 1)[0]);
      else if (m.length > 0) {
        const idx = [...new Set(Array.from({ length: rng.int(1, 4) }, () => rng.int(0, m.length - 1)))].sort((a, b) => a - b);
        d.removeSorted(idx);
        for (const j of [...idx].reverse()) m.splice(j, 1);
      }
      expect(d.length).toBe(m.length);
      if (step % 50 === 0) expect(d.slice()).toEqual(m);
    }
    expect(d.clone().slice()).toEqual(m);
  });
});
