// One API of the sandbox as a Hono app: every operation of the description is a route, and every request goes
// through the same steps before its handler (the stateful code in quickstream/*.ts and paymentsplus.ts, or the
// description's example for an operation the sandbox keeps no state for):
//   fault header or rule -> key (401 / 403) -> in flight per facility (429 above 10) -> injected delay / status ->
//   Idempotency-Key (QuickStream POSTs: replay, 429 while the first is still running) -> query on PUT/POST/PATCH
//   (400) -> parameters (checked against the description's parameter schemas; P99 for GET filters) -> body (at most
//   BODY_LIMIT bytes, 413; read within BODY_TIMEOUT_MS; JSON nested at most MAX_DEPTH deep; the generated validators:
//   request.ts) -> handler, run synchronously inside the store's write, which journals what it changed and the
//   Idempotency-Key answer as one line before the answer is sent (state.ts) -> response body checked against the
//   generated validator for that status.
import type { HttpBindings } from "@hono/node-server";
import { Hono, type Context } from "hono";
import { getPath } from "hono/utils/url";
import { isTarget, validate, type ApiName as ValidatorApi } from "../validators/index.js";
import { FaultSyntaxError, parseFault, type Fault } from "./faults.js";
import { negotiate } from "./accept.js";
import { authenticate } from "./keys.js";
import { buildContext, requestAdvice, withPreferredStatus } from "./request.js";
import { apiPath, routePattern, responseExample, successStatus, type Operation } from "./spec.js";
import type { StoredResponse } from "./state.js";
import { ApiFailure, type ApiModule, type FieldProblem, type Handler, type Reply, type RequestContext, type ServerOptions } from "./types.js";

export { BASE_PATH } from "./spec.js";

export * from "./types.js";

const MAX_IN_FLIGHT = 10;
const IDEMPOTENCY_KEY = /^[\x20-\x7E]{1,60}$/;

