/**
 * Every group's table, in one list. A group file exports `COMMANDS: CommandDef[]`; metadata comes from
 * meta.generated.ts by name.
 */
import type { CommandDef } from "../engine/command-types.js";
import { COMMANDS as STRING } from "./string.js";
import { COMMANDS as GENERIC } from "./generic.js";
import { COMMANDS as CONNECTION } from "./connection.js";
import { COMMANDS as SERVER } from "./server.js";
import { COMMANDS as TRANSACTIONS } from "./transactions.js";
import { COMMANDS as HASH } from "./hash.js";
import { COMMANDS as SET } from "./set.js";
import { COMMANDS as LIST } from "./list.js";
import { COMMANDS as DUMP } from "./dump.js";
import { COMMANDS as PERSISTENCE } from "./persistence.js";
import { COMMANDS as SORT } from "./sort.js";
import { COMMANDS as BITMAP } from "./bitmap.js";
import { COMMANDS as GEO } from "./geo.js";
import { COMMANDS as REPLICATION } from "./replication.js";
import { COMMANDS as PUBSUB } from "./pubsub.js";
import { COMMANDS as ZSET } from "./zset.js";
import { COMMANDS as STREAM } from "./stream.js";
import { COMMANDS as HYPERLOGLOG } from "./hyperloglog.js";

export const ALL_COMMANDS: readonly CommandDef[] = [...STRING, ...GENERIC, ...CONNECTION, ...SERVER, ...TRANSACTIONS, ...HASH, ...SET, ...LIST, ...DUMP, ...PERSISTENCE, ...SORT, ...BITMAP, ...GEO, ...REPLICATION, ...PUBSUB, ...ZSET, ...STREAM, ...HYPERLOGLOG];
