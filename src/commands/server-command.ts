/**
 * COMMAND and its subcommands (server.c): the command table describing itself. Everything comes from
 * the engine's table (Redis's metadata from meta.generated.ts merged with our handlers), so only the
 * commands this engine implements are listed, described or counted.
 *
 * Reply shapes follow Redis 7.2 exactly, RESP3 types included: flags, ACL categories, tips and key
 * specs are sets; COMMAND INFO's subcommand list is an empty set or an array; DOCS is a map of maps.
 * Redis iterates hash tables where we iterate our table in order, so only the order can differ.
 */
import type { Command, CommandDef, KeySpec } from "../engine/command-types.js";
import type { Engine } from "../engine/engine.js";
import {
  GETKEYS_BAD_ARITY,
  GETKEYS_INVALID_ARGS,
  GETKEYS_INVALID_COMMAND,
  GETKEYS_NO_KEYS,
  SYNTAX,
} from "../engine/errors.js";
import { globMatch } from "../engine/glob.js";
import { commandHasKeys, formatKeyFlags, getCommandKeys } from "../engine/key-specs.js";
import { MapReply, SetReply, SimpleString, type Reply } from "../engine/reply.js";
import { helpReply } from "./connection-client.js";

/** Command flags in COMMAND's order (addReplyFlagsForCommand); sentinel, may_replicate, protected … stay hidden. */
const SHOWN_FLAGS = [
  "write",
  "readonly",
  "denyoom",
  "module",
  "admin",
  "pubsub",
  "noscript",
  "blocking",
  "loading",
  "stale",
  "skip_monitor",
  "skip_slowlog",
  "asking",
  "fast",
  "no_auth",
  "no_mandatory_keys",
  "no_async_loading",
  "no_multi",
  "movablekeys",
  "allow_busy",
] as const;

/** ACL categories in acl.c's order (ACLCommandCategories), which is the order COMMAND prints them in. */
export const ACL_CATEGORIES = [
  "keyspace",
  "read",
  "write",
  "set",
  "sortedset",
  "list",
  "hash",
  "string",
  "bitmap",
  "hyperloglog",
  "geo",
  "stream",
  "pubsub",
  "admin",
  "fast",
  "slow",
  "blocking",
  "dangerous",
  "connection",
  "transaction",
  "scripting",
] as const;

/** The notes Redis's JSON attaches to some key specs, by spec index (the one key-spec field the metadata lacks). */
const BY_GET_NOTE =
  "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort";
const KEY_SPEC_NOTES: Readonly<Record<string, readonly (string | undefined)[]>> = {
  bitfield: ["This command allows both access and modification of the key"],
  pfcount: ["RW because it may change the internal representation of the key, and propagate to replicas"],
  eval: ["We cannot tell how the keys will be used so we assume the worst, RW and UPDATE"],
  eval_ro: ["We cannot tell how the keys will be used so we assume the worst, RO and ACCESS"],
  fcall: ["We cannot tell how the keys will be used so we assume the worst, RW and UPDATE"],
  fcall_ro: ["We cannot tell how the keys will be used so we assume the worst, RO and ACCESS"],
  xadd: ["UPDATE instead of INSERT because of the optional trimming feature"],
  getex: ["RW and UPDATE because it changes the TTL"],
  set: ["RW and ACCESS due to the optional `GET` argument"],
  sort: [
    undefined,
    BY_GET_NOTE,
    "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
  ],
  sort_ro: [undefined, BY_GET_NOTE],
};

/** Explicit categories plus the ones Redis derives from the flags (setImplicitACLCategories). */
export function aclCategories(cmd: Command): string[] {
  const cats = new Set(cmd.acl);
  const f = new Set(cmd.flags);
  if (f.has("write")) cats.add("write");
  if (f.has("readonly") && !cats.has("scripting")) cats.add("read");
  if (f.has("admin")) {
    cats.add("admin");
    cats.add("dangerous");
  }
  if (f.has("pubsub")) cats.add("pubsub");
  if (f.has("fast")) cats.add("fast");
  if (f.has("blocking")) cats.add("blocking");
  if (!cats.has("fast")) cats.add("slow");
  return ACL_CATEGORIES.filter((c) => cats.has(c));
}

