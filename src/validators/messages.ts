// Turns what a compiled check collected (generated/<api>/compiled-validators.js, written by scripts/validators.ts)
// into errors a person can act on: one per problem, at the JSON pointer of the field itself. Most messages were put
// into words at build time; here are only what depends on the data:
// - a failed oneOf/anyOf of simple forms becomes one message listing them ("must be a number or a decimal string
//   with at most 2 decimals"); of object forms, the errors of the branch the data most nearly matches;
// - an unknown or missing discriminator value is one error at the discriminator property listing the allowed values;
// - issues of a `then` say the condition ("is required (when automaticRenewal is false)");
// - an unknown property of a closed model is named by its pointer.
import { list, show } from "./words.js";

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

/** Written at build time for each way a schema can fail (scripts/validators.ts). */
interface IssueConstant {
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  /** The noun phrase after "must be", when the problem is the form of the value. */
  phrase?: string;
  /** Unknown property: the params key for its name. */
  param?: string;
  /** Union: each branch's form in words and its component name. */
  union?: { phrase?: string; name?: string }[];
  /** Discriminator: the property, its values, and the messages for a missing and an unknown value. */
  tag?: string;
  allowedValues?: string[];
  missing?: string;
  unknown?: string;
}

/** One problem as a compiled check collects it. */
export interface RawIssue {
  /** Pointer of the value. */
  at: string;
  c: IssueConstant;
  /** The unknown property's name, or the discriminator's value. */
  v?: unknown;
  /** Union: each branch's issues, and the branches that passed. */
  b?: RawIssue[][];
  p?: number[];
  /** The condition under which the issue applies (a `then`). */
  w?: string;
}

interface Issue extends ValidationError {
  phrase?: string;
}

/** Put the collected issues into words; one error per pointer and message. */
export function explain(raw: readonly RawIssue[]): ValidationError[] {
  const seen = new Set<string>();
  const out: ValidationError[] = [];
  for (const { pointer, message, keyword, params } of issuesOf(raw)) {
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, message, keyword, params });
  }
  return out;
}

function issuesOf(raw: readonly RawIssue[]): Issue[] {
  const out: Issue[] = [];
  for (const r of raw) {
    const c = r.c;
    const start = out.length;
    if (c.union) out.push(...union(r));
    else if (c.tag !== undefined) out.push(discriminator(r));
    else if (c.param) out.push({ pointer: r.at, message: c.message, keyword: c.keyword, params: { [c.param]: r.v } });
    else out.push({ pointer: r.at, message: c.message, keyword: c.keyword, params: c.params, phrase: c.phrase });
    if (r.w) for (let i = start; i < out.length; i++) out[i].message += ` (when ${r.w})`;
  }
  return out;
}

function discriminator(r: RawIssue): Issue {
  const c = r.c;
  const v = r.v;
  const params: Record<string, unknown> = { error: typeof v === "string" ? "mapping" : "tag", tag: c.tag, allowedValues: c.allowedValues };
  if (typeof v === "string") params.tagValue = v.length > 200 ? `${v.slice(0, 200)}…` : v;
  const pointer = r.at;
  return { pointer, message: v === undefined ? c.missing! : `${show(v)}${c.unknown}`, keyword: "discriminator", params };
}

interface Branch {
  index: number;
  issues: Issue[];
  phrase?: string;
  name?: string;
  /** The value's JSON type is not one this branch accepts. */
  wrongType: boolean;
}

/** Whether `pointer` is a direct child of `at`. */
const isChild = (pointer: string, at: string) => pointer.length > at.length + 1 && pointer.startsWith(`${at}/`) && pointer.indexOf("/", at.length + 1) === -1;

function union(r: RawIssue): Issue[] {
  const at = r.at;
  const keyword = r.c.keyword;
  const forms = r.c.union!;
  const params = keyword === "oneOf" ? { passingSchemas: null } : {};
  const branches: Branch[] = (r.b ?? []).map((raw, index) => {
    const issues = issuesOf(raw);
    return { index, issues, ...forms[index], wrongType: issues.some((i) => i.pointer === at && i.keyword === "type") };
  });
  const describe = (b: Branch) =>
    b.phrase ?? b.issues.find((i) => i.pointer === at && i.keyword === "type")?.phrase ?? (b.name ? `a ${b.name}` : undefined);

  if (r.p && r.p.length > 1) {
    const names = r.p.map((i) => describe(branches[i]) ?? `form ${i + 1}`);
    return [{ pointer: at, message: `matches more than one of the allowed forms (${list(names, "and")}); it must match exactly one`, keyword, params: { passingSchemas: r.p } }];
  }

  // Every branch failed on the form of the value itself: say what forms are allowed, in one message.
  const phrases = branches.map((b) => {
    if (b.wrongType) return describe(b);
    if (b.issues.length > 0 && b.issues.every((i) => i.pointer === at && i.phrase)) return b.phrase ?? list(b.issues.map((i) => i.phrase!), "and");
    return undefined;
  });
  if (phrases.every((p): p is string => p !== undefined)) {
    const phrase = list(phrases);
    return [{ pointer: at, message: `must be ${phrase}`, keyword, params, phrase }];
  }

  // Otherwise report the branch the value most nearly matches: the one whose issues least suggest that the value
  // was meant for another branch (a constant that differs, a field the branch does not know, a missing field).
  const score = (b: Branch) => {
    if (b.wrongType) return 1e6;
    let s = 0;
    for (const i of b.issues) {
      const direct = i.pointer === at || isChild(i.pointer, at);
      if (i.keyword === "discriminator" && isChild(i.pointer, at)) s += i.params.tagValue === undefined && i.params.error === "tag" ? 40 : 15;
      else if (direct && (i.keyword === "const" || i.keyword === "not" || i.keyword === "false schema")) s += 100;
      else if (isChild(i.pointer, at) && (i.keyword === "unevaluatedProperties" || i.keyword === "additionalProperties")) s += 30;
      else if (isChild(i.pointer, at) && i.keyword === "required") s += 10;
      else s += 1;
    }
    return s;
  };
  const ranked = branches.map((b) => ({ b, s: score(b) })).sort((x, y) => x.s - y.s || x.b.index - y.b.index);
  const best = ranked[0].b;
  // Equally near branches that each only miss fields (anyOf "accountNumber or iban", or variants told apart by
  // which field is present): one error at the first missing field that names the alternatives.
  const tied = ranked.filter((x) => x.s === ranked[0].s).map((x) => x.b);
  const onlyMissing = (b: Branch) => b.issues.length > 0 && b.issues.every((i) => i.keyword === "required" && isChild(i.pointer, at));
  if (tied.length > 1 && tied.every(onlyMissing)) {
    const missing = tied.map((b) => b.issues.map((i) => i.pointer));
    const others = tied.slice(1).map((b, i) => `${missing[i + 1].join(" and ")}${b.name ? ` (for a ${b.name})` : ""}`);
    return [
      {
        pointer: missing[0][0],
        message: `is required${best.name ? ` for a ${best.name}` : ""}${missing[0].length > 1 ? `, with ${missing[0].slice(1).join(" and ")}` : ""}; or instead give ${list(others)}`,
        keyword: "required",
        params: { missingProperty: best.issues[0].params.missingProperty, alternatives: missing },
      },
    ];
  }
  if (best.issues.length) return best.issues;
  return [{ pointer: at, message: `must be ${list(phrases.map((p, i) => p ?? `form ${i + 1}`))}`, keyword, params }];
}
