/**
 * INFO [section …] (server.c genRedisInfoString): Redis's sections, in Redis's order, with Redis's
 * field names. Fields that describe this engine's state are real (versions, uptime, clients, dirty
 * counter, stats, command and error stats, keyspace); those about a process, a socket or an
 * allocator have no in-process meaning and report what an idle server would. The persistence
 * section comes from the engine's persistence layer when it has one (what an idle server reports
 * otherwise).
 *
 * The reply is a bulk string in RESP2 and a verbatim string (txt) in RESP3, as addReplyVerbatim does.
 */
import type { Command, CommandDef } from "../engine/command-types.js";
import type { Engine } from "../engine/engine.js";
import { lruClock } from "../engine/lru.js";
import { VerbatimReply } from "../engine/reply.js";
import { REDIS_BUILD_ID, REDIS_GIT_DIRTY, REDIS_GIT_SHA1, REDIS_VERSION } from "../engine/version.js";
import { topLevelCommands } from "./server-command.js";
import { attachedPersistence } from "../persistence/registry.js";

const DEFAULT_SECTIONS = [
  "server",
  "clients",
  "memory",
  "persistence",
  "stats",
  "replication",
  "cpu",
  "module_list",
  "errorstats",
  "cluster",
  "keyspace",
];

/** Per-engine identities Redis draws at startup (run_id, replication id): 40 hex digits from the engine's RNG. */
const identities = new WeakMap<Engine, { runId: string; replId: string }>();
function identity(engine: Engine): { runId: string; replId: string } {
  let id = identities.get(engine);
  if (id === undefined) {
    const hex = (): string => {
      let s = "";
      for (let i = 0; i < 40; i++) s += Math.floor(engine.rng.next() * 16).toString(16);
      return s;
    };
    id = { runId: hex(), replId: hex() };
    identities.set(engine, id);
  }
  return id;
}

/** bytesToHuman: B below 1 KiB, then K, M, G, T, P with two decimals. */
export function bytesToHuman(n: number): string {
  const units = ["K", "M", "G", "T", "P"];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (const u of units) {
    if (d < 1024 || u === "P") return `${d.toFixed(2)}${u}`;
    d /= 1024;
  }
  return `${n}B`;
}

/** Startup overhead Redis reports for an empty server (used_memory_startup), in bytes. */
const STARTUP_MEMORY = 866_000;
/** A rough per-key cost (dict entry, key and small value objects), for a plausible used_memory. */
const PER_KEY_MEMORY = 72;

/** An estimate of the dataset's footprint, O(databases): keys times a typical per-key cost. */
export function estimatedUsedMemory(engine: Engine): number {
  let keys = 0;
  for (const db of engine.allDbs()) keys += db.size;
  return STARTUP_MEMORY + keys * PER_KEY_MEMORY;
}

function lines(title: string, fields: readonly (readonly [string, string | number])[]): string {
  let out = `# ${title}\r\n`;
  for (const [k, v] of fields) out += `${k}:${v}\r\n`;
  return out;
}

function serverSection(engine: Engine): string {
  const now = engine.now;
  const micros = engine.clock.micros?.() ?? 0;
  const uptime = Math.floor((now - engine.startTime) / 1000);
  return lines("Server", [
    ["redis_version", REDIS_VERSION],
    ["redis_git_sha1", REDIS_GIT_SHA1],
    ["redis_git_dirty", REDIS_GIT_DIRTY],
    ["redis_build_id", REDIS_BUILD_ID],
    ["redis_mode", "standalone"],
    ["os", "JavaScript"],
    ["arch_bits", 64],
    ["monotonic_clock", "POSIX clock_gettime"],
    ["multiplexing_api", "javascript"],
    ["atomicvar_api", "c11-builtin"],
    ["gcc_version", "0.0.0"],
    ["process_id", 0],
    ["process_supervised", "no"],
    ["run_id", identity(engine).runId],
    ["tcp_port", engine.config.get("port")],
    ["server_time_usec", Math.floor(now) * 1000 + (micros % 1000)],
    ["uptime_in_seconds", uptime],
    ["uptime_in_days", Math.floor(uptime / 86400)],
    ["hz", engine.config.get("hz")],
    ["configured_hz", engine.config.get("hz")],
    ["lru_clock", lruClock(engine)],
    ["executable", ""],
    ["config_file", ""],
    ["io_threads_active", 0],
  ]);
}

