// Error classes the clients throw. None of them ever holds the API key: they are built from the method, the URL
// (which never carries the key), the status and the parsed error body, and their JSON form lists exactly those.
import type { components } from "../generated/quickstream/types.js";

/** One field in error, as both APIs report it. */
export type FieldError = components["schemas"]["FieldError"];
/** The error body both APIs send (QuickStream adds `traceCode`). */
export type ErrorBody = components["schemas"]["ErrorBase"] & { traceCode?: string | null };

/** What every error of a call that may have reached the server carries (issue: a lost answer must not pay twice). */
export interface CallFacts {
  method: string;
  url: string;
  /** How many times the request was sent (0: nothing was sent). */
  attempts: number;
  /** The Idempotency-Key the call used (QuickStream POSTs): resend the logical call with this key, never another. */
  idempotencyKey?: string | undefined;
  /** Could the server have processed the request (an attempt went unanswered, or it answered 2xx, 500, 502, 504)? */
  mayHaveBeenProcessed: boolean;
  /** QuickStream's traceCode of the last error answer that carried one: give it to support staff. */
  traceCode?: string | undefined;
}

export interface ApiErrorInit extends Omit<CallFacts, "mayHaveBeenProcessed"> {
  status: number;
  body: unknown;
  mayHaveBeenProcessed?: boolean;
}

const plural = (n: number) => `${n} attempt${n === 1 ? "" : "s"}`;
/** The end of every call error's message: the key to resend with, and whether the request may have been processed. */
const facts = (f: Pick<CallFacts, "idempotencyKey" | "mayHaveBeenProcessed" | "traceCode">) =>
  (f.mayHaveBeenProcessed ? "; it may have been processed" : "") +
  (f.idempotencyKey !== undefined ? ` (Idempotency-Key ${f.idempotencyKey}: resend only with this key)` : "") +
  (f.traceCode !== undefined ? ` [traceCode ${f.traceCode}]` : "");
const factsJSON = (e: CallFacts) => ({
  method: e.method,
  url: e.url,
  attempts: e.attempts,
  idempotencyKey: e.idempotencyKey,
  mayHaveBeenProcessed: e.mayHaveBeenProcessed,
  traceCode: e.traceCode,
});

const isErrorBody = (body: unknown): body is ErrorBody => typeof body === "object" && body !== null && !Array.isArray(body);

/** The API answered with an error status (4xx/5xx, or a redirect, which the clients never follow). */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** How many times the request was sent (1 = no retry). */
  readonly attempts: number;
  /** The parsed error body, when the API sent its JSON error model. */
  readonly body: ErrorBody | undefined;
  /** The body as text, when it was not JSON. */
  readonly rawBody: string | undefined;
  readonly customerMessage: string | undefined;
  readonly developerMessage: string | undefined;
  /** Field-level errors (validation failures). */
  readonly errors: FieldError[];
  /** The Idempotency-Key of the last attempt (QuickStream POSTs). */
  readonly idempotencyKey: string | undefined;
  readonly mayHaveBeenProcessed: boolean;
  /** QuickStream's traceCode from the error body: give it to support staff. */
  readonly traceCode: string | undefined;

  constructor(init: ApiErrorInit, message?: string) {
    const body = isErrorBody(init.body) ? init.body : undefined;
    const traceCode = typeof body?.traceCode === "string" && body.traceCode !== "" ? body.traceCode.slice(0, 200) : init.traceCode;
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const detail = body?.developerMessage ?? body?.customerMessage ?? (typeof init.body === "string" ? init.body.slice(0, 200) : "");
    const fields = errors.map((e) => e.fieldName).filter(Boolean);
    super(
      message ??
        `${init.method} ${init.url} answered ${init.status} after ${plural(init.attempts)}` +
          (detail ? `: ${String(detail).slice(0, 500)}` : "") +
          (fields.length ? ` (fields: ${fields.join(", ")})` : "") +
          facts({ idempotencyKey: init.idempotencyKey, mayHaveBeenProcessed: init.mayHaveBeenProcessed ?? false, traceCode }),
    );
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
    this.body = body;
    this.rawBody = typeof init.body === "string" ? init.body : undefined;
    this.customerMessage = body?.customerMessage ?? undefined; // the API may send null (P47)
    this.developerMessage = body?.developerMessage ?? undefined;
    this.errors = errors;
    this.idempotencyKey = init.idempotencyKey;
    this.mayHaveBeenProcessed = init.mayHaveBeenProcessed ?? false;
    this.traceCode = traceCode;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      ...factsJSON(this),
      customerMessage: this.customerMessage,
      developerMessage: this.developerMessage,
      errors: this.errors,
    };
  }
}

/**
 * PaymentsPlus `POST /payments/{paymentIdentifier}` answered 409 to a resend: an earlier attempt of this same call
 * reached the server and created the payment (its answer was lost). Do not create it again: GET it instead.
 */
