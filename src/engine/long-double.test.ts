import { describe, expect, it } from "vitest";
import { HASH_VALUE_NOT_FLOAT, NAN_OR_INF, NOT_FLOAT, VALUE_NAN_OR_INF } from "./errors.js";
import {
  addLongDouble,
  applyIncrement,
  formatLongDoubleHuman,
  hashIncrement,
  hincrByFloat,
  incrByFloat,
  parseIncrement,
  parseLongDouble,
  secondsToMillisCeil,
  type LongDouble,
} from "./long-double.js";

/** A result too long to spell out: its first digits, its length and its last digits. */
interface Long {
  readonly head: string;
  readonly length: number;
  readonly tail: string;
}
function long(head: string, length: number, tail: string): Long {
  return { head, length, tail };
}

type Expected = string | Long | typeof NOT_FLOAT;

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

describe("incrByFloat (t_string.c incrbyfloatCommand on x86-64)", () => {
  // [stored value (undefined: no key), increment, reply] — every reply is redis-server 7.0.15's
  // (`SET k <stored>` then `INCRBYFLOAT k <increment>`); the code is unchanged in 7.2.
  const table: [string | undefined, string, Expected][] = [
    [undefined, "1", "1"],
    ["10.5", "0.1", "10.6"],
    ["1", "0.1", "1.1"],
    ["0.1", "0.2", "0.3"],
    [undefined, "5.0e3", "5000"],
    ["5.0e3", "2.0e2", "5200"],
    [undefined, "0x10", "16"],
    ["0x10", "1", "17"],
    [undefined, "0x1.8p1", "3"],
    [undefined, "-0", "0"],
    ["-0", "-0", "0"],
    ["-0", "0", "0"],
    ["1.5", "-1.5", "0"],
    [undefined, "-1.5", "-1.5"],
    [undefined, "+1", "1"],
    [undefined, ".5", "0.5"],
    [undefined, "5.", "5"],
    [undefined, "0.1e1", "1"],
    [undefined, "3.0000000000000001", "3.0000000000000001"],
    [undefined, "3.00000000000000001", "3.00000000000000001"],
    [undefined, "1.5e-20", "0"],
    [undefined, "-1e-20", "0"],
    [undefined, "1e-17", "0.00000000000000001"],
    [undefined, "5e-18", "0"],
    [undefined, "-5e-18", "0"],
    [undefined, "5.000000000000001e-18", "0.00000000000000001"],
    [undefined, "4.9999999999999999e-18", "0"],
    [undefined, "0.000003814697265625", "0.00000381469726562"],
    [undefined, "0.000003814697265635", "0.00000381469726563"],
    [undefined, "123456789.123456789", "123456789.12345678899873747"],
    [undefined, "1.23456789012345678901234567890", "1.23456789012345679"],
    ["9223372036854775807", "1", "9223372036854775808"],
    ["18446744073709551615", "0.5", "18446744073709551616"],
    ["18446744073709551615", "1", "18446744073709551616"],
    [undefined, "100000000000000000000000", "100000000000000000000000"],
    [undefined, "1e20", "100000000000000000000"],
    [undefined, "1e25", "10000000000000000000000000"],
    ["3", "-3.0000000000000000001", "0"],
    ["1e308", "1e308", "199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156096"],
    [undefined, "1e308", "99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126921888539320446747225054013223152134749593960583597420814430196418767959100019603190778663109604507106667939153395788938914560543563061268364901618630217086589253444881623791300855757318142424510452728255046343928578048"],
    [undefined, "1.7976931348623157e308", "179769313486231569995921046774104434048386446944329178485314420765176628523124396354701868608387085564428793419425520689308708363451136055357897278026477617073498977686288394835618163294045594434929537447290627480669417384648879122776218333598953852832103282504751611691208117720159985926376802466863339536384"],
    [undefined, "1e4932", long("10000000000000000000060189493879638913238377742545", 4933, "163141086538418113791886622720")],
    [undefined, "0x1p-16445", "0"],
    [undefined, "1e-4940", "0"],
    ["5", "1e-400", "5"],
    [undefined, "3.4028236692093846346e38", "340282366920938463463374607431768211456"],
    [undefined, "0.1", "0.1"],
    [undefined, "0.3", "0.3"],
    [undefined, "2.675", "2.675"],
    [undefined, "1.005", "1.005"],
    [undefined, "-2.5", "-2.5"],
    [undefined, "1e-5", "0.00001"],
    [undefined, "7e-3", "0.007"],
    ["1e4932", "1e4932", NAN_OR_INF],
    ["1e4932", "-1e4932", "0"],
    [undefined, "1e4933", NOT_FLOAT],
    [undefined, "1e-4951", NOT_FLOAT],
    [undefined, "inf", NAN_OR_INF],
    [undefined, "-inf", NAN_OR_INF],
    [undefined, "Infinity", NAN_OR_INF],
    ["inf", "-inf", NAN_OR_INF],
    ["inf", "1", NAN_OR_INF],
    [undefined, "nan", NOT_FLOAT],
    [undefined, "", NOT_FLOAT],
    [undefined, " 1", NOT_FLOAT],
    [undefined, "1 ", NOT_FLOAT],
    [undefined, "abc", NOT_FLOAT],
    ["abc", "1", NOT_FLOAT],
    ["  ", "1", NOT_FLOAT],
    ["1e-5000", "1", NOT_FLOAT],
    ["", "1", NOT_FLOAT],
    [undefined, "1" + "0".repeat(5118), NOT_FLOAT],
    [undefined, "0" + "." + "0".repeat(5117) + "1", NOT_FLOAT],
    [undefined, "0" + "." + "0".repeat(5118) + "1", NOT_FLOAT],
    [undefined, "1" + "." + "0".repeat(5118), NOT_FLOAT],
    [undefined, "1" + "." + "0".repeat(5117), "1"],
    [undefined, "0".repeat(5118) + "1", "1"],
    [undefined, "0".repeat(5119) + "1", NOT_FLOAT],
    ["0".repeat(5118) + "1", "1", "2"],
    ["0".repeat(5119) + "1", "1", NOT_FLOAT],
  ];
  it.each(table)("%j + %j", (current, increment, expected) => {
    if (expected === NOT_FLOAT || expected === NAN_OR_INF) {
      expect(() => incrByFloat(current, increment)).toThrow(expected);
      return;
    }
    const got = incrByFloat(current, increment);
    if (typeof expected === "string") {
      expect(got).toBe(expected);
    } else if (typeof expected === "object" && "head" in expected) {
      expect(got.length).toBe(expected.length);
      expect(got.startsWith(expected.head)).toBe(true);
      expect(got.endsWith(expected.tail)).toBe(true);
    }
  });

  it("chains like repeated INCRBYFLOAT calls", () => {
    // redis-server: SET k 10.5, then INCRBYFLOAT k 0.1 ten times.
    let v: string | undefined = "10.5";
    for (let i = 0; i < 10; i++) v = incrByFloat(v, "0.1");
    expect(v).toBe("11.5");
    // 0.1 added 10 times from nothing.
    v = undefined;
    for (let i = 0; i < 10; i++) v = incrByFloat(v, "0.1");
    expect(v).toBe("1");
  });
});

