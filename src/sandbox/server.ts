// One API of the sandbox as a Hono app: every operation of the description is a route, and every request goes
// through the same steps before its handler (the stateful code in quickstream.ts / paymentsplus.ts, or the
// description's example for an operation the sandbox keeps no state for):
//   fault header or rule -> key (401 / 403) -> in flight per facility (429 above 10) -> injected delay / status ->
//   Idempotency-Key (QuickStream POSTs: replay, 429 while the first is still running) -> query on PUT/POST/PATCH
//   (400) -> parameters (checked against the description's parameter schemas; P99 for GET filters) -> body (the generated validators) ->
//   handler -> response body checked against the generated validator for that status -> state saved.
import type { HttpBindings } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { isTarget, validate, type ApiName as ValidatorApi } from "../validators/index.js";
import { FaultRules, FaultSyntaxError, parseFault, type Fault } from "./faults.js";
import { basicUser, readKey, type Caller } from "./keys.js";
import { routePattern, splitSegments, responseExample, successStatus, type ApiName, type Operation } from "./spec.js";
import type { FacilityBase, Store, StoredResponse } from "./state.js";

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
  /** Send a webhook event (a PayTo agreement notification) after this request. */
  emit(eventType: string, data: unknown): void;
}

export type Handler = (ctx: RequestContext<any>) => Reply | Promise<Reply>;

export interface ApiModule<F extends FacilityBase> {
  api: ApiName;
  emptyFacility: () => Omit<F, keyof FacilityBase>;
  handlers: Record<string, Handler>;
}

export interface ServerOptions {
  store: Store;
  faults: FaultRules;
  operations: Operation[];
  module: ApiModule<any>;
  baseUrl: () => string;
  now: () => Date;
  /** Answer 500 (and record it) when a response body does not conform to the description. */
  strictResponses: boolean;
  violations: string[];
  /** Answers with a status the operation does not document (request checks the description has no status for). */
  undocumented: string[];
  /** Control routes (/_sandbox/...), added before the operations. */
  control?: (app: Hono<{ Bindings: HttpBindings }>) => void;
  /** Where handlers' webhook events go. */
  emit: (eventType: string, data: unknown, now: Date) => void;
}

const MAX_IN_FLIGHT = 10;
const IDEMPOTENCY_TTL_MS = 22 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x20-\x7E]{1,60}$/;
/** Fields whose values are never echoed in an error (P67: no card number or CVN in a response or log). */
const SENSITIVE = /cvn|cardNumber|password|secret/i;