const status = (names: readonly string[]): Reply => new SetReply(names.map((n) => new SimpleString(n)));

function keySpecReply(spec: KeySpec, note: string | undefined): Reply {
  const bs = spec.bs;
  const begin =
    bs.type === "index"
      ? new MapReply(["type", "index", "spec", new MapReply(["index", bs.index])])
      : bs.type === "keyword"
        ? new MapReply(["type", "keyword", "spec", new MapReply(["keyword", bs.keyword, "startfrom", bs.startfrom])])
        : new MapReply(["type", "unknown", "spec", new MapReply([])]);
  const fk = spec.fk;
  const find =
    fk.type === "range"
      ? new MapReply(["type", "range", "spec", new MapReply(["lastkey", fk.lastkey, "keystep", fk.keystep, "limit", fk.limit])])
      : fk.type === "keynum"
        ? new MapReply([
            "type",
            "keynum",
            "spec",
            new MapReply(["keynumidx", fk.keynumidx, "firstkey", fk.firstkey, "keystep", fk.keystep]),
          ])
        : new MapReply(["type", "unknown", "spec", new MapReply([])]);
  const fields: Reply[] = [];
  if (note !== undefined) fields.push("notes", note);
  fields.push("flags", status(formatKeyFlags(spec.flags)), "begin_search", begin, "find_keys", find);
  return new MapReply(fields);
}

function subcommandsOf(cmd: Command): Command[] {
  return cmd.subcommands === undefined ? [] : [...cmd.subcommands.values()];
}

/** addReplyCommandInfo: the 10-element description of a command (null for an unknown name). */
export function commandInfo(cmd: Command | undefined): Reply {
  if (cmd === undefined) return null;
  const [first, last, step] = cmd.keys;
  const notes = KEY_SPEC_NOTES[cmd.fullName] ?? [];
  const subs = subcommandsOf(cmd);
  return [
    cmd.fullName,
    cmd.arity,
    status(SHOWN_FLAGS.filter((f) => cmd.flags.includes(f))),
    first,
    last,
    step,
    status(aclCategories(cmd).map((c) => `@${c}`)),
    new SetReply(cmd.tips.slice()),
    new SetReply(cmd.keySpecs.map((k, i) => keySpecReply(k, notes[i]))),
    // Redis answers an empty *set* when there are no subcommands, and an array when there are.
    subs.length === 0 ? new SetReply([]) : subs.map((c) => commandInfo(c)),
  ];
}

/** addReplyCommandDocs, with the fields our metadata has (no summary, complexity, history, arguments). */
function commandDocs(cmd: Command): Reply {
  const fields: Reply[] = [];
  if (cmd.since !== "") fields.push("since", cmd.since);
  fields.push("group", cmd.group);
  if (cmd.docFlags.length > 0) fields.push("doc_flags", status(cmd.docFlags));
  if (cmd.deprecatedSince !== undefined) fields.push("deprecated_since", cmd.deprecatedSince);
  if (cmd.replacedBy !== undefined) fields.push("replaced_by", cmd.replacedBy);
  const subs = subcommandsOf(cmd);
  if (subs.length > 0) {
    const m: Reply[] = [];
    for (const sub of subs) m.push(sub.fullName, commandDocs(sub));
    fields.push("subcommands", new MapReply(m));
  }
  return new MapReply(fields);
}

/** The top-level commands, each once (the table maps both spellings of every name). */
export function topLevelCommands(engine: Engine): Command[] {
  return [...new Set(engine.commands.values())];
}

/** lookupCommandBySds: `name` or `container|sub`, strictly (a container's name alone is the container). */
function lookupByFullName(engine: Engine, fullName: string): Command | undefined {
  const parts = fullName.split("|");
  if (parts.length < 1 || parts.length > 2) return undefined;
  const base = engine.lookupCommand(parts[0]!);
  if (parts.length === 1) return base;
  return base?.subcommands?.get(parts[1]!.toLowerCase());
}

/** lookupCommand on an argv: a container with a second argument resolves to its subcommand. */
function lookupByArgv(engine: Engine, argv: readonly string[]): Command | undefined {
  const base = engine.lookupCommand(argv[0]!);
  if (base === undefined) return undefined;
  if (argv.length === 1 || base.subcommands === undefined) return base;
  return base.subcommands.get(argv[1]!.toLowerCase());
}

