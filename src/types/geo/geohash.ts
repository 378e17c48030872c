/**
 * Geohashes as Redis computes them (geohash.c, geohash_helper.c, Redis 7.2): a point is encoded at
 * 26 steps into a 52-bit integer interleaving the latitude bits (even positions) with the longitude
 * bits (odd positions), over Redis's latitude range of ±85.05112878 (EPSG:3785) rather than ±90;
 * that integer is the point's sorted-set score. Searches cover the query shape with the cell holding
 * its centre plus the eight neighbours, at the coarsest step whose cells still cover the shape.
 *
 * Every value involved fits in 53 bits, so plain numbers hold them exactly: the interleaving works on
 * 16-bit halves with 32-bit integer operations and recombines with exact multiplications.
 * Distances use Redis's haversine on a sphere of 6372797.560856 m. JS's sin/cos/asin may differ from
 * glibc's in the last bit in rare cases; replies round distances to 4 decimals, so that shows only when
 * a point lies within an ulp of a search's edge.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;
const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180;

export interface Range {
  min: number;
  max: number;
}

/** A hash of `step` bits per coordinate: `bits` < 2^(2·step). A zero hash (0, 0) marks "no cell". */
export interface GeoHash {
  bits: number;
  step: number;
}

export interface Area {
  hash: GeoHash;
  longitude: Range;
  latitude: Range;
}

const WGS84_LONG: Range = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const WGS84_LAT: Range = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };
/** GEOHASH re-encodes on the standard ranges to print the usual base-32 string. */
export const STANDARD_LONG: Range = { min: -180, max: 180 };
export const STANDARD_LAT: Range = { min: -90, max: 90 };

const TWO32 = 2 ** 32;

/** Spreads the 16 low bits of x to the even positions of a 32-bit value. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** The inverse of spread16: the even bits of a 32-bit value, packed into 16 bits. */
function compact16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** interleave64(x, y): x's bits at even positions, y's at odd ones. x, y < 2^27 here (exact). */
export function interleave(x: number, y: number): number {
  const lo = (spread16(x) | (spread16(y) << 1)) >>> 0;
  const hi = (spread16(x >>> 16) | (spread16(y >>> 16) << 1)) >>> 0;
  return hi * TWO32 + lo;
}

/** deinterleave64 of a value below 2^53: [even bits, odd bits]. */
export function deinterleave(bits: number): [number, number] {
  return deinterleaveHalves(bits % TWO32, Math.floor(bits / TWO32));
}

/** deinterleave64 of the 64-bit value hi·2^32 + lo (both uint32). */
function deinterleaveHalves(lo: number, hi: number): [number, number] {
  const x = compact16(lo) | (compact16(hi) << 16);
  const y = compact16(lo >>> 1) | (compact16(hi >>> 1) << 16);
  return [x >>> 0, y >>> 0];
}

/**
 * geohashEncode: undefined when the point is outside the ranges (or Redis's WGS84 limits). The
 * offsets are truncated to integers, as the C conversion to uint32 does.
 */
export function geohashEncode(longRange: Range, latRange: Range, longitude: number, latitude: number, step: number): GeoHash | undefined {
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) return undefined;
  if (latitude < latRange.min || latitude > latRange.max || longitude < longRange.min || longitude > longRange.max) return undefined;
  const scale = 2 ** step;
  const latOffset = Math.trunc(((latitude - latRange.min) / (latRange.max - latRange.min)) * scale);
  const longOffset = Math.trunc(((longitude - longRange.min) / (longRange.max - longRange.min)) * scale);
  return { bits: interleave(latOffset, longOffset), step };
}

export function geohashEncodeWGS84(longitude: number, latitude: number, step: number): GeoHash | undefined {
  return geohashEncode(WGS84_LONG, WGS84_LAT, longitude, latitude, step);
}

/** geohashDecode: the cell's bounds. */
export function geohashDecode(longRange: Range, latRange: Range, hash: GeoHash): Area {
  const [ilato, ilono] = deinterleave(hash.bits);
  const scale = 2 ** hash.step;
  const latScale = latRange.max - latRange.min;
  const longScale = longRange.max - longRange.min;
  return {
    hash,
    latitude: { min: latRange.min + (ilato / scale) * latScale, max: latRange.min + (((ilato + 1) >>> 0) / scale) * latScale },
    longitude: { min: longRange.min + (ilono / scale) * longScale, max: longRange.min + (((ilono + 1) >>> 0) / scale) * longScale },
  };
}

export function geohashDecodeWGS84(hash: GeoHash): Area {
  return geohashDecode(WGS84_LONG, WGS84_LAT, hash);
}

