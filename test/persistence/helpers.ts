/**
 * Helpers for the persistence tests: a canonical view of an engine's whole dataset (to compare
 * before/after a save, a reload, a crash), command shortcuts, temporary directories.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine } from "../../src/engine/engine.js";
import { PendingReply, type Reply } from "../../src/engine/reply.js";
import type { Session } from "../../src/engine/session.js";
import { hashFieldTtl, hashPairs, type HashValue } from "../../src/types/hash/hash-value.js";
import type { ListValue } from "../../src/types/list/list-value.js";
import type { SetValue } from "../../src/types/set/set-value.js";

export type Canonical = Record<string, { type: string; value: unknown; expireAt: number }>;

/** Every key of every database as plain data (sets and hashes sorted), ignoring encodings. */
export function contents(engine: Engine): Record<number, Canonical> {
  const out: Record<number, Canonical> = {};
  for (const db of engine.allDbs()) {
    if (db.size === 0) continue;
    const c: Canonical = {};
    for (const [key, e] of [...db.dict].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const v = e.value;
      let value: unknown;
      let type: string;
      if (typeof v === "string") {
        type = "string";
        value = v;
      } else if (v.type === "list") {
        type = "list";
        value = (v as ListValue).items.slice();
      } else if (v.type === "set") {
        type = "set";
        value = (v as SetValue).members().sort();
      } else if (v.type === "hash") {
        type = "hash";
        const h = v as HashValue;
        const p = hashPairs(h);
        const rows: string[][] = [];
        for (let i = 0; i < p.length; i += 2) rows.push([p[i]!, p[i + 1]!, String(hashFieldTtl(h, p[i]!) ?? 0)]);
        value = rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
      } else {
        type = v.type;
        value = "?";
      }
      c[key] = { type, value, expireAt: e.expireAt };
    }
    out[db.id] = c;
  }
  return out;
}

/** Runs a command and returns its reply, awaiting a pending one (the durability barrier, SAVE …). */
export async function cmd(s: Session, ...argv: (string | number)[]): Promise<Reply> {
  const r = s.exec(argv.map(String));
  return r instanceof PendingReply ? r.promise : r;
}

export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `redis-anywhere-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