export class AlreadyProcessedError extends ApiError {
  override name = "AlreadyProcessedError";
  readonly alreadyProcessed = true as const;
  constructor(init: ApiErrorInit) {
    super(
      { ...init, mayHaveBeenProcessed: true },
      `${init.method} ${init.url} answered 409 to a resend (attempt ${init.attempts}): an earlier attempt of this call ` +
        `was already processed; GET the resource to see it, do not create it again` +
        (typeof (init.body as ErrorBody | undefined)?.traceCode === "string" ? ` [traceCode ${(init.body as ErrorBody).traceCode}]` : ""),
    );
  }
}

/** No complete answer was received (network error, per-attempt timeout, or an answer cut off) on the last attempt. */
export class ApiConnectionError extends Error implements CallFacts {
  override name = "ApiConnectionError";
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly timedOut: boolean;
  readonly idempotencyKey: string | undefined;
  readonly mayHaveBeenProcessed: boolean;
  readonly traceCode: string | undefined;
  constructor(init: CallFacts & { timedOut: boolean; cause: unknown; hint?: string }) {
    const why = init.timedOut ? "timed out" : `failed (${describeCause(init.cause)})`;
    super(`${init.method} ${init.url} ${why} after ${plural(init.attempts)}` + facts(init) + (init.hint ? `; ${init.hint}` : ""), {
      cause: init.cause,
    });
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
    this.timedOut = init.timedOut;
    this.idempotencyKey = init.idempotencyKey;
    this.mayHaveBeenProcessed = init.mayHaveBeenProcessed;
    this.traceCode = init.traceCode;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...factsJSON(this), timedOut: this.timedOut };
  }
}

/**
 * The caller's `signal` aborted the call after it started (during an attempt, a wait for a slot, or a wait between
 * resends). `cause` is the signal's reason. Named "AbortError", as an aborted fetch is.
 */
export class CallAbortedError extends Error implements CallFacts {
  override name = "AbortError";
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly idempotencyKey: string | undefined;
  readonly mayHaveBeenProcessed: boolean;
  readonly traceCode: string | undefined;
  constructor(init: CallFacts & { cause: unknown }) {
    super(`${init.method} ${init.url} was aborted by the caller after ${plural(init.attempts)}` + facts(init), { cause: init.cause });
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
    this.idempotencyKey = init.idempotencyKey;
    this.mayHaveBeenProcessed = init.mayHaveBeenProcessed;
    this.traceCode = init.traceCode;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...factsJSON(this) };
  }
}

/**
 * The server answered, but the answer cannot be used: a success body that is not JSON (`not-json`), a body larger
 * than `maxResponseBytes` (`too-large`), a list page that is not `{links, data}` (`not-a-page`), or no body where the
 * description documents one for that status (`empty`).
 */
export class ResponseBodyError extends Error implements CallFacts {
  override name = "ResponseBodyError";
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly idempotencyKey: string | undefined;
  readonly mayHaveBeenProcessed: boolean;
  readonly traceCode: string | undefined;
  readonly status: number;
  readonly reason: "not-json" | "too-large" | "not-a-page" | "empty";
  constructor(init: CallFacts & { status: number; reason: ResponseBodyError["reason"]; detail: string; cause?: unknown }) {
    super(`${init.method} ${init.url} answered ${init.status} after ${plural(init.attempts)}, but ${init.detail}` + facts(init), { cause: init.cause });
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
    this.idempotencyKey = init.idempotencyKey;
    this.mayHaveBeenProcessed = init.mayHaveBeenProcessed;
    this.traceCode = init.traceCode;
    this.status = init.status;
    this.reason = init.reason;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, status: this.status, reason: this.reason, ...factsJSON(this) };
  }
}

/** `paginate` stopped before the end of the list: a `next` link repeats a page, or the page cap was reached. */
export class PaginationError extends Error {
  override name = "PaginationError";
  constructor(
    message: string,
    readonly reason: "cycle" | "page-cap",
    readonly pages: number,
    readonly url: string,
  ) {
    super(message);
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, reason: this.reason, pages: this.pages, url: this.url };
  }
}

/**
 * The client refused to send a request (wrong key for the operation, bad Idempotency-Key, invalid body, unsafe link,
 * a path parameter that could leave the operation's path): nothing was sent.
 */
export class RequestRefusedError extends Error {
  override name = "RequestRefusedError";
  constructor(
    message: string,
    readonly reason: "key" | "idempotency-key" | "validation" | "link" | "body" | "path-parameter",
    readonly fields: string[] = [],
  ) {
    super(message);
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, reason: this.reason, fields: this.fields };
  }
}

function describeCause(cause: unknown): string {
  const code = (cause as { cause?: { code?: unknown }; code?: unknown })?.cause?.code ?? (cause as { code?: unknown })?.code;
  if (typeof code === "string") return code;
  return cause instanceof Error ? cause.message : "network error";
}
