/**
 * Duplicating a key's value (COPY; Redis's dupStringObject / listTypeDup / setTypeDup / zsetDup /
 * hashTypeDup / streamDup). Strings are immutable JS strings, so they are shared as is; every other
 * type deep-copies itself through ObjectValue.clone(), so the copy and the original never alias.
 */
import type { Value } from "./value.js";

/** An independent copy of `v`. O(1) for strings, O(size) for aggregates. */
export function copyValue(v: Value): Value {
  return typeof v === "string" ? v : v.clone();
}
