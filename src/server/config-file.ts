/**
 * redis.conf syntax (config.c loadServerConfigFromString) and redis-server's command-line form, both
 * turned into one list of directives. Pure: the caller reads the file.
 *
 * File rules, as Redis has them: one directive per line; each line is trimmed of " \t\r\n"; blank
 * lines and lines starting with '#' are skipped; the rest is split with sdssplitargs (quotes and
 * escapes, split-args.ts), and unbalanced quotes are an error; the directive name is case-insensitive.
 *
 * Command-line rules (redis-server's main): `--name v1 v2 …` takes every following word up to the
 * next `--option` as its arguments, so `--bind 127.0.0.1 ::1` has two and `--save ""` has one, empty.
 * `--name=value` is accepted too. Command-line directives come after the file's, so they win.
 */
import { splitArgs } from "./split-args.js";

export interface Directive {
  /** Lower-case name. */
  name: string;
  args: string[];
  /** Where it came from, for error messages: `line 12` or `the command line`. */
  origin: string;
  /** The text as written (the trimmed line, or the options joined). */
  text: string;
}

/** A configuration problem, with Redis's report layout in `message`. */
export class ConfigError extends Error {
  constructor(directive: Pick<Directive, "origin" | "text"> | undefined, reason: string) {
    const where =
      directive === undefined
        ? ""
        : directive.origin === "the command line"
          ? `Reading the command line options\n>>> '${directive.text}'\n`
          : `Reading the configuration file, at ${directive.origin}\n>>> '${directive.text}'\n`;
    super(`\n*** FATAL CONFIG FILE ERROR (redis-anywhere) ***\n${where}${reason}`);
    this.name = "ConfigError";
  }
}

/** Parses a redis.conf text into directives; throws ConfigError for unbalanced quotes. */
export function parseConfigText(text: string): Directive[] {
  const out: Directive[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    if (line === "" || line.startsWith("#")) continue;
    const origin = `line ${i + 1}`;
    const argv = splitArgs(line);
    if (argv === undefined) throw new ConfigError({ origin, text: line }, "Unbalanced quotes in configuration line");
    if (argv.length === 0) continue;
    out.push({ name: argv[0]!.toLowerCase(), args: argv.slice(1), origin, text: line });
  }
  return out;
}

/**
 * Splits command-line options into directives. Words before the first `--option` are returned in
 * `positional` (the CLI decides what they mean: a config file path, as redis-server takes one).
 */
export function parseOptionArgs(argv: readonly string[]): { directives: Directive[]; positional: string[] } {
  const directives: Directive[] = [];
  const positional: string[] = [];
  let current: Directive | undefined;
  for (const word of argv) {
    if (word.startsWith("--") && word.length > 2) {
      const eq = word.indexOf("=");
      const name = (eq < 0 ? word.slice(2) : word.slice(2, eq)).toLowerCase();
      current = { name, args: eq < 0 ? [] : [word.slice(eq + 1)], origin: "the command line", text: "" };
      directives.push(current);
    } else if (current === undefined) {
      positional.push(word);
    } else {
      current.args.push(word);
    }
  }
  for (const d of directives) d.text = [d.name, ...d.args.map((a) => (a === "" || /\s/.test(a) ? JSON.stringify(a) : a))].join(" ");
  return { directives, positional };
}