/** COMMAND GETKEYS / GETKEYSANDFLAGS (getKeysSubcommandImpl). */
function getKeysReply(engine: Engine, argv: readonly string[], withFlags: boolean): Reply {
  const target = argv.slice(2);
  const cmd = lookupByArgv(engine, target);
  if (cmd === undefined) throw GETKEYS_INVALID_COMMAND;
  if (!commandHasKeys(cmd)) throw GETKEYS_NO_KEYS;
  const n = target.length;
  if ((cmd.arity > 0 && cmd.arity !== n) || n < -cmd.arity) throw GETKEYS_BAD_ARITY;
  const keys = getCommandKeys(cmd, target);
  if (keys.length === 0) {
    if (cmd.flags.includes("no_mandatory_keys")) return [];
    throw GETKEYS_INVALID_ARGS;
  }
  return keys.map((k) => (withFlags ? [target[k.pos]!, status(formatKeyFlags(k.flags))] : target[k.pos]!));
}

const COMMAND_HELP = [
  "(no subcommand)",
  "    Return details about all Redis commands.",
  "COUNT",
  "    Return the total number of commands in this Redis server.",
  "LIST",
  "    Return a list of all commands in this Redis server.",
  "INFO [<command-name> ...]",
  "    Return details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "DOCS [<command-name> ...]",
  "    Return documentation details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "GETKEYS <full-command>",
  "    Return the keys from a full Redis command.",
  "GETKEYSANDFLAGS <full-command>",
  "    Return the keys and the access flags from a full Redis command.",
];

type ListFilter = (cmd: Command) => boolean;

/** COMMAND LIST FILTERBY: MODULE (no modules here), ACLCAT <category>, PATTERN <glob>. */
function listFilter(argv: readonly string[]): ListFilter | undefined {
  let filter: ListFilter | undefined;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (argv[i]!.toLowerCase() !== "filterby" || more !== 2) throw SYNTAX;
    const kind = argv[i + 1]!.toLowerCase();
    const arg = argv[i + 2]!;
    if (kind === "module") {
      filter = () => false;
    } else if (kind === "aclcat") {
      const cat = arg.toLowerCase();
      filter = (cmd) => aclCategories(cmd).includes(cat);
    } else if (kind === "pattern") {
      filter = (cmd) => globMatch(arg, cmd.fullName, true);
    } else {
      throw SYNTAX;
    }
    i += 2;
  }
  return filter;
}

export const COMMAND_COMMANDS: CommandDef[] = [
  // The container itself answers COMMAND without a subcommand; it must precede its subcommands.
  {
    name: "command",
    handler: (s) => topLevelCommands(s.engine).map((c) => commandInfo(c)),
  },
  {
    name: "command|count",
    handler: (s) => topLevelCommands(s.engine).length,
  },
  {
    name: "command|info",
    handler: (s, argv) => {
      if (argv.length === 2) return topLevelCommands(s.engine).map((c) => commandInfo(c));
      return argv.slice(2).map((name) => commandInfo(lookupByFullName(s.engine, name)));
    },
  },
  {
    name: "command|docs",
    handler: (s, argv) => {
      const m: Reply[] = [];
      const cmds =
        argv.length === 2
          ? topLevelCommands(s.engine)
          : argv.slice(2).flatMap((name) => lookupByFullName(s.engine, name) ?? []);
      for (const c of cmds) m.push(c.fullName, commandDocs(c));
      return new MapReply(m);
    },
  },
  {
    name: "command|list",
    handler: (s, argv) => {
      const filter = listFilter(argv);
      const out: string[] = [];
      for (const c of topLevelCommands(s.engine)) {
        if (filter === undefined || filter(c)) out.push(c.fullName);
        for (const sub of subcommandsOf(c)) if (filter === undefined || filter(sub)) out.push(sub.fullName);
      }
      return out;
    },
  },
  {
    name: "command|getkeys",
    handler: (s, argv) => getKeysReply(s.engine, argv, false),
  },
  {
    name: "command|getkeysandflags",
    handler: (s, argv) => getKeysReply(s.engine, argv, true),
  },
  {
    name: "command|help",
    handler: (_s, argv) => helpReply(argv[0]!, COMMAND_HELP),
  },
];
