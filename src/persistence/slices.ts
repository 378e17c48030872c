/**
 * Cooperative serialization: drain a chunk generator a slice at a time, giving the event loop back
 * between slices, so a BGSAVE or an AOF rewrite of a large dataset never stops other clients for
 * more than a slice (Redis forks a child for this; one JS thread takes turns instead).
 */

/** Resolves on a later event-loop turn (a timer: it lets I/O and other clients' commands run). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Thrown when a background job is cancelled (SHUTDOWN, CONFIG SET appendonly no). */
export class CancelledError extends Error {
  constructor() {
    super("cancelled");
  }
}

/**
 * Collects every chunk of `chunks`, working at most `sliceMs` before yielding a turn. Checks
 * `cancelled` between slices. O(total bytes).
 */
export async function collectInSlices(
  chunks: Iterator<Uint8Array>,
  sliceMs: number,
  cancelled: () => boolean = () => false,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (;;) {
    const start = Date.now();
    for (;;) {
      const r = chunks.next();
      if (r.done === true) return out;
      out.push(r.value);
      if (Date.now() - start >= sliceMs) break;
    }
    await nextTurn();
    if (cancelled()) throw new CancelledError();
  }
}
