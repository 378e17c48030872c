/**
 * The geo group (geo.c, Redis 7.2): points are sorted-set members whose score is their 52-bit
 * geohash (src/types/geo/geohash.ts). GEOADD is ZADD with encoded scores (and is propagated and
 * notified as that ZADD, as Redis does by rewriting the command vector); the searches (GEORADIUS*,
 * GEOSEARCH, GEOSEARCHSTORE) scan the score ranges of the cell around the centre and its eight
 * neighbours, keep the points inside the shape, sort by distance when asked (or when COUNT needs the
 * nearest), and reply or store.
 *
 * Invariants: arguments are parsed in Redis's order and every error is raised before anything is
 * written; sorted-set access goes through geo-zset.ts, the one place that knows the zset API.
 */
import type { CommandDef, Handler } from "../engine/command-types.js";
import { SYNTAX, errorText } from "../engine/errors.js";
import { parseDouble } from "../engine/float.js";
import { int64Arg } from "../engine/int64.js";
import { formatDoubleHuman, formatFixed } from "../engine/long-double.js";
import { NOTIFY_GENERIC, NOTIFY_ZSET } from "../engine/notify.js";
import { DoubleReply, NullArray, type Reply } from "../engine/reply.js";
import type { Session } from "../engine/session.js";
import {
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  type GeoShape,
  areasForShape,
  decodeScore,
  distanceIfWithin,
  geoDistance,
  geohashString,
  geoScore,
  isZero,
  scoresOfCell,
} from "../types/geo/geohash.js";
import { type GeoZset, readGeoZset, runZadd, storeGeoResult } from "./geo-zset.js";
import { partialQuicksort } from "./sort-partial-qsort.js";

const UNIT_ERROR = errorText("ERR unsupported unit provided. please use M, KM, FT, MI");

/** extractUnitOrReply: metres per unit. */
function unitArg(u: string): number {
  switch (u.toLowerCase()) {
    case "m":
      return 1;
    case "km":
      return 1000;
    case "ft":
      return 0.3048;
    case "mi":
      return 1609.34;
    default:
      throw UNIT_ERROR;
  }
}

/** getDoubleFromObjectOrReply with an optional message ("ERR <msg>"). */
function doubleOr(s: string, msg: string | undefined): number {
  const d = parseDouble(s);
  if (d === undefined) throw errorText(`ERR ${msg ?? "value is not a valid float"}`);
  return d;
}

/** extractLongLatOrReply. */
function lonLatArg(lon: string, lat: string): [number, number] {
  const x = doubleOr(lon, undefined);
  const y = doubleOr(lat, undefined);
  if (x < GEO_LONG_MIN || x > GEO_LONG_MAX || y < GEO_LAT_MIN || y > GEO_LAT_MAX) {
    throw errorText(`ERR invalid longitude,latitude pair ${formatFixed(x, 6)},${formatFixed(y, 6)}`);
  }
  return [x, y];
}

/** extractDistanceOrReply: [radius, metres per unit]. */
function distanceArg(radius: string, unit: string): [number, number] {
  const d = doubleOr(radius, "need numeric radius");
  if (d < 0) throw errorText("ERR radius cannot be negative");
  return [d, unitArg(unit)];
}

/** extractBoxOrReply: [width, height, metres per unit]. */
function boxArg(width: string, height: string, unit: string): [number, number, number] {
  const w = doubleOr(width, "need numeric width");
  const h = doubleOr(height, "need numeric height");
  if (h < 0 || w < 0) throw errorText("ERR height or width cannot be negative");
  return [w, h, unitArg(unit)];
}

/** addReplyDoubleDistance (7.2's fixedpoint_d2string with 4 places: llrint of d·10^4, ties to even). */
function distanceReply(d: number): string {
  if (d === 0) return "0.0000";
  const scaled = d * 10000;
  const f = Math.floor(scaled);
  const diff = scaled - f;
  const n = diff < 0.5 ? f : diff > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  const neg = n < 0;
  const digits = String(Math.abs(n)).padStart(5, "0");
  return (neg ? "-" : "") + digits.slice(0, -4) + "." + digits.slice(-4);
}