describe("HINCRBYFLOAT helpers (t_hash.c hincrbyfloatCommand)", () => {
  it("checks the increment first, with its own texts", () => {
    expect(() => hashIncrement("abc")).toThrow(NOT_FLOAT);
    expect(() => hashIncrement("nan")).toThrow(NOT_FLOAT);
    expect(() => hashIncrement("inf")).toThrow(VALUE_NAN_OR_INF);
    expect(() => hashIncrement("-Infinity")).toThrow(VALUE_NAN_OR_INF);
    expect(VALUE_NAN_OR_INF.message).toBe("ERR value is NaN or Infinity");
  });
  // [field value (undefined: absent), increment, reply] from redis-server 7.0.15 (HSET then HINCRBYFLOAT).
  const table: [string | undefined, string, string | Error][] = [
    [undefined, "1.5", "1.5"],
    ["10.5", "0.1", "10.6"],
    ["abc", "1", HASH_VALUE_NOT_FLOAT],
    ["", "1", HASH_VALUE_NOT_FLOAT],
    ["1e4932", "1e4932", NAN_OR_INF],
    ["inf", "1", NAN_OR_INF],
    ["10", "-10", "0"],
  ];
  it.each(table)("%j + %j", (current, increment, expected) => {
    const run = (): string => hincrByFloat(current, hashIncrement(increment));
    if (expected instanceof Error) expect(run).toThrow(expected);
    else expect(run()).toBe(expected);
  });
  it("exposes the error text for a bad stored value", () => {
    expect(HASH_VALUE_NOT_FLOAT.message).toBe("ERR hash value is not a float");
    expect(() => applyIncrement("x", parseIncrement("1"))).toThrow(NOT_FLOAT);
    expect(() => applyIncrement("x", parseIncrement("1"), HASH_VALUE_NOT_FLOAT)).toThrow(HASH_VALUE_NOT_FLOAT);
  });
});

