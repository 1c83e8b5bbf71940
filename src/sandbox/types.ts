// The sandbox's shapes shared by the server, its request reader and the API modules: a handler's reply, the
// request context it gets, an error in the API's own error model, and an API module.
import type { HttpBindings } from "@hono/node-server";
import type { Hono } from "hono";
import type { FaultRules } from "./faults.js";
import type { Caller } from "./keys.js";
import type { ApiName, Operation } from "./spec.js";
import type { FacilityBase, Schema, Store } from "./state.js";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Not JSON: the body is sent as text with this content type. */
  contentType?: string;
}

export interface FieldProblem {
  fieldName: string;
  fieldValue?: string;
  messages: string[];
}

/** An error answer in the API's own error model, thrown by handlers and steps. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly customerMessage: string,
    readonly developerMessage: string = customerMessage,
    readonly errors?: FieldProblem[],
  ) {
    super(developerMessage);
  }
}

export interface RequestContext<F extends FacilityBase = FacilityBase> {
  api: ApiName;
  op: Operation;
  caller: Caller;
  facility: F;
  params: Record<string, string>;
  query: Record<string, string>;
  body: any;
  /** Multipart parts (uploads): field name -> text or File. */
  parts?: Record<string, string | File>;
  method: string;
  /** The request's Accept header ("" when absent). */
  accept: string;
  /** The success answer's media type, negotiated from Accept (RFC 9110); undefined when the answer has no body. */
  media: string | undefined;
  requestUrl: string;
  /** The sandbox's own base URL for this API (for links). */
  baseUrl: string;
  now: Date;
  /**
   * A success status the operation documents besides its usual one, asked for with `Prefer: code=N` (the header the
   * Prism mock reads): 202 is for the handler to give (a pending transaction); 200, 201 and 204 the server gives.
   */
  preferred: number | undefined;
  /** Answer with a documented status: the first of `candidates` the operation documents (else the first). */
  fail(candidates: number[], customerMessage: string, developerMessage?: string, errors?: FieldProblem[]): never;
  /** Send a webhook event after this request: a PayTo agreement notification, or a payment one (`payto.payment.*`). */
  emit(eventType: string, data: unknown): void;
}

/** Handlers are synchronous: the store journals what a handler changed as soon as it returns (state.ts). */
export type Handler = (ctx: RequestContext<any>) => Reply;

export interface ApiModule<F extends FacilityBase> {
  api: ApiName;
  /** The facility's tables (state.ts), each a Table on `ctx.facility`. */
  tables: Schema;
  handlers: Record<string, Handler>;
  /** Only for the type of `F`. */
  facility?: F;
}

export interface ServerOptions {
  store: Store;
  faults: FaultRules;
  operations: Operation[];
  module: ApiModule<any>;
  baseUrl: () => string;
  /** The clock: a facility's time (its own offset from the sandbox's clock, moved by the test-control API). */
  now: (facility?: string) => Date;
  /** Where each answered request of a known facility is recorded (the test-control API's journal). */
  record?: (facility: string, entry: { method: string; path: string; status: number; idempotencyKey?: string }) => void;
  /** Answer 500 (and record it) when a response body does not conform to the description. */
  strictResponses: boolean;
  violations: string[];
  /** Answers with a status the operation does not document (request checks the description has no status for). */
  undocumented: string[];
  /** Control routes (/_sandbox/...), added before the operations. */
  control?: (app: Hono<{ Bindings: HttpBindings }>) => void;
  /** Where handlers' webhook events go. */
  emit: (eventType: string, data: unknown, now: Date, facility: string) => void;
  /** How long a request body may take to arrive (default BODY_TIMEOUT_MS, request.ts). */
  bodyTimeoutMs?: number;
}
