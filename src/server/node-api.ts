/**
 * The few Node APIs the server and its CLI use, typed here by hand. The package compiles with
 * `types: []` so that the platform-free core cannot reach for Node globals by accident; host code
 * (src/server, src/cli) therefore declares the slice of Node it needs and loads the modules with a
 * dynamic import the type checker does not resolve.
 */

export interface SocketLike {
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
  readonly localAddress?: string | undefined;
  readonly localPort?: number | undefined;
  readonly writableLength: number;
  readonly writableNeedDrain: boolean;
  readonly destroyed: boolean;
  write(data: string, encoding: "latin1"): boolean;
  write(data: Uint8Array): boolean;
  end(): void;
  destroy(): void;
  cork(): void;
  uncork(): void;
  pause(): void;
  resume(): void;
  setNoDelay(noDelay: boolean): void;
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "drain" | "end" | "close", listener: () => void): void;
  on(event: "error", listener: (e: Error) => void): void;
}

export interface AddressInfoLike {
  address: string;
  family: string;
  port: number;
}

export interface NetServerLike {
  listen(options: { port: number; host: string; exclusive?: boolean }, callback: () => void): void;
  address(): AddressInfoLike | string | null;
  close(callback?: (e?: Error) => void): void;
  once(event: "error", listener: (e: Error & { code?: string }) => void): void;
  on(event: "error", listener: (e: Error) => void): void;
  removeAllListeners(event: "error"): void;
}

export interface NetModuleLike {
  createServer(options: { noDelay?: boolean }, onConnection: (socket: SocketLike) => void): NetServerLike;
  isIP(input: string): number;
}

export interface TimerHandle {
  unref?(): void;
}

export interface ProcessLike {
  argv: string[];
  stdout: { write(s: string): boolean };
  stderr: { write(s: string): boolean };
  exitCode?: number | undefined;
  pid: number;
  exit(code?: number): never;
  on(event: "SIGTERM" | "SIGINT", listener: () => void): void;
  cwd(): string;
}

export interface FsModuleLike {
  readFileSync(path: string, encoding: "latin1" | "utf8"): string;
}

export interface PathModuleLike {
  resolve(...parts: string[]): string;
}

/** A dynamic import the type checker does not resolve (no Node typings in this package's build). */
export const loadModule = (specifier: string): Promise<unknown> => import(specifier);

export function nodeProcess(): ProcessLike {
  return (globalThis as unknown as { process: ProcessLike }).process;
}

interface BufferStatics {
  prototype: { latin1Slice(this: Uint8Array, start: number, end: number): string };
}

/**
 * Node's native latin1 decoding of a byte range (true ISO-8859-1: byte n → U+00nn), used by the
 * request parser for arguments longer than a few bytes. Undefined outside Node.
 */
export function latin1Decoder(): ((bytes: Uint8Array, start: number, end: number) => string) | undefined {
  const B = (globalThis as unknown as { Buffer?: BufferStatics }).Buffer;
  const slice = B?.prototype.latin1Slice;
  if (slice === undefined) return undefined;
  return (bytes, start, end) => {
    if (end - start <= 12) {
      // Short arguments (commands, small keys): a JS loop beats the native call's overhead.
      let s = "";
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
      return s;
    }
    return slice.call(bytes, start, end);
  };
}
