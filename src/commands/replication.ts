/**
 * What a stand-alone primary with no replicas answers to the cluster and replication commands (Redis
 * 7.2 started without cluster-enabled): READONLY, READWRITE, ASKING and CLUSTER refuse with "cluster
 * support disabled"; ROLE reports a master at offset 0 with no replicas; WAIT counts zero replicas and
 * blocks until its timeout when asked for more; WAITAOF acknowledges the local AOF when appendonly is
 * on (the engine's AOF writer has the command's effects once the command returns; see the note in
 * persistence about fsync) and no replicas.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { MUST_BE_POSITIVE, errorText, valueMustBetween } from "../engine/errors.js";
import { int64Arg } from "../engine/int64.js";
import { COMMAND_META } from "./meta.generated.js";
import { timeoutMillisArg } from "../engine/timeout.js";

const CLUSTER_DISABLED = errorText("ERR This instance has cluster support disabled");

const clusterDisabled: Handler = () => {
  throw CLUSTER_DISABLED;
};

/** getLongFromObjectOrReply. */
function longArg(arg: string): number {
  return Number(int64Arg(arg));
}

/** WAIT numreplicas timeout: there are no replicas, so 0 — after the timeout when more were asked for. */
const wait: Handler = (s, argv) => {
  const numreplicas = longArg(argv[1]!);
  const timeoutAt = timeoutMillisArg(s, argv[2]!);
  if (numreplicas <= 0) return 0;
  return s.engine.blocking.blockOn(s, [], timeoutAt, 0);
};

/** WAITAOF numlocal numreplicas timeout (7.2). */
const waitaof: Handler = (s, argv) => {
  const numlocal = longArg(argv[1]!);
  if (numlocal < 0 || numlocal > 1) throw valueMustBetween(0, 1);
  const numreplicas = longArg(argv[2]!);
  if (numreplicas < 0) throw MUST_BE_POSITIVE;
  const timeoutAt = timeoutMillisArg(s, argv[3]!);
  const aof = s.engine.config.get("appendonly") === "yes";
  if (numlocal > 0 && !aof) throw errorText("ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.");
  const acked: [number, number] = [aof ? 1 : 0, 0];
  if (acked[0] >= numlocal && acked[1] >= numreplicas) return acked;
  return s.engine.blocking.blockOn(s, [], timeoutAt, acked);
};

export const COMMANDS: CommandDef[] = [
  { name: "readonly", handler: clusterDisabled },
  { name: "readwrite", handler: clusterDisabled },
  { name: "asking", handler: clusterDisabled },
  // Every CLUSTER subcommand (an unknown one is still "unknown subcommand", from dispatch).
  ...Object.keys(COMMAND_META)
    .filter((name) => name.startsWith("cluster|"))
    .map((name) => ({ name, handler: clusterDisabled })),
  { name: "role", handler: () => ["master", 0, []] },
  { name: "wait", handler: wait },
  { name: "waitaof", handler: waitaof },
];
