/**
 * The numbers of the RDB format (Redis's rdb.h, 7.0–7.4): object type codes, opcodes, the length
 * encoding tags and the special string encodings. Kept in one place so the encoder and the decoder
 * cannot disagree.
 */

/** The RDB version our files and DUMP payloads carry: 10 is what Redis 7.0 writes and the newest it loads. */
export const RDB_VERSION_WRITE = 10;
/**
 * Files holding hashes with field TTLs need types 24/25, which only Redis ≥ 7.4 (RDB 12) knows: such
 * files are stamped 12 so that an older server refuses them at the header instead of mid-file.
 */
export const RDB_VERSION_FIELD_TTL = 12;
/** The newest version we read (Redis 7.4). */
export const RDB_VERSION_MAX = 12;

// Object types.
export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_MODULE_PRE_GA = 6;
export const RDB_TYPE_MODULE_2 = 7;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
export const RDB_TYPE_SET_LISTPACK = 20;
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;
export const RDB_TYPE_HASH_METADATA_PRE_GA = 22;
export const RDB_TYPE_HASH_LISTPACK_EX_PRE_GA = 23;
export const RDB_TYPE_HASH_METADATA = 24;
export const RDB_TYPE_HASH_LISTPACK_EX = 25;

/** rdbIsObjectType (7.4): 0–7 and 9–25. */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 25);
}

// Opcodes.
export const RDB_OPCODE_SLOT_INFO = 244;
export const RDB_OPCODE_FUNCTION2 = 245;
export const RDB_OPCODE_FUNCTION_PRE_GA = 246;
export const RDB_OPCODE_MODULE_AUX = 247;
export const RDB_OPCODE_IDLE = 248;
export const RDB_OPCODE_FREQ = 249;
export const RDB_OPCODE_AUX = 250;
export const RDB_OPCODE_RESIZEDB = 251;
export const RDB_OPCODE_EXPIRETIME_MS = 252;
export const RDB_OPCODE_EXPIRETIME = 253;
export const RDB_OPCODE_SELECTDB = 254;
export const RDB_OPCODE_EOF = 255;

// Length encodings (the two top bits of the first byte; 0x80/0x81 are the 32/64-bit forms).
export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
export const RDB_ENCVAL = 3;

// Special string encodings (after an RDB_ENCVAL length byte).
export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

// Quicklist node containers (RDB_TYPE_LIST_QUICKLIST_2).
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
export const QUICKLIST_NODE_CONTAINER_PACKED = 2;
/** packed_threshold's default (1 GB): an element this large gets a PLAIN node of its own. */
export const QUICKLIST_PLAIN_THRESHOLD = 1 << 30;

// Module value opcodes (RDB_TYPE_MODULE_2 and MODULE_AUX bodies).
export const RDB_MODULE_OPCODE_EOF = 0;
export const RDB_MODULE_OPCODE_SINT = 1;
export const RDB_MODULE_OPCODE_UINT = 2;
export const RDB_MODULE_OPCODE_FLOAT = 3;
export const RDB_MODULE_OPCODE_DOUBLE = 4;
export const RDB_MODULE_OPCODE_STRING = 5;

/** EB_EXPIRE_TIME_MAX (7.4 ebuckets): hash field TTLs are 48-bit Unix ms. */
export const EB_EXPIRE_TIME_MAX = 2 ** 48 - 1;

/** Human names of the type codes, for messages. */
export const RDB_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "string",
  1: "list (linked list)",
  2: "set",
  3: "zset (text scores)",
  4: "hash",
  5: "zset",
  6: "module (pre-GA)",
  7: "module",
  9: "hash (zipmap)",
  10: "list (ziplist)",
  11: "set (intset)",
  12: "zset (ziplist)",
  13: "hash (ziplist)",
  14: "list (quicklist of ziplists)",
  15: "stream (listpacks v1)",
  16: "hash (listpack)",
  17: "zset (listpack)",
  18: "list (quicklist)",
  19: "stream (listpacks v2)",
  20: "set (listpack)",
  21: "stream (listpacks v3)",
  22: "hash with field TTLs (pre-GA)",
  23: "hash listpack with field TTLs (pre-GA)",
  24: "hash with field TTLs",
  25: "hash listpack with field TTLs",
};
