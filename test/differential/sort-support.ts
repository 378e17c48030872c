/**
 * Shared pieces of SORT's differential tests.
 *
 * Redis's SORT reads a numeric weight with strtod and refuses it when `errno == ERANGE`, but never
 * clears errno first (sort.c). After a weight that set ERANGE (overflow, or an inexact underflow such
 * as "1e-310"), errno stays ERANGE until some later libc call changes it, so the server refuses every
 * numeric SORT that follows — on any connection — until then; accepting a new connection does change
 * it (the accept loop ends on EAGAIN). We answer as if errno were clear (src/commands/sort-score.ts).
 * `sameSort` therefore gives the oracle one second chance, after a fresh connection, when it alone
 * answered the conversion error; SORT's error changes nothing, so sending it again is harmless.
 */
import { expect } from "vitest";
import { type Oracle, type Pair, show } from "../support/differential.js";
import { knownDifference } from "./known-differences.js";

export const SCORE_ERROR = "-ERR One or more scores can't be converted into double\r\n";

/** Moves the oracle's errno off a stale ERANGE: a new connection's accept loop ends on EAGAIN. */
export async function clearOracleErrno(oracle: Oracle): Promise<void> {
  const c = await oracle.connect();
  await c.send(["PING"]);
  c.close();
}

/** Both replies to argv, the oracle's taken again after clearing errno when only it refused a score. */
export async function bothSort(pair: Pair, argv: readonly string[]): Promise<{ ours: string; theirs: string }> {
  const r = await pair.both(argv);
  if (r.theirs === SCORE_ERROR && r.ours !== SCORE_ERROR) {
    await clearOracleErrno(pair.oracle);
    return { ours: r.ours, theirs: await pair.oracle.send(argv) };
  }
  return r;
}

/** Byte-identical replies (unless a known 7.0/7.2 difference applies); SORT's as the header says. */
export async function sameSort(pair: Pair, argv: readonly string[]): Promise<string> {
  const r = await bothSort(pair, argv);
  if (knownDifference(argv) !== undefined) return r.ours;
  expect(show(r.ours), `${JSON.stringify(argv)}\nlog: ${JSON.stringify(pair.log.slice(-30))}`).toBe(show(r.theirs));
  return r.ours;
}

/** Runs steps, comparing every reply; SORT and SORT_RO through sameSort. */
export async function sortScenario(pair: Pair, steps: readonly (readonly string[])[]): Promise<void> {
  for (const argv of steps) await sameSort(pair, argv);
}
