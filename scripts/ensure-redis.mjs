#!/usr/bin/env node
/**
 * Makes sure a real `redis-server` (the oracle of the differential tests) is installed. Run by
 * `npm test` before anything else.
 *
 * - Found on PATH: print its version, exit 0.
 * - Missing, and we are root on Debian/Ubuntu with apt-get: `apt-get update` and install
 *   `redis-server redis-tools` non-interactively, without letting the package start its own service
 *   (a temporary /usr/sbin/policy-rc.d refuses service starts; if one got started anyway it is stopped;
 *   in any case our tests start their own server on a free port, never 6379). Exit 0.
 * - Otherwise: say what to install and exit 1, unless REDIS_ANYWHERE_NO_ORACLE=1, in which case say
 *   the differential tests will be skipped and exit 0.
 */
import { spawnSync } from "node:child_process";
import { existsSync, unlinkSync, writeFileSync } from "node:fs";

const PACKAGES = ["redis-server", "redis-tools"];
const tag = "[ensure-redis]";

/** The `redis-server --version` line, or undefined when it cannot be run. */
function redisVersion() {
  const r = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function onPath(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function run(cmd, args) {
  console.log(`${tag} $ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return r.status === 0;
}

function canApt() {
  return process.platform === "linux" && process.getuid?.() === 0 && existsSync("/etc/debian_version") && onPath("apt-get");
}

function aptInstall() {
  // Debian's maintainer scripts ask invoke-rc.d, which asks policy-rc.d; exit 101 = "don't start".
  const policy = "/usr/sbin/policy-rc.d";
  const ownPolicy = !existsSync(policy);
  try {
    if (ownPolicy) writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    if (!run("apt-get", ["update"])) return false;
    return run("apt-get", ["install", "-y", "--no-install-recommends", ...PACKAGES]);
  } finally {
    if (ownPolicy) {
      try {
        unlinkSync(policy);
      } catch {
        // already gone
      }
    }
    // Belt and braces: if the package's service started anyway, stop it (harmless if not running).
    spawnSync("sh", ["-c", "service redis-server stop || /etc/init.d/redis-server stop"], { stdio: "ignore" });
  }
}

function main() {
  let version = redisVersion();
  if (version) {
    console.log(`${tag} ${version}`);
    return 0;
  }
  if (canApt()) {
    console.log(`${tag} redis-server not found; installing ${PACKAGES.join(" ")} with apt-get`);
    if (aptInstall()) version = redisVersion();
    if (version) {
      console.log(`${tag} installed: ${version}`);
      return 0;
    }
    console.error(`${tag} apt-get could not install ${PACKAGES.join(" ")}`);
  }
  if (process.env.REDIS_ANYWHERE_NO_ORACLE === "1") {
    console.log(
      `${tag} redis-server is not installed; REDIS_ANYWHERE_NO_ORACLE=1, so the differential ` +
        "(oracle) tests will be skipped.",
    );
    return 0;
  }
  console.error(
    `${tag} redis-server is required by the differential tests but is not installed.\n` +
      `${tag} Install it with:  sudo apt-get install redis-server\n` +
      `${tag} (or on macOS: brew install redis), or set REDIS_ANYWHERE_NO_ORACLE=1 to skip those tests.`,
  );
  return 1;
}

process.exit(main());
