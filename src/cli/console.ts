#!/usr/bin/env node
/**
 * `npm start`: an interactive console, like redis-cli, on an embedded engine in this process
 * (createEngine() with its default options: in memory, nothing persisted, gone when the console exits).
 *
 * On a terminal it prints a banner and a prompt (`redis-anywhere> `, `redis-anywhere[1]> ` for a
 * non-zero database, `(TX)` inside MULTI), with history and command-name completion (Tab). When stdin
 * is not a terminal it prints no banner or prompt: it reads one command per line, prints each reply
 * as redis-cli would, and exits at end of input, so it can be scripted:
 *   printf 'SET a 1\nGET a\n' | node dist/cli/console.js
 *
 * This is Node-only host code. The package compiles with `types: []` so that the core cannot reach
 * for Node globals by accident; the few Node APIs used here are therefore typed locally below and
 * loaded with dynamic imports. The console logic itself lives in format.ts and is platform-free.
 */
import { COMMAND_META } from "../commands/meta.generated.js";
import { toBytes } from "../engine/bytes.js";
import { createEngine } from "../index.js";
import { Console } from "./format.js";

// ------------------------------------------------------------------ the Node surface used here

interface WritableLike {
  write(chunk: Uint8Array | string): boolean;
}
interface ReadableLike {
  isTTY?: boolean;
}
interface NodeProcessLike {
  stdin: ReadableLike;
  stdout: WritableLike;
  stderr: WritableLike;
  exitCode?: number;
  exit(code?: number): never;
}
interface ReadlineLike extends AsyncIterable<string> {
  setPrompt(prompt: string): void;
  prompt(preserveCursor?: boolean): void;
  close(): void;
  on(event: "SIGINT", listener: () => void): unknown;
}
interface ReadlineModuleLike {
  createInterface(options: {
    input: ReadableLike;
    output?: WritableLike;
    terminal: boolean;
    completer?: (line: string) => [string[], string];
    historySize?: number;
  }): ReadlineLike;
}
interface FsModuleLike {
  readFileSync(path: URL, encoding: "utf8"): string;
}

const proc = (globalThis as unknown as { process: NodeProcessLike }).process;
/** A dynamic import the type checker does not resolve (no Node typings in this package's build). */
const load = (specifier: string): Promise<unknown> => import(specifier);

// ------------------------------------------------------------------------------------ program

async function packageVersion(): Promise<string> {
  try {
    const fs = (await load("node:fs")) as FsModuleLike;
    const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "";
  } catch {
    return "";
  }
}

/** Writes a binary string (one char per byte) as its bytes. */
function writeBytes(s: string): void {
  if (s.length > 0) proc.stdout.write(toBytes(s));
}

function completer(line: string): [string[], string] {
  const start = line.trimStart();
  if (/\s/.test(start)) return [[], line];
  const word = start.toLowerCase();
  const names = Object.keys(COMMAND_META)
    .filter((n) => !n.includes("|") && n.startsWith(word))
    .map((n) => n.toUpperCase());
  return [names, start];
}

async function main(): Promise<void> {
  const readline = (await load("node:readline")) as ReadlineModuleLike;
  const version = await packageVersion();
  const tty = proc.stdin.isTTY === true;
  const con = new Console(createEngine(), version);
  const rl = readline.createInterface(
    tty
      ? { input: proc.stdin, output: proc.stdout, terminal: true, completer, historySize: 1000 }
      : { input: proc.stdin, terminal: false },
  );
  const finish = (): void => {
    con.close();
    rl.close();
  };
  if (tty) {
    writeBytes(
      `redis-anywhere ${version}: a Redis 7.2 engine in plain TypeScript, embedded in this process\n` +
        `(in memory only: the data is gone when you exit). Replies read as in redis-cli.\n` +
        `Type "help" for help, "quit" to exit.\n\n`,
    );
    con.onAsyncOutput = (text) => {
      // A message that arrives while the user is typing: print it above the prompt, then redraw.
      proc.stdout.write("\r\x1b[K");
      writeBytes(text);
      rl.prompt(true);
    };
    rl.on("SIGINT", () => {
      proc.stdout.write("\n");
      finish();
      // A cancelled blocking command's promise may never settle: leave now.
      proc.exit(0);
    });
    rl.setPrompt(con.prompt);
    rl.prompt();
  } else {
    con.onAsyncOutput = writeBytes;
  }
  for await (const text of rl) {
    const out = await con.line(text);
    if (out === null) break;
    writeBytes(out);
    if (tty) {
      rl.setPrompt(con.prompt);
      rl.prompt();
    }
  }
  finish();
}

main().catch((e: unknown) => {
  proc.stderr.write(`redis-anywhere console: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  proc.exitCode = 1;
});