export function createApp(options: ServerOptions): Hono<{ Bindings: HttpBindings }> {
  const { store, module, operations } = options;
  const app = new Hono<{ Bindings: HttpBindings }>();
  const inFlight = new Map<string, number>();
  const idempotencyRunning = new Set<string>();

  options.control?.(app);

  for (const op of operations) {
    app.on(op.method, routePattern(op.path), async (c) => {
      const requestUrl = c.req.url;
      const errorReply = (failure: ApiFailure): Reply => ({
        status: failure.status,
        body: {
          links: [],
          status: String(failure.status),
          requestMethod: op.method,
          requestUrl,
          customerMessage: failure.customerMessage,
          developerMessage: failure.developerMessage,
          ...(failure.errors ? { errors: failure.errors } : {}),
        },
      });
      const documented = (candidates: number[]) => candidates.find((s) => op.statuses.includes(String(s))) ?? candidates[0];
      const fail = (candidates: number[], customer: string, developer?: string, errors?: FieldProblem[]): never => {
        throw new ApiFailure(documented(candidates), customer, developer ?? customer, errors);
      };
      const send = (reply: Reply) => respond(c, op, reply, options);

      // Fault: the header, else a rule from the fault file or the control endpoint.
      let fault: Fault = {};
      try {
        const text = c.req.header("x-sandbox-fault") ?? options.faults.take(module.api, op.label);
        if (text) fault = parseFault(text);
      } catch (error) {
        if (!(error instanceof FaultSyntaxError)) throw error;
        return send(errorReply(new ApiFailure(documented([400, 422]), "Invalid request.", error.message)));
      }

      // Key: 401 without a key of the documented form, 403 for a key of the wrong kind (P68).
      const caller = readKey(module.api, basicUser(c.req.header("authorization")));
      if (!caller) {
        return send(errorReply(new ApiFailure(401, "Authentication failed.", "Send a valid API key as the HTTP Basic user name, with an empty password.")));
      }
      const wanted = caller.kind === "secret" ? ["secretKey", "apiKey"] : ["publishableKey"];
      if (!op.keys.some((k) => wanted.includes(k))) {
        const needs = op.keys.includes("secretKey") ? "Secret" : "Publishable";
        return send(errorReply(new ApiFailure(403, "Access denied.", `This resource needs your ${needs} API key.`)));
      }

      // More than 10 requests in flight for one facility: 429, as documented.
      const slot = `${module.api}:${caller.facility}`;
      if ((inFlight.get(slot) ?? 0) >= MAX_IN_FLIGHT) {
        return send(errorReply(new ApiFailure(429, "Too many requests.", `More than ${MAX_IN_FLIGHT} requests in flight for this facility; wait and resend.`)));
      }
      inFlight.set(slot, (inFlight.get(slot) ?? 0) + 1);
      let idempotencySlot: string | undefined;
      try {
        const facility = store.facility(module.api, caller.facility, module.emptyFacility);
        const now = options.now();
        const injected = () =>
          send(errorReply(new ApiFailure(fault.status!, "The request failed.", `Injected fault ${fault.status}: the request was not processed.`)));

        // Idempotency-Key (QuickStream POSTs): the first answer for 22 hours, whatever the endpoint (P69). The key is
        // taken before an injected delay, so a resend during the delay meets it still running (429).
        const idempotencyKey = op.method === "POST" && module.api === "quickstream" ? c.req.header("idempotency-key") : undefined;
        if (idempotencyKey !== undefined) {
          if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
            return send(errorReply(new ApiFailure(documented([400, 422]), "Invalid request.", "Idempotency-Key must be 1 to 60 printable ASCII characters.")));
          }
          const running = `${slot}:${idempotencyKey}`;
          if (idempotencyRunning.has(running)) {
            return send(errorReply(new ApiFailure(429, "Too many requests.", "A request with this Idempotency-Key is still being processed; wait and resend it.")));
          }
          const stored = facility.idempotency[idempotencyKey];
          if (stored && now.getTime() - stored.at < IDEMPOTENCY_TTL_MS) {
            if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
            if (fault.status) return injected();
            const replay = await send({ status: stored.status, body: stored.body, headers: stored.headers });
            return fault.drop ? dropConnection(c, replay) : replay;
          }
          idempotencySlot = running;
          idempotencyRunning.add(running);
        }
        if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (fault.status) return injected();

        let reply: Reply;
        try {
          const ctx = await buildContext(c, op, options, { caller, facility, now, requestUrl, fail });
          reply = withPreferredStatus(await handlerFor(op, module)(ctx), ctx.preferred);
        } catch (error) {
          if (!(error instanceof ApiFailure)) throw error;
          reply = errorReply(error);
        }
        if (idempotencyKey !== undefined && reply.status !== 429) {
          const stored: StoredResponse = { at: now.getTime(), status: reply.status, headers: reply.headers ?? {}, body: reply.body };
          facility.idempotency[idempotencyKey] = stored;
        }
        pruneIdempotency(facility, now);
        if (op.method !== "GET") store.save();
        const response = await send(reply);
        return fault.drop ? dropConnection(c, response) : response;
      } finally {
        if (idempotencySlot) idempotencyRunning.delete(idempotencySlot);
        inFlight.set(slot, (inFlight.get(slot) ?? 1) - 1);
      }
    });
  }
  // A path or method the description does not have: 404 or 405 in the API's error model.
  const templates = operations.map((op) => ({ method: op.method, pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    const known = templates.some((t) => t.pattern.test(path));
    const status = known ? 405 : 404;
    return Response.json(
      {
        links: [],
        status: String(status),
        requestMethod: c.req.method,
        requestUrl: c.req.url,
        customerMessage: known ? "Method not allowed." : "Not found.",
        developerMessage: known ? `${c.req.method} is not supported by this resource.` : "Nothing matches this URL.",
      },
      { status },
    );
  });
  return app;
}

function handlerFor(op: Operation, module: ApiModule<any>): Handler {
  return module.handlers[op.label] ?? exampleHandler;
}

/** An operation the sandbox keeps no state for: its documented success example, path ids echoed where the example
 *  has a top-level field of the same name (P70). */
const exampleHandler: Handler = (ctx) => {
  const status = successStatus(ctx.op);
  const offered = Object.keys(ctx.op.operation.responses?.[status]?.content ?? {});
  const media = offered.find((m) => m !== "application/json" && ctx.accept.includes(m)) ?? offered[0];
  if (!media) return { status: Number(status) };
  const body = responseExample(ctx.op, status, media);
  // A report the description gives no example of: the sandbox has no report data and says so in one line.
  if (media !== "application/json") return { status: Number(status), body: body ?? "sandbox: no report data\n", contentType: media };
  if (body && typeof body === "object" && !Array.isArray(body)) {
    for (const [name, value] of Object.entries(ctx.params)) if (name in body) (body as any)[name] = value;
  }
  return { status: Number(status), body };
};

