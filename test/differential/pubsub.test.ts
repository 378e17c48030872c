/**
 * Pub/sub against a real redis-server: everything each connection receives (replies, confirmations
 * and pushed messages, in order, byte for byte), over several connections, RESP2 and RESP3, with
 * patterns, shard channels, binary names, the RESP2 subscribed context, MULTI and CLIENT REPLY.
 * Where Redis walks a hash table (UNSUBSCRIBE of everything, several patterns matching one channel,
 * PUBSUB CHANNELS) the frames or elements are compared as multisets.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Oracle, oracleAvailable, parseFrame, startOracle } from "../support/differential.js";
import { PubSubPair } from "./pubsub-support.js";

describe.skipIf(!oracleAvailable())("pub/sub vs redis-server", () => {
  let oracle: Oracle;
  let pair: PubSubPair | undefined;
  beforeAll(async () => {
    oracle = (await startOracle())!;
  });
  afterAll(async () => {
    await oracle?.close();
  });
  afterEach(() => {
    pair?.close();
    pair = undefined;
  });
  const open = async (n: number): Promise<PubSubPair> => {
    pair = await PubSubPair.open(oracle, n);
    return pair;
  };

  it("subscribe, publish, unsubscribe: confirmations, counts and messages", async () => {
    const p = await open(3);
    await p.run(1, [["SUBSCRIBE", "a", "b", "a"]]);
    await p.run(2, [["SUBSCRIBE", "b"]]);
    await p.run(0, [["PUBLISH", "a", "hello"], ["PUBLISH", "b", "x"], ["PUBLISH", "c", "y"]]);
    await p.run(1, [["UNSUBSCRIBE", "a", "zz"]]);
    await p.run(0, [["PUBLISH", "a", "gone"], ["PUBLISH", "b", ""]]);
    await p.run(1, [["UNSUBSCRIBE"]]);
    await p.run(1, [["UNSUBSCRIBE"], ["PUNSUBSCRIBE"], ["SUNSUBSCRIBE"], ["UNSUBSCRIBE", "x", "y"]]);
    await p.run(2, [["UNSUBSCRIBE", "b"], ["GET", "k"]]);
    await p.run(0, [["PUBLISH", "b", "nobody"]]);
  });

  it("the count is channels + patterns; shard channels are counted apart", async () => {
    const p = await open(2);
    await p.run(1, [
      ["SSUBSCRIBE", "s"],
      ["SUBSCRIBE", "a"],
      ["PSUBSCRIBE", "p*"],
      ["PSUBSCRIBE", "p*"],
      ["SUBSCRIBE", "a"],
      ["SSUBSCRIBE", "s", "t"],
      ["UNSUBSCRIBE", "a"],
      ["SUNSUBSCRIBE", "t"],
    ]);
    await p.run(0, [["SPUBLISH", "s", "m1"], ["PUBLISH", "s", "m2"], ["SPUBLISH", "p1", "m3"], ["PUBLISH", "p1", "m4"]]);
    await p.run(1, [["SUNSUBSCRIBE"], ["PUNSUBSCRIBE"], ["PING"]]);
  });

  it("patterns: glob rules, channel message before pattern messages, a session matching twice counts twice", async () => {
    const p = await open(3);
    await p.run(1, [["PSUBSCRIBE", "news.*"], ["SUBSCRIBE", "news.tech"]]);
    await p.run(2, [["PSUBSCRIBE", "h?llo", "h[^e]llo", "h\\*", "*"]]);
    await p.run(0, [["PUBLISH", "news.tech", "release"], ["PUBLISH", "news.", "empty tail"], ["PUBLISH", "news", "no dot"]]);
    await p.run(0, [["PUBLISH", "hello", "1"]], { unordered: true });
    await p.run(0, [["PUBLISH", "hallo", "2"]], { unordered: true });
    await p.run(0, [["PUBLISH", "h*", "3"], ["PUBLISH", "hx", "4"]], { unordered: true });
    // "*" does not match the empty channel name (stringmatchlen with an empty subject).
    await p.run(0, [["PUBLISH", "", "5"]]);
    await p.run(0, [["PUBSUB", "NUMPAT"], ["PUBSUB", "NUMSUB", "news.tech", "hello", "news.*"]]);
    await p.run(2, [["PUNSUBSCRIBE", "*", "nope"]]);
    await p.run(2, [["PUNSUBSCRIBE"]], { unordered: true });
    await p.run(0, [["PUBSUB", "NUMPAT"]]);
  });

  it("binary channel names, patterns and messages", async () => {
    const p = await open(2);
    const ch = "\x00\xff\r\n ch";
    await p.run(1, [["SUBSCRIBE", ch, ""], ["PSUBSCRIBE", "\x00\xff*"]]);
    await p.run(0, [["PUBLISH", ch, "\r\n\x00\x80payload"], ["PUBLISH", "", "empty channel"], ["PUBLISH", "\x00\xffx", "\xfe"]]);
    await p.run(0, [["PUBSUB", "NUMSUB", ch, "", "\x00"]]);
    await p.run(1, [["UNSUBSCRIBE", ch]]);
  });

  it("RESP2 subscribed context: only the pub/sub commands, PING, QUIT and RESET", async () => {
    const p = await open(2);
    await p.run(1, [
      ["SUBSCRIBE", "a"],
      ["GET", "k"],
      ["CLIENT", "LIST"],
      ["CLIENT", "NOSUCH"],
      ["NOSUCHCMD", "x"],
      ["SET", "k"],
      ["HELLO", "3"],
      ["MULTI"],
      ["PUBLISH", "a", "m"],
      ["PING"],
      ["PING", "x"],
      ["PING", "x", "y"],
    ]);
    await p.run(1, [["PSUBSCRIBE", "q*"], ["UNSUBSCRIBE", "a"], ["GET", "k"], ["PUNSUBSCRIBE", "q*"], ["GET", "k"], ["PING"]]);
    await p.run(1, [["SSUBSCRIBE", "s"], ["ECHO", "e"], ["RESET"], ["GET", "k"], ["PING"]]);
    await p.run(0, [["SPUBLISH", "s", "after reset"], ["PUBSUB", "SHARDNUMSUB", "s"]]);
    await p.run(1, [["SUBSCRIBE", "a"], ["QUIT"]], { closes: true });
    await p.run(0, [["PUBLISH", "a", "after quit"], ["PUBSUB", "NUMSUB", "a"]]);
  });

  it("RESP3: push frames, commands allowed while subscribed, own messages before the PUBLISH reply", async () => {
    const p = await open(2);
    await p.run(1, [["HELLO", "3"]], { skipCompare: true });
    await p.run(1, [
      ["SUBSCRIBE", "a", "b"],
      ["PSUBSCRIBE", "a*"],
      ["SET", "k", "v"],
      ["GET", "k"],
      ["PING"],
      ["PUBLISH", "a", "to myself"],
      ["UNSUBSCRIBE", "b"],
      ["SSUBSCRIBE", "s"],
      ["SPUBLISH", "s", "shard to myself"],
    ]);
    await p.run(0, [["PUBLISH", "a", "from 0"], ["PUBLISH", "b", "not any more"], ["SPUBLISH", "s", "sm"]]);
    await p.run(1, [["HELLO", "2"]], { skipCompare: true });
    await p.run(1, [["GET", "k"], ["PING"], ["UNSUBSCRIBE"], ["PUNSUBSCRIBE"], ["GET", "k"], ["SUNSUBSCRIBE"], ["GET", "k"]]);
  });

  it("MULTI: SUBSCRIBE runs inside EXEC (frames spliced into EXEC's reply), SSUBSCRIBE is refused, PUBLISH delivers at EXEC", async () => {
    const p = await open(2);
    await p.run(1, [["MULTI"], ["SUBSCRIBE", "a", "b"], ["SSUBSCRIBE", "x"], ["PSUBSCRIBE", "c*"], ["EXEC"]]);
    const queued = await p.run(0, [["MULTI"], ["PUBLISH", "a", "1"], ["PUBLISH", "c1", "2"], ["SET", "k", "v"]], { noSelfSync: true });
    expect(queued.ours[1]).toEqual([]); // nothing delivered before EXEC
    await p.run(0, [["EXEC"]]);
    await p.run(1, [["PING"], ["UNSUBSCRIBE", "a", "b"], ["PUNSUBSCRIBE"]]);
    await p.run(1, [["HELLO", "3"]], { skipCompare: true });
    await p.run(1, [["MULTI"], ["SUBSCRIBE", "a"], ["SSUBSCRIBE", "x"], ["GET", "k"], ["EXEC"]]);
    await p.run(0, [["PUBLISH", "a", "3"]]);
  });

  it("CLIENT REPLY OFF/SKIP silence replies but not confirmations or messages", async () => {
    const p = await open(2);
    await p.run(1, [["HELLO", "3"]], { skipCompare: true });
    await p.run(1, [["CLIENT", "REPLY", "OFF"], ["SUBSCRIBE", "a", "b"], ["SET", "k", "v"], ["PUBLISH", "a", "self"], ["CLIENT", "REPLY", "ON"]]);
    await p.run(1, [["CLIENT", "REPLY", "SKIP"], ["UNSUBSCRIBE", "a"], ["GET", "k"]]);
    await p.run(1, [["CLIENT", "REPLY", "SKIP"], ["GET", "k"], ["PING"]]);
    await p.run(0, [["PUBLISH", "b", "still delivered"]]);
  });

  it("errors: arity, PUBSUB subcommands", async () => {
    const p = await open(1);
    await p.run(0, [
      ["SUBSCRIBE"],
      ["PSUBSCRIBE"],
      ["SSUBSCRIBE"],
      ["PUBLISH", "a"],
      ["PUBLISH", "a", "b", "c"],
      ["SPUBLISH", "a"],
      ["PUBSUB"],
      ["PUBSUB", "NOSUCH"],
      ["PUBSUB", "CHANNELS", "a", "b"],
      ["PUBSUB", "SHARDCHANNELS", "a", "b"],
      ["PUBSUB", "NUMPAT", "x"],
      ["PUBSUB", "HELP", "x"],
      ["PUBSUB", "HELP"],
      ["PUBSUB", "help"],
      ["PUBSUB", "NUMSUB"],
      ["PUBSUB", "SHARDNUMSUB"],
      ["PUBSUB", "CHANNELS"],
      ["PUBSUB", "SHARDCHANNELS"],
    ]);
  });

  it("PUBSUB CHANNELS / SHARDCHANNELS list the active names, filtered by a glob", async () => {
    const p = await open(3);
    await p.run(1, [["SUBSCRIBE", "news.a", "news.b", "sport", "\xff"]]);
    await p.run(2, [["SUBSCRIBE", "news.a"], ["PSUBSCRIBE", "news.*"], ["SSUBSCRIBE", "s1", "s2", "t"]]);
    const sorted = async (argv: string[]): Promise<void> => {
      const [theirs, ours] = await Promise.all([oracle.send(argv), p.session(0).exec(argv)]);
      const t = parseFrame(theirs);
      expect(Array.isArray(t)).toBe(true);
      expect([...(ours as string[])].sort(), argv.join(" ")).toEqual([...(t as string[])].sort());
    };
    await sorted(["PUBSUB", "CHANNELS"]);
    await sorted(["PUBSUB", "CHANNELS", "news.*"]);
    await sorted(["PUBSUB", "CHANNELS", "x*"]);
    await sorted(["PUBSUB", "SHARDCHANNELS"]);
    await sorted(["PUBSUB", "SHARDCHANNELS", "s?"]);
    await p.run(0, [["PUBSUB", "NUMSUB", "news.a", "news.b", "news.*", "s1"], ["PUBSUB", "SHARDNUMSUB", "s1", "t", "news.a"], ["PUBSUB", "NUMPAT"]]);
    await p.run(2, [["UNSUBSCRIBE", "news.a"]]);
    await p.run(0, [["PUBSUB", "NUMSUB", "news.a"]]);
    await p.run(1, [["UNSUBSCRIBE"]], { unordered: true });
    await sorted(["PUBSUB", "CHANNELS"]);
  });

  it("CLIENT INFO sub/psub/ssub and flag P, INFO's pubsub counters", async () => {
    const p = await open(2);
    await p.run(1, [["HELLO", "3"]], { skipCompare: true });
    await p.run(1, [["SUBSCRIBE", "a", "b"], ["PSUBSCRIBE", "x*"], ["SSUBSCRIBE", "s"]]);
    const line = (frames: string[]): string => String(parseFrame(frames[0]!));
    // The oracle listens on a unix socket (flag U); ours has no such flag.
    const fields = (l: string): string[] =>
      l
        .split(" ")
        .filter((f) => /^(flags|sub|psub|ssub|multi)=/.test(f))
        .map((f) => f.replace(/^(flags=\S*)U/, "$1"));
    const client = await p.run(1, [["CLIENT", "INFO"]], { skipCompare: true });
    expect(fields(line(client.ours[1]!))).toEqual(["flags=P", "sub=2", "psub=1", "ssub=1", "multi=-1"]);
    expect(fields(line(client.ours[1]!))).toEqual(fields(line(client.theirs[1]!)));
    const stats = (frames: string[]): string[] => line(frames).split("\r\n").filter((l) => l.startsWith("pubsub"));
    const info = await p.run(0, [["INFO", "stats"]], { skipCompare: true });
    expect(stats(info.ours[0]!)).toEqual(["pubsub_channels:2", "pubsub_patterns:1", "pubsubshard_channels:1"]);
    expect(stats(info.ours[0]!)).toEqual(stats(info.theirs[0]!));
    await p.run(1, [["RESET"]]);
    const after = await p.run(0, [["INFO", "stats"]], { skipCompare: true });
    expect(stats(after.ours[0]!)).toEqual(["pubsub_channels:0", "pubsub_patterns:0", "pubsubshard_channels:0"]);
    expect(stats(after.ours[0]!)).toEqual(stats(after.theirs[0]!));
  });
});
