/**
 * Shared pieces of the sorted-set differential tests.
 *
 * Scores: Redis 7.2 replies with the shortest round-trip digits (d2string / fpconv_dtoa), the 7.0
 * oracle with "%.17g" (see known-differences.ts, sorted_set group). So replies are compared element
 * by element with the RESP types and every other byte equal, except that a bulk string or RESP3
 * double the oracle printed as "%.17g" of some double x may be, on our side, 7.2's form of the same x
 * (formatDouble(x)) — never anything else. Scores that print alike in both (integers, inf, 1.5 …)
 * are therefore compared exactly.
 *
 * Also: full ZSCAN iterations compared as sets of (member, score), and the OBJECT ENCODING check.
 */
import { expect } from "vitest";
import { formatDouble, formatDouble17g } from "../../src/engine/float.js";
import { type Pair, parseFrame, show } from "../support/differential.js";
import { knownDifference } from "./known-differences.js";

export { same, scenario, sameEvents, freshPair, closeAllPairs } from "./string-support.js";

interface Token {
  type: string;
  /** The header line (aggregates, integers, simple strings) or the bulk payload. */
  text: string;
}

/** Flattens a whole RESP2/RESP3 frame into its elements, aggregates as their header. */
function tokens(frame: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  const one = (): void => {
    const type = frame[pos]!;
    const nl = frame.indexOf("\r\n", pos);
    const head = frame.slice(pos + 1, nl);
    pos = nl + 2;
    if (type === "$" || type === "=" || type === "!") {
      const n = Number(head);
      if (n < 0) {
        out.push({ type, text: head });
        return;
      }
      out.push({ type, text: frame.slice(pos, pos + n) });
      pos += n + 2;
      return;
    }
    out.push({ type, text: head });
    if (type === "*" || type === "~" || type === ">" || type === "%") {
      let n = Number(head);
      if (type === "%") n *= 2;
      for (let i = 0; i < n; i++) one();
    }
  };
  while (pos < frame.length) one();
  return out;
}

/** True when `theirs` is 7.0's "%.17g" of a double whose 7.2 form is `ours`. */
export function sameScoreText(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  const x = Number(theirs);
  if (!Number.isFinite(x)) return false;
  return formatDouble17g(x) === theirs && formatDouble(x) === ours;
}

/** Raw frames equal, or equal up to 7.0-vs-7.2 score digits. */
export function framesMatch(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  const a = tokens(ours);
  const b = tokens(theirs);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.type !== y.type) return false;
    if (x.text === y.text) continue;
    if ((x.type === "$" || x.type === ",") && sameScoreText(x.text, y.text)) continue;
    return false;
  }
  return true;
}

function context(pair: Pair, argv: readonly string[]): string {
  return `${JSON.stringify(argv)}\nlog: ${JSON.stringify(pair.log.slice(-30))}`;
}

/** Sends argv to both and expects matching replies (see the header); returns our raw reply. */
export async function sameZ(pair: Pair, argv: readonly string[]): Promise<string> {
  const r = await pair.both(argv);
  if (knownDifference(argv) === undefined && !framesMatch(r.ours, r.theirs)) {
    expect(show(r.ours), context(pair, argv)).toBe(show(r.theirs));
  }
  return r.ours;
}

/**
 * ZADDs the same score-member `args` into `listpackKey` (at the default limit of 128) and into
 * `skiplistKey` (with zset-max-listpack-entries 0), on both sides, and restores the limit.
 */
export async function zaddBothEncodings(pair: Pair, listpackKey: string, skiplistKey: string, args: readonly string[]): Promise<void> {
  await sameZ(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
  await sameZ(pair, ["ZADD", listpackKey, ...args]);
  await sameZ(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "0"]);
  await sameZ(pair, ["ZADD", skiplistKey, ...args]);
  await sameZ(pair, ["CONFIG", "SET", "zset-max-listpack-entries", "128"]);
}

/** Runs every step through sameZ. */
export async function scenarioZ(pair: Pair, steps: readonly (readonly string[])[]): Promise<void> {
  for (const argv of steps) await sameZ(pair, argv);
}

/**
 * Iterates ZSCAN to the end on both sides and compares the (member, score) pairs seen, as sets; a
 * listpack answers in one call with cursor 0 on both sides. Each iteration must end within `maxCalls`.
 */
export async function sameZscan(pair: Pair, key: string, opts: readonly string[] = [], maxCalls = 10_000): Promise<void> {
  type Seen = Map<string, string[]>; // member → every score text it was returned with
  const iterate = async (send: (argv: string[]) => Promise<string>): Promise<Seen | string> => {
    const seen: Seen = new Map();
    let cursor = "0";
    for (let calls = 1; calls <= maxCalls; calls++) {
      const frame = await send(["ZSCAN", key, cursor, ...opts]);
      const r = parseFrame(frame);
      if (!Array.isArray(r)) return frame;
      cursor = r[0] as string;
      const items = r[1] as string[];
      for (let i = 0; i < items.length; i += 2) {
        const list = seen.get(items[i]!) ?? [];
        list.push(items[i + 1]!);
        seen.set(items[i]!, list);
      }
      if (cursor === "0") return seen;
    }
    throw new Error(`ZSCAN ${key} did not end within ${maxCalls} calls`);
  };
  pair.log.push(["ZSCAN*", key, ...opts]);
  const ctx = context(pair, ["ZSCAN", key, ...opts]);
  const ours = await iterate((argv) => pair.ours.send(argv));
  const theirs = await iterate((argv) => pair.oracle.send(argv));
  if (typeof ours === "string" || typeof theirs === "string") {
    expect(show(typeof ours === "string" ? ours : "(pairs)"), ctx).toBe(show(typeof theirs === "string" ? theirs : "(pairs)"));
    return;
  }
  expect([...ours.keys()].sort(), ctx).toEqual([...theirs.keys()].sort());
  for (const [m, scores] of ours) {
    expect(scores.length, `${ctx}\nZSCAN returned ${JSON.stringify(m)} twice`).toBe(1);
    const t = theirs.get(m)![0]!;
    expect(sameScoreText(scores[0]!, t), `${ctx}\nZSCAN score of ${JSON.stringify(m)}: ours ${scores[0]}, theirs ${t}`).toBe(true);
  }
}
