import { describe, expect, it } from "vitest";
import { doubleArg, formatDouble, formatDouble17g, parseDouble, scanFloatLiteral } from "./float.js";
import { NOT_FLOAT } from "./errors.js";

/** A double from its IEEE-754 bits, as 16 hex digits. */
function fromBits(hex: string): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, BigInt("0x" + hex));
  return dv.getFloat64(0);
}

/** A small deterministic generator (xorshift32) for property checks. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

describe("parseDouble (util.c string2d)", () => {
  // Expected values are what redis-server 7.0.15 stored for `ZADD z <input> m` (ZSCORE, skiplist).
  const accepted: [string, number][] = [
    ["1", 1],
    ["1.5", 1.5],
    ["-1.5", -1.5],
    ["+1", 1],
    [".5", 0.5],
    ["5.", 5],
    ["+.5", 0.5],
    ["1E5", 100000],
    ["1e+5", 100000],
    ["1.5e-3", 0.0015],
    ["0.1", 0.1],
    ["00", 0],
    ["007", 7],
    ["0e-400", 0],
    ["0e99999999999", 0],
    ["0.0e99999", 0],
    ["1e-310", 1e-310],
    ["4.9e-324", 5e-324],
    ["3e-324", 5e-324],
    ["2.4703282292062328e-324", 5e-324],
    ["1.7976931348623157e308", 1.7976931348623157e308],
    ["1.7976931348623158e308", 1.7976931348623157e308],
    ["9007199254740993", 9007199254740992],
    ["3.0000000000000001", 3],
    ["123456789012345678901234567890", 1.2345678901234568e29],
    ["1" + "0".repeat(300) + "e-300", 1],
    ["inf", Infinity],
    ["+inf", Infinity],
    ["-inf", -Infinity],
    ["INF", Infinity],
    ["Infinity", Infinity],
    ["-INFINITY", -Infinity],
    ["iNfInItY", Infinity],
    ["0x10", 16],
    ["0X1F", 31],
    ["0x1p3", 8],
    ["0x1P-3", 0.125],
    ["0X1.8P1", 3],
    ["0x.8", 0.5],
    ["0x1.", 1],
    ["-0x10", -16],
    ["+0x1.8p1", 3],
    ["0x1p1023", 2 ** 1023],
    ["0x1.fffffffffffffp1023", 1.7976931348623157e308],
    ["0x1p-1074", 5e-324],
    ["-0x1p-1074", -5e-324],
    ["0x1.8p-1075", 5e-324], // above half the smallest denormal: rounds up
    ["0x1.0000000000001p-1074", 5e-324],
    ["0x1.00000000000008p0", 1], // tie, to even
    ["0x1.00000000000018p0", 1 + 2 ** -51], // tie, to even (up)
    ["0x1.000000000000080000001p0", 1 + 2 ** -52], // just above the tie
    ["0x1.fffffffffffff7ffffffp1023", 1.7976931348623157e308],
    ["0x0p99999", 0],
  ];
  it.each(accepted)("accepts %j", (input, value) => {
    const d = parseDouble(input);
    expect(d).toBe(value);
    expect(doubleArg(input)).toBe(value);
  });

  it("keeps the sign of zero", () => {
    expect(Object.is(parseDouble("-0"), -0)).toBe(true);
    expect(Object.is(parseDouble("+0"), 0)).toBe(true);
    expect(Object.is(parseDouble("-0x0p3"), -0)).toBe(true);
    expect(Object.is(parseDouble("-0e-999"), -0)).toBe(true);
  });

  it("underflowing long literals still parse like strtod", () => {
    expect(parseDouble("0." + "0".repeat(400) + "1")).toBeUndefined(); // 1e-401 → 0, ERANGE
    expect(parseDouble("0." + "0".repeat(300) + "1")).toBe(1e-301);
  });

  // Every one of these is `ERR value is not a valid float` for ZADD on redis-server 7.0.15.
  const rejected = [
    "",
    " 1",
    "1 ",
    "\t1",
    "1\t",
    "\n5",
    "5\n",
    "\v5",
    "\f5",
    "\r5",
    "\x001",
    "1\x00",
    "--1",
    "+-1",
    ".",
    "-.",
    "+.e1",
    "e5",
    "+",
    "-",
    "1e",
    "1e+",
    "1e-",
    "1.5.5",
    "1_0",
    "1,5",
    "\uff11",
    "\xa01",
    "nan",
    "NaN",
    "-nan",
    "nan(123)",
    "nan()",
    "nan(",
    "infin",
    "infinityx",
    "0x",
    "0x.p1",
    "0x1p",
    "0x1p+",
    "0xg",
    "0x1g",
    "0x+1",
    "1e0x1",
    "1p3",
    "1e400",
    "-1e400",
    "1e-400",
    "2e-324",
    "2.4703282292062327e-324",
    "1.7976931348623159e308",
    "1e99999999999999999999",
    "1e-99999999999999999999",
    "0x1p1024",
    "0x1.fffffffffffff8p1023",
    "0x1p-1075",
    "0x1p-1076",
  ];
  it.each(rejected)("rejects %j", (input) => {
    expect(parseDouble(input)).toBeUndefined();
    expect(() => doubleArg(input)).toThrow(NOT_FLOAT);
  });

  it("scanFloatLiteral describes the literal", () => {
    expect(scanFloatLiteral("-12.5e3")).toEqual({ kind: "finite", neg: true, mant: 125n, exp: 2, radix: 10 });
    expect(scanFloatLiteral("0x1.8p4")).toEqual({ kind: "finite", neg: false, mant: 0x18n, exp: 0, radix: 2 });
    expect(scanFloatLiteral("-Inf")).toEqual({ kind: "inf", neg: true });
    expect(scanFloatLiteral("nan(x)")).toEqual({ kind: "nan" });
    expect(scanFloatLiteral("1x")).toBeUndefined();
  });
});

describe("formatDouble (7.2 d2string / fpconv_dtoa) and formatDouble17g (7.0 %.17g)", () => {
  // [value, 7.2 reply, 7.0 reply]. 7.2 strings come from Redis 7.2.6's fpconv_dtoa compiled as is;
  // 7.0 strings match redis-server 7.0.15's ZSCORE where a score can hold the value.
  const table: [number, string, string][] = [
    [1, "1", "1"],
    [-1, "-1", "-1"],
    [1.5, "1.5", "1.5"],
    [0.1, "0.1", "0.10000000000000001"],
    [0.2, "0.2", "0.20000000000000001"],
    [0.3, "0.3", "0.29999999999999999"],
    [1.1, "1.1", "1.1000000000000001"],
    [3.14, "3.14", "3.1400000000000001"],
    [100.25, "100.25", "100.25"],
    [-100.25, "-100.25", "-100.25"],
    [1 / 3, "0.3333333333333333", "0.33333333333333331"],
    [2 / 3, "0.6666666666666666", "0.66666666666666663"],
    [4.35, "4.35", "4.3499999999999996"],
    [1e15, "1000000000000000", "1000000000000000"],
    [1e16, "10000000000000000", "10000000000000000"],
    [1e17, "100000000000000000", "1e+17"],
    [1e18, "1000000000000000000", "1e+18"],
    [1e19, "1e+19", "1e+19"],
    [1e20, "1e+20", "1e+20"],
    [1e21, "1e+21", "1e+21"],
    [1e22, "1e+22", "1e+22"],
    [1e23, "99999999999999990000000", "9.9999999999999992e+22"],
    [2 ** 53, "9007199254740992", "9007199254740992"],
    [2 ** 53 + 2, "9007199254740994", "9007199254740994"],
    [2 ** 62, "4611686018427387904", "4.6116860184273879e+18"],
    [-(2 ** 62), "-4611686018427387904", "-4.6116860184273879e+18"],
    [2 ** 62 + 1024, "4611686018427389000", "4.6116860184273889e+18"],
    [-(2 ** 62) - 1024, "-4611686018427389000", "-4.6116860184273889e+18"],
    [2 ** 63, "9223372036854776000", "9.2233720368547758e+18"],
    [2 ** 64, "18446744073709552000", "1.8446744073709552e+19"],
    [123456789012345680000, "123456789012345680000", "1.2345678901234568e+20"],
    [1.2345678901234568e21, "1234567890123456800000", "1.2345678901234568e+21"],
    [0.01, "0.01", "0.01"],
    [0.001, "0.001", "0.001"],
    [0.0001, "0.0001", "0.0001"],
    [0.00001, "0.00001", "1.0000000000000001e-05"],
    [0.000001, "0.000001", "9.9999999999999995e-07"],
    [1e-7, "1e-7", "9.9999999999999995e-08"],
    [-1e-7, "-1e-7", "-9.9999999999999995e-08"],
    [1.5e-7, "1.5e-7", "1.4999999999999999e-07"],
    [0.000123, "0.000123", "0.00012300000000000001"],
    [0.0001234, "1.234e-4", "0.00012339999999999999"],
    [1234.5678901, "1234.5678901", "1234.5678901000001"],
    [12345678.901234567, "1.2345678901234567e+7", "12345678.901234567"],
    [299792.458, "299792.458", "299792.45799999998"],
    [0.5, "0.5", "0.5"],
    [0.125, "0.125", "0.125"],
    [1e100, "1e+100", "1e+100"],
    [1e-100, "1e-100", "1e-100"],
    [1.5e300, "1.5e+300", "1.5000000000000001e+300"],
    [-1.5e-300, "-1.5e-300", "-1.5000000000000001e-300"],
    [5e-324, "5e-324", "4.9406564584124654e-324"],
    [-5e-324, "-5e-324", "-4.9406564584124654e-324"],
    [1e-323, "1e-323", "9.8813129168249309e-324"],
    [1e-310, "1e-310", "9.9999999999999694e-311"],
    [2.2250738585072014e-308, "2.2250738585072014e-308", "2.2250738585072014e-308"],
    [1.7976931348623157e308, "1.7976931348623157e+308", "1.7976931348623157e+308"],
    [-1.7976931348623157e308, "-1.7976931348623157e+308", "-1.7976931348623157e+308"],
    [1e-10, "1e-10", "1e-10"],
    [1.23e-18, "1.23e-18", "1.23e-18"],
    [0.30000000000000004, "0.30000000000000004", "0.30000000000000004"],
    [1.0000000000000002, "1.0000000000000002", "1.0000000000000002"],
    [0.9999999999999999, "0.9999999999999999", "0.99999999999999989"],
    [2.5e-8, "2.5e-8", "2.4999999999999999e-08"],
    [0, "0", "0"],
    [-0, "-0", "-0"],
    [Infinity, "inf", "inf"],
    [-Infinity, "-inf", "-inf"],
    [NaN, "nan", "nan"],
    // %.17g ties go to even (glibc; JS toPrecision(17) would round .25 up). Grisu2 picks its own
    // among equally short candidates: .3 where JS's shortest is .2.
    [1000000000000000.25, "1000000000000000.3", "1000000000000000.2"],
    [1000000000000000.75, "1000000000000000.7", "1000000000000000.8"],
    [1000000000000001.25, "1000000000000001.3", "1000000000000001.2"],
    [0.000030517578125, "3.0517578125e-5", "3.0517578125e-05"],
  ];
  it.each(table)("%d → 7.2 %j, 7.0 %j", (d, v72, v70) => {
    expect(formatDouble(d)).toBe(v72);
    expect(formatDouble17g(d)).toBe(v70);
  });

  // Doubles where Grisu2 does not give the shortest (or the closest shortest) digits, with what
  // Redis 7.2's fpconv_dtoa prints and what JS's shortest form would be.
  const grisu: [string, string, string][] = [
    ["4305825c484f1e4e", "756788421583817.7", "756788421583817.8"],
    ["2965b0d9cdfdda0d", "2.8862079713794858e-109", "2.886207971379486e-109"],
    ["431b8a052bfa7bcf", "1937894797123315.7", "1937894797123315.8"],
    ["bd7b773a8a3bf9ee", "-1.5612463925646649e-12", "-1.561246392564665e-12"],
    ["2276626f6a8c1583", "1.1472807481065476e-142", "1.1472807481065477e-142"],
    ["c2e4b181f8ee1c24", "-182020978733281.13", "-182020978733281.12"],
    ["42d90294630d9498", "109995480594002.37", "109995480594002.38"],
    ["368d800da9235ee6", "6.4591557487798135e-46", "6.4591557487798136e-46"],
    ["851b80f13792bbd3", "-4.6239690557282163e-284", "-4.6239690557282164e-284"],
  ];
  it.each(grisu)("Grisu2 quirk %s → %j (not %j)", (bits, redis, js) => {
    const d = fromBits(bits);
    expect(String(d)).toBe(js);
    expect(formatDouble(d)).toBe(redis);
    expect(Number(redis)).toBe(d);
  });

  it("both forms round-trip through parseDouble (seeded random doubles)", () => {
    const next = rng(12345);
    const dv = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 5000; i++) {
      dv.setUint32(0, next());
      dv.setUint32(4, next());
      const d = dv.getFloat64(0);
      if (Number.isNaN(d)) continue;
      expect(parseDouble(formatDouble(d))).toBe(d);
      expect(parseDouble(formatDouble17g(d))).toBe(d);
      // %.17g has exactly 17 significant digits before trailing zeros are cut.
      if (Number.isFinite(d) && d !== 0) {
        const m = formatDouble17g(d).replace(/^-/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "");
        expect(m.length).toBeLessThanOrEqual(17);
      }
    }
  });

  it("prints every integer up to 2^62 in full", () => {
    const next = rng(99);
    for (let i = 0; i < 2000; i++) {
      const big = (BigInt(next() & 0x3fffffff) << 32n) | BigInt(next());
      const d = Number(big);
      expect(formatDouble(d)).toBe(BigInt(d).toString());
      expect(formatDouble(-d)).toBe((-BigInt(d)).toString());
    }
  });
});
