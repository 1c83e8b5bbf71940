// Schemas and values in words. Used at build time (scripts/validators.ts writes each message into the generated
// code) and at run time (values seen in the data, union messages). No Node or DOM API: runs on any JavaScript runtime.

const MAX_SHOWN = 80;

/**
 * A value as a short JSON-like text: strings quoted, at most ~80 characters and 4 levels, "…" where cut. Safe for
 * any JavaScript value (BigInt, cycles, deep nesting, getters that throw): messages never embed a whole payload.
 */
export function show(value: unknown, max = MAX_SHOWN): string {
  let out = "";
  const stack = new Set<object>();
  const put = (s: string) => (out += s).length <= max;
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === "string") return put(JSON.stringify(v.length > max ? v.slice(0, max) : v));
    if (typeof v === "bigint") return put(`${v}n`);
    if (v === null || typeof v === "number" || typeof v === "boolean") return put(String(v));
    if (typeof v !== "object") return put(v === undefined ? "undefined" : `a ${typeof v}`);
    if (stack.has(v)) return put("[circular]");
    if (depth >= 4) return put(Array.isArray(v) ? "[…]" : "{…}");
    stack.add(v);
    if (Array.isArray(v)) {
      if (!put("[")) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !put(",")) || !walk(v[i], depth + 1)) return false;
      stack.delete(v);
      return put("]");
    }
    if (!put("{")) return false;
    let first = true;
    for (const k of Object.keys(v)) {
      if ((!first && !put(",")) || !put(`${JSON.stringify(k.length > max ? k.slice(0, max) : k)}:`)) return false;
      first = false;
      if (!walk((v as Record<string, unknown>)[k], depth + 1)) return false;
    }
    stack.delete(v);
    return put("}");
  };
  try {
    walk(value, 0);
  } catch {
    out += "…";
  }
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

export function list(items: string[], conjunction = "or"): string {
  const unique = items.filter((item, i) => items.indexOf(item) === i);
  if (unique.length <= 1) return unique[0] ?? "";
  return `${unique.slice(0, -1).join(", ")} ${conjunction} ${unique[unique.length - 1]}`;
}

export function valueList(values: readonly unknown[], max = 25): string {
  const shown = values.slice(0, max).map((v) => show(v));
  return values.length > max ? `${shown.join(", ")}, … (${values.length - max} more)` : shown.join(", ");
}

const TYPE_PHRASES: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
};

export function typePhrase(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(",");
  return list(types.map((t) => TYPE_PHRASES[t] ?? `of type ${t}`));
}

