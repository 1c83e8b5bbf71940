// Turns ajv's raw errors into errors a person can act on: one per problem, at the JSON pointer of the field itself,
// with a message derived from the schema (never hard-coded per field).
//
// ajv with `allErrors` reports every branch of a failed oneOf/anyOf plus "must match exactly one schema in oneOf";
// for a body chosen by a discriminator it validates only the selected variant but says little about an unknown
// value. The generated validators are built with `verbose`, so each error carries the schema it comes from
// (`parentSchema`); from it we rebuild what a person needs:
// - a failed oneOf/anyOf of simple forms becomes one message listing them ("must be a number or a decimal string
//   with at most 2 decimals"); of object forms, the errors of the branch the data most nearly matches (branches that
//   are `$ref`s to component schemas are re-checked with that component's own precompiled validator);
// - a discriminator failure becomes one error at the discriminator property that lists the allowed values;
// - `then` errors say the condition (`when automaticRenewal is false`), and the failed `if` itself adds nothing;
// - properties that a closed model reports as unevaluated only because a schema it applies in place failed (and so
//   passed no annotations up) are not reported as unknown.
import type { ErrorObject } from "ajv";

export interface ValidationError {
  /** JSON pointer (RFC 6901) of the field: "" is the whole payload, "/principalAmount", "/payments/0/type". */
  pointer: string;
  /** What is wrong, in words: "must be a number or a decimal string with at most 2 decimals", "is required". */
  message: string;
  /** The JSON Schema keyword that failed ("required", "type", "pattern", "oneOf", "discriminator", ...). */
  keyword: string;
  /** Facts behind the message (ajv's error params, plus `allowedValues` where the message lists them). */
  params: Record<string, unknown>;
}

/** A precompiled validator as generated (a function leaving ajv errors on `.errors`). */
export interface RawValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export interface UnionFacts {
  propertyName: string;
  mapping: Readonly<Record<string, string>>;
}

export interface ExplainContext {
  /** The precompiled validator of a component schema, by name (branches that `$ref` a component are re-checked). */
  component(name: string): RawValidator | undefined;
  /** Discriminated unions by their branches' `$ref`s joined with "|" (generated `unions`). */
  unions: Readonly<Record<string, UnionFacts>>;
}

interface Issue extends ValidationError {
  /** When the problem is the form of the value at `pointer`: the noun phrase that follows "must be". */
  phrase?: string;
}

type Raw = ErrorObject & { parentSchema?: any; schema?: any; data?: unknown };

// ---------------------------------------------------------------------------------------------------------------
// Pointers

const escapeToken = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const unescapeToken = (s: string) => s.replace(/~1/g, "/").replace(/~0/g, "~");
const child = (pointer: string, key: string | number) => `${pointer}/${escapeToken(String(key))}`;
const isUnder = (pointer: string, prefix: string) => pointer === prefix || pointer.startsWith(`${prefix}/`);

export function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === "") return data;
  let node: any = data;
  for (const token of pointer.slice(1).split("/").map(unescapeToken)) {
    if (node === null || typeof node !== "object") return undefined;
    node = Array.isArray(node) ? node[Number(token)] : Object.hasOwn(node, token) ? node[token] : undefined;
  }
  return node;
}

// ---------------------------------------------------------------------------------------------------------------
// Words

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

function list(items: string[], conjunction = "or"): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? "";
  return `${unique.slice(0, -1).join(", ")} ${conjunction} ${unique[unique.length - 1]}`;
}

