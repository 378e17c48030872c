/**
 * The Redis version this engine claims, in one place: HELLO, INFO server, the RDB `redis-ver` AUX
 * field and anything else that reports a version read it from here. We follow Redis 7.2 semantics
 * (DESIGN.md §6), so we claim a 7.2 patch release.
 */

/** What HELLO's `version` and INFO's `redis_version` report. */
export const REDIS_VERSION = "7.2.4";

/** REDIS_VERSION_NUM (0x00MMmmpp), as modules and RDB writers use it. */
export const REDIS_VERSION_NUM = 0x00070204;

/** INFO's `redis_git_sha1` / `redis_git_dirty`: a build that is not from a git checkout reports zeros. */
export const REDIS_GIT_SHA1 = "00000000";
export const REDIS_GIT_DIRTY = 0;

/** INFO's `redis_build_id`: a fixed token (Redis derives it from the build environment). */
export const REDIS_BUILD_ID = "0000000000000000";