/** A pattern in words. Recognises the shapes the descriptions use; anything else is quoted. */
export function describePattern(pattern: string): string {
  let m: RegExpExecArray | null;
  if ((m = /^\^\\d\+\(\\\.\\d\{1,(\d+)\}\)\?\$$/.exec(pattern))) {
    return `a decimal string with at most ${m[1]} decimal${m[1] === "1" ? "" : "s"}`;
  }
  if ((m = /^\^\\d\{(\d+)\}\$$/.exec(pattern))) return `a string of exactly ${m[1]} digits`;
  if ((m = /^\^\\d\{(\d+),(\d+)\}\$$/.exec(pattern))) return `a string of ${m[1]} to ${m[2]} digits`;
  if ((m = /^\^\(\\d\{(\d+)\}\|\\d\{(\d+)\}\)\$$/.exec(pattern))) return `a string of ${m[1]} or ${m[2]} digits`;
  if ((m = /^\^\\d\{(\d+)\}-\?\\d\{(\d+)\}\$$/.exec(pattern))) {
    return `a string of ${Number(m[1]) + Number(m[2])} digits, optionally written with a hyphen after the first ${m[1]}`;
  }
  if (pattern === "^\\d+$") return "a string of digits";
  if (pattern === "^\\d*[1-9]\\d*$") return "a string of digits, not all zeros";
  if (pattern === "^ *\\d[\\d ]*$") return "a string of digits (spaces allowed)";
  if ((m = /^\^\[A-Z\]\{(\d+)\}\$$/.exec(pattern))) return `a code of ${m[1]} upper-case letters`;
  if (pattern === "^[A-Z][A-Z0-9_]*$") return "an upper-case code (letters, digits and _)";
  if (pattern === "^[\\x20-\\x7E]+$") return "non-empty printable ASCII text";
  if (pattern === "^[\\x20-\\x7E]*$") return "printable ASCII text";
  if (pattern === "^(0[1-9]|1[0-2])$") return "a two-digit month from 01 to 12";
  if (/^\^\\d\{4\}-\\d\{2\}-\\d\{2\}T/.test(pattern)) {
    return "a date and time with a UTC offset, such as 2024-05-01T09:30:00+10:00";
  }
  if (/^\^\\d\{4\}-\(?(0\[1-9\]|\\d\{2\})/.test(pattern) && !pattern.includes("T")) return "a month such as 2024-05";
  const range = /^\^\(\[1-9\]\\d\{0,2\}\|.*\|(\d+)\)\$$/.exec(pattern);
  if (range) return `a whole number from 1 to ${range[1]} written as a string`;
  return `a string matching the pattern ${pattern}`;
}

const FORMAT_PHRASES: Record<string, string> = {
  date: "a date in the form YYYY-MM-DD",
  "date-time": "a date and time (RFC 3339)",
  time: "a time (RFC 3339)",
  email: "an e-mail address",
  uri: "an absolute URI",
  "uri-reference": "a URI reference",
  uuid: "a UUID",
  int32: "a whole number that fits in 32 bits",
  int64: "a whole number",
  "two-decimals": "a number with at most 2 decimal places",
  byte: "base64-encoded text",
};

export const formatPhrase = (format: unknown) => FORMAT_PHRASES[String(format)] ?? `a valid ${String(format)}`;

/** "a number", "a decimal string with at most 2 decimals", "null", ...: a schema's form, when it has a simple one. */
export function describeSchema(schema: any): string | undefined {
  if (schema === true) return "any value";
  if (!schema || typeof schema !== "object") return undefined;
  if (schema.not && Object.keys(schema).every((k) => k === "not" || k === "description")) {
    const negated = describeSchema(schema.not);
    return negated ? `anything but ${negated}` : undefined;
  }
  if ("const" in schema) return show(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.length === 1 ? show(schema.enum[0]) : `one of ${valueList(schema.enum)}`;
  const type = schema.type;
  if (typeof schema.pattern === "string" && (type === "string" || type === undefined)) return describePattern(schema.pattern);
  if (schema.format !== undefined && (type === "string" || type === undefined)) return formatPhrase(schema.format);
  if (type !== undefined) return typePhrase(type);
  return undefined;
}

/** An `if` schema as a condition ("statusCode is one of "SUSPENDED", "CANCELLED""), when it has a simple form. */
export function conditionOf(ifSchema: any): string | undefined {
  const props = ifSchema?.properties;
  if (!props || typeof props !== "object") return undefined;
  const parts: string[] = [];
  // `{type: "null"}` for a property the condition does not require holds when it is absent too: "not given".
  const required: unknown[] = Array.isArray(ifSchema.required) ? ifSchema.required : [];
  const absent = Object.entries<any>(props).filter(([name, s]) => s?.type === "null" && Object.keys(s).length === 1 && !required.includes(name)).map(([name]) => name);
  if (absent.length > 1) parts.push(`none of ${list(absent, "and")} is given`);
  else if (absent.length === 1) parts.push(`${absent[0]} is not given`);
  for (const [name, s] of Object.entries<any>(props)) {
    if (absent.includes(name)) continue;
    if (s && "const" in s) parts.push(`${name} is ${show(s.const)}`);
    else if (Array.isArray(s?.enum)) parts.push(`${name} is one of ${valueList(s.enum)}`);
    else if (s?.type) parts.push(`${name} is ${typePhrase(s.type)}`);
    else return undefined;
  }
  return parts.length ? list(parts, "and") : undefined;
}