function clientsSection(engine: Engine): string {
  let connected = 0;
  let blocked = 0;
  for (const s of engine.allSessions()) {
    connected++;
    if (s.blocked) blocked++;
  }
  return lines("Clients", [
    ["connected_clients", connected],
    ["cluster_connections", 0],
    ["maxclients", engine.config.get("maxclients")],
    ["client_recent_max_input_buffer", 0],
    ["client_recent_max_output_buffer", 0],
    ["blocked_clients", blocked],
    ["tracking_clients", 0],
    ["clients_in_timeout_table", 0],
    ["total_blocking_keys", 0],
    ["total_blocking_keys_on_nokey", 0],
  ]);
}

function memorySection(engine: Engine): string {
  const used = estimatedUsedMemory(engine);
  const maxmemory = engine.config.get("maxmemory");
  const dataset = used - STARTUP_MEMORY;
  return lines("Memory", [
    ["used_memory", used],
    ["used_memory_human", bytesToHuman(used)],
    ["used_memory_rss", used],
    ["used_memory_rss_human", bytesToHuman(used)],
    ["used_memory_peak", used],
    ["used_memory_peak_human", bytesToHuman(used)],
    ["used_memory_peak_perc", "100.00%"],
    ["used_memory_overhead", STARTUP_MEMORY],
    ["used_memory_startup", STARTUP_MEMORY],
    ["used_memory_dataset", dataset],
    ["used_memory_dataset_perc", `${((dataset * 100) / used).toFixed(2)}%`],
    ["allocator_allocated", used],
    ["allocator_active", used],
    ["allocator_resident", used],
    ["total_system_memory", 0],
    ["total_system_memory_human", "0B"],
    ["used_memory_lua", 31744],
    ["used_memory_vm_eval", 31744],
    ["used_memory_lua_human", "31.00K"],
    ["used_memory_scripts_eval", 0],
    ["number_of_cached_scripts", 0],
    ["number_of_functions", 0],
    ["number_of_libraries", 0],
    ["used_memory_vm_functions", 32768],
    ["used_memory_vm_total", 64512],
    ["used_memory_vm_total_human", "63.00K"],
    ["used_memory_functions", 184],
    ["used_memory_scripts", 184],
    ["used_memory_scripts_human", "184B"],
    ["maxmemory", maxmemory],
    ["maxmemory_human", bytesToHuman(Number(maxmemory))],
    ["maxmemory_policy", engine.config.get("maxmemory-policy")],
    ["allocator_frag_ratio", "1.00"],
    ["allocator_frag_bytes", 0],
    ["allocator_rss_ratio", "1.00"],
    ["allocator_rss_bytes", 0],
    ["rss_overhead_ratio", "1.00"],
    ["rss_overhead_bytes", 0],
    ["mem_fragmentation_ratio", "1.00"],
    ["mem_fragmentation_bytes", 0],
    ["mem_not_counted_for_evict", 0],
    ["mem_replication_backlog", 0],
    ["mem_total_replication_buffers", 0],
    ["mem_clients_slaves", 0],
    ["mem_clients_normal", 0],
    ["mem_cluster_links", 0],
    ["mem_aof_buffer", 0],
    ["mem_allocator", "libc"],
    ["active_defrag_running", 0],
    ["lazyfree_pending_objects", 0],
    ["lazyfreed_objects", 0],
  ]);
}

function persistenceSection(engine: Engine): string {
  // An engine with a persistence layer reports its real state (src/persistence/persistence.ts).
  const attached = attachedPersistence(engine);
  if (attached !== undefined) return lines("Persistence", attached.infoFields());
  return lines("Persistence", [
    ["loading", 0],
    ["async_loading", 0],
    ["current_cow_peak", 0],
    ["current_cow_size", 0],
    ["current_cow_size_age", 0],
    ["current_fork_perc", "0.00"],
    ["current_save_keys_processed", 0],
    ["current_save_keys_total", 0],
    ["rdb_changes_since_last_save", engine.dirty],
    ["rdb_bgsave_in_progress", 0],
    ["rdb_last_save_time", Math.floor(engine.startTime / 1000)],
    ["rdb_last_bgsave_status", "ok"],
    ["rdb_last_bgsave_time_sec", -1],
    ["rdb_current_bgsave_time_sec", -1],
    ["rdb_saves", 0],
    ["rdb_last_cow_size", 0],
    ["rdb_last_load_keys_expired", 0],
    ["rdb_last_load_keys_loaded", 0],
    ["aof_enabled", engine.config.get("appendonly") === "yes" ? 1 : 0],
    ["aof_rewrite_in_progress", 0],
    ["aof_rewrite_scheduled", 0],
    ["aof_last_rewrite_time_sec", -1],
    ["aof_current_rewrite_time_sec", -1],
    ["aof_last_bgrewrite_status", "ok"],
    ["aof_rewrites", 0],
    ["aof_rewrites_consecutive_failures", 0],
    ["aof_last_write_status", "ok"],
    ["aof_last_cow_size", 0],
    ["module_fork_in_progress", 0],
    ["module_fork_last_cow_size", 0],
  ]);
}

