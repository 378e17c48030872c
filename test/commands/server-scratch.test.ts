import { it } from "vitest";
import { COMMAND_META } from "../../src/commands/meta.generated.js";
import { commandInfo } from "../../src/commands/server-command.js";
import { encodeReplyString } from "../../src/server/resp-encode.js";
import { startOracle } from "../support/differential.js";
import { flagBits, type Command } from "../../src/engine/command-types.js";
import { writeFileSync } from "node:fs";

it("scratch", async () => {
  const o = (await startOracle())!;
  const cmds = new Map<string, Command>();
  for (const [name, meta] of Object.entries(COMMAND_META)) {
    const sep = name.indexOf("|");
    const c: Command = { ...meta, name, fullName: name, handler: () => null, bits: flagBits(meta.flags), calls: 0, rejectedCalls: 0, failedCalls: 0 };
    cmds.set(name, c);
    if (sep >= 0) { const p = cmds.get(name.slice(0, sep))!; p.subcommands ??= new Map(); p.subcommands.set(name.slice(sep + 1), c); }
  }
  const out: string[] = [];
  for (const [name, c] of cmds) {
    const theirs = await o.send(["COMMAND", "INFO", name]);
    const ours = encodeReplyString([commandInfo(c)], 2);
    if (theirs !== ours) out.push(`${name}\n  ours   ${JSON.stringify(ours)}\n  theirs ${JSON.stringify(theirs)}`);
  }
  writeFileSync("/tmp/cmdinfo-diff.txt", out.join("\n"));
  await o.close();
});
