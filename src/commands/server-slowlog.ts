/**
 * SLOWLOG GET/LEN/RESET/HELP (slowlog.c); the log itself is engine.slowlog (src/engine/slowlog.ts).
 */
import type { CommandDef } from "../engine/command-types.js";
import { errorText } from "../engine/errors.js";
import { parseInt64 } from "../engine/int64.js";
import { OK, type Reply } from "../engine/reply.js";
import { helpReply } from "./connection-client.js";

const COUNT_ERROR = errorText("ERR count should be greater than or equal to -1");

const HELP = [
  "GET [<count>]",
  "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
  "    Entries are made of:",
  "    id, timestamp, time in microseconds, arguments array, client IP and port,",
  "    client name",
  "LEN",
  "    Return the length of the slowlog.",
  "RESET",
  "    Reset the slowlog.",
];

export const SLOWLOG_COMMANDS: CommandDef[] = [
  {
    name: "slowlog|get",
    handler: (s, argv) => {
      if (argv.length > 3) {
        throw errorText(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!}'. Try SLOWLOG HELP.`);
      }
      let count = 10;
      if (argv.length === 3) {
        const n = parseInt64(argv[2]!);
        if (n === undefined || n < -1) throw COUNT_ERROR;
        count = n === -1 ? s.engine.slowlog.length : Number(n);
      }
      return s.engine.slowlog.newest(count).map((e): Reply => [e.id, e.time, e.duration, e.argv, e.peer, e.name]);
    },
  },
  { name: "slowlog|len", handler: (s) => s.engine.slowlog.length },
  {
    name: "slowlog|reset",
    handler: (s) => {
      s.engine.slowlog.reset();
      return OK;
    },
  },
  { name: "slowlog|help", handler: (_s, argv) => helpReply(argv[0]!, HELP) },
];
