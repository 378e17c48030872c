/**
 * Node-style callbacks on top of promises, as ioredis does with standard-as-callback: the callback
 * gets `(null, result)` on success (`(null)` when the result is undefined) and `(err)` on failure,
 * on a later microtask; an exception thrown by the callback is rethrown asynchronously instead of
 * turning into an unhandled rejection. The promise itself is returned unchanged, and it counts as
 * handled.
 */

/** A node-style callback. */
export type Callback<T = unknown> = (err: Error | null, result?: T) => void;

function rethrow(e: unknown): void {
  queueMicrotask(() => {
    throw e;
  });
}

/** Attaches `callback` (when given) to `promise`; returns `promise`. */
export function asCallback<T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> {
  if (callback === undefined) return promise;
  promise.then(
    (value) => {
      try {
        if (value === undefined) callback(null);
        else callback(null, value);
      } catch (e) {
        rethrow(e);
      }
    },
    (err: unknown) => {
      try {
        callback(err instanceof Error ? err : new Error(String(err)));
      } catch (e) {
        rethrow(e);
      }
    },
  );
  return promise;
}
