/**
 * The transactions group (multi.c): MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in
 * dispatch (engine.ts), which knows when a command is rejected; the bookkeeping of watched keys is in
 * src/engine/multi.ts.
 */
import type { CommandDef } from "../engine/command-types.js";
import {
  DISCARD_WITHOUT_MULTI,
  EXECABORT,
  EXEC_WITHOUT_MULTI,
  MULTI_NESTED,
  WATCH_INSIDE_MULTI,
} from "../engine/errors.js";
import { NullArray, OK } from "../engine/reply.js";
import type { Session } from "../engine/session.js";

/** discardTransaction: leaves MULTI and forgets the watched keys. */
function discard(s: Session): void {
  s.multi = undefined;
  s.multiCount = -1;
  s.engine.transactions.unwatch(s);
}

export const COMMANDS: CommandDef[] = [
  {
    name: "multi",
    handler: (s) => {
      if (s.multi !== undefined) throw MULTI_NESTED;
      s.multi = { queue: [], aborted: false };
      s.multiCount = 0;
      return OK;
    },
  },
  {
    name: "exec",
    handler: (s) => {
      const multi = s.multi;
      if (multi === undefined) throw EXEC_WITHOUT_MULTI;
      const tx = s.engine.transactions;
      if (multi.aborted || tx.isCasDirty(s)) {
        discard(s);
        return multi.aborted ? EXECABORT : NullArray.instance;
      }
      discard(s);
      return s.engine.execQueued(s, multi.queue);
    },
  },
  {
    name: "discard",
    handler: (s) => {
      if (s.multi === undefined) throw DISCARD_WITHOUT_MULTI;
      discard(s);
      return OK;
    },
  },
  {
    name: "watch",
    handler: (s, argv) => {
      if (s.multi !== undefined) throw WATCH_INSIDE_MULTI;
      for (let i = 1; i < argv.length; i++) s.engine.transactions.watch(s, s.db, argv[i]!);
      return OK;
    },
  },
  {
    name: "unwatch",
    handler: (s) => {
      s.engine.transactions.unwatch(s);
      return OK;
    },
  },
];
