// Geo: GEOADD, GEOSEARCH by radius (a few hits and a few thousand) and GEODIST through the engine's
// dispatch, beside the same work done by hand in this process: a Map of [lon, lat] for GEOADD and
// GEODIST, and a scan of every point with the haversine formula for GEOSEARCH (what an app does
// without an index). The search figures show what the geohash cells buy: the scan's cost grows with
// the set, the engine's with the hits.
import * as api from "../dist/index.js";
import { compare, formatOps, formatRatio, printTable } from "./lib.mjs";

export const name = "geo";

const POINTS = 100_000;
const R = 6372797.560856;
const D_R = Math.PI / 180;

function haversine(lon1, lat1, lon2, lat2) {
  const u = Math.sin(((lat2 - lat1) * D_R) / 2);
  const v = Math.sin(((lon2 - lon1) * D_R) / 2);
  return 2 * R * Math.asin(Math.sqrt(u * u + Math.cos(lat1 * D_R) * Math.cos(lat2 * D_R) * v * v));
}

/** Points spread over Europe, deterministic. */
function points(n) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  return Array.from({ length: n }, (_, i) => [-10 + rnd() * 40, 35 + rnd() * 25, `p${i}`]);
}

export async function run(cfg) {
  const engine = api.createEngine();
  const s = engine.createSession();
  const pts = points(POINTS);
  for (let i = 0; i < pts.length; i += 1000) {
    const argv = ["GEOADD", "geo"];
    for (const [lon, lat, m] of pts.slice(i, i + 1000)) argv.push(lon.toFixed(6), lat.toFixed(6), m);
    const r = s.exec(argv);
    if (r instanceof Error) throw r;
  }
  const byName = new Map(pts.map(([lon, lat, m]) => [m, [lon, lat]]));
  let j = 0;
  const nextPoint = () => pts[(j = (j + 1) % POINTS)];

  const scan = (lon, lat, radius) => {
    const out = [];
    for (const [m, [x, y]] of byName) {
      const d = haversine(lon, lat, x, y);
      if (d <= radius) out.push([m, d]);
    }
    return out;
  };

  const variants = {
    "GEOADD (engine)": (n) => {
      for (let i = 0; i < n; i++) {
        const [lon, lat, m] = nextPoint();
        s.exec(["GEOADD", "geo", String(lon), String(lat), m]);
      }
    },
    "GEOADD (Map of [lon, lat])": (n) => {
      for (let i = 0; i < n; i++) {
        const [lon, lat, m] = nextPoint();
        byName.set(m, [Number(String(lon)), Number(String(lat))]);
      }
    },
    "GEODIST (engine)": (n) => {
      for (let i = 0; i < n; i++) s.exec(["GEODIST", "geo", nextPoint()[2], nextPoint()[2], "km"]);
    },
    "GEODIST (Map + haversine)": (n) => {
      for (let i = 0; i < n; i++) {
        const [a, b] = [byName.get(nextPoint()[2]), byName.get(nextPoint()[2])];
        haversine(a[0], a[1], b[0], b[1]).toFixed(4);
      }
    },
    "GEOSEARCH 5 km (engine)": (n) => {
      for (let i = 0; i < n; i++) {
        const [lon, lat] = nextPoint();
        s.exec(["GEOSEARCH", "geo", "FROMLONLAT", String(lon), String(lat), "BYRADIUS", "5", "km", "ASC"]);
      }
    },
    "GEOSEARCH 5 km (full scan)": (n) => {
      for (let i = 0; i < n; i++) {
        const [lon, lat] = nextPoint();
        scan(lon, lat, 5000).sort((a, b) => a[1] - b[1]);
      }
    },
    "GEOSEARCH 100 km (engine)": (n) => {
      for (let i = 0; i < n; i++) {
        const [lon, lat] = nextPoint();
        s.exec(["GEOSEARCH", "geo", "FROMLONLAT", String(lon), String(lat), "BYRADIUS", "100", "km", "COUNT", "10"]);
      }
    },
    "GEOSEARCH 100 km (full scan)": (n) => {
      for (let i = 0; i < n; i++) {
        const [lon, lat] = nextPoint();
        scan(lon, lat, 100_000).sort((a, b) => a[1] - b[1]).slice(0, 10);
      }
    },
  };
  const ops = await compare(variants, cfg);
  console.log(`\ngeo: ${POINTS.toLocaleString("en")} points (median ops/s; engine ÷ by-hand cost per op)`);
  const rows = [];
  const names = Object.keys(ops);
  for (let i = 0; i < names.length; i += 2) {
    const [e, b] = [names[i], names[i + 1]];
    rows.push([e.replace(" (engine)", ""), formatOps(ops[e]), formatOps(ops[b]), /\((.*)\)$/.exec(b)[1], formatRatio(ops[b] / ops[e])]);
  }
  printTable(["op", "engine", "by hand", "by hand is", "engine÷by-hand"], rows);
  engine.close();
  return { checks: [] };
}