function statsSection(engine: Engine): string {
  const st = engine.stats;
  return lines("Stats", [
    ["total_connections_received", st.totalConnections],
    ["total_commands_processed", st.totalCommands],
    ["instantaneous_ops_per_sec", 0],
    ["total_net_input_bytes", 0],
    ["total_net_output_bytes", 0],
    ["total_net_repl_input_bytes", 0],
    ["total_net_repl_output_bytes", 0],
    ["instantaneous_input_kbps", "0.00"],
    ["instantaneous_output_kbps", "0.00"],
    ["instantaneous_input_repl_kbps", "0.00"],
    ["instantaneous_output_repl_kbps", "0.00"],
    ["rejected_connections", 0],
    ["sync_full", 0],
    ["sync_partial_ok", 0],
    ["sync_partial_err", 0],
    ["expired_keys", st.expiredKeys],
    ["expired_stale_perc", (st.expiredStalePerc * 100).toFixed(2)],
    ["expired_time_cap_reached_count", 0],
    ["expire_cycle_cpu_milliseconds", 0],
    ["evicted_keys", numberStat(engine, "evictedKeys")],
    ["evicted_clients", 0],
    ["total_eviction_exceeded_time", 0],
    ["current_eviction_exceeded_time", 0],
    ["keyspace_hits", st.keyspaceHits],
    ["keyspace_misses", st.keyspaceMisses],
    ["pubsub_channels", engine.pubsub.channelCount],
    ["pubsub_patterns", engine.pubsub.patternCount],
    ["pubsubshard_channels", engine.pubsub.shardChannelCount],
    ["latest_fork_usec", 0],
    ["total_forks", 0],
    ["migrate_cached_sockets", 0],
    ["slave_expires_tracked_keys", 0],
    ["active_defrag_hits", 0],
    ["active_defrag_misses", 0],
    ["active_defrag_key_hits", 0],
    ["active_defrag_key_misses", 0],
    ["total_active_defrag_time", 0],
    ["current_active_defrag_time", 0],
    ["tracking_total_keys", 0],
    ["tracking_total_items", 0],
    ["tracking_total_prefixes", 0],
    ["unexpected_error_replies", 0],
    ["total_error_replies", st.totalErrorReplies],
    ["dump_payload_sanitizations", 0],
    ["total_reads_processed", st.totalCommands],
    ["total_writes_processed", st.totalCommands],
    ["io_threaded_reads_processed", 0],
    ["io_threaded_writes_processed", 0],
    ["reply_buffer_shrinks", 0],
    ["reply_buffer_expands", 0],
    ["eventloop_cycles", 0],
    ["eventloop_duration_sum", 0],
    ["eventloop_duration_cmd_sum", 0],
    ["instantaneous_eventloop_cycles_per_sec", 0],
    ["instantaneous_eventloop_duration_usec", 0],
    ["acl_access_denied_auth", 0],
    ["acl_access_denied_cmd", 0],
    ["acl_access_denied_key", 0],
    ["acl_access_denied_channel", 0],
  ]);
}

/** A counter other features may add to engine.stats later (evictions, pub/sub); 0 until they do. */
function numberStat(engine: Engine, name: string): number {
  const v = (engine.stats as unknown as Record<string, unknown>)[name];
  return typeof v === "number" ? v : 0;
}

function replicationSection(engine: Engine): string {
  return lines("Replication", [
    ["role", "master"],
    ["connected_slaves", 0],
    ["master_failover_state", "no-failover"],
    ["master_replid", identity(engine).replId],
    ["master_replid2", "0".repeat(40)],
    ["master_repl_offset", 0],
    ["second_repl_offset", -1],
    ["repl_backlog_active", 0],
    ["repl_backlog_size", 1048576],
    ["repl_backlog_first_byte_offset", 0],
    ["repl_backlog_histlen", 0],
  ]);
}

function cpuSection(): string {
  return lines("CPU", [
    ["used_cpu_sys", "0.000000"],
    ["used_cpu_user", "0.000000"],
    ["used_cpu_sys_children", "0.000000"],
    ["used_cpu_user_children", "0.000000"],
    ["used_cpu_sys_main_thread", "0.000000"],
    ["used_cpu_user_main_thread", "0.000000"],
  ]);
}

