// Turns what a compiled check collected (generated/<api>/checks/, written by scripts/validators.ts)
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

/** Written at build time for each way a schema can fail (scripts/validators.ts Compiler.issue); all of one shape. */
interface IssueConstant {
  /** 0 a plain issue, 1 an unknown property, 2 a union, 3 a discriminator. */
  kind: 0 | 1 | 2 | 3;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
  /** The noun phrase after "must be", when the problem is the form of the value. */
  phrase: string | undefined;
  /** 1: the params key for the property's name; 2: UnionFacts; 3: DiscriminatorFacts. */
  extra: any;
}

/** A union branch's form in words (from its schema) and its component's name. */
interface Form {
  phrase?: string;
  name?: string;
}

interface UnionFacts {
  forms: Form[];
  /** When every branch has a form in words: the phrase and message for a value that fits none of them. */
  phrase?: string;
  message?: string;
}

interface DiscriminatorFacts {
  tag: string;
  allowedValues: string[];
  missing: string;
  unknown: string;
}

const escapeToken = (k: string) => (k.includes("~") || k.includes("/") ? k.replace(/~/g, "~0").replace(/\//g, "~1") : k);

/** One problem as a compiled check collects it. */
export interface RawIssue {
  /** Pointer of the value (an unknown property's: `o` + "/" + its name, made when reported). */
  at: string;
  c: IssueConstant;
  /** 1: the unknown property's name; 2: each branch's issues (none for a branch that passed); 3: the value. */
  v: any;
  /** The condition under which the issue applies (a `then`). */
  w: string | undefined;
  /** The pointer of the object the value is a property or item of, where the check knows it. */
  o: string | undefined;
}

/**
 * Puts issues into words as a compiled check collects them (it is the `issues` argument: the checks call only its
 * `push`): one error per pointer and message, the first `max` kept and the rest counted. Each issue is explained
 * when it is reported and then dropped, so that memory and time stay linear in the errors, whatever their number.
 */
export class Explainer {
  readonly errors: ValidationError[] = [];
  /** Errors beyond `max` (distinct pointer and message, like the kept ones). */
  omitted = 0;
  /** Issues reported. */
  issues = 0;
  /**
   * The messages already given at each pointer (usually one: a string; a set where there are more). Made only when
   * there are 16 errors (or `max`): until then, looking through them is cheaper than the map (most payloads).
   */
  private seen: Map<string, string | Set<string>> | undefined;
  constructor(private readonly max = Infinity) {}

  push(r: RawIssue): number {
    this.issues++;
    const c = r.c;
    if (c.kind === 0 && r.w === undefined) {
      if (this.isNew(r.at, c.message)) this.keep({ pointer: r.at, message: c.message, keyword: c.keyword, params: c.params });
    } else if (c.kind === 2 && r.w === undefined && formsOnly(r)) {
      if (this.isNew(r.at, c.extra.message)) this.keep({ pointer: r.at, message: c.extra.message, keyword: c.keyword, params: c.params });
    } else {
      for (const e of c.kind === 2 && r.w === undefined ? union(r) : issuesOf([r])) if (this.isNew(e.pointer, e.message)) this.keep(e);
    }
    return this.issues;
  }

  /** Whether no error with this pointer and message was given yet (and remember it). */
  private isNew(pointer: string, message: string): boolean {
    if (this.seen === undefined) {
      const errors = this.errors;
      if (errors.length < 16 && errors.length < this.max) {
        for (const e of errors) if (e.pointer === pointer && e.message === message) return false;
        return true;
      }
      // Every error so far is in the list (none was left out before it reached max): index them.
      this.seen = new Map();
      for (const e of errors) this.remember(e.pointer, e.message);
    }
    return this.remember(pointer, message);
  }

  /** Whether the map has no error with this pointer and message yet (and remember it). */
  private remember(pointer: string, message: string): boolean {
    const seen = this.seen!;
    const known = seen.get(pointer);
    if (known === undefined) seen.set(pointer, message);
    else if (typeof known === "string") {
      if (known === message) return false;
      seen.set(pointer, new Set([known, message]));
    } else {
      if (known.has(message)) return false;
      known.add(message);
    }
    return true;
  }

  private keep(e: ValidationError): void {
    if (this.errors.length < this.max) this.errors.push(e);
    else this.omitted++;
  }
}

/** Put collected issues into words: at most `max` errors, and how many more there were. */
export function explain(raw: readonly RawIssue[], max = Infinity): { errors: ValidationError[]; omitted: number } {
  const explainer = new Explainer(max);
  for (const r of raw) explainer.push(r);
  return { errors: explainer.errors, omitted: explainer.omitted };
}

function issuesOf(raw: readonly RawIssue[]): ValidationError[] {
  const out: ValidationError[] = [];
  for (const r of raw) {
    const c = r.c;
    const start = out.length;
    if (c.kind === 2) for (const i of union(r)) out.push(i);
    else if (c.kind === 3) out.push(discriminator(r));
    else if (c.kind === 1) out.push({ pointer: `${r.o}/${escapeToken(r.v)}`, message: c.message, keyword: c.keyword, params: { [c.extra]: r.v } });
    else out.push({ pointer: r.at, message: c.message, keyword: c.keyword, params: c.params });
    if (r.w) for (let i = start; i < out.length; i++) out[i].message += ` (when ${r.w})`;
  }
  return out;
}

/** A union whose every branch has a form in words (written at build time) and failed on the form of the value. */
function formsOnly(r: RawIssue): boolean {
  if ((r.c.extra as UnionFacts).message === undefined) return false;
  for (const b of r.v) if (!failedOnForm(b, r.at)) return false;
  return true;
}

/** Whether a branch failed on the form of the value alone: a wrong type, or only issues that have a phrase (false for a branch that passed). */
function failedOnForm(raw: readonly RawIssue[], at: string): boolean {
  if (raw.length === 0) return false;
  let simple = true;
  for (const i of raw) {
    if (i.at !== at) simple = false;
    else if (i.c.keyword === "type") return true;
    else if (i.c.phrase === undefined) simple = false;
  }
  return simple;
}

function discriminator(r: RawIssue): ValidationError {
  const c = r.c.extra as DiscriminatorFacts;
  const v = r.v;
  const params: Record<string, unknown> = { error: typeof v === "string" ? "mapping" : "tag", tag: c.tag, allowedValues: c.allowedValues };
  if (typeof v === "string") params.tagValue = v.length > 200 ? `${v.slice(0, 200)}…` : v;
  const pointer = r.at;
  return { pointer, message: v === undefined ? c.missing! : `${show(v)}${c.unknown}`, keyword: "discriminator", params };
}

/** Whether the issue is about a direct property or item of the value at `at`. */
const isChild = (i: RawIssue, at: string) =>
  i.o !== undefined
    ? i.o === at
    : i.at.length > at.length + 1 && i.at.charCodeAt(at.length) === 47 /* "/" */ && i.at.indexOf("/", at.length + 1) === -1 && i.at.startsWith(at);

/** Whether a branch's issues say the value's JSON type is not one the branch accepts. */
function wrongType(raw: readonly RawIssue[], at: string): boolean {
  for (const i of raw) if (i.at === at && i.c.keyword === "type") return true;
  return false;
}

/** A branch's form in words: its schema's, else the type its issues name, else its component's name. */
function describe(raw: readonly RawIssue[], form: Form, at: string): string | undefined {
  if (form.phrase) return form.phrase;
  for (const i of raw) if (i.at === at && i.c.keyword === "type") return i.c.phrase;
  return form.name ? `a ${form.name}` : undefined;
}

/** How strongly a branch's issues suggest the value was meant for another branch (lower: nearer). */
function distance(raw: readonly RawIssue[], at: string): number {
  let s = 0;
  for (const i of raw) {
    const keyword = i.c.keyword;
    if (keyword === "type") {
      if (i.at === at) return 1e6;
      s += 1;
    } else if (keyword === "discriminator") s += isChild(i, at) ? (typeof i.v === "string" ? 15 : 40) : 1;
    else if (keyword === "const" || keyword === "not" || keyword === "false schema") s += i.at === at || isChild(i, at) ? 100 : 1;
    else if (keyword === "unevaluatedProperties" || keyword === "additionalProperties") s += isChild(i, at) ? 30 : 1;
    else if (keyword === "required") s += isChild(i, at) ? 10 : 1;
    else s += 1;
  }
  return s;
}

function onlyMissing(raw: readonly RawIssue[], at: string): boolean {
  if (raw.length === 0) return false;
  for (const i of raw) if (i.c.keyword !== "required" || !isChild(i, at)) return false;
  return true;
}

/** The phrase of an issue about the form of the value at `at` (a nested union of forms included). */
function phraseOf(i: RawIssue, at: string): string | undefined {
  if (i.at !== at || i.w !== undefined) return undefined;
  if (i.c.kind === 0) return i.c.phrase;
  return i.c.kind === 2 && formsOnly(i) ? (i.c.extra as UnionFacts).phrase : undefined;
}

/** The form phrase of a branch that failed on the form of the value itself; undefined when it failed otherwise. */
function formPhrase(raw: readonly RawIssue[], form: Form, at: string): string | undefined {
  if (wrongType(raw, at)) return describe(raw, form, at);
  if (raw.length === 0) return undefined;
  const phrases: string[] = [];
  for (const i of raw) {
    const phrase = phraseOf(i, at);
    if (phrase === undefined) return undefined;
    phrases.push(phrase);
  }
  return form.phrase ?? list(phrases, "and");
}

function union(r: RawIssue): ValidationError[] {
  const at = r.at;
  const { keyword, params } = r.c;
  const facts = r.c.extra as UnionFacts;
  const forms = facts.forms;
  const raw: RawIssue[][] = r.v;
  // Every branch has a form in words (written at build time) and failed on the form of the value: one message.
  if (formsOnly(r)) return [{ pointer: at, message: facts.message!, keyword, params }];
  const passing: number[] = [];
  for (let b = 0; b < raw.length; b++) if (raw[b].length === 0) passing.push(b);
  if (passing.length > 1) {
    const names = passing.map((i) => describe(raw[i], forms[i], at) ?? `form ${i + 1}`);
    return [{ pointer: at, message: `matches more than one of the allowed forms (${list(names, "and")}); it must match exactly one`, keyword, params: { passingSchemas: passing } }];
  }

  // Every branch failed on the form of the value itself: say what forms are allowed, in one message.
  const phrases: string[] = [];
  for (let b = 0; b < raw.length; b++) {
    const phrase = formPhrase(raw[b], forms[b], at);
    if (phrase === undefined) break;
    phrases.push(phrase);
  }
  if (phrases.length === raw.length) return [{ pointer: at, message: `must be ${list(phrases)}`, keyword, params }];

  // Otherwise report the branch the value most nearly matches: the one whose issues least suggest that the value
  // was meant for another branch (a constant that differs, a field the branch does not know, a missing field).
  let least = Infinity;
  let best = 0;
  let ties = 0;
  for (let b = 0; b < raw.length; b++) {
    const score = distance(raw[b], at);
    if (score < least) {
      least = score;
      best = b;
      ties = 1;
    } else if (score === least) ties++;
  }
  // Equally near branches that each only miss fields (anyOf "accountNumber or iban", or variants told apart by
  // which field is present): one error at the first missing field that names the alternatives.
  const tied = ties > 1 ? raw.map((_, b) => b).filter((b) => distance(raw[b], at) === least) : [best];
  if (tied.length > 1 && tied.every((b) => onlyMissing(raw[b], at))) {
    const missing = tied.map((b) => raw[b].map((i) => i.at));
    const others = tied.slice(1).map((b, i) => `${missing[i + 1].join(" and ")}${forms[b].name ? ` (for a ${forms[b].name})` : ""}`);
    const name = forms[best].name;
    return [
      {
        pointer: missing[0][0],
        message: `is required${name ? ` for a ${name}` : ""}${missing[0].length > 1 ? `, with ${missing[0].slice(1).join(" and ")}` : ""}; or instead give ${list(others)}`,
        keyword: "required",
        params: { missingProperty: raw[best][0].c.params.missingProperty, alternatives: missing },
      },
    ];
  }
  const issues = issuesOf(raw[best]);
  if (issues.length) return issues;
  // The nearest branch failed with nothing to say (cannot happen with the generated checks): name the forms.
  return [{ pointer: at, message: `must be ${list(forms.map((f, i) => f.phrase ?? (f.name ? `a ${f.name}` : `form ${i + 1}`)))}`, keyword, params }];
}
