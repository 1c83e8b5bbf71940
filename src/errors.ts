// Error classes the clients throw. None of them ever holds the API key: they are built from the method, the URL
// (which never carries the key), the status and the parsed error body, and their JSON form lists exactly those.
import type { components } from "../generated/quickstream/types.js";

/** One field in error, as both APIs report it. */
export type FieldError = components["schemas"]["FieldError"];
/** The error body both APIs send (QuickStream adds `traceCode`). */
export type ErrorBody = components["schemas"]["ErrorBase"] & { traceCode?: string };

export interface ApiErrorInit {
  status: number;
  method: string;
  url: string;
  attempts: number;
  body: unknown;
  idempotencyKey?: string;
}

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

  constructor(init: ApiErrorInit, message?: string) {
    const body = isErrorBody(init.body) ? init.body : undefined;
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const detail = body?.developerMessage ?? body?.customerMessage ?? (typeof init.body === "string" ? init.body.slice(0, 200) : "");
    const fields = errors.map((e) => e.fieldName).filter(Boolean);
    super(
      message ??
        `${init.method} ${init.url} answered ${init.status} after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"}` +
          (detail ? `: ${detail}` : "") +
          (fields.length ? ` (fields: ${fields.join(", ")})` : ""),
    );
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
    this.body = body;
    this.rawBody = typeof init.body === "string" ? init.body : undefined;
    this.customerMessage = body?.customerMessage;
    this.developerMessage = body?.developerMessage;
    this.errors = errors;
    this.idempotencyKey = init.idempotencyKey;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      method: this.method,
      url: this.url,
      attempts: this.attempts,
      customerMessage: this.customerMessage,
      developerMessage: this.developerMessage,
      errors: this.errors,
      idempotencyKey: this.idempotencyKey,
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
      init,
      `${init.method} ${init.url} answered 409 to a resend (attempt ${init.attempts}): an earlier attempt of this call ` +
        `was already processed; GET the resource to see it, do not create it again`,
    );
  }
}

/** No response was received (network error or per-attempt timeout) on any attempt. */
export class ApiConnectionError extends Error {
  override name = "ApiConnectionError";
  readonly method: string;
  readonly url: string;
  readonly attempts: number;
  readonly timedOut: boolean;
  readonly idempotencyKey: string | undefined;
  constructor(init: { method: string; url: string; attempts: number; timedOut: boolean; cause: unknown; idempotencyKey?: string; hint?: string }) {
    const why = init.timedOut ? "timed out" : `failed (${describeCause(init.cause)})`;
    super(
      `${init.method} ${init.url} ${why} after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"}` +
        (init.hint ? `; ${init.hint}` : ""),
      { cause: init.cause },
    );
    this.method = init.method;
    this.url = init.url;
    this.attempts = init.attempts;
    this.timedOut = init.timedOut;
    this.idempotencyKey = init.idempotencyKey;
  }
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, url: this.url, attempts: this.attempts, timedOut: this.timedOut, idempotencyKey: this.idempotencyKey };
  }
}

/** The client refused to send a request (wrong key for the operation, bad Idempotency-Key, invalid body, unsafe link). */
export class RequestRefusedError extends Error {
  override name = "RequestRefusedError";
  constructor(
    message: string,
    readonly reason: "key" | "idempotency-key" | "validation" | "link" | "body",
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
