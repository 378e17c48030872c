/**
 * A small EventEmitter with Node's API (on/once/off/emit/…), so the client runs where `node:events`
 * does not exist (browsers, workers, edge runtimes). Semantics kept from Node because libraries rely on
 * them: listeners run synchronously in registration order; emit works on a snapshot, so listeners
 * added or removed during an emit take effect from the next one; `once` wrappers are removable by the
 * original function; emitting "error" with no listener throws the error.
 */

/** Any listener: typed parameters are accepted (`never[]` keeps them assignable without `any`). */
export type Listener = (...args: never[]) => unknown;

/** The stored form of a listener: `once` wrappers remember the function they wrap. */
interface OnceWrapper {
  (...args: unknown[]): unknown;
  listener: Listener;
}

type Stored = Listener | OnceWrapper;

function original(l: Stored): Listener {
  return (l as Partial<OnceWrapper>).listener ?? l;
}

export class EventEmitter {
  /** Event name → listeners. Created lazily: most clients never get a listener for most events. */
  private _events: Map<string | symbol, Stored[]> | undefined = undefined;
  private _maxListeners = 10;

  on(event: string | symbol, listener: Listener): this {
    return this.addListener(event, listener);
  }

  addListener(event: string | symbol, listener: Listener): this {
    this.add(event, listener, false);
    return this;
  }

  prependListener(event: string | symbol, listener: Listener): this {
    this.add(event, listener, true);
    return this;
  }

  once(event: string | symbol, listener: Listener): this {
    this.add(event, this.wrapOnce(event, listener), false);
    return this;
  }

  prependOnceListener(event: string | symbol, listener: Listener): this {
    this.add(event, this.wrapOnce(event, listener), true);
    return this;
  }

  off(event: string | symbol, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  /** Removes the most recently added registration of `listener` (as Node does). */
  removeListener(event: string | symbol, listener: Listener): this {
    const list = this._events?.get(event);
    if (list === undefined) return this;
    for (let i = list.length - 1; i >= 0; i--) {
      const l = list[i]!;
      if (l === listener || original(l) === listener) {
        if (list.length === 1) this._events!.delete(event);
        else this._events!.set(event, [...list.slice(0, i), ...list.slice(i + 1)]);
        break;
      }
    }
    return this;
  }

  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this._events = undefined;
    else this._events?.delete(event);
    return this;
  }

  /** Calls the listeners of `event` with `args`; true when there was at least one. */
  emit(event: string | symbol, ...args: unknown[]): boolean {
    const list = this._events?.get(event);
    if (list === undefined) {
      if (event === "error") {
        const err = args[0];
        throw err instanceof Error ? err : new Error(`Unhandled error. (${String(err)})`);
      }
      return false;
    }
    // `list` is replaced, never mutated, on add/remove: iterating it is iterating a snapshot.
    for (const l of list) (l as (...a: unknown[]) => unknown).apply(this, args);
    return true;
  }

  listenerCount(event: string | symbol): number {
    return this._events?.get(event)?.length ?? 0;
  }

  listeners(event: string | symbol): Listener[] {
    return (this._events?.get(event) ?? []).map(original);
  }

  rawListeners(event: string | symbol): Listener[] {
    return [...(this._events?.get(event) ?? [])];
  }

  eventNames(): (string | symbol)[] {
    return this._events === undefined ? [] : [...this._events.keys()];
  }

  setMaxListeners(n: number): this {
    this._maxListeners = n;
    return this;
  }

  getMaxListeners(): number {
    return this._maxListeners;
  }

  private add(event: string | symbol, listener: Stored, prepend: boolean): void {
    if (typeof listener !== "function") {
      throw new TypeError(`The "listener" argument must be of type function. Received ${typeof listener}`);
    }
    this._events ??= new Map();
    const list = this._events.get(event);
    if (list === undefined) this._events.set(event, [listener]);
    else this._events.set(event, prepend ? [listener, ...list] : [...list, listener]);
  }

  private wrapOnce(event: string | symbol, listener: Listener): OnceWrapper {
    let fired = false;
    const wrapper = ((...args: unknown[]): unknown => {
      if (fired) return undefined;
      fired = true;
      this.removeListener(event, wrapper);
      return (listener as (...a: unknown[]) => unknown).apply(this, args);
    }) as OnceWrapper;
    wrapper.listener = listener;
    return wrapper;
  }
}
