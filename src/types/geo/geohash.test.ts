/**
 * The geohash arithmetic against golden values printed by redis-server 7.0 (ZSCORE after GEOADD,
 * GEOHASH, GEOPOS, GEODIST), including the edges of the WGS84 limits where the 26-bit offsets overflow
 * into bit 52, and C's %f / %.17Lf printing.
 */
import { describe, expect, it } from "vitest";
import { formatDoubleHuman, formatFixed } from "../../engine/long-double.js";
import { decodeScore, deinterleave, geoDistance, geohashString, geoScore, interleave, neighboursOf } from "./geohash.js";

const GOLDEN: [lon: number, lat: number, score: number, hash: string, pos: [string, string]][] = [
  [13.361389, 38.115556, 3479099956230698, "sqc8b49rny0", ["13.36138933897018433", "38.11555639549629859"]],
  [15.087269, 37.502669, 3479447370796909, "sqdtr74hyu0", ["15.08726745843887329", "37.50266842333162032"]],
  [-179.9999, -85.05112878, 520, "00bh0hbj620", ["-179.99990075826644897", "-85.05112751263942528"]],
  [180, 85.05112878, 13510798882111488, "bp05b5048p0", ["180", "85.0511287799999991"]],
  [0, 0, 3377699720527872, "s0000000000", ["0.00000268220901489", "0.00000126736058093"]],
];

describe("geohash", () => {
  it("scores, GEOHASH strings and GEOPOS coordinates match redis-server", () => {
    for (const [lon, lat, score, hash, pos] of GOLDEN) {
      expect(geoScore(lon, lat), `${lon},${lat}`).toBe(score);
      expect(geohashString(score)).toBe(hash);
      const [x, y] = decodeScore(score);
      expect([formatDoubleHuman(x), formatDoubleHuman(y)]).toEqual(pos);
    }
  });

  it("GEODIST Palermo–Catania is 166.2742 km, printed with 4 decimals", () => {
    const [a, b] = [decodeScore(GOLDEN[0]![2]), decodeScore(GOLDEN[1]![2])];
    expect(formatFixed(geoDistance(a[0], a[1], b[0], b[1]) / 1000, 4)).toBe("166.2742");
  });

  it("refuses points outside the limits", () => {
    expect(geoScore(180.0000001, 0)).toBeUndefined();
    expect(geoScore(0, 85.06)).toBeUndefined();
  });

  it("interleave and deinterleave are inverse on 26-bit halves", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % (1 << 26));
    for (let i = 0; i < 2000; i++) {
      const x = rnd();
      const y = rnd();
      expect(deinterleave(interleave(x, y))).toEqual([x, y]);
    }
  });

  it("neighbours move one cell in each direction", () => {
    const h = { bits: interleave(5, 9), step: 4 };
    const n = neighboursOf(h);
    expect(deinterleave(n.north.bits)).toEqual([6, 9]);
    expect(deinterleave(n.south.bits)).toEqual([4, 9]);
    expect(deinterleave(n.east.bits)).toEqual([5, 10]);
    expect(deinterleave(n.west.bits)).toEqual([5, 8]);
    expect(deinterleave(n.southWest.bits)).toEqual([4, 8]);
  });

  it("formatFixed is C's %f: exact, ties to even, no exponent", () => {
    expect(formatFixed(0.0078125, 6)).toBe("0.007812");
    expect(formatFixed(0.0234375, 6)).toBe("0.023438");
    expect(formatFixed(1e22, 1)).toBe("10000000000000000000000.0");
    expect(formatFixed(-1e-9, 6)).toBe("-0.000000");
    expect(formatFixed(200, 6)).toBe("200.000000");
  });
});
