/**
 * client-output-buffer-limit (networking.c checkClientOutputBufferLimits): a client whose pending
 * output reaches its class's hard limit, or stays at or above its soft limit for longer than the
 * soft seconds, is disconnected. It protects the server from subscribers that stop reading while
 * publishers keep writing. Classes: normal (unlimited by default), replica (none here), pubsub
 * (32 MB hard, 8 MB soft for 60 s by default). Pure: the connection supplies the byte count.
 */

export interface OutputLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

export interface OutputLimits {
  normal: OutputLimit;
  replica: OutputLimit;
  pubsub: OutputLimit;
}

const UNLIMITED: OutputLimit = { hard: 0, soft: 0, softSeconds: 0 };

let cachedText = "";
let cached: OutputLimits = { normal: UNLIMITED, replica: UNLIMITED, pubsub: UNLIMITED };

/**
 * Parses the canonical CONFIG GET form ("normal 0 0 0 slave 268435456 67108864 60 pubsub …"), as
 * config-params.ts stores it. The last result is cached: the value rarely changes and is read often.
 */
export function parseOutputLimits(text: string): OutputLimits {
  if (text === cachedText) return cached;
  const parts = text.split(" ");
  const out: OutputLimits = { normal: UNLIMITED, replica: UNLIMITED, pubsub: UNLIMITED };
  for (let i = 0; i + 3 < parts.length; i += 4) {
    const limit = { hard: Number(parts[i + 1]), soft: Number(parts[i + 2]), softSeconds: Number(parts[i + 3]) };
    const cls = parts[i];
    if (cls === "normal") out.normal = limit;
    else if (cls === "slave" || cls === "replica") out.replica = limit;
    else if (cls === "pubsub") out.pubsub = limit;
  }
  cachedText = text;
  cached = out;
  return out;
}

/** Per-connection memory of when the soft limit was first reached (0: not over it). */
export interface SoftLimitState {
  softSince: number;
}

/**
 * True when a client using `used` bytes of output must be closed at time `nowMs`. Updates the soft
 * limit timer as Redis does: the first time over the soft limit starts the clock, dropping below
 * resets it, and only staying over for more than `softSeconds` counts.
 */
export function outputLimitReached(used: number, limit: OutputLimit, state: SoftLimitState, nowMs: number): boolean {
  const hard = limit.hard > 0 && used >= limit.hard;
  let soft = limit.soft > 0 && used >= limit.soft;
  if (soft) {
    if (state.softSince === 0) {
      state.softSince = nowMs;
      soft = false;
    } else if (nowMs - state.softSince <= limit.softSeconds * 1000) {
      soft = false;
    }
  } else {
    state.softSince = 0;
  }
  return hard || soft;
}
