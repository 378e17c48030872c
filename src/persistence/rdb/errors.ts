/**
 * RdbError: every failure to read, validate or apply an RDB file or a DUMP payload.
 *
 * The message always says what was wrong and, when it concerns bytes, at which offset of the input
 * (and in which key), so a corrupted file can be located with a hex dump. `kind` lets callers react
 * without parsing messages: an AOF loader treats a `truncated` preamble differently from a `corrupt`
 * one, and `unsupported` means the data is valid Redis data the engine cannot hold (yet).
 */

export type RdbErrorKind = "corrupt" | "truncated" | "checksum" | "unsupported";

export class RdbError extends Error {
  override readonly name = "RdbError";
  constructor(
    message: string,
    readonly kind: RdbErrorKind = "corrupt",
    /** Byte offset in the input where the problem was found, when it concerns bytes. */
    readonly offset: number | undefined = undefined,
  ) {
    super(message);
  }
}
