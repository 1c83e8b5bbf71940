// Reading a request as the API would: the query on a write (400), the parameters against the description's
// parameter schemas (P99 for GET filters), then the body (the generated validators; multipart parts by hand), and
// the `Prefer: code=N` status a test asks for.
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";
import { BODY_LIMIT, BODY_TIMEOUT_MS, MAX_DEPTH, readBody, tooDeep } from "./body.js";
import { advise, isTarget, validate, type Advice, type ApiName as ValidatorApi } from "../validators/index.js";
import type { Caller } from "./keys.js";
import { splitSegments, type Operation } from "./spec.js";
import type { FacilityBase } from "./state.js";
import type { FieldProblem, Reply, RequestContext, ServerOptions } from "./types.js";

/**
 * What `advise()` says of each valid request body (identifiers the payment schemes would refuse later, P126): the
 * sandbox never refuses for it, but shows it in the `X-Sandbox-Advice` header and the journal (server.ts).
 */
export const requestAdvice = new WeakMap<Request, Advice[]>();

/** Fields whose values are never echoed in an error (P67: no card number or CVN in a response or log). */
const SENSITIVE = /cvn|cardNumber|password|secret/i;

export interface ContextParts {
  caller: Caller;
  facility: FacilityBase;
  now: Date;
  requestUrl: string;
  fail: RequestContext["fail"];
  media: string | undefined;
}


/** Read and check the request: query on a write (400), parameters, then the body. */
export async function buildContext(c: Context<{ Bindings: HttpBindings }>, op: Operation, options: ServerOptions, parts: ContextParts): Promise<RequestContext> {
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
    const text = new TextDecoder().decode(await readBody(c, BODY_LIMIT.json, options.bodyTimeoutMs ?? BODY_TIMEOUT_MS, fail));
    try {
      body = JSON.parse(text);
    } catch {
      fail([400, 422], "Invalid request.", "The body is not valid JSON.");
    }
    const deep = tooDeep(body, MAX_DEPTH);
    if (deep !== undefined) {
      const message = `is nested more than ${MAX_DEPTH} levels deep (a limit of the sandbox)`;
      fail([422, 400], "Invalid request.", `The request body ${message}: see errors.`, [{ fieldName: deep || "(body)", messages: [message] }]);
    }
    const target = `${op.label} request`;
    if (isTarget(op.api as ValidatorApi, target)) {
      const result = validate(op.api as ValidatorApi, target as never, body);
      if (!result.valid) {
        const problems = result.errors.map((e) => field(e.pointer.slice(1).replace(/\//g, "."), valueAt(body, e.pointer), e.message));
        fail([422, 400], "Invalid request.", "The request body is invalid: see errors.", merge(problems));
      }
      const advice = advise(op.api as ValidatorApi, target as never, body);
      if (advice.length) requestAdvice.set(c.req.raw, advice);
    }
  } else if (media.includes("multipart/form-data")) {
    if (!contentType.startsWith("multipart/form-data")) fail([400, 422], "Invalid request.", "Send the body as multipart/form-data.");
    const bytes = await readBody(c, BODY_LIMIT.multipart, options.bodyTimeoutMs ?? BODY_TIMEOUT_MS, fail);
    try {
      const form = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), { headers: { "content-type": c.req.header("content-type")! } }).formData();
      formParts = {};
      for (const [name, value] of form) formParts[name] = value; // the last part of a name, as before
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
    media: parts.media,
    requestUrl: parts.requestUrl,
    baseUrl: options.baseUrl(),
    now: parts.now,
    preferred: preferredStatus(op, c.req.header("prefer")),
    fail,
    emit: (eventType, data) => options.emit(eventType, structuredClone(data), parts.now, parts.caller.facility),
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
export function withPreferredStatus(reply: Reply, preferred: number | undefined): Reply {
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