/** WITHHASH: the score as the C cast to long long gives it (scores GEOADD made are exact integers). */
function hashReply(score: number): number | bigint {
  const t = Math.trunc(score);
  return Number.isSafeInteger(t) ? t : BigInt.asIntN(64, BigInt(Number.isFinite(t) ? t : 0));
}

/** addReplyHumanLongDouble of a coordinate. */
function coordReply(d: number): DoubleReply {
  return new DoubleReply(d, formatDoubleHuman(d));
}

// ---------------------------------------------------------------------------------------- GEOADD

/** GEOADD key [NX|XX] [CH] lon lat member …: becomes the ZADD it stands for. */
const geoadd: Handler = (s, argv) => {
  let longIdx = 2;
  let nx = false;
  let xx = false;
  for (; longIdx < argv.length; longIdx++) {
    const o = argv[longIdx]!.toLowerCase();
    if (o === "nx") nx = true;
    else if (o === "xx") xx = true;
    else if (o !== "ch") break;
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) throw SYNTAX;
  const zargv = ["zadd", ...argv.slice(1, longIdx)];
  for (let j = longIdx; j < argv.length; j += 3) {
    const [x, y] = lonLatArg(argv[j]!, argv[j + 1]!);
    zargv.push(String(geoScore(x, y)!), argv[j + 2]!);
  }
  return runZadd(s, zargv);
};

// ---------------------------------------------------------------------------------------- searches

const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

const SORT_NONE = 0;
const SORT_ASC = 1;
const SORT_DESC = 2;

interface GeoPoint {
  member: string;
  score: number;
  lon: number;
  lat: number;
  /** Metres until the reply divides by the unit. */
  dist: number;
}

const MEMBER_NOT_DECODED = errorText("ERR could not decode requested zset member");

/** longLatFromMember. */
function memberPosition(z: GeoZset, member: string): [number, number] {
  const score = z.score(member);
  if (score === undefined) throw MEMBER_NOT_DECODED;
  return decodeScore(score);
}

/** membersOfAllNeighbors: the points inside the shape, cell by cell; stops at `limit` (ANY). */
function pointsInShape(z: GeoZset, shape: GeoShape, limit: number): GeoPoint[] {
  const cells = areasForShape(shape);
  const out: GeoPoint[] = [];
  let last = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (isZero(cell)) continue;
    // Huge radii can make adjacent neighbours the same cell: skip a repeat of the previous one.
    // (Redis's last_processed starts at 0 and 0 means "none", so cell 1 is never compared with cell 0.)
    if (last > 0 && cell.bits === cells[last]!.bits && cell.step === cells[last]!.step) continue;
    if (out.length > 0 && limit > 0 && out.length >= limit) break;
    const [min, max] = scoresOfCell(cell);
    z.scanRange(min, max, (member, score) => {
      const [lon, lat] = decodeScore(score);
      const dist = distanceIfWithin(shape, lon, lat);
      if (dist !== undefined) out.push({ member, score, lon, lat, dist });
      return !(out.length > 0 && limit > 0 && out.length >= limit);
    });
    last = i;
  }
  return out;
}

const byDistAsc = (a: GeoPoint, b: GeoPoint): number => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1);
const byDistDesc = (a: GeoPoint, b: GeoPoint): number => -byDistAsc(a, b);