describe("long double parsing, addition and printing", () => {
  it("parses into the 64-bit-significand format", () => {
    expect(parseLongDouble("1")).toEqual({ neg: false, mant: 1n << 63n, exp: -63, inf: false });
    expect(parseLongDouble("-0.5")).toEqual({ neg: true, mant: 1n << 63n, exp: -64, inf: false });
    // 0.1 needs rounding: 0xCCCCCCCCCCCCCCCD · 2^-67 (ties and carries go up here).
    expect(parseLongDouble("0.1")).toEqual({ neg: false, mant: 0xcccccccccccccccdn, exp: -67, inf: false });
    expect(parseLongDouble("-0")).toEqual({ neg: true, mant: 0n, exp: 0, inf: false });
    expect(parseLongDouble("-inf")).toEqual({ neg: true, mant: 0n, exp: 0, inf: true });
    // Smallest denormal and the largest finite value.
    expect(parseLongDouble("0x1p-16445")).toEqual({ neg: false, mant: 1n, exp: -16445, inf: false });
    expect(parseLongDouble("0x1p-16446")).toBeUndefined(); // tie with zero → 0: ERANGE
    expect(parseLongDouble("0x1.8p-16446")).toEqual({ neg: false, mant: 1n, exp: -16445, inf: false });
    expect(parseLongDouble("0x1.fffffffffffffffep16383")).toEqual({
      neg: false,
      mant: (1n << 64n) - 1n,
      exp: 16320,
      inf: false,
    });
    expect(parseLongDouble("0x1.ffffffffffffffffp16383")).toBeUndefined(); // rounds up to 2^16384
    expect(parseLongDouble("0x1p16384")).toBeUndefined();
    // Exactly representable 64-bit integers stay exact (a double could not hold these).
    expect(parseLongDouble("18446744073709551615")).toEqual({ neg: false, mant: (1n << 64n) - 1n, exp: 0, inf: false });
    expect(parseLongDouble("18446744073709551617")).toEqual({ neg: false, mant: 1n << 63n, exp: 1, inf: false });
  });

  it("rejects what string2ld rejects", () => {
    for (const s of ["", " 1", "1 ", "\t1", "1\x00", "nan", "-nan", "nan(1)", "0x", "1e", "1e4933", "-1e4933", "1e-4951", "1e-5000", "abc", "1.5.5"]) {
      expect(parseLongDouble(s), JSON.stringify(s)).toBeUndefined();
    }
    expect(parseLongDouble("1".repeat(5119))).toBeUndefined(); // overflow: 1.1e5118
    expect(parseLongDouble("0".repeat(5119) + "1")).toBeUndefined(); // 5120 bytes: too long
    expect(parseLongDouble("0".repeat(5118) + "1")).toEqual(parseLongDouble("1"));
    expect(parseLongDouble("3.6e-4951")).toEqual({ neg: false, mant: 1n, exp: -16445, inf: false });
  });

  it("adds exactly and rounds once (ties to even)", () => {
    const one = parseLongDouble("1")!;
    const ulpHalf: LongDouble = { neg: false, mant: 1n, exp: -64, inf: false }; // half an ulp of 1
    expect(addLongDouble(one, ulpHalf)).toEqual(one); // tie → even (1)
    const quarter: LongDouble = { neg: false, mant: 3n, exp: -65, inf: false }; // 0.75 ulp
    expect(addLongDouble(one, quarter)).toEqual({ neg: false, mant: (1n << 63n) + 1n, exp: -63, inf: false });
    const inf = parseLongDouble("inf")!;
    const ninf = parseLongDouble("-inf")!;
    expect(addLongDouble(inf, ninf)).toBeUndefined(); // NaN
    expect(addLongDouble(inf, one)).toEqual(inf);
    const max = parseLongDouble("0x1.fffffffffffffffep16383")!;
    expect(addLongDouble(max, max)?.inf).toBe(true);
    expect(addLongDouble(one, { ...one, neg: true })).toEqual({ neg: false, mant: 0n, exp: 0, inf: false });
  });

  it("prints %.17Lf with ties to even, then trims", () => {
    // 2^-18 = 0.000003814697265625 exactly: the 18th decimal is a tie.
    expect(formatLongDoubleHuman(parseLongDouble("0x1p-18")!)).toBe("0.00000381469726562");
    expect(formatLongDoubleHuman(parseLongDouble("0x3p-18")!)).toBe("0.00001144409179688");
    expect(formatLongDoubleHuman(parseLongDouble("-1e-30")!)).toBe("0");
    expect(formatLongDoubleHuman(parseLongDouble("-0")!)).toBe("0");
    expect(formatLongDoubleHuman(parseLongDouble("-inf")!)).toBe("-inf");
    expect(formatLongDoubleHuman(parseLongDouble("100")!)).toBe("100");
    expect(formatLongDoubleHuman(parseLongDouble("-100.5")!)).toBe("-100.5");
  });

  it("printing then parsing is stable for 17-digit decimals (seeded)", () => {
    const next = rng(4242);
    for (let i = 0; i < 500; i++) {
      const s = `${next() % 100000}.${String(next() % 100000).padStart(5, "0")}`;
      const out = incrByFloat(undefined, s);
      expect(Number(out)).toBe(Number(s));
      expect(incrByFloat(out, "0")).toBe(out);
    }
  });
});

