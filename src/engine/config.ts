/**
 * Configuration parameters by Redis's own names (CONFIG GET/SET, createEngine({ config })).
 * Each parameter is declared once in config-params.ts with its type, default and limits; values are
 * kept as Redis prints them (CONFIG GET's canonical form).
 *
 * Redis's config.c semantics, kept here once:
 *  - An alias (hash-max-ziplist-entries) is a parameter of its own name that shares its primary's
 *    value: CONFIG GET patterns list both names, and CONFIG SET of both in one call is not a
 *    "duplicate parameter" (Redis registers them as distinct entries).
 *  - CONFIG SET is atomic: every name is checked first (unknown, immutable, protected, duplicate: the
 *    first problem wins), then every value is parsed; nothing changes unless all of them pass.
 *  - CONFIG GET with a plain name answers under the name as typed; with a glob pattern it answers
 *    under the registered names, skipping hidden parameters; names are de-duplicated ignoring case.
 */
import { RedisError } from "./errors.js";
import { globMatch } from "./glob.js";

export interface ConfigParam {
  name: string;
  aliases?: string[];
  /** The default, in canonical form. */
  default: string;
  /** Cannot be changed at run time (only at creation). */
  immutable?: boolean;
  /** PROTECTED_CONFIG: changeable at run time only where enable-protected-configs allows it. */
  protected?: boolean;
  /** HIDDEN_CONFIG: glob patterns in CONFIG GET skip it; its exact name still answers. */
  hidden?: boolean;
  /** Turns user input into the canonical stored form, or throws an Error whose message Redis would print. */
  parse(input: string): string;
  /** Runs after a successful set (caches, timers). */
  apply?(value: string): void;
  /**
   * How CONFIG GET shows the stored value, when Redis's display loses information the stored form
   * must keep (notify-keyspace-events hides "n" next to "A" but still honours it).
   */
  display?(value: string): string;
}

/** One registered name: the primary name or one of its aliases. */
interface Entry {
  /** As registered (lower case): what CONFIG GET patterns answer under and errors name. */
  name: string;
  param: ConfigParam;
}

export interface SetOptions {
  /** Creation time: immutable and protected parameters may be set. */
  atStartup?: boolean;
  /** Whether the caller may change protected parameters (enable-protected-configs, decided by the caller). */
  allowProtected?: boolean;
}

const GLOB_CHARS = /[[*?]/;

export class ConfigStore {
  private readonly entries = new Map<string, Entry>();
  private readonly values = new Map<string, string>();

  register(p: ConfigParam): void {
    this.entries.set(p.name.toLowerCase(), { name: p.name.toLowerCase(), param: p });
    for (const a of p.aliases ?? []) this.entries.set(a.toLowerCase(), { name: a.toLowerCase(), param: p });
    this.values.set(p.name, p.default);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** The current value of a parameter (by name or alias, any case); throws for an unknown name. */
  get(name: string): string {
    const e = this.entries.get(name.toLowerCase());
    if (e === undefined) throw new Error(`unknown config ${name}`);
    return this.values.get(e.param.name)!;
  }

  /** The parameter declared under `name` (or alias), if any. */
  param(name: string): ConfigParam | undefined {
    return this.entries.get(name.toLowerCase())?.param;
  }

  private shown(p: ConfigParam): string {
    const v = this.values.get(p.name)!;
    return p.display === undefined ? v : p.display(v);
  }

  /** CONFIG GET: pairs of name and value for the given names and glob patterns, in order found. O(params · patterns). */
  match(patterns: readonly string[]): [string, string][] {
    const out = new Map<string, [string, string]>();
    for (const pat of patterns) {
      if (!GLOB_CHARS.test(pat)) {
        const key = pat.toLowerCase();
        if (out.has(key)) continue;
        const e = this.entries.get(key);
        if (e !== undefined) out.set(key, [pat, this.shown(e.param)]);
        continue;
      }
      for (const e of this.entries.values()) {
        if (e.param.hidden || out.has(e.name)) continue;
        if (globMatch(pat, e.name, true)) out.set(e.name, [e.name, this.shown(e.param)]);
      }
    }
    return [...out.values()];
  }

  /**
   * Sets several parameters atomically (CONFIG SET). Throws a RedisError in CONFIG SET's words;
   * nothing is changed then. The boolean form (`atStartup`) is kept for createEngine.
   */
  setMany(pairs: readonly [string, string][], options: SetOptions | boolean = {}): void {
    const opts: SetOptions = typeof options === "boolean" ? { atStartup: options } : options;
    const atStartup = opts.atStartup ?? false;
    const allowProtected = atStartup || (opts.allowProtected ?? true);
    const chosen: Entry[] = [];
    const fail = (arg: string, why: string) =>
      new RedisError(`ERR CONFIG SET failed (possibly related to argument '${arg}') - ${why}`);
    for (const [rawName] of pairs) {
      const e = this.entries.get(rawName.toLowerCase());
      if (e === undefined) throw new RedisError(`ERR Unknown option or number of arguments for CONFIG SET - '${rawName}'`);
      if (!atStartup && (e.param.immutable || (e.param.protected && !allowProtected))) {
        throw fail(rawName, e.param.immutable ? "can't set immutable config" : "can't set protected config");
      }
      if (chosen.includes(e)) throw fail(rawName, "duplicate parameter");
      chosen.push(e);
    }
    const parsed: string[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const e = chosen[i]!;
      try {
        parsed.push(e.param.parse(pairs[i]![1]));
      } catch (err) {
        throw fail(e.name, (err as Error).message);
      }
    }
    for (let i = 0; i < chosen.length; i++) this.values.set(chosen[i]!.param.name, parsed[i]!);
    this.version++;
    // An alias and its primary set in one call: like Redis, the later one wins and apply runs once.
    const applied = new Set<ConfigParam>(chosen.map((e) => e.param));
    for (const p of applied) p.apply?.(this.values.get(p.name)!);
  }

  /**
   * Bumped by every successful set: caches derived from the configuration (encoding-limits.ts)
   * compare it instead of re-reading parameters on hot paths.
   */
  version = 0;

  /** All primary names, for CONFIG GET * style listings and docs. */
  names(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.param.name))];
  }
}