/** georadiusGeneric: every search command, `srcIdx` the source key's position. */
function georadiusGeneric(s: Session, argv: readonly string[], srcIdx: number, flags: number): Reply {
  let storeKey: string | undefined;
  let storeDist = false;
  const z = readGeoZset(s, argv[srcIdx]!);
  const shape: GeoShape = { xy: [0, 0], conversion: 1, kind: "radius", radius: 0, width: 0, height: 0 };
  let base: number;
  if ((flags & RADIUS_COORDS) !== 0) {
    base = 6;
    shape.xy = lonLatArg(argv[2]!, argv[3]!);
    [shape.radius, shape.conversion] = distanceArg(argv[4]!, argv[5]!);
  } else if ((flags & RADIUS_MEMBER) !== 0 && z === undefined) {
    // No source key: keep parsing, so the reply fits the STORE option.
    base = 5;
  } else if ((flags & RADIUS_MEMBER) !== 0) {
    base = 5;
    shape.xy = memberPosition(z!, argv[2]!);
    [shape.radius, shape.conversion] = distanceArg(argv[3]!, argv[4]!);
  } else {
    base = 2;
    if ((flags & GEOSEARCHSTORE) !== 0) {
      base = 3;
      storeKey = argv[1]!;
    }
  }

  let withDist = false;
  let withHash = false;
  let withCoords = false;
  let fromMember = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[base + i]!.toLowerCase();
    const has = (n: number): boolean => i + n < remaining;
    if (arg === "withdist") withDist = true;
    else if (arg === "withhash") withHash = true;
    else if (arg === "withcoord") withCoords = true;
    else if (arg === "any") any = true;
    else if (arg === "asc") sort = SORT_ASC;
    else if (arg === "desc") sort = SORT_DESC;
    else if (arg === "count" && has(1)) {
      const n = int64Arg(argv[base + i + 1]!);
      if (n <= 0) throw errorText("ERR COUNT must be > 0");
      count = Number(n);
      i++;
    } else if ((arg === "store" || arg === "storedist") && has(1) && (flags & (RADIUS_NOSTORE | GEOSEARCH)) === 0) {
      storeKey = argv[base + i + 1]!;
      storeDist = arg === "storedist";
      i++;
    } else if (arg === "storedist" && (flags & GEOSEARCH) !== 0 && (flags & GEOSEARCHSTORE) !== 0) {
      storeDist = true;
    } else if (arg === "frommember" && has(1) && (flags & GEOSEARCH) !== 0 && !fromLoc) {
      if (z !== undefined) shape.xy = memberPosition(z, argv[base + i + 1]!);
      fromMember = true;
      i++;
    } else if (arg === "fromlonlat" && has(2) && (flags & GEOSEARCH) !== 0 && !fromMember) {
      shape.xy = lonLatArg(argv[base + i + 1]!, argv[base + i + 2]!);
      fromLoc = true;
      i += 2;
    } else if (arg === "byradius" && has(2) && (flags & GEOSEARCH) !== 0 && !byBox) {
      [shape.radius, shape.conversion] = distanceArg(argv[base + i + 1]!, argv[base + i + 2]!);
      shape.kind = "radius";
      byRadius = true;
      i += 2;
    } else if (arg === "bybox" && has(3) && (flags & GEOSEARCH) !== 0 && !byRadius) {
      [shape.width, shape.height, shape.conversion] = boxArg(argv[base + i + 1]!, argv[base + i + 2]!, argv[base + i + 3]!);
      shape.kind = "box";
      byBox = true;
      i += 3;
    } else {
      throw SYNTAX;
    }
  }

  if (storeKey !== undefined && (withDist || withHash || withCoords)) {
    const what = (flags & GEOSEARCHSTORE) !== 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS";
    throw errorText(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if ((flags & GEOSEARCH) !== 0 && !(fromMember || fromLoc)) {
    throw errorText(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]!}`);
  }
  if ((flags & GEOSEARCH) !== 0 && !(byRadius || byBox)) {
    throw errorText(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]!}`);
  }
  if (any && count === 0) throw errorText("ERR the ANY argument requires COUNT argument");

  if (z === undefined) {
    if (storeKey === undefined) return [];
    if (s.db.delete(storeKey)) {
      s.engine.notify(NOTIFY_GENERIC, "del", storeKey, s.db.id);
      s.engine.touch();
    }
    return 0;
  }

  // COUNT wants the nearest points: sort ascending unless told otherwise (ANY keeps scan order).
  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;
  const points = pointsInShape(z, shape, any ? count : 0);
  if (points.length === 0 && storeKey === undefined) return [];
  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort !== SORT_NONE) {
    const cmp = sort === SORT_ASC ? byDistAsc : byDistDesc;
    // qsort (glibc's merge sort: stable) for everything, Redis's pqsort for a prefix.
    if (returned === points.length) points.sort(cmp);
    else partialQuicksort(points, cmp, 0, returned - 1);
  }

  if (storeKey === undefined) {
    const out: Reply[] = [];
    const options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoords ? 1 : 0);
    for (let i = 0; i < returned; i++) {
      const p = points[i]!;
      const dist = p.dist / shape.conversion;
      if (options === 0) {
        out.push(p.member);
        continue;
      }
      const item: Reply[] = [p.member];
      if (withDist) item.push(distanceReply(dist));
      if (withHash) item.push(hashReply(p.score));
      if (withCoords) item.push([coordReply(p.lon), coordReply(p.lat)]);
      out.push(item);
    }
    return out;
  }

  if (returned > 0) {
    const entries: [number, string][] = [];
    for (let i = 0; i < returned; i++) {
      const p = points[i]!;
      entries.push([storeDist ? p.dist / shape.conversion : p.score, p.member]);
    }
    storeGeoResult(s, storeKey, entries);
    s.engine.notify(NOTIFY_ZSET, (flags & GEOSEARCH) !== 0 ? "geosearchstore" : "georadiusstore", storeKey, s.db.id);
    s.engine.touch(returned);
  } else if (s.db.delete(storeKey)) {
    s.engine.notify(NOTIFY_GENERIC, "del", storeKey, s.db.id);
    s.engine.touch();
  }
  return returned;
}

