/**
 * The engine-level test fixture every command group's unit tests share: an engine on a ManualClock
 * with a seeded RNG, one session, a synchronous `r(...argv)` that fails on a parked (blocking) reply,
 * and recorders for the logged effects and the keyspace events the engine publishes.
 */
import { createEngine, ManualClock, RedisError, SeededRng, type Engine, type Session } from "../../src/index.js";
import { PendingReply, type Reply } from "../../src/engine/reply.js";

/** The manual clock's start: 2025-01-01T00:00:00Z. */
export const T0 = Date.UTC(2025, 0, 1);

export interface FixtureOptions {
  config?: Record<string, string>;
  seed?: number;
  /** Leave the active expiry cycle on (default off: tests observe lazy expiry alone). */
  activeExpire?: boolean;
  /** Record effects as ["db<n>", ...argv] instead of argv. */
  effectsWithDb?: boolean;
  /** Turns a published (channel, message) into an event to record, or undefined to drop it. */
  event?: (channel: string, message: string) => [string, string] | undefined;
}

export interface Fixture {
  clock: ManualClock;
  engine: Engine;
  s: Session;
  r: (...argv: string[]) => Reply;
  effects: string[][];
  events: [string, string][];
}

export function engineFixture(options: FixtureOptions = {}): Fixture {
  const clock = new ManualClock(T0);
  const engine = createEngine({ clock, rng: new SeededRng(options.seed ?? 1), config: options.config ?? {} });
  engine.activeExpireEnabled = options.activeExpire ?? false;
  const s = engine.createSession();
  const effects: string[][] = [];
  engine.onEffects((batch) => {
    for (const e of batch) effects.push(options.effectsWithDb === true ? [`db${e.db}`, ...e.argv] : e.argv);
  });
  const events: [string, string][] = [];
  const toEvent = options.event ?? ((channel: string, message: string): [string, string] => [channel, message]);
  engine.publish = (channel, message) => {
    const ev = toEvent(channel, message);
    if (ev !== undefined) events.push(ev);
    return 0;
  };
  const r = (...argv: string[]): Reply => {
    const reply = s.exec(argv);
    if (reply instanceof PendingReply) throw new Error(`unexpected pending reply to ${argv.join(" ")}`);
    return reply;
  };
  return { clock, engine, s, r, effects, events };
}

/** The text of an error reply; throws when the reply is not an error. */
export function errText(reply: Reply): string {
  if (!(reply instanceof RedisError)) throw new Error(`expected an error, got ${JSON.stringify(reply)}`);
  return reply.message;
}
