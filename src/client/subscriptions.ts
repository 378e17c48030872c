/**
 * The channels and patterns a connection is subscribed to (ioredis's SubscriptionSet): drives the
 * subscriber mode (RESP2: only (un)subscribe, ping and quit allowed) and re-subscription after a
 * reconnect. Names are kept as binary strings, exactly as sent.
 */
export type SubscribeKind = "subscribe" | "psubscribe" | "ssubscribe";

export class SubscriptionSet {
  private readonly sets: Record<SubscribeKind, Set<string>> = {
    subscribe: new Set(),
    psubscribe: new Set(),
    ssubscribe: new Set(),
  };

  add(kind: SubscribeKind, name: string): void {
    this.sets[kind].add(name);
  }

  del(kind: SubscribeKind, name: string): void {
    this.sets[kind].delete(name);
  }

  clear(kind: SubscribeKind): void {
    this.sets[kind].clear();
  }

  channels(kind: SubscribeKind): string[] {
    return [...this.sets[kind]];
  }

  get size(): number {
    return this.sets.subscribe.size + this.sets.psubscribe.size + this.sets.ssubscribe.size;
  }

  isEmpty(): boolean {
    return this.size === 0;
  }
}

/** The subscribe kind an (un)subscribe command acts on. */
export function subscribeKindOf(lowerName: string): SubscribeKind {
  if (lowerName === "psubscribe" || lowerName === "punsubscribe") return "psubscribe";
  if (lowerName === "ssubscribe" || lowerName === "sunsubscribe") return "ssubscribe";
  return "subscribe";
}