interface ContextParts {
  caller: Caller;
  facility: FacilityBase;
  now: Date;
  requestUrl: string;
  fail: RequestContext["fail"];
}

/** Read and check the request: query on a write (400), parameters, then the body. */
async function buildContext(c: Context, op: Operation, options: ServerOptions, parts: ContextParts): Promise<RequestContext> {
  const { fail } = parts;
  const query = c.req.query();
  if (op.method !== "GET" && op.method !== "DELETE" && Object.keys(query).length > 0) {
    fail([400], "Invalid request.", `Query parameters are not accepted on ${op.method} requests.`);
  }
  const params = splitSegments(op.path, c.req.param() as Record<string, string>);
  if (!params) fail([404], "Not found.", "Nothing matches this URL.");
  const headers: Record<string, string> = {};
  for (const p of op.parameters.filter((p) => p.in === "header")) {
    const value = c.req.header(p.name);
    if (value !== undefined) headers[p.name] = value;
  }
  const checked = { path: { ...params }, query: { ...query }, header: headers };
  // A GET filter value outside its schema, on an operation that documents no 400 or 422, is no error the description
  // has a status for: it goes to the handler as sent, and matches nothing (P99).
  const unmatchedFilter = (errors: typeof op.checkParameters.errors) =>
    op.method === "GET" && !op.statuses.includes("400") && !op.statuses.includes("422") && (errors ?? []).every((e) => e.instancePath.startsWith("/query/"));
  if (!op.checkParameters(checked) && !unmatchedFilter(op.checkParameters.errors)) {
    const problems: FieldProblem[] = (op.checkParameters.errors ?? []).map((e) => {
      const [, , name = (e.params as any).missingProperty] = e.instancePath.split("/");
      const location = e.instancePath.split("/")[1];
      const value = (checked as any)[location]?.[name];
      return field(name, value, e.message ?? "is invalid");
    });
    fail(op.path.includes("{") && problems.some((p) => p.fieldName in params!) ? [422, 404, 400] : [422, 400], "Invalid request.", "One or more parameters are invalid.", merge(problems));
  }

  let body: unknown;
  let formParts: Record<string, string | File> | undefined;
  const media = op.requestMedia;
  const contentType = (c.req.header("content-type") ?? "").toLowerCase();
  if (media.includes("application/json")) {
    if (!contentType.includes("json")) fail([400, 422], "Invalid request.", "Send the body as application/json.");
    const text = await c.req.text();
    try {
      body = JSON.parse(text);
    } catch {
      fail([400, 422], "Invalid request.", "The body is not valid JSON.");
    }
    const target = `${op.label} request`;
    if (isTarget(op.api as ValidatorApi, target)) {
      const result = validate(op.api as ValidatorApi, target as never, body);
      if (!result.valid) {
        const problems = result.errors.map((e) => field(e.pointer.slice(1).replace(/\//g, "."), valueAt(body, e.pointer), e.message));
        fail([422, 400], "Invalid request.", "The request body is invalid: see errors.", merge(problems));
      }
    }
  } else if (media.includes("multipart/form-data")) {
    if (!contentType.startsWith("multipart/form-data")) fail([400, 422], "Invalid request.", "Send the body as multipart/form-data.");
    try {
      formParts = (await c.req.parseBody({ all: false })) as Record<string, string | File>;
    } catch {
      fail([400, 422], "Invalid request.", "The multipart body could not be read.");
    }
    const schema = op.operation.requestBody.content["multipart/form-data"].schema ?? {};
    const problems: FieldProblem[] = [];
    for (const name of schema.required ?? []) {
      const part = formParts![name];
      const binary = schema.properties?.[name]?.format === "binary" || schema.properties?.[name]?.contentMediaType !== undefined;
      if (part === undefined || part === "") problems.push(field(name, undefined, "is required"));
      else if (binary && (typeof part === "string" || !part.name)) problems.push(field(name, undefined, "must be a file part with a file name"));
    }
    if (problems.length) fail([422, 400], "Invalid request.", "The upload is invalid: see errors.", problems);
  }

  return {
    api: op.api,
    op,
    caller: parts.caller,
    facility: parts.facility,
    params: params!,
    query,
    body,
    parts: formParts,
    method: op.method,
    accept: c.req.header("accept") ?? "",
    requestUrl: parts.requestUrl,
    baseUrl: options.baseUrl(),
    now: parts.now,
    preferred: preferredStatus(op, c.req.header("prefer")),
    fail,
    emit: (eventType, data) => options.emit(eventType, structuredClone(data), parts.now),
  };
}

/** The documented success status `Prefer: code=N` asks for, if N is one. */
function preferredStatus(op: Operation, prefer: string | undefined): number | undefined {
  const code = prefer?.match(/(?:^|[\s,;])code=(2\d\d)(?=$|[\s,;])/i)?.[1];
  return code !== undefined && op.statuses.includes(code) ? Number(code) : undefined;
}

/**
 * A success answered with the other success status the request asked for: the same change made, 200 and 201 with
 * the same body (P7 and P10 list both), 204 without one. A failure stays as it is.
 */
function withPreferredStatus(reply: Reply, preferred: number | undefined): Reply {
  if (preferred === undefined || preferred === reply.status || reply.status < 200 || reply.status > 299) return reply;
  if (preferred === 204) return { status: 204, headers: reply.headers };
  if (preferred === 200 || preferred === 201) return { ...reply, status: preferred };
  return reply;
}

function field(name: string, value: unknown, message: string): FieldProblem {
  const problem: FieldProblem = { fieldName: name || "(body)", messages: [message] };
  if (value !== undefined && value !== null && typeof value !== "object" && !SENSITIVE.test(name)) problem.fieldValue = String(value);
  return problem;
}

/** One entry per field, with all its messages. */
function merge(problems: FieldProblem[]): FieldProblem[] {
  const byName = new Map<string, FieldProblem>();
  for (const p of problems) {
    const seen = byName.get(p.fieldName);
    if (seen) seen.messages.push(...p.messages.filter((m) => !seen.messages.includes(m)));
    else byName.set(p.fieldName, { ...p, messages: [...p.messages] });
  }
  return [...byName.values()];
}

function valueAt(data: unknown, pointer: string): unknown {
  let node: any = data;
  for (const part of pointer.split("/").slice(1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

/** Send a reply; its JSON body is first checked against the description (P71). */
async function respond(c: Context, op: Operation, reply: Reply, options: ServerOptions): Promise<Response> {
  const headers = new Headers(reply.headers ?? {});
  if (reply.body === undefined) return new Response(null, { status: reply.status, headers });
  if (reply.contentType) {
    headers.set("content-type", reply.contentType);
    return new Response(String(reply.body), { status: reply.status, headers });
  }
  const target = `${op.label} ${reply.status}`;
  if (isTarget(op.api as ValidatorApi, target)) {
    const result = validate(op.api as ValidatorApi, target as never, reply.body);
    if (!result.valid) {
      const detail = `${target}: ${result.errors.map((e) => `${e.pointer || "(root)"} ${e.message}`).join("; ")}`;
      options.violations.push(detail);
      process.stderr.write(`[sandbox] response does not conform to the description: ${detail}\n`);
      if (options.strictResponses) {
        const body = {
          links: [],
          status: "500",
          requestMethod: op.method,
          requestUrl: c.req.url,
          customerMessage: "Sandbox error.",
          developerMessage: `The sandbox built a response that does not conform to the description (a sandbox bug): ${detail}`,
        };
        return Response.json(body, { status: 500 });
      }
    }
  } else if (reply.status !== 204 && !op.statuses.includes(String(reply.status))) {
    // The sandbox checked the request as the API would, but the description lists no such status for this
    // operation (a gap in the description, not a non-conforming body): logged, and listed apart.
    options.undocumented.push(target);
    process.stderr.write(`[sandbox] ${target}: a status the description does not document for this operation\n`);
  } else if (reply.status !== 204) {
    options.violations.push(`${target}: the description documents no JSON body for this status`);
  }
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** drop-after-processing: the work is done and recorded; the caller never hears about it. */
function dropConnection(c: Context<{ Bindings: HttpBindings }>, response: Response): Response {
  c.env.incoming.socket.destroy();
  return response;
}

function pruneIdempotency(facility: FacilityBase, now: Date): void {
  for (const [key, stored] of Object.entries(facility.idempotency)) {
    if (now.getTime() - stored.at >= IDEMPOTENCY_TTL_MS) delete facility.idempotency[key];
  }
}

/** For handlers: the first example of a component-shaped response (used to fill fields the sandbox has no value for). */
export { responseExample };
