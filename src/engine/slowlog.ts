/**
 * The slow log and per-command time (slowlog.c, and the duration call() measures for INFO
 * commandstats), Redis 7.2.
 *
 * What gets timed: a clock read costs more than a whole GET or SET here, so commands flagged `fast`
 * (O(1) or O(log N)) and a few whose cost is bounded by their arguments (SET, MSET, DEL …: F_UNTIMED
 * in command-types.ts) are timed only when `slowlog-log-slower-than` is 0 ("log everything"); every
 * other command is timed whenever the slow log is on. An untimed command therefore shows usec=0 in
 * commandstats and never reaches a positive threshold — where Redis could log one that was delayed by
 * the machine, we do not. Durations are wall-clock microseconds from `performance.now()`, so on
 * runtimes that coarsen it (Cloudflare Workers) they read 0.
 *
 * Entries keep at most 32 arguments (the last one then says how many more there were) and 128 bytes
 * of each; AUTH's arguments and HELLO's AUTH credentials are redacted, as Redis 7.2 redacts them.
 */
import type { Command } from "./command-types.js";
import { F_ANY, F_SKIP_SLOWLOG, F_UNTIMED } from "./command-types.js";
import type { Session } from "./session.js";

const MAX_ARGC = 32;
const MAX_STRING = 128;

const hrNow: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function" ? () => performance.now() : () => Date.now();

export interface SlowlogEntry {
  id: number;
  /** Unix seconds. */
  time: number;
  /** Microseconds. */
  duration: number;
  argv: string[];
  peer: string;
  name: string;
}

export class SlowLog {
  private threshold = 10_000;
  private maxLen = 128;
  /** Oldest first. */
  private entries: SlowlogEntry[] = [];
  private nextId = 0;
  /**
   * Read by call() on every command: the slow log off times nothing (F_ANY), threshold 0 times
   * everything (0), otherwise the commands without F_UNTIMED.
   */
  untimedMask: number = F_UNTIMED;

  /** slowlog-log-slower-than (µs; negative: off). */
  setThreshold(us: number): void {
    this.threshold = us;
    this.untimedMask = us < 0 ? F_ANY : us === 0 ? 0 : F_UNTIMED;
  }

  /** slowlog-max-len. */
  setMaxLen(n: number): void {
    this.maxLen = n;
    this.trim();
  }

  static now(): number {
    return hrNow();
  }

  /** A timed command finished: count its time and log it when slow enough. `startMs` from now(). */
  timed(s: Session, cmd: Command, argv: readonly string[], startMs: number, unixMs: number): void {
    const us = Math.max(0, Math.floor((hrNow() - startMs) * 1000));
    cmd.usec += us;
    if ((cmd.bits & F_SKIP_SLOWLOG) !== 0 || this.threshold < 0 || us < this.threshold) return;
    this.entries.push({
      id: this.nextId++,
      time: Math.floor(unixMs / 1000),
      duration: us,
      argv: entryArgv(argv),
      peer: s.addr,
      name: s.name,
    });
    this.trim();
  }

  private trim(): void {
    const extra = this.entries.length - this.maxLen;
    if (extra > 0) this.entries.splice(0, extra);
  }

  get length(): number {
    return this.entries.length;
  }

  /** The newest `count` entries, newest first. */
  newest(count: number): SlowlogEntry[] {
    return this.entries.slice(Math.max(0, this.entries.length - count)).reverse();
  }

  reset(): void {
    this.entries = [];
  }
}

/** The arguments as an entry keeps them: redacted, at most 32, each at most 128 bytes. */
function entryArgv(argv: readonly string[]): string[] {
  const shown = redacted(argv);
  const n = Math.min(shown.length, MAX_ARGC);
  const out: string[] = [];
  for (let j = 0; j < n; j++) {
    if (n !== shown.length && j === n - 1) {
      out.push(`... (${shown.length - n + 1} more arguments)`);
      break;
    }
    const a = shown[j]!;
    out.push(a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a);
  }
  return out;
}

/** redactClientCommandArgument's effect: AUTH's arguments, and HELLO … AUTH user pass. */
function redacted(argv: readonly string[]): readonly string[] {
  const name = argv[0]!.toLowerCase();
  if (name === "auth") return [argv[0]!, ...argv.slice(1).map(() => "(redacted)")];
  if (name !== "hello") return argv;
  const out = argv.slice();
  for (let j = 2; j < out.length; j++) {
    if (out[j]!.toLowerCase() === "auth" && j + 2 < out.length) {
      out[j + 1] = "(redacted)";
      out[j + 2] = "(redacted)";
      j += 2;
    }
  }
  return out;
}