/** Every command and subcommand, in table order (Redis walks its command dict, then each subcommand dict). */
function allCommands(engine: Engine): Command[] {
  const out: Command[] = [];
  for (const c of topLevelCommands(engine)) {
    out.push(c);
    for (const sub of c.subcommands?.values() ?? []) out.push(sub);
  }
  return out;
}

/** getSafeInfoString: INFO's own separators cannot appear in a field name. */
function safeInfoName(name: string): string {
  return name.replace(/[#:\n\r]/g, "_");
}

function commandstatsSection(engine: Engine): string {
  let out = "# Commandstats\r\n";
  for (const c of allCommands(engine)) {
    if (c.calls === 0 && c.failedCalls === 0 && c.rejectedCalls === 0) continue;
    // usec counts timed calls only (fast commands are timed when the slow log logs everything: slowlog.ts).
    const perCall = c.calls === 0 ? 0 : c.usec / c.calls;
    out += `cmdstat_${safeInfoName(c.fullName)}:calls=${c.calls},usec=${c.usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${c.rejectedCalls},failed_calls=${c.failedCalls}\r\n`;
  }
  return out;
}

function errorstatsSection(engine: Engine): string {
  let out = "# Errorstats\r\n";
  // Redis keeps them in a radix tree: byte-wise sorted by code.
  const codes = [...engine.stats.errorCodes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [code, count] of codes) out += `errorstat_${safeInfoName(code)}:count=${count}\r\n`;
  return out;
}

function latencystatsSection(engine: Engine): string {
  let out = "# Latencystats\r\n";
  if (engine.config.get("latency-tracking") !== "yes") return out;
  const percentiles = engine.config.get("latency-tracking-info-percentiles").split(" ").filter((p) => p !== "");
  for (const c of allCommands(engine)) {
    if (c.calls === 0) continue;
    // Commands are not timed in-process; every percentile reads as the histogram's smallest bucket.
    out += `latency_percentiles_usec_${safeInfoName(c.fullName)}:${percentiles.map((p) => `p${p}=0.001`).join(",")}\r\n`;
  }
  return out;
}

function keyspaceSection(engine: Engine): string {
  let out = "# Keyspace\r\n";
  for (const db of engine.allDbs()) {
    // Like Redis: keys that expired but were not reclaimed yet are counted.
    const keys = db.size;
    const expires = db.volatile.size;
    if (keys > 0 || expires > 0) out += `db${db.id}:keys=${keys},expires=${expires},avg_ttl=${Math.floor(db.avgTtl)}\r\n`;
  }
  return out;
}

/** genInfoSectionDict + genRedisInfoString: the requested sections (case-insensitive), in Redis's order. */
export function infoText(engine: Engine, args: readonly string[]): string {
  const wanted = new Set<string>();
  let all = false;
  let everything = false;
  if (args.length === 0) for (const s of DEFAULT_SECTIONS) wanted.add(s);
  for (const a of args) {
    const name = a.toLowerCase();
    if (name === "default") for (const s of DEFAULT_SECTIONS) wanted.add(s);
    else if (name === "all") all = true;
    else if (name === "everything") {
      all = true;
      everything = true;
    } else wanted.add(name);
  }
  const want = (name: string): boolean => all || everything || wanted.has(name);
  const parts: string[] = [];
  if (want("server")) parts.push(serverSection(engine));
  if (want("clients")) parts.push(clientsSection(engine));
  if (want("memory")) parts.push(memorySection(engine));
  if (want("persistence")) parts.push(persistenceSection(engine));
  if (want("stats")) parts.push(statsSection(engine));
  if (want("replication")) parts.push(replicationSection(engine));
  if (want("cpu")) parts.push(cpuSection());
  if (want("module_list") || wanted.has("modules")) parts.push("# Modules\r\n");
  if (want("commandstats")) parts.push(commandstatsSection(engine));
  if (want("errorstats")) parts.push(errorstatsSection(engine));
  if (want("latencystats")) parts.push(latencystatsSection(engine));
  if (want("cluster")) parts.push("# Cluster\r\ncluster_enabled:0\r\n");
  if (want("keyspace")) parts.push(keyspaceSection(engine));
  if (wanted.has("debug")) {
    parts.push(
      lines("Debug", [
        ["eventloop_duration_aof_sum", 0],
        ["eventloop_duration_cron_sum", 0],
        ["eventloop_duration_max", 0],
        ["eventloop_cmd_per_cycle_max", 0],
      ]),
    );
  }
  return parts.join("\r\n");
}

export const INFO_COMMANDS: CommandDef[] = [
  {
    name: "info",
    handler: (s, argv) => new VerbatimReply("txt", infoText(s.engine, argv.slice(1))),
  },
];
