/**
 * Shared pieces of the set group's differential tests: a RESP frame parser, comparisons of replies
 * whose order Redis leaves unspecified (as sorted multisets), full SSCAN iterations, and the OBJECT
 * ENCODING rule between our 7.2 sets and the 7.0 oracle (see known-differences.ts, set group: 7.0 has
 * no listpack sets, so where 7.2 — and we — say `listpack`, 7.0 says `hashtable`; every other answer
 * must be equal).
 */
import { expect } from "vitest";
import { type Pair, parseFrame as parseResp, type Resp, show } from "../support/differential.js";

export { parseFrame as parseResp, RespError, type Resp } from "../support/differential.js";

/** The members of an array reply, sorted (a multiset); undefined when the reply is not an array of strings. */
export function sortedMembers(r: Resp): string[] | undefined {
  if (!Array.isArray(r) || r.some((x) => typeof x !== "string")) return undefined;
  return (r as string[]).slice().sort();
}

function context(pair: Pair, argv: readonly string[]): string {
  return `${JSON.stringify(argv)}\nlog: ${JSON.stringify(pair.log.slice(-30))}`;
}

export { same, scenario } from "./string-support.js";

/**
 * Replies equal as multisets when both are arrays of strings (SMEMBERS, SUNION … of sets whose order
 * is unspecified), byte-identical otherwise; the RESP type (array vs set, error text) must match too.
 */
export async function sameUnordered(pair: Pair, argv: readonly string[]): Promise<Resp> {
  const r = await pair.both(argv);
  const ours = parseResp(r.ours);
  const theirs = parseResp(r.theirs);
  const a = sortedMembers(ours);
  const b = sortedMembers(theirs);
  if (a !== undefined && b !== undefined) {
    expect(r.ours[0], context(pair, argv)).toBe(r.theirs[0]);
    expect(a, context(pair, argv)).toEqual(b);
  } else {
    expect(show(r.ours), context(pair, argv)).toBe(show(r.theirs));
  }
  return ours;
}

/** Our OBJECT ENCODING answer and the oracle's, compared by the 7.0/7.2 set rule. */
export async function sameSetEncoding(pair: Pair, key: string): Promise<void> {
  const r = await pair.both(["OBJECT", "ENCODING", key]);
  const ours = parseResp(r.ours);
  const theirs = parseResp(r.theirs);
  const ok = r.ours === r.theirs || (ours === "listpack" && theirs === "hashtable");
  expect(ok, `OBJECT ENCODING ${JSON.stringify(key)}: ours ${show(r.ours)}, theirs ${show(r.theirs)}\n${context(pair, [])}`).toBe(true);
}

/**
 * Iterates SSCAN to the end on both sides (with the given options) and compares the members seen as
 * sets; each side's iteration must end (cursor 0) within `maxCalls`.
 */
export async function sameScan(pair: Pair, key: string, opts: readonly string[] = [], maxCalls = 10_000): Promise<void> {
  const iterate = async (send: (argv: string[]) => Promise<string>): Promise<Set<string> | string> => {
    const seen = new Set<string>();
    let cursor = "0";
    for (let calls = 0; calls < maxCalls; calls++) {
      const frame = await send(["SSCAN", key, cursor, ...opts]);
      const r = parseResp(frame);
      if (!Array.isArray(r)) return frame;
      cursor = r[0] as string;
      for (const m of r[1] as string[]) seen.add(m);
      if (cursor === "0") return seen;
    }
    throw new Error(`SSCAN ${key} did not end within ${maxCalls} calls`);
  };
  pair.log.push(["SSCAN*", key, ...opts]);
  const ours = await iterate((argv) => pair.ours.send(argv));
  const theirs = await iterate((argv) => pair.oracle.send(argv));
  if (typeof ours === "string" || typeof theirs === "string") {
    expect(show(String(ours)), context(pair, ["SSCAN", key, ...opts])).toBe(show(String(theirs)));
    return;
  }
  expect([...ours].sort(), context(pair, ["SSCAN", key, ...opts])).toEqual([...theirs].sort());
}
