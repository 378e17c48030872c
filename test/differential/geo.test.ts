/**
 * The geo group against a real redis-server, reply for reply: GEOADD's options and errors, GEOPOS /
 * GEOHASH / GEODIST (units, missing members, the WGS84 edges), every search form (GEORADIUS*,
 * GEOSEARCH, GEOSEARCHSTORE) with their options, errors in Redis's order, STORE/STOREDIST results,
 * RESP3 doubles, keyspace events; then seeded random points and searches (clustered and world-wide,
 * circles and boxes, near the poles and the antimeridian), compared exactly.
 */
import { describe, it } from "vitest";
import { oracleAvailable, type Pair } from "../support/differential.js";
import { seededRng } from "../support/seeded.js";
import { oracleSuite, same, sameEvents, scenario } from "./string-support.js";
import { scenarioZ } from "./zset-support.js";

const SICILY = ["13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "12.758489", "38.788135", "edge1", "13.5", "37.2", "edge2"];

describe.skipIf(!oracleAvailable())("geo commands vs redis-server", () => {
  const suite = oracleSuite();

  async function sicily(): Promise<Pair> {
    const pair = await suite.fresh();
    await same(pair, ["GEOADD", "Sicily", ...SICILY]);
    await same(pair, ["SET", "str", "x"]);
    return pair;
  }

  it("GEOADD: options, arity, bad coordinates, CH/NX/XX, propagation as ZADD scores", async () => {
    const pair = await sicily();
    await scenario(pair, [
      ["GEOADD", "g", "1", "2"], ["GEOADD", "g", "1", "2", "m", "3"], ["GEOADD", "g", "NX", "XX", "1", "2", "m"],
      ["GEOADD", "g", "nx", "1", "2"], ["GEOADD", "g", "CH", "1", "2", "m"], ["GEOADD", "g", "CH", "1", "2", "m"],
      ["GEOADD", "g", "ch", "xx", "1", "3", "m", "4", "5", "n"], ["GEOADD", "g", "NX", "9", "9", "m"], ["ZRANGE", "g", "0", "-1", "WITHSCORES"],
      ["GEOADD", "g", "181", "0", "x"], ["GEOADD", "g", "0", "85.06", "x"], ["GEOADD", "g", "-180.5", "-86", "x"],
      ["GEOADD", "g", "abc", "0", "x"], ["GEOADD", "g", "0", "nan", "x"], ["GEOADD", "g", "inf", "0", "x"], ["GEOADD", "g", "1e400", "0", "x"],
      ["GEOADD", "g", "180", "85.05112878", "top", "-180", "-85.05112878", "bottom", "0", "0", "zero"], ["ZRANGE", "g", "0", "-1", "WITHSCORES"],
      ["GEOADD", "str", "1", "2", "m"], ["GEOADD", "g", "1", "2", "a", "500", "2", "b"], ["ZCARD", "g"],
      ["GEOADD", "g", " 1", "2", "m"], ["GEOADD", "g", "0x10", "2", "hex"], ["GEOPOS", "g", "hex"],
    ]);
  });

  it("GEOPOS / GEOHASH / GEODIST: units, missing keys and members, wrong types, syntax", async () => {
    const pair = await sicily();
    await same(pair, ["GEOADD", "Sicily", "180", "85.05112878", "top", "-180", "-85.05112878", "bottom", "0", "0", "zero", "-0.0001", "0.0001", "tiny"]);
    await scenario(pair, [
      ["GEOPOS", "Sicily", "Palermo", "nope", "Catania", "top", "bottom", "zero", "tiny"], ["GEOPOS", "missing", "a", "b"], ["GEOPOS", "Sicily"],
      ["GEOPOS", "str", "a"], ["GEOHASH", "Sicily", "Palermo", "Catania", "top", "bottom", "zero", "tiny", "nope"], ["GEOHASH", "missing", "a"],
      ["GEOHASH", "Sicily"], ["GEOHASH", "str", "x"],
      ["GEODIST", "Sicily", "Palermo", "Catania"], ["GEODIST", "Sicily", "Palermo", "Catania", "km"], ["GEODIST", "Sicily", "Palermo", "Catania", "MI"],
      ["GEODIST", "Sicily", "Palermo", "Catania", "ft"], ["GEODIST", "Sicily", "Palermo", "Catania", "m"], ["GEODIST", "Sicily", "Palermo", "Catania", "yd"],
      ["GEODIST", "Sicily", "Palermo", "Catania", "km", "x"], ["GEODIST", "Sicily", "Palermo", "nope"], ["GEODIST", "Sicily", "nope", "Palermo"],
      ["GEODIST", "missing", "a", "b"], ["GEODIST", "missing", "a", "b", "parsec"], ["GEODIST", "str", "a", "b"], ["GEODIST", "Sicily", "Palermo", "Palermo"],
      ["GEODIST", "Sicily", "top", "bottom", "km"], ["GEODIST", "Sicily", "zero", "tiny"], ["GEODIST", "Sicily", "top", "zero", "mi"],
    ]);
    // Scores no GEOADD made still decode (as Redis decodes them).
    await scenario(pair, [
      ["ZADD", "odd", "0", "z", "1", "one", "1.5", "frac", "4503599627370495", "max52", "9007199254740992", "big", "-1", "neg", "1e300", "huge"],
      ["GEOPOS", "odd", "z", "one", "frac", "max52", "big", "neg", "huge"], ["GEOHASH", "odd", "z", "one", "frac", "max52", "big"],
      ["GEODIST", "odd", "z", "max52"],
    ]);
  });

  it("GEORADIUS / GEORADIUSBYMEMBER (and _RO): options, sorting, COUNT [ANY], STORE, errors in Redis's order", async () => {
    const pair = await sicily();
    const R = ["GEORADIUS", "Sicily", "15", "37"];
    // scenarioZ: stored distances are scores, which 7.0 prints with %.17g (known-differences.ts).
    await scenarioZ(pair, [
      [...R, "200", "km"], [...R, "200", "km", "ASC"], [...R, "200", "km", "DESC"], [...R, "100", "km", "WITHDIST"],
      [...R, "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC"], [...R, "200", "mi", "withcoord", "desc"], [...R, "200000", "m", "COUNT", "2"],
      [...R, "200", "km", "COUNT", "1", "DESC", "WITHDIST"], [...R, "200", "km", "COUNT", "2", "ANY"], [...R, "200", "km", "COUNT", "2", "ANY", "ASC"],
      [...R, "200", "km", "ANY"], [...R, "200", "km", "COUNT", "0"], [...R, "200", "km", "COUNT", "-1"], [...R, "200", "km", "COUNT", "x"],
      [...R, "200", "km", "COUNT"], [...R, "200", "km", "BOGUS"], [...R, "-1", "km"], [...R, "x", "km"], [...R, "1", "parsec"], [...R, "0", "km"],
      ["GEORADIUS", "Sicily", "200", "37", "1", "km"], ["GEORADIUS", "Sicily", "x", "37", "1", "km"], [...R, "10", "km", "WITHDIST", "STORE", "dst"],
      [...R, "200", "km", "STORE", "dst"], ["ZRANGE", "dst", "0", "-1", "WITHSCORES"], [...R, "200", "km", "STOREDIST", "dd", "COUNT", "2", "DESC"],
      ["ZRANGE", "dd", "0", "-1", "WITHSCORES"], ["TYPE", "dd"], ["OBJECT", "ENCODING", "dd"], [...R, "1", "m", "STORE", "dst"], ["EXISTS", "dst"],
      ["GEORADIUS", "missing", "15", "37", "200", "km"], ["GEORADIUS", "missing", "15", "37", "200", "km", "STORE", "dd"], ["EXISTS", "dd"],
      ["GEORADIUS", "str", "15", "37", "200", "km"], ["GEORADIUS", "str", "x", "37", "200", "km"], ["GEORADIUS", "Sicily", "15", "37", "200"],
      ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "WITHDIST"], ["GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "x"],
      ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "WITHDIST", "WITHCOORD"], ["GEORADIUSBYMEMBER", "Sicily", "nope", "200", "km"],
      ["GEORADIUSBYMEMBER", "Sicily", "nope", "x", "km"], ["GEORADIUSBYMEMBER", "missing", "nope", "x", "km"], ["GEORADIUSBYMEMBER", "missing", "a", "1", "km", "STORE", "q"],
      ["GEORADIUSBYMEMBER", "missing", "a", "1", "km", "BOGUS"], ["GEORADIUSBYMEMBER_RO", "Sicily", "Catania", "100", "km", "COUNT", "3", "ASC"],
      ["GEORADIUSBYMEMBER", "Sicily", "Palermo", "100", "km", "STORE", "s2"], ["ZRANGE", "s2", "0", "-1", "WITHSCORES"],
      ["GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "store"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "ANY", "STORE", "z"],
      ["SET", "dst", "string"], [...R, "200", "km", "STORE", "dst"], ["TYPE", "dst"], ["EXPIRE", "dst", "100"], [...R, "200", "km", "STORE", "dst"], ["TTL", "dst"],
    ]);
  });

  it("GEOSEARCH / GEOSEARCHSTORE: FROMMEMBER/FROMLONLAT, BYRADIUS/BYBOX, their exclusions and errors", async () => {
    const pair = await sicily();
    const S = ["GEOSEARCH", "Sicily"];
    await scenarioZ(pair, [
      [...S, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"], [...S, "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km", "ASC", "WITHDIST"],
      [...S, "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "DESC", "WITHCOORD", "WITHHASH", "WITHDIST"],
      [...S, "FROMLONLAT", "15", "37", "BYBOX", "150", "60", "km", "ASC"], [...S, "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "m"],
      [...S, "FROMMEMBER", "nope", "BYRADIUS", "1", "km"], [...S, "FROMLONLAT", "15", "37"], [...S, "BYRADIUS", "1", "km"],
      [...S, "FROMLONLAT", "15", "37", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"], [...S, "FROMMEMBER", "Palermo", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"],
      [...S, "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km"], [...S, "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "km", "BYRADIUS", "1", "km"],
      [...S, "FROMLONLAT", "15", "37", "BYBOX", "-1", "1", "km"], [...S, "FROMLONLAT", "15", "37", "BYBOX", "x", "1", "km"], [...S, "FROMLONLAT", "15", "37", "BYBOX", "1", "y", "km"],
      [...S, "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "au"], [...S, "FROMLONLAT", "15", "37", "BYBOX", "1", "1"], [...S, "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STORE", "x"],
      [...S, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"], [...S, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "COUNT", "1", "ANY"],
      ["geosearch", "Sicily", "BYRADIUS", "1", "km"], ["GeoSearch", "Sicily", "FROMLONLAT", "1", "2"], ["GEOSEARCH", "missing", "FROMMEMBER", "a", "BYRADIUS", "1", "km"],
      ["GEOSEARCH", "missing", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km", "WITHDIST"], ["GEOSEARCH", "str", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"],
      ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC", "COUNT", "3"], ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
      ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "STOREDIST"], ["ZRANGE", "dst", "0", "-1", "WITHSCORES"],
      ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "WITHDIST"], ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "STORE", "x"],
      ["GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"], ["EXISTS", "dst"], ["GEOSEARCHSTORE", "dst", "missing", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
      ["GEOSEARCHSTORE", "Sicily", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m"], ["ZRANGE", "Sicily", "0", "-1", "WITHSCORES"],
      ["GEOSEARCHSTORE", "dst", "str", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
    ]);
  });

  it("RESP3: coordinates are doubles with the human digits; distances stay bulk strings", async () => {
    const pair = await sicily();
    await same(pair, ["HELLO", "3"]);
    await scenario(pair, [
      ["GEOPOS", "Sicily", "Palermo", "nope"], ["GEODIST", "Sicily", "Palermo", "Catania"], ["GEODIST", "Sicily", "Palermo", "nope"], ["GEODIST", "missing", "a", "b"],
      ["GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHCOORD", "WITHDIST", "WITHHASH"], ["GEOHASH", "Sicily", "nope"],
    ]);
    await same(pair, ["HELLO", "2"]); // the suite.oracle's connection is shared by the tests that follow
  });

  it("keyspace events: GEOADD notifies zadd, the stores notify their own event or del", async () => {
    const pair = await sicily();
    await sameEvents(pair, async () => {
      await scenario(pair, [
        ["GEOADD", "g", "1", "2", "a"], ["GEOADD", "g", "1", "2", "a"], ["GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst"],
        ["GEOSEARCHSTORE", "dst2", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"], ["GEOSEARCHSTORE", "dst2", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"],
      ]);
    });
  });

  it("seeded random points and searches match exactly (clusters, the world, poles, the antimeridian)", async () => {
    const pair = await suite.fresh();
    const rng = seededRng("geo random searches");
    const rnd = (): number => rng.float();
    const lon = (c: number, spread: number) => Math.max(-180, Math.min(180, c + (rnd() - 0.5) * spread)).toFixed(6);
    const lat = (c: number, spread: number) => Math.max(-85.05, Math.min(85.05, c + (rnd() - 0.5) * spread)).toFixed(6);
    const centres: [number, number, number][] = [[13, 38, 2], [179.9, 0, 1], [-179.9, 10, 1], [0, 84.5, 1], [20, -84, 2], [0, 0, 360]];
    for (const [cx, cy, spread] of centres) {
      const argv = ["GEOADD", "pts"];
      for (let i = 0; i < 60; i++) argv.push(lon(cx, spread), lat(cy, Math.min(spread, 170)), `m${argv.length}`);
      await same(pair, argv);
    }
    // Duplicated positions: equal distances, so the sort's order of ties shows.
    await same(pair, ["GEOADD", "pts", "13", "38", "dupA", "13", "38", "dupB", "13", "38", "dupC"]);
    const units = ["m", "km", "mi", "ft"];
    for (let i = 0; i < 120; i++) {
      const [cx, cy, spread] = centres[Math.floor(rnd() * centres.length)]!;
      const unit = units[Math.floor(rnd() * units.length)]!;
      const size = String(Math.round(rnd() ** 3 * (spread > 100 ? 20000 : 300)));
      const from = rnd() < 0.3 ? ["FROMMEMBER", `m${2 + 3 * Math.floor(rnd() * 60)}`] : ["FROMLONLAT", lon(cx, spread), lat(cy, Math.min(spread, 170))];
      const by = rnd() < 0.5 ? ["BYRADIUS", size, unit] : ["BYBOX", size, String(Math.round(rnd() * Number(size))), unit];
      const extra: string[] = [];
      if (rnd() < 0.5) extra.push(rnd() < 0.5 ? "ASC" : "DESC");
      if (rnd() < 0.3) extra.push("COUNT", String(1 + Math.floor(rnd() * 10)), ...(rnd() < 0.3 ? ["ANY"] : []));
      if (rnd() < 0.5) extra.push("WITHDIST");
      if (rnd() < 0.2) extra.push("WITHCOORD", "WITHHASH");
      await same(pair, ["GEOSEARCH", "pts", ...from, ...by, ...extra]);
      if (i % 10 === 0) await same(pair, ["GEORADIUS", "pts", lon(cx, spread), lat(cy, Math.min(spread, 170)), size, unit, "ASC", "WITHDIST"]);
    }
  });
});
