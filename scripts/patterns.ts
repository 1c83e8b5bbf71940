// The `pattern` shapes the descriptions use most (amounts, currency and country codes, digit strings), checked with
// a loop over the characters instead of a regular expression: a few times faster, on the valid and the error path
// alike (an invalid payload is checked more than once). scripts/validators.ts writes the helpers into each API's
// generated/<api>/checks/runtime.cjs; every other pattern stays a RegExp. test/validators/fast.test.ts checks that each
// answers as the RegExp does, on every short string over an alphabet of digits, letters and the characters around them.

/** JavaScript source of each helper (plain functions that need nothing else). */
export const PATTERN_HELPERS: Record<string, string> = {
  digits: `/** ^\\d{min,max}$ */
function digits(s, min, max) {
  if (s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c < 48 || c > 57) return false; }
  return true;
}`,
  upper: `/** ^[A-Z]{n}$ */
function upper(s, n) {
  if (s.length !== n) return false;
  for (let i = 0; i < n; i++) { const c = s.charCodeAt(i); if (c < 65 || c > 90) return false; }
  return true;
}`,
  decimal: `/** ^\\d+(\\.\\d{1,places})?$ */
function decimal(s, places) {
  let dot = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 && dot === -1 && i > 0) dot = i;
    else if (c < 48 || c > 57) return false;
  }
  return s.length > 0 && (dot === -1 || (s.length - dot - 1 >= 1 && s.length - dot - 1 <= places));
}`,
};

/**
 * The helper and the expression that test the string `d` against `pattern`, or undefined when the pattern has none
 * of these shapes (exactly as written: `^\d{6}$`, not an equivalent spelling).
 */
export function patternCheck(pattern: string, d: string): { helper: string; test: string } | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^\^\\d\+\(\\\.\\d\{1,([1-9])\}\)\?\$$/.exec(pattern))) return { helper: "decimal", test: `decimal(${d}, ${m[1]})` };
  if ((m = /^\^\\d\{(\d{1,3})\}\$$/.exec(pattern))) return { helper: "digits", test: `digits(${d}, ${m[1]}, ${m[1]})` };
  if ((m = /^\^\\d\{(\d{1,3}),(\d{1,3})\}\$$/.exec(pattern)) && Number(m[1]) <= Number(m[2])) return { helper: "digits", test: `digits(${d}, ${m[1]}, ${m[2]})` };
  if (pattern === "^\\d+$") return { helper: "digits", test: `digits(${d}, 1, Infinity)` };
  if ((m = /^\^\[A-Z\]\{(\d{1,3})\}\$$/.exec(pattern))) return { helper: "upper", test: `upper(${d}, ${m[1]})` };
  return undefined;
}
