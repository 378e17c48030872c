/**
 * Shared pieces of the stream group's differential tests: exact comparisons (same/scenario from the
 * string group), structural ones for replies that carry times (idle, seen-time, delivery times) or
 * time-based IDs, and the 7.0 → 7.2 adjustments the oracle needs (7.2-only consumer fields).
 */
import { expect } from "vitest";
import { type Pair, parseFrame, type Resp, RespError, show } from "../support/differential.js";

import { same } from "./string-support.js";

export { same, freshPair, closeAllPairs, sameEvents } from "./string-support.js";

/** A parsed reply with every integer at a time-dependent place replaced by "<t>". */
export type Normalizer = (r: Resp) => Resp;

function context(pair: Pair, argv: readonly string[]): string {
  return `${JSON.stringify(argv)}\nlog: ${JSON.stringify(pair.log.slice(-30))}`;
}

/**
 * Sends argv to both; compares the RESP type byte exactly and the parsed replies after `normalize`
 * (applied to both; `oursOnly` is applied to ours first, e.g. to drop 7.2-only fields).
 */
export async function sameShape(
  pair: Pair,
  argv: readonly string[],
  normalize: Normalizer,
  oursOnly: Normalizer = (r) => r,
): Promise<Resp> {
  const r = await pair.both(argv);
  const ours = parseFrame(r.ours);
  const theirs = parseFrame(r.theirs);
  if (ours instanceof RespError || theirs instanceof RespError) {
    expect(show(r.ours), context(pair, argv)).toBe(show(r.theirs));
    return ours;
  }
  expect(r.ours[0], context(pair, argv)).toBe(r.theirs[0]);
  expect(normalize(oursOnly(ours)), context(pair, argv)).toEqual(normalize(theirs));
  return ours;
}

const TIME_FIELDS = new Set(["idle", "inactive", "seen-time", "active-time"]);

/** Replaces the values of time fields in flat maps, recursively. */
export function timeFields(r: Resp): Resp {
  if (!Array.isArray(r)) return r;
  const out: Resp[] = [];
  for (let i = 0; i < r.length; i++) {
    const v = r[i]!;
    const prev = i > 0 ? r[i - 1] : undefined;
    if (typeof prev === "string" && TIME_FIELDS.has(prev) && i % 2 === 1 && typeof v === "number") out.push("<t>");
    else out.push(timeFields(v));
  }
  return out;
}

/** XPENDING's extended form: [id, consumer, idle, count] rows with the idle masked. */
export function pendingRows(r: Resp): Resp {
  if (!Array.isArray(r)) return r;
  return r.map((row) => (Array.isArray(row) && row.length === 4 ? [row[0]!, row[1]!, "<t>", row[3]!] : row));
}

/** XINFO STREAM FULL: delivery times inside the group and consumer PELs masked, and time fields. */
export function fullInfo(r: Resp): Resp {
  const walk = (x: Resp, key: string | undefined): Resp => {
    if (!Array.isArray(x)) return x;
    if (key === "pending") {
      return x.map((row) => {
        if (!Array.isArray(row)) return row;
        if (row.length === 4) return [row[0]!, row[1]!, "<t>", row[3]!];
        if (row.length === 3) return [row[0]!, "<t>", row[2]!];
        return row;
      });
    }
    const out: Resp[] = [];
    for (let i = 0; i < x.length; i++) {
      const prev = i > 0 && i % 2 === 1 ? x[i - 1] : undefined;
      const name = typeof prev === "string" ? prev : undefined;
      const v = x[i]!;
      if (name !== undefined && TIME_FIELDS.has(name) && typeof v === "number") out.push("<t>");
      else out.push(walk(v, name));
    }
    return out;
  };
  return walk(r, undefined);
}

/** Drops `field value` pairs named `names` from every flat map in the reply (7.2-only fields). */
export function dropFields(...names: string[]): Normalizer {
  const drop = new Set(names);
  const walk = (x: Resp): Resp => {
    if (!Array.isArray(x)) return x;
    const out: Resp[] = [];
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (typeof v === "string" && drop.has(v) && i % 2 === 0 && i + 1 < x.length) {
        i++;
        continue;
      }
      out.push(walk(v));
    }
    return out;
  };
  return walk;
}

/** Time-based IDs: every "<ms>-<seq>" string becomes "<id>". */
export function anyIds(r: Resp): Resp {
  if (typeof r === "string" && /^\d+-\d+$/.test(r)) return "<id>";
  if (Array.isArray(r)) return r.map(anyIds);
  return r;
}

/**
 * A request whose reply differs between 7.0 and 7.2 in a way known-differences.ts records as
 * state-dependent: ours must give the 7.2 reply, the oracle the 7.0 one.
 */
export async function versions(pair: Pair, argv: readonly string[], expected: { ours: string; theirs: string }): Promise<void> {
  const r = await pair.both(argv);
  expect(show(r.ours), `ours: ${context(pair, argv)}`).toBe(show(expected.ours));
  expect(show(r.theirs), `oracle: ${context(pair, argv)}`).toBe(show(expected.theirs));
}

/**
 * Runs a scenario, every reply compared. XINFO CONSUMERS and XINFO STREAM … FULL are compared
 * structurally without 7.2's extra consumer fields (known-differences.ts) instead of being skipped;
 * XPENDING's extended form with its idle times masked.
 */
export async function scenario(pair: Pair, steps: readonly (readonly string[])[]): Promise<void> {
  for (const argv of steps) {
    const sub = (argv[1] ?? "").toLowerCase();
    if ((argv[0] ?? "").toLowerCase() === "xinfo" && sub === "consumers") {
      await sameShape(pair, argv, timeFields, dropFields("inactive"));
    } else if ((argv[0] ?? "").toLowerCase() === "xinfo" && sub === "stream" && (argv[3] ?? "").toLowerCase() === "full") {
      await sameShape(pair, argv, fullInfo, dropFields("active-time"));
    } else if ((argv[0] ?? "").toLowerCase() === "xpending" && argv.length >= 6) {
      // The extended form reports each entry's idle milliseconds: equal only when both sides ran
      // within the same millisecond, which a loaded machine does not promise.
      await sameShape(pair, argv, pendingRows);
    } else {
      await same(pair, argv);
    }
  }
}