describe("secondsToMillisCeil (7.2 timeout.c, UNIT_SECONDS)", () => {
  // Expected values from C on x86-64: ceill(strtold(s) * 1000.0), "out of range" when above LLONG_MAX.
  const table: [string, bigint | undefined][] = [
    ["0", 0n],
    ["0.001", 1n],
    ["0.0015", 2n],
    ["0.0000001", 1n],
    ["1e-4000", 1n],
    ["0.1", 100n],
    ["1.5", 1500n],
    ["0x10", 16000n],
    ["1e15", 1000000000000000000n],
    ["4611686018427387.9035", 4611686018427387904n],
    ["9223372036854775.806", 9223372036854775806n],
    ["9223372036854775.807", 9223372036854775807n],
    ["9223372036854775.808", undefined],
    ["1e16", undefined],
    ["inf", undefined],
    ["-0.0001", 0n], // ceil(-0.1) is -0: an indefinite block, not an error
    ["-0.001", 0n],
    ["-1e-4000", 0n],
    ["-1", -1000n],
    ["-1e15", -1000000000000000000n],
    ["-1e16", -(2n ** 63n)], // the C cast of an out-of-range value gives LLONG_MIN on x86-64
    ["-inf", -(2n ** 63n)],
  ];
  it.each(table)("%s s → %s ms", (s, ms) => {
    const v = parseLongDouble(s);
    expect(v).toBeDefined();
    if (v !== undefined) expect(secondsToMillisCeil(v)).toBe(ms);
  });
});