// ---------------------------------------------------------------------------------------- lookups

/** GEOHASH key member …: 11-character geohashes, nil for missing members. */
const geohash: Handler = (s, argv) => {
  const z = readGeoZset(s, argv[1]!);
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const score = z?.score(argv[j]!);
    out.push(score === undefined ? null : geohashString(score));
  }
  return out;
};

/** GEOPOS key member …: [longitude, latitude] pairs, a null array for missing members. */
const geopos: Handler = (s, argv) => {
  const z = readGeoZset(s, argv[1]!);
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const score = z?.score(argv[j]!);
    if (score === undefined) {
      out.push(NullArray.instance);
      continue;
    }
    const [x, y] = decodeScore(score);
    out.push([coordReply(x), coordReply(y)]);
  }
  return out;
};

/** GEODIST key member1 member2 [unit]. */
const geodist: Handler = (s, argv) => {
  let toMeter = 1;
  if (argv.length === 5) toMeter = unitArg(argv[4]!);
  else if (argv.length > 5) throw SYNTAX;
  const z = readGeoZset(s, argv[1]!);
  if (z === undefined) return null;
  const a = z.score(argv[2]!);
  const b = a === undefined ? undefined : z.score(argv[3]!);
  if (a === undefined || b === undefined) return null;
  const [x1, y1] = decodeScore(a);
  const [x2, y2] = decodeScore(b);
  return distanceReply(geoDistance(x1, y1, x2, y2) / toMeter);
};

export const COMMANDS: CommandDef[] = [
  { name: "geoadd", handler: geoadd },
  { name: "geohash", handler: geohash },
  { name: "geopos", handler: geopos },
  { name: "geodist", handler: geodist },
  { name: "georadius", handler: (s, argv) => georadiusGeneric(s, argv, 1, RADIUS_COORDS) },
  { name: "georadiusbymember", handler: (s, argv) => georadiusGeneric(s, argv, 1, RADIUS_MEMBER) },
  { name: "georadius_ro", handler: (s, argv) => georadiusGeneric(s, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE) },
  { name: "georadiusbymember_ro", handler: (s, argv) => georadiusGeneric(s, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE) },
  { name: "geosearch", handler: (s, argv) => georadiusGeneric(s, argv, 1, GEOSEARCH) },
  { name: "geosearchstore", handler: (s, argv) => georadiusGeneric(s, argv, 2, GEOSEARCH | GEOSEARCHSTORE) },
];
