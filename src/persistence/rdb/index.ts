/**
 * Redis's RDB format: snapshots of the whole dataset and DUMP/RESTORE payloads, byte-compatible with
 * Redis 7.0–7.4 both ways. This module is pure (no Node, DOM or worker imports): storage backends and
 * the save/load orchestration sit on top of it.
 *
 * The API:
 *
 *   takeSnapshot(engine): RdbSnapshot
 *     Synchronous and consistent: every database's live (not logically expired) keys with their
 *     values (strings shared, other values cloned), absolute expiry times, and the IDLE/FREQ data
 *     when the maxmemory policy is an LRU/LFU one. No byte work: its cost is the values' clone()
 *     (strings are free; a million-field hashtable clones in about 0.5 s).
 *
 *   encodeRdb(snapshot, { aofBase?, compression?, checksum?, chunkSize? }): Generator<Uint8Array>
 *     The RDB file of a snapshot, in chunks (about 64 KiB each) whose concatenation is the file:
 *     header version 10 (12 only when some hash has field TTLs), AUX redis-ver/redis-bits/ctime/
 *     used-mem/aof-base, SELECTDB, RESIZEDB, EXPIRETIME_MS, the simplest encodings every Redis ≥ 7.0
 *     loads, EOF and the CRC-64. `compression` (default true) is rdbcompression, `checksum` (default
 *     true) rdbchecksum. encodeRdbToBytes(snapshot, options) returns the whole file at once.
 *
 *   decodeRdb(bytes, { allowTrailingBytes?, checkDuplicates? }): RdbDataset
 *     Parses and validates a whole file (versions 1–12, every encoding Redis 7.0–7.4 writes, zsets,
 *     streams and module values included as plain data; CRC checked when non-zero). Throws RdbError
 *     (with `kind` corrupt | truncated | checksum | unsupported and the byte `offset`) on anything
 *     wrong; never returns partial data. `byteLength` says where the RDB ended. A key stored twice
 *     in a database, or a member twice in a plain set or hash, is refused here with checkDuplicates
 *     (off by default: it doubles the decoding time of large files) and always by applyDataset.
 *
 *   applyDataset(engine, dataset, { keepExpired? }): { keysLoaded, keysExpired }
 *     Replaces the engine's dataset atomically: validates, builds every database aside with each
 *     type's API at the engine's encoding thresholds, skipping already expired keys (unless
 *     keepExpired, for an AOF base), then swaps them in. Throws RdbError("… not supported yet")
 *     before changing anything for zsets, streams, module values and FUNCTION libraries.
 *
 *   createDumpPayload(value, compress?) / parseDumpPayload(bytes) / verifyDumpPayload(bytes)
 *     DUMP/RESTORE payloads: type byte, value, RDB version (10) and CRC-64 footer.
 *
 *   crc64(bytes), Crc64, lzfCompress, lzfDecompress: the primitives, exported for the AOF and tests.
 */
export { takeSnapshot, type RdbSnapshot, type SnapshotDb } from "./snapshot.js";
export { encodeRdb, encodeRdbToBytes, type EncodeOptions } from "./encode.js";
export { decodeRdb, type DecodeOptions } from "./decode.js";
export { applyDataset, toEngineValue, type ApplyOptions, type ApplyResult } from "./apply.js";
export { createDumpPayload, parseDumpPayload, verifyDumpPayload, DumpPayloadError } from "./dump-payload.js";
export { RdbError, type RdbErrorKind } from "./errors.js";
export { crc64, Crc64 } from "./crc64.js";
export { lzfCompress, lzfDecompress } from "./lzf.js";
export { RDB_VERSION_WRITE, RDB_VERSION_MAX } from "./constants.js";
export type {
  RdbDataset,
  RdbDb,
  RdbKey,
  RdbValue,
  RdbString,
  RdbList,
  RdbSet,
  RdbHash,
  RdbZset,
  RdbStream,
  RdbStreamEntry,
  RdbStreamGroup,
  RdbStreamNack,
  RdbStreamConsumer,
  RdbModuleValue,
} from "./dataset.js";