/** geohashDecodeAreaToLongLat: the cell's centre, clamped to the WGS84 limits. */
function areaCentre(area: Area): [number, number] {
  let x = (area.longitude.min + area.longitude.max) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (area.latitude.min + area.latitude.max) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  return [x, y];
}

/** The 52-bit score of a point: geohashAlign52Bits of its 26-step hash. Undefined outside the limits. */
export function geoScore(longitude: number, latitude: number): number | undefined {
  const h = geohashEncodeWGS84(longitude, latitude, GEO_STEP_MAX);
  return h === undefined ? undefined : align52(h);
}

/** geohashAlign52Bits: the hash shifted to 52 bits. */
export function align52(h: GeoHash): number {
  return h.bits * 2 ** (52 - h.step * 2);
}

/**
 * decodeGeohash: a sorted-set score read back as [longitude, latitude]. The score is converted to a
 * 64-bit unsigned integer as C's (uint64_t) cast does on x86-64 (truncation; negative values wrap);
 * bits above the 52 a 26-step hash uses shift the decoded cell, exactly as in Redis.
 */
export function decodeScore(score: number): [number, number] {
  let lat: number;
  let long: number;
  if (score >= 0 && score < 2 ** 53) {
    [lat, long] = deinterleave(Math.trunc(score));
  } else {
    // Rare: a score no GEOADD produced. Redis deinterleaves all 64 bits of the cast.
    const v = toUint64(score);
    [lat, long] = deinterleaveHalves(Number(v & 0xffffffffn), Number(v >> 32n));
  }
  const scale = 2 ** GEO_STEP_MAX;
  const latScale = GEO_LAT_MAX - GEO_LAT_MIN;
  const longScale = GEO_LONG_MAX - GEO_LONG_MIN;
  return areaCentre({
    hash: { bits: 0, step: GEO_STEP_MAX },
    latitude: { min: GEO_LAT_MIN + (lat / scale) * latScale, max: GEO_LAT_MIN + (((lat + 1) >>> 0) / scale) * latScale },
    longitude: { min: GEO_LONG_MIN + (long / scale) * longScale, max: GEO_LONG_MIN + (((long + 1) >>> 0) / scale) * longScale },
  });
}

/**
 * (uint64_t)d as gcc compiles it on x86-64: below 2^63 a signed truncation (cvttsd2si; negative values
 * wrap, and anything it cannot represent gives 2^63), from 2^63 on the same after subtracting 2^63, with
 * the top bit flipped back (so 2^64 and more, +inf included, give 0).
 */
function toUint64(d: number): bigint {
  const INDEFINITE = 1n << 63n;
  const cvt = (x: number): bigint => (x >= -(2 ** 63) && x < 2 ** 63 ? BigInt.asUintN(64, BigInt(Math.trunc(x))) : INDEFINITE);
  if (d >= 2 ** 63) return cvt(d - 2 ** 63) ^ INDEFINITE;
  return Number.isNaN(d) ? INDEFINITE : cvt(d);
}

/** The neighbouring cells in Redis's order of use: centre, N, S, E, W, NE, NW, SE, SW. */
export interface Neighbours {
  north: GeoHash;
  south: GeoHash;
  east: GeoHash;
  west: GeoHash;
  northEast: GeoHash;
  northWest: GeoHash;
  southEast: GeoHash;
  southWest: GeoHash;
}

/** geohash_move_x / geohash_move_y: one cell along longitude (odd bits) or latitude (even bits). */
function move(h: GeoHash, dx: number, dy: number): GeoHash {
  let bits = BigInt(h.bits);
  const width = BigInt(64 - h.step * 2);
  const ODD = 0xaaaaaaaaaaaaaaaan;
  const EVEN = 0x5555555555555555n;
  const M64 = (1n << 64n) - 1n;
  if (dx !== 0) {
    let x = bits & ODD;
    const y = bits & EVEN;
    const zz = EVEN >> width;
    if (dx > 0) x = (x + (zz + 1n)) & M64;
    else x = ((x | zz) - (zz + 1n)) & M64;
    x &= ODD >> width;
    bits = x | y;
  }
  if (dy !== 0) {
    const x = bits & ODD;
    let y = bits & EVEN;
    const zz = ODD >> width;
    if (dy > 0) y = (y + (zz + 1n)) & M64;
    else y = ((y | zz) - (zz + 1n)) & M64;
    y &= EVEN >> width;
    bits = x | y;
  }
  return { bits: Number(bits), step: h.step };
}

export function neighboursOf(h: GeoHash): Neighbours {
  return {
    east: move(h, 1, 0),
    west: move(h, -1, 0),
    south: move(h, 0, -1),
    north: move(h, 0, 1),
    northWest: move(h, -1, 1),
    northEast: move(h, 1, 1),
    southEast: move(h, 1, -1),
    southWest: move(h, -1, -1),
  };
}

