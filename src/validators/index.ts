// `validate(api, target, data)`: check a payload against either description with validators compiled at build time
// (generated/<api>/checks/, plain JavaScript, each check loaded at its first use; nothing is compiled at run time),
// typed by target, with
// errors a person can act on. This module is the package's "./validators" entry; it uses no Node API.
import * as paymentsplus from "../../generated/paymentsplus/validators.js";
import * as quickstream from "../../generated/quickstream/validators.js";
import { Explainer, type RawIssue, type ValidationError } from "./messages.js";
import { show } from "./words.js";
import { adviseData, type Advice } from "./advise.js";

export type { ValidationError } from "./messages.js";
export { describePattern } from "./words.js";
export * from "./identifiers.js";
export type { Advice } from "./advise.js";

/** The two descriptions. */
export type ApiName = "paymentsplus" | "quickstream";
export const APIS: readonly ApiName[] = ["paymentsplus", "quickstream"];

/** For each API, every target name and the TypeScript type of data that passes it. */
export interface TargetsByApi {
  paymentsplus: paymentsplus.Targets;
  quickstream: quickstream.Targets;
}

/**
 * What can be validated: a component schema name ("Payment") or an operation part
 * ("POST /transactions request", "GET /transactions/{receiptNumber} 200").
 */
export type TargetName<A extends ApiName> = keyof TargetsByApi[A] & string;

/** The type of valid data for a target. */
export type TargetType<A extends ApiName, K extends TargetName<A>> = TargetsByApi[A][K];

export type ValidationResult<T> =
  | { valid: true; data: T; errors?: undefined; omittedErrors?: undefined }
  | {
      valid: false;
      /** At most `maxErrors` errors, in the order of the payload. */
      errors: ValidationError[];
      /** How many more errors there were beyond `maxErrors` (0 when `errors` has them all). */
      omittedErrors: number;
      data?: undefined;
    };

/** Errors `validate` returns at most, unless told otherwise: enough to act on, and a bounded answer for any payload. */
export const DEFAULT_MAX_ERRORS = 100;

export interface ValidateOptions {
  /** Errors returned at most (default 100); the rest are counted in `omittedErrors`. A positive integer or Infinity. */
  maxErrors?: number;
}

/** A compiled check: true when valid; given an array, collects every problem into it. */
type Check = (data: unknown, issues?: RawIssue[], at?: string) => boolean;

/** An API's generated tables, each built at its first use (P136). */
interface ApiModule {
  targetNames(): string[];
  check(name: string): Check | undefined;
  discriminators(): Readonly<Partial<Record<string, { propertyName: string; mapping: Readonly<Record<string, string>> }>>>;
}

const modules: Record<ApiName, ApiModule> = {
  paymentsplus: paymentsplus as unknown as ApiModule,
  quickstream: quickstream as unknown as ApiModule,
};