function valueList(values: unknown[], max = 25): string {
  const shown = values.slice(0, max).map(show);
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

function typePhrase(type: unknown): string {
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
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  hostname: "a host name",
  int32: "a whole number that fits in 32 bits",
  int64: "a whole number",
  byte: "base64-encoded text",
};

const formatPhrase = (format: unknown) => FORMAT_PHRASES[String(format)] ?? `a valid ${String(format)}`;

/** "a number", "a decimal string with at most 2 decimals", "null", ...: a schema's form, when it has a simple one. */
function describeSchema(schema: any): string | undefined {
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

function conditionOf(ifSchema: any): string | undefined {
  const props = ifSchema?.properties;
  if (!props || typeof props !== "object") return undefined;
  const parts: string[] = [];
  for (const [name, s] of Object.entries<any>(props)) {
    if (s && "const" in s) parts.push(`${name} is ${show(s.const)}`);
    else if (Array.isArray(s?.enum)) parts.push(`${name} is one of ${valueList(s.enum)}`);
    else if (s?.type) parts.push(`${name} is ${typePhrase(s.type)}`);
    else return undefined;
  }
  return parts.length ? list(parts, "and") : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// One ajv error → one issue

function issueOf(e: Raw, data: unknown): Issue | undefined {
  const p = e.params as Record<string, any>;
  const at = e.instancePath;
  const make = (message: string, pointer = at, phrase?: string, params: Record<string, unknown> = p): Issue => ({
    pointer,
    message,
    keyword: e.keyword,
    params,
    ...(phrase ? { phrase } : {}),
  });
  switch (e.keyword) {
    case "required":
      return make("is required", child(at, p.missingProperty));
    case "dependentRequired":
    case "dependencies":
      return make(`is required when ${p.property} is present`, child(at, p.missingProperty));
    case "unevaluatedProperties":
    case "additionalProperties": {
      const name = p.unevaluatedProperty ?? p.additionalProperty;
      return make("is not a property of this model (unknown properties are not allowed here)", child(at, name));
    }
    case "unevaluatedItems":
    case "additionalItems":
      return make(`must have at most ${p.len} items`);
    case "type": {
      const phrase = typePhrase(p.type);
      return make(`must be ${phrase}`, at, phrase);
    }
    case "enum": {
      const values: unknown[] = p.allowedValues ?? [];
      const phrase = values.length === 1 ? show(values[0]) : `one of ${valueList(values)}`;
      return make(`must be ${phrase}`, at, phrase);
    }
    case "const": {
      const phrase = show(p.allowedValue);
      return make(`must be ${phrase}`, at, phrase);
    }
    case "pattern": {
      const phrase = describePattern(String(p.pattern));
      return make(`must be ${phrase}`, at, phrase);
    }
    case "format": {
      const phrase = formatPhrase(p.format);
      return make(`must be ${phrase}`, at, phrase);
    }
    case "minLength":
      return make(p.limit === 1 ? "must not be empty" : `must be at least ${p.limit} characters long`);
    case "maxLength":
      return make(`must be at most ${p.limit} characters long`);
    case "minimum":
      return make(`must be ${p.limit} or more`);
    case "maximum":
      return make(`must be ${p.limit} or less`);
    case "exclusiveMinimum":
      return make(`must be greater than ${p.limit}`);
    case "exclusiveMaximum":
      return make(`must be less than ${p.limit}`);
    case "multipleOf":
      return make(`must be a multiple of ${p.multipleOf}`);
    case "minItems":
      return make(p.limit === 1 ? "must not be empty" : `must have at least ${p.limit} items`);
    case "maxItems":
      return make(`must have at most ${p.limit} items`);
    case "uniqueItems":
      return make(`must not repeat items (items ${p.j} and ${p.i} are equal)`);
    case "minProperties":
      return make(`must have at least ${p.limit} properties`);
    case "maxProperties":
      return make(`must have at most ${p.limit} properties`);
    case "false schema":
      return make("is not allowed here");
    case "not": {
      const not = e.parentSchema?.not;
      // not(A and not B) is "if A then B": say B at its field, and A as the condition.
      const condition = conditionOf(not);
      const inner = not?.not;
      const names = Object.keys(inner?.properties ?? {});
      if (condition && names.length === 1) {
        const name = names[0];
        const pointer = child(at, name);
        const present = valueAt(data, pointer) !== undefined;
        if (!present && (inner.required ?? []).includes(name)) return make(`is required (when ${condition})`, pointer);
        const phrase = describeSchema(inner.properties[name]);
        if (phrase) return make(`must be ${phrase} (when ${condition})`, pointer);
      }
      const phrase = describeSchema(not);
      if (phrase) return make(`must not be ${phrase}`);
      const rule = typeof e.parentSchema?.description === "string" ? e.parentSchema.description : undefined;
      return make(rule ? `breaks the rule: ${rule}` : "is not allowed in this combination of fields");
    }
    case "if":
      return undefined; // the failing `then`/`else` errors come before it and say what is wrong
    default:
      return make(e.message ?? `fails ${e.keyword}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The whole list

const keyOf = (e: ErrorObject) => `${e.instancePath}\u0000${e.keyword}\u0000${JSON.stringify(e.params)}`;

function componentName(branch: any): string | undefined {
  if (!branch || typeof branch !== "object" || typeof branch.$ref !== "string") return undefined;
  const m = /^#\/components\/schemas\/([^/]+)$/.exec(branch.$ref);
  return m ? unescapeToken(m[1]) : undefined;
}

function rerun(validator: RawValidator, value: unknown, at: string): Raw[] {
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => ({ ...e, instancePath: at + e.instancePath }) as Raw);
}

interface Branch {
  index: number;
  /** Pointer of the value the union applies to. */
  at: string;
  schema: any;
  raw: Raw[];
  issues: Issue[];
  /** The value's JSON type is not one this branch accepts. */
  wrongType: boolean;
}

/** Turn ajv's raw errors (of one validator call on `data`) into issues. */
export function explain(rawErrors: readonly ErrorObject[], data: unknown, ctx: ExplainContext, depth = 0): ValidationError[] {
  const issues = explainIssues(rawErrors as Raw[], data, ctx, depth);
  const seen = new Set<string>();
  const out: ValidationError[] = [];
  for (const { phrase: _phrase, ...issue } of issues) {
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(issue);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Unevaluated properties that only look unknown
//
// A closed model built as `allOf: [$ref Fields]` + `unevaluatedProperties: false` learns which properties Fields
// declares from Fields' annotations. When Fields' validator collects them at run time (it has `if`/`then`), a
// failing Fields passes none up, and ajv then reports every property of the body as unknown as well. Such an error
// is a consequence of the real one: a property declared by the model itself or by a schema it applies in place
// (`$ref`, `allOf`) is not unknown, so the error is dropped. Genuinely unknown properties are still reported.

/** The schema of a component, read from a failed call's error (a non-object makes `type: object` fail at the root). */
const componentSchemas = new WeakMap<RawValidator, any>();
function componentSchema(validator: RawValidator): any {
  if (componentSchemas.has(validator)) return componentSchemas.get(validator);
  let schema: any;
  try {
    if (!validator(Symbol.for("probe"))) {
      const rootError = (validator.errors as Raw[] | null | undefined)?.find((e) => e.instancePath === "" && e.keyword === "type");
      schema = rootError?.parentSchema;
    }
  } catch {
    schema = undefined; // not learnt: its properties' errors are then all kept
  }
  componentSchemas.set(validator, schema);
  return schema;
}

/** Property names a schema declares itself or through the schemas it applies in place (`$ref`, `allOf`). */
function declaredProperties(schema: any, ctx: ExplainContext, out = new Set<string>(), seen = new Set<any>()): Set<string> {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return out;
  seen.add(schema);
  for (const name of Object.keys(schema.properties ?? {})) out.add(name);
  const refName = componentName(schema);
  const validator = refName ? ctx.component(refName) : undefined;
  if (validator) declaredProperties(componentSchema(validator), ctx, out, seen);
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) declaredProperties(part, ctx, out, seen);
  return out;
}

function isConsequential(e: Raw, ctx: ExplainContext): boolean {
  if (e.keyword !== "unevaluatedProperties" || !e.parentSchema) return false;
  const name = (e.params as any).unevaluatedProperty;
  return typeof name === "string" && declaredProperties(e.parentSchema, ctx).has(name);
}

function explainIssues(rawErrors: Raw[], data: unknown, ctx: ExplainContext, depth: number): Issue[] {
  const errs: (Raw | undefined)[] = rawErrors.filter((e) => !isConsequential(e, ctx));
  const groups: Issue[][] = [];
  // Walk backwards: a oneOf/anyOf/if error comes after the errors of its branches, which it then claims.
  for (let k = errs.length - 1; k >= 0; k--) {
    const e = errs[k];
    if (!e) continue;
    errs[k] = undefined;
    if ((e.keyword === "oneOf" || e.keyword === "anyOf") && depth < 20) {
      groups.push(explainUnion(e, errs, k, data, ctx, depth));
    } else if (e.keyword === "discriminator") {
      groups.push([explainDiscriminator(e, data, ctx)]);
    } else if (e.keyword === "if") {
      const condition = conditionOf(e.parentSchema?.if);
      const prefix = `${e.schemaPath.replace(/\/if$/, "")}/${(e.params as any).failingKeyword ?? "then"}/`;
      if (condition) {
        for (let j = k - 1; j >= 0; j--) {
          const inner = errs[j];
          if (inner && inner.schemaPath.startsWith(prefix) && isUnder(inner.instancePath, e.instancePath)) {
            errs[j] = { ...inner, message: inner.message, __when: condition } as Raw;
          }
        }
      }
    } else {
      const issue = issueOf(e, data);
      if (issue) {
        const when = (e as any).__when as string | undefined;
        if (when) issue.message += ` (when ${when})`;
        groups.push([issue]);
      }
    }
  }
  return groups.reverse().flat();
}

function explainUnion(e: Raw, errs: (Raw | undefined)[], k: number, data: unknown, ctx: ExplainContext, depth: number): Issue[] {
  const at = e.instancePath;
  const value = valueAt(data, at);
  const schemas: unknown = e.parentSchema?.[e.keyword];
  if (!Array.isArray(schemas)) return [{ pointer: at, message: "must match one of the allowed forms", keyword: e.keyword, params: e.params }];

  const branches: Branch[] = schemas.map((schema, index) => {
    const name = componentName(schema);
    const validator = name ? ctx.component(name) : undefined;
    let raw: Raw[];
    if (validator) {
      raw = rerun(validator, value, at);
      // Claim the matching errors that ajv reported inline for this branch.
      const wanted = new Map<string, number>();
      for (const r of raw) wanted.set(keyOf(r), (wanted.get(keyOf(r)) ?? 0) + 1);
      for (let j = k - 1; j >= 0 && wanted.size; j--) {
        const x = errs[j];
        if (!x || !isUnder(x.instancePath, at)) continue;
        const n = wanted.get(keyOf(x));
        if (n) {
          errs[j] = undefined;
          if (n === 1) wanted.delete(keyOf(x));
          else wanted.set(keyOf(x), n - 1);
        }
      }
    } else {
      const prefix = `${e.schemaPath}/${index}/`;
      raw = [];
      for (let j = k - 1; j >= 0; j--) {
        const x = errs[j];
        if (x && x.schemaPath.startsWith(prefix) && isUnder(x.instancePath, at)) {
          raw.unshift(x);
          errs[j] = undefined;
        }
      }
    }
    const wrongType = raw.some((r) => r.instancePath === at && r.keyword === "type");
    return { index, at, schema, raw, issues: [], wrongType };
  });

  const passing = (e.params as any).passingSchemas;
  if (Array.isArray(passing)) {
    const forms = passing.map((i: number) => describeBranch(branches[i]) ?? `form ${i + 1}`);
    return [{ pointer: at, message: `matches more than one of the allowed forms (${list(forms, "and")}); it must match exactly one`, keyword: e.keyword, params: e.params }];
  }

  for (const b of branches) b.issues = explainIssues(b.raw, data, ctx, depth + 1);

  // Every branch failed on the form of the value itself: say what forms are allowed, in one message.
  const phrases = branches.map((b) => {
    if (b.wrongType) return describeBranch(b);
    if (b.issues.length > 0 && b.issues.every((i) => i.pointer === at && i.phrase)) {
      return describeSchema(b.schema) ?? list(b.issues.map((i) => i.phrase!), "and");
    }
    return undefined;
  });
  if (phrases.every((p): p is string => p !== undefined)) {
    const phrase = list(phrases);
    return [{ pointer: at, message: `must be ${phrase}`, keyword: e.keyword, params: e.params, phrase }];
  }

  // Otherwise report the branch the value most nearly matches: the one whose errors least suggest that the value
  // was meant for another branch (a constant that differs, a field the branch does not know, a missing field).
  const score = (b: Branch) => {
    if (b.wrongType) return 1e6;
    let s = 0;
    for (const r of b.raw) {
      const own = r.instancePath === at;
      const direct = own || (isUnder(r.instancePath, at) && r.instancePath.slice(at.length).split("/").length === 2);
      if (own && r.keyword === "discriminator") s += valueAt(value, `/${escapeToken(String((r.params as any).tag))}`) === undefined ? 40 : 15;
      else if (direct && (r.keyword === "const" || r.keyword === "not" || r.keyword === "false schema")) s += 100;
      else if (own && (r.keyword === "unevaluatedProperties" || r.keyword === "additionalProperties")) s += 30;
      else if (own && r.keyword === "required") s += 10;
      else s += 1;
    }
    return s;
  };
  const ranked = [...branches].sort((a, b) => score(a) - score(b) || a.index - b.index);
  const best = ranked[0];
  // Equally near branches that each only miss fields (anyOf "accountNumber or iban", or variants told apart by
  // which field is present): one error at the first missing field that names the alternatives.
  const tied = ranked.filter((b) => score(b) === score(best));
  const onlyMissing = (b: Branch) => b.raw.length > 0 && b.raw.every((r) => r.instancePath === at && r.keyword === "required");
  if (tied.length > 1 && tied.every(onlyMissing)) {
    const missing = tied.map((b) => b.raw.map((r) => child(at, (r.params as any).missingProperty)));
    const others = tied.slice(1).map((b, i) => {
      const name = componentName(b.schema);
      return `${missing[i + 1].join(" and ")}${name ? ` (for a ${name})` : ""}`;
    });
    const firstName = componentName(best.schema);
    return [
      {
        pointer: missing[0][0],
        message: `is required${firstName ? ` for a ${firstName}` : ""}${missing[0].length > 1 ? `, with ${missing[0].slice(1).join(" and ")}` : ""}; or instead give ${list(others)}`,
        keyword: "required",
        params: { missingProperty: (best.raw[0].params as any).missingProperty, alternatives: missing },
      },
    ];
  }
  if (best.issues.length) return best.issues;
  return [{ pointer: at, message: `must be ${list(phrases.map((p, i) => p ?? `form ${i + 1}`))}`, keyword: e.keyword, params: e.params }];
}

function describeBranch(b: Branch): string | undefined {
  const own = describeSchema(b.schema);
  if (own) return own;
  const typeError = b.raw.find((r) => r.instancePath === b.at && r.keyword === "type");
  if (typeError) return typePhrase((typeError.params as any).type);
  const name = componentName(b.schema);
  return name ? `a ${name}` : undefined;
}

function explainDiscriminator(e: Raw, data: unknown, ctx: ExplainContext): Issue {
  const p = e.params as { error?: string; tag?: string; tagValue?: unknown };
  const tag = p.tag ?? e.parentSchema?.discriminator?.propertyName ?? "type";
  const branches: any[] = e.parentSchema?.oneOf ?? e.parentSchema?.anyOf ?? [];
  const union = ctx.unions[branches.map((b) => b?.$ref).join("|")];
  const allowedValues = union ? Object.keys(union.mapping) : [];
  const pointer = child(e.instancePath, tag);
  const value = valueAt(data, pointer);
  const allowed = allowedValues.length ? `one of ${valueList(allowedValues)}` : "one of the documented values";
  const params = { ...p, allowedValues };
  if (value === undefined) {
    return { pointer, message: `is required: it selects the kind of body and must be ${allowed}`, keyword: "discriminator", params };
  }
  return {
    pointer,
    message: `${show(value)} is not a known ${tag}: must be ${allowed}`,
    keyword: "discriminator",
    params,
  };
}