/** geohashEstimateStepsByRadius. */
export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** A search shape: a circle (radius) or an axis-aligned box (width × height), in `conversion` units. */
export interface GeoShape {
  /** [longitude, latitude] of the centre. */
  xy: [number, number];
  /** Metres per unit. */
  conversion: number;
  kind: "radius" | "box";
  radius: number;
  width: number;
  height: number;
}

const degRad = (ang: number): number => ang * D_R;
const radDeg = (ang: number): number => ang / D_R;

/** geohashBoundingBox: [minLon, minLat, maxLon, maxLat]. */
export function boundingBox(shape: GeoShape): [number, number, number, number] {
  const [longitude, latitude] = shape.xy;
  const height = shape.conversion * (shape.kind === "radius" ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.kind === "radius" ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  const southern = latitude < 0;
  return [
    southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
    latitude - latDelta,
    southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
    latitude + latDelta,
  ];
}

const ZERO: GeoHash = { bits: 0, step: 0 };

export function isZero(h: GeoHash): boolean {
  return h.bits === 0 && h.step === 0;
}

/**
 * geohashCalculateAreasByShapeWGS84: the cells to scan, in Redis's order (centre, N, S, E, W, NE, NW,
 * SE, SW), with the useless ones zeroed.
 */
export function areasForShape(shape: GeoShape): GeoHash[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const [longitude, latitude] = shape.xy;
  const radiusMeters =
    (shape.kind === "radius" ? shape.radius : Math.sqrt((shape.width / 2) ** 2 + (shape.height / 2) ** 2)) * shape.conversion;
  let steps = estimateStepsByRadius(radiusMeters, latitude);
  let hash = geohashEncodeWGS84(longitude, latitude, steps) ?? ZERO;
  let n = neighboursOf(hash);
  let area = geohashDecodeWGS84(hash);
  const north = geohashDecodeWGS84(n.north);
  const south = geohashDecodeWGS84(n.south);
  const east = geohashDecodeWGS84(n.east);
  const west = geohashDecodeWGS84(n.west);
  const decrease =
    north.latitude.max < maxLat || south.latitude.min > minLat || east.longitude.max < maxLon || west.longitude.min > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = geohashEncodeWGS84(longitude, latitude, steps) ?? ZERO;
    n = neighboursOf(hash);
    area = geohashDecodeWGS84(hash);
  }
  if (steps >= 2) {
    if (area.latitude.min < minLat) n.south = n.southWest = n.southEast = ZERO;
    if (area.latitude.max > maxLat) n.north = n.northEast = n.northWest = ZERO;
    if (area.longitude.min < minLon) n.west = n.southWest = n.northWest = ZERO;
    if (area.longitude.max > maxLon) n.east = n.southEast = n.northEast = ZERO;
  }
  return [hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
}

/** geohashGetLatDistance. */
function latDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** geohashGetDistance: haversine great-circle distance in metres. */
export function geoDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = Math.sin((lon2r - lon1r) / 2);
  if (v === 0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/**
 * geoWithinShape for a decoded point: its distance from the shape's centre in metres, or undefined
 * when it lies outside.
 */
export function distanceIfWithin(shape: GeoShape, lon: number, lat: number): number | undefined {
  const [cx, cy] = shape.xy;
  if (shape.kind === "radius") {
    const d = geoDistance(cx, cy, lon, lat);
    return d > shape.radius * shape.conversion ? undefined : d;
  }
  const widthM = shape.width * shape.conversion;
  const heightM = shape.height * shape.conversion;
  if (latDistance(lat, cy) > heightM / 2) return undefined;
  if (geoDistance(lon, lat, cx, lat) > widthM / 2) return undefined;
  return geoDistance(cx, cy, lon, lat);
}

/** scoresOfGeoHashBox: the score interval [min, max) holding every point of the cell. */
export function scoresOfCell(h: GeoHash): [number, number] {
  return [align52(h), align52({ bits: h.bits + 1, step: h.step })];
}

const GEO_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz";

/** GEOHASH's 11-character string for a stored score (re-encoded on the standard ±90 range). */
export function geohashString(score: number): string {
  const [x, y] = decodeScore(score);
  const h = geohashEncode(STANDARD_LONG, STANDARD_LAT, x, y, 26) ?? ZERO;
  let out = "";
  for (let i = 0; i < 11; i++) {
    const idx = i === 10 ? 0 : Math.floor(h.bits / 2 ** (52 - (i + 1) * 5)) % 32;
    out += GEO_ALPHABET[idx];
  }
  return out;
}
