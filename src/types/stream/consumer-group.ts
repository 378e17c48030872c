/**
 * Consumer groups (t_stream.c streamCG / streamConsumer / streamNACK): a group's last delivered ID
 * and logical reads counter, its pending entries list (PEL) ordered by ID, and its consumers, each
 * with its own PEL. A pending entry (NACK) is ONE object shared by the group PEL and its owner's PEL,
 * as in Redis, so delivery time and count are updated once.
 *
 * Invariants: every NACK in the group PEL has a consumer (except transiently inside XCLAIM FORCE)
 * and is in exactly that consumer's PEL under the same ID; every NACK in a consumer PEL is in the
 * group PEL. `entriesRead` is −1 when unknown (SCG_INVALID_ENTRIES_READ).
 */
import { IdMap } from "./id-map.js";
import type { StreamId } from "./stream-id.js";

/** streamNACK. `deliveryCount` is Redis's uint64: a number, or a bigint once beyond 2^53. */
export interface Nack {
  deliveryTime: number;
  deliveryCount: number | bigint;
  consumer: Consumer | undefined;
}

export const INVALID_ENTRIES_READ = -1n;

export class Consumer {
  readonly pel = new IdMap<Nack>();
  constructor(
    readonly name: string,
    /** Last time the consumer was seen (an XREADGROUP/XCLAIM/XAUTOCLAIM naming it), Unix ms. */
    public seenTime: number,
    /** Last successful read or claim, Unix ms; −1 for never (7.2). */
    public activeTime = -1,
  ) {}
}

export class ConsumerGroup {
  readonly pel = new IdMap<Nack>();
  readonly consumers = new Map<string, Consumer>();
  constructor(
    readonly name: string,
    public lastId: StreamId,
    public entriesRead: bigint,
  ) {}

  /** streamCreateConsumer without the side effects: undefined when the name exists. */
  createConsumer(name: string, now: number): Consumer | undefined {
    if (this.consumers.has(name)) return undefined;
    const c = new Consumer(name, now);
    this.consumers.set(name, c);
    return c;
  }

  /** streamDelConsumer: drops the consumer and its pending entries from the group PEL. */
  deleteConsumer(c: Consumer): void {
    for (const [id] of c.pel.entries()) this.pel.delete(id);
    this.consumers.delete(c.name);
  }

  /**
   * A first delivery of `id` to `consumer` (streamReplyWithRange's PEL step): a new NACK, or, when
   * the entry is already pending (XGROUP SETID moved the group back), the existing one handed to
   * `consumer` with its time reset and its count back to 1.
   */
  deliver(id: StreamId, consumer: Consumer, now: number): Nack {
    const fresh: Nack = { deliveryTime: now, deliveryCount: 1, consumer };
    if (this.pel.tryInsert(id, fresh)) {
      consumer.pel.tryInsert(id, fresh);
      return fresh;
    }
    const nack = this.pel.get(id)!;
    nack.consumer?.pel.delete(id);
    nack.consumer = consumer;
    nack.deliveryTime = now;
    nack.deliveryCount = 1;
    consumer.pel.set(id, nack);
    return nack;
  }

  /** XACK of one ID: true when it was pending. */
  ack(id: StreamId): boolean {
    const nack = this.pel.delete(id);
    if (nack === undefined) return false;
    nack.consumer?.pel.delete(id);
    return true;
  }

  /** Moves a pending entry to `consumer` (XCLAIM / XAUTOCLAIM), keeping its metadata. */
  transfer(id: StreamId, nack: Nack, consumer: Consumer): void {
    if (nack.consumer === consumer) return;
    nack.consumer?.pel.delete(id);
    consumer.pel.set(id, nack);
    nack.consumer = consumer;
  }

  /** Consumers in rax order (byte order of their names). */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** A deep copy (streamDup): NACKs re-linked to the copied consumers. */
  clone(): ConsumerGroup {
    const g = new ConsumerGroup(this.name, this.lastId, this.entriesRead);
    const copies = new Map<Nack, Nack>();
    for (const [id, n] of this.pel.entries()) {
      const c: Nack = { deliveryTime: n.deliveryTime, deliveryCount: n.deliveryCount, consumer: undefined };
      copies.set(n, c);
      g.pel.tryInsert(id, c);
    }
    for (const cons of this.consumers.values()) {
      const nc = new Consumer(cons.name, cons.seenTime, cons.activeTime);
      g.consumers.set(nc.name, nc);
      for (const [id, n] of cons.pel.entries()) {
        const copy = copies.get(n)!;
        copy.consumer = nc;
        nc.pel.tryInsert(id, copy);
      }
    }
    return g;
  }
}

/** A delivery count plus one, wrapping at 2^64 like Redis's uint64_t. */
export function nextDeliveryCount(c: number | bigint): number | bigint {
  if (typeof c === "number" && c < Number.MAX_SAFE_INTEGER) return c + 1;
  const r = BigInt.asUintN(64, BigInt(c) + 1n);
  return r <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r;
}

/** A delivery count as the signed integer Redis replies with (addReplyLongLong of a uint64). */
export function deliveryCountReply(c: number | bigint): number | bigint {
  if (typeof c === "number") return c;
  const v = BigInt.asIntN(64, c);
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}