/** Thrown (by `validate`) for an API or a target that does not exist: names the closest targets. */
export class UnknownTargetError extends Error {
  constructor(
    readonly api: string,
    readonly target: string,
    readonly suggestions: string[],
  ) {
    super(
      APIS.includes(api as ApiName)
        ? `${api} has no target ${show(target)}${suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(", ")}?` : ""}`
        : `unknown API ${show(api)}: use one of ${APIS.join(", ")}`,
    );
    this.name = "UnknownTargetError";
  }
}

/**
 * Validate `data` against a target of a description.
 *
 * On success the result carries `data` typed as the target's TypeScript type (the same object, not a copy).
 * On failure, `errors` has one entry per problem: the JSON pointer of the field, a message, the failed keyword.
 * A body selected by a discriminator reports the selected variant's errors only, and an unknown discriminator value
 * is one error that lists the allowed values. Never throws for any data (deep nesting, cycles, BigInt, getters that
 * throw: an invalid result that says so); only an unknown API or target throws (`UnknownTargetError`).
 */
export function validate<A extends ApiName, K extends TargetName<A>>(
  api: A,
  target: K,
  data: unknown,
  options?: ValidateOptions,
): ValidationResult<TargetType<A, K>> {
  const check = lookup(api, target);
  const max = options?.maxErrors === undefined ? DEFAULT_MAX_ERRORS : options.maxErrors;
  if (max !== Infinity && !(Number.isInteger(max) && max >= 1)) throw new TypeError(`maxErrors must be a positive integer or Infinity, got ${show(max)}`);
  try {
    if (check(data)) return { valid: true, data: data as TargetType<A, K> };
    // Invalid: check again, collecting every problem (the same code; only invalid data pays for it), each put into
    // words as it is found.
    const explainer = new Explainer(max);
    check(data, explainer as unknown as RawIssue[], "");
    if (explainer.issues === 0) return { valid: false, errors: [uncheckable("could not be explained")], omittedErrors: 0 };
    return { valid: false, errors: explainer.errors, omittedErrors: explainer.omitted };
  } catch (error) {
    // Data nested deeper than the stack allows (a recursive schema), or an accessor or proxy that throws.
    return { valid: false, errors: [uncheckable(error instanceof RangeError ? "is nested too deeply to be checked" : "could not be read")], omittedErrors: 0 };
  }
}

/**
 * Warnings `{ pointer, code, message }` for what the payment schemes' published rules say will fail later (a
 * malformed BSB, IBAN, SWIFT code, BPAY code, New Zealand account, PayID, or a direct-entry lodgement reference
 * longer than 18 characters or an Osko one longer than 35), where Westpac's docs do not refuse it. Refuses nothing and does not replace
 * `validate()`: run both. An unknown API or target throws `UnknownTargetError`, as `validate` does.
 */
export function advise<A extends ApiName>(api: A, target: TargetName<A>, data: unknown): Advice[] {
  lookup(api, target);
  return adviseData(api, data);
}

function uncheckable(message: string): ValidationError {
  return { pointer: "", message, keyword: "uncheckable", params: {} };
}

/** Like `validate`, but throws a `PayloadValidationError` listing the errors; returns the typed data. */
export function assertValid<A extends ApiName, K extends TargetName<A>>(api: A, target: K, data: unknown, options?: ValidateOptions): TargetType<A, K> {
  const result = validate(api, target, data, options);
  if (!result.valid) throw new PayloadValidationError(api, target, result.errors, result.omittedErrors);
  return result.data;
}

export class PayloadValidationError extends Error {
  constructor(
    readonly api: ApiName,
    readonly target: string,
    readonly errors: ValidationError[],
    /** Errors beyond those listed (`maxErrors`). */
    readonly omittedErrors = 0,
  ) {
    const total = errors.length + omittedErrors;
    super(`${api} ${target}: ${total} error${total === 1 ? "" : "s"}\n${formatErrors(errors, omittedErrors)}`);
    this.name = "PayloadValidationError";
  }
}

/**
 * One line per error: `/principalAmount: must be a number or a decimal string with at most 2 decimals`; with
 * `omitted` (a result's `omittedErrors`) above 0, a last line `… and 12 more errors`.
 */
export function formatErrors(errors: readonly ValidationError[], omitted = 0): string {
  const lines = errors.map((e) => `${e.pointer || "(root)"}: ${e.message}`);
  if (omitted > 0) lines.push(`… and ${omitted} more error${omitted === 1 ? "" : "s"}`);
  return lines.join("\n");
}

/** Every target name of an API, in document order (component schemas first, then operations). */
export function listTargets<A extends ApiName>(api: A): TargetName<A>[] {
  return moduleOf(api).targetNames() as TargetName<A>[];
}

/** Whether `name` is a target of `api` (narrows a string read at run time). */
export function isTarget<A extends ApiName>(api: A, name: string): name is TargetName<A> {
  return APIS.includes(api) && typeof name === "string" && modules[api].check(name) !== undefined;
}

/** Discriminated bodies of an API: target → discriminator property and value → variant target. */
export function discriminatorsOf<A extends ApiName>(
  api: A,
): Readonly<Partial<Record<TargetName<A>, { propertyName: string; mapping: Readonly<Record<string, TargetName<A>>> }>>> {
  return moduleOf(api).discriminators() as never;
}

/** The closest target names to a (misspelled) one, best first. Answers in milliseconds for a name of any length. */
export function suggestTargets(api: ApiName, name: string, max = 3): string[] {
  if (!APIS.includes(api) || typeof name !== "string") return [];
  const names = modules[api].targetNames();
  // A name far longer than every target is near none of them (the distance is at least the difference in length).
  if (name.length > 4 * Math.max(...names.map((t) => t.length))) return [];
  const wanted = normalise(name);
  const limit = Math.max(3, Math.ceil(wanted.length * 0.4));
  const scored = names.map((t) => {
    const candidate = normalise(t);
    let d = Math.abs(candidate.length - wanted.length) > limit ? Infinity : distance(wanted, candidate);
    if (candidate.includes(wanted) || wanted.includes(candidate)) d = Math.min(d, Math.abs(candidate.length - wanted.length) / 2);
    return { t, d };
  });
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d || a.t.length - b.t.length)
    .slice(0, max)
    .map((s) => s.t);
}

function moduleOf(api: ApiName): ApiModule {
  if (!APIS.includes(api)) throw new UnknownTargetError(api, "", []);
  return modules[api];
}

// validate() is on the hot path (a valid payload takes well under a microsecond): one Map look-up per API and target.
function lookup(api: ApiName, target: string): Check {
  const validator = api === "quickstream" || api === "paymentsplus" ? modules[api].check(target) : undefined;
  if (validator === undefined) {
    moduleOf(api);
    throw new UnknownTargetError(api, target, suggestTargets(api, target));
  }
  return validator;
}

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/** Levenshtein distance (small strings only: target names). */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