export function createApp(options: ServerOptions): Hono<{ Bindings: HttpBindings }> {
  const { store, module, operations } = options;
  // Both APIs live under /rest/v1 on the real hosts; the sandbox answers there and, for earlier users, at the root.
  const app = new Hono<{ Bindings: HttpBindings }>({ getPath: (request) => apiPath(getPath(request)) });
  const inFlight = new Map<string, number>();
  const idempotencyRunning = new Set<string>();

  options.control?.(app);

  // The journal of the test-control API: every answered request of a facility (never its headers), with the advice
  // on its body (P126), which the answer also carries in X-Sandbox-Advice: "<code> at <pointer>", comma-separated.
  if (options.record) {
    const record = options.record;
    app.use(async (c, next) => {
      await next();
      if (c.req.path.startsWith("/_sandbox/")) return;
      const advice = requestAdvice.get(c.req.raw);
      if (advice) c.res.headers.set("X-Sandbox-Advice", advice.map((a) => `${a.code} at ${a.pointer || "/"}`).join(", "));
      const auth = authenticate(module.api, c.req.header("authorization"));
      if (!("caller" in auth)) return;
      const idempotencyKey = c.req.header("idempotency-key");
      record(auth.caller.facility, {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        ...(advice ? { advice } : {}),
      });
    });
  }

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

      const auth = authenticate(module.api, c.req.header("authorization"));

      // Fault: the header, else a rule from the fault file or the caller's facility's control endpoint.
      let fault: Fault = {};
      try {
        const text = c.req.header("x-sandbox-fault") ?? options.faults.take(module.api, op.label, "caller" in auth ? auth.caller.facility : undefined);
        if (text) fault = parseFault(text);
      } catch (error) {
        if (!(error instanceof FaultSyntaxError)) throw error;
        return send(errorReply(new ApiFailure(documented([400, 422]), "Invalid request.", error.message)));
      }

      // Key: 401 without a key of the documented form (saying which forms are accepted), 403 for a key of the wrong
      // kind (P68).
      if (!("caller" in auth)) return send(errorReply(new ApiFailure(401, "Authentication failed.", auth.problem)));
      const caller = auth.caller;
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
        // Requests that arrived together are in flight together: each waits for the others of its turn of the event
        // loop to be counted before it is processed (else a fast sandbox answers each before the next is read, and
        // 50 concurrent requests would never meet the limit).
        await new Promise((resolve) => setImmediate(resolve));
        const facility = store.facility(module.api, caller.facility);
        const now = options.now(caller.facility);
        const injected = () =>
          send(errorReply(new ApiFailure(fault.status!, "The request failed.", `Injected fault ${fault.status}: the request was not processed.`)));

        // Idempotency-Key (QuickStream POSTs): the first answer for 22 hours, whatever the endpoint (P69). The key is
        // taken before an injected delay, so a resend during the delay meets it still running (429).
        const idempotencyKey = op.method === "POST" && module.api === "quickstream" ? c.req.header("idempotency-key") : undefined;
        if (idempotencyKey !== undefined) {
          if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
            return send(errorReply(new ApiFailure(documented([400, 422]), "Invalid request.", "Idempotency-Key must be 1 to 60 printable ASCII characters.")));
          }
          // The text of a missing value, as a client sends it for a key it was not given (openapi-generator `typescript`,
          // OpenAPITools/openapi-generator#18191): as a key, every later POST without one would get this one's answer
          // back and pay nothing, so it is refused (P134).
          if (idempotencyKey === "undefined" || idempotencyKey === "null") {
            return send(
              errorReply(
                new ApiFailure(
                  documented([400, 422]),
                  "Invalid request.",
                  `Idempotency-Key is the text "${idempotencyKey}": the client sent a key it was not given. Send a new UUID per request, or no Idempotency-Key header.`,
                ),
              ),
            );
          }
          const running = `${slot}:${idempotencyKey}`;
          if (idempotencyRunning.has(running)) {
            return send(errorReply(new ApiFailure(429, "Too many requests.", "A request with this Idempotency-Key is still being processed; wait and resend it.")));
          }
          const stored = facility.idempotency.get(idempotencyKey, now.getTime());
          if (stored) {
            if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
            if (fault.status) return injected();
            const replay = await send({ status: stored.status, body: stored.body === undefined ? undefined : JSON.parse(stored.body), headers: stored.headers });
            return fault.drop ? dropConnection(c, replay) : replay;
          }
          idempotencySlot = running;
          idempotencyRunning.add(running);
        }
        if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
        if (fault.status) return injected();

        // Accept: the success answer's media type by RFC 9110 negotiation (P119). Where the operation has several
        // representations and none is acceptable: 406. Where it has one, it is answered whatever Accept says (RFC 9110
        // lets a server disregard Accept), since clients send `Accept: application/json` on every call, reports too.
        const offered = Object.keys(op.operation.responses?.[successStatus(op)]?.content ?? {}).sort(
          (a, b) => Number(b === "application/json") - Number(a === "application/json"),
        );
        const media = offered.length > 1 ? negotiate(c.req.header("accept"), offered) : offered[0];
        if (offered.length > 1 && !media) {
          return send(errorReply(new ApiFailure(406, "Not acceptable.", `The Accept header accepts none of what this operation answers with: ${offered.join(", ")}.`)));
        }

        let ctx: RequestContext | ApiFailure;
        try {
          ctx = await buildContext(c, op, options, { caller, facility, now, requestUrl, fail, media });
        } catch (error) {
          if (!(error instanceof ApiFailure)) throw error;
          ctx = error;
        }
        const handle = (): Reply => {
          if (ctx instanceof ApiFailure) return errorReply(ctx);
          try {
            return withPreferredStatus(handlerFor(op, module)(ctx), ctx.preferred);
          } catch (error) {
            if (!(error instanceof ApiFailure)) throw error;
            return errorReply(error);
          }
        };
        // The Idempotency-Key answer is kept as JSON text: a snapshot, which later changes to the resource do not alter.
        // A request refused before its body was read (413, 408) or for being one too many (429) leaves no answer.
        const answer = (reply: Reply): [string, StoredResponse] | undefined =>
          idempotencyKey !== undefined && reply.status !== 429 && reply.status !== 413 && reply.status !== 408
            ? [idempotencyKey, { at: now.getTime(), status: reply.status, headers: reply.headers ?? {}, ...(reply.body === undefined ? {} : { body: JSON.stringify(reply.body) }) }]
            : undefined;
        const reply = op.method === "GET" ? handle() : store.write(module.api, caller.facility, now, handle, answer);
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
    const path = c.req.path;
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
  const media = ctx.media ?? offered[0];
  if (!media) return { status: Number(status) };
  const body = responseExample(ctx.op, status, media);
  // A report the description gives no example of: the sandbox has no report data and says so in one line.
  if (media !== "application/json") return { status: Number(status), body: body ?? "sandbox: no report data\n", contentType: media };
  if (body && typeof body === "object" && !Array.isArray(body)) {
    for (const [name, value] of Object.entries(ctx.params)) if (name in body) (body as any)[name] = value;
  }
  return { status: Number(status), body };
};


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

/** For handlers: the first example of a component-shaped response (used to fill fields the sandbox has no value for). */
export { responseExample };

