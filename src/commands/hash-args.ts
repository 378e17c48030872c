/**
 * Argument matching as the hash commands' C code does it: keywords are compared with strcasecmp on
 * C strings, so the comparison is ASCII-case-insensitive and an argument ends at its first NUL byte
 * ("WITHVALUES\0junk" is WITHVALUES).
 */

/** True when `arg`, read as a C string, equals the lower-case ASCII `word` ignoring ASCII case. */
export function cArgIs(arg: string, word: string): boolean {
  const n = word.length;
  if (arg.length < n || (arg.length > n && arg.charCodeAt(n) !== 0)) return false;
  for (let i = 0; i < n; i++) {
    let c = arg.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(i)) return false;
  }
  return true;
}
