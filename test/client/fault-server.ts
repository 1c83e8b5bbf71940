// A fault-injecting loopback server (node:http) that behaves like the payment APIs where it matters for the
// client: QuickStream idempotency (same key -> original answer; a 503 kept under its key), PaymentsPlus 409 on a
// duplicate payment identifier, paginated lists, and faults on demand: process then drop the connection, 429/503
// (not processed), 500/502/504 (processed), slow answers, redirects, foreign `next` links.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  | "ok"
  | "drop-before" // drop the connection without processing
  | "drop-after" // process, then drop the connection (the answer is lost)
  | 429
  | 503
  | 500
  | 502
  | 504
  | { status: 429 | 503; retryAfter: string }
  | { slowMs: number } // process, then answer after this delay
  | { hold: Promise<void> } // process, then answer once the promise settles
  | { redirect: string }
  | "drop-mid-body" // process, send the headers and half the body, then drop the connection
  | "not-json" // process, then answer 200 with a body that is not JSON
  | { stallBodyMs: number } // process, send the headers and half the body, finish after this delay
  | { bodyBytes: number; gzip?: boolean; chunked?: boolean } // process, then answer 200 with a JSON body this large
  | { echo: 401 }; // answer 401 with a body that echoes the request's Authorization header

export interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: string;
}

export interface FaultServer {
  url: string;
  seen: Seen[];
  /** Payments created, by payment reference (QuickStream) or identifier (PaymentsPlus): a count above 1 is a duplicate. */
  created: Map<string, number>;
  /** The Idempotency-Key of the request that created each payment (undefined for PaymentsPlus). */
  createdWith: Map<string, string | undefined>;
  maxInFlight: number;
  /** Decide the fault for each request (default "ok"). */
  plan: (req: Seen, index: number) => Fault;
  /**
   * Items served by GET /transactions, 2 per page; `foreignNext` makes page 2's link point elsewhere; `page` replaces
   * the body of a page (by number, from 1) and `next` the href of a page's next link.
   */
  list: { items: number; foreignNext?: string; page?: (n: number) => unknown; next?: (n: number) => string | undefined };
  /** Forget every request, payment and stored answer, and go back to answering "ok". */
  reset(): void;
  close(): Promise<void>;
}

/** A fault server for the test file: listening before its tests, reset before each one, closed after them all. */
export function useFaultServer(): FaultServer {
  const server = createFaultServer();
  beforeAll(() => server.listen());
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  return server;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const errorBody = (status: number, method: string, url: string, extra: object = {}) => ({
  links: [],
  status: String(status),
  requestMethod: method,
  requestUrl: url,
  customerMessage: `Error ${status}`,
  developerMessage: `The server answered ${status}.`,
  ...extra,
});

function createFaultServer(): FaultServer & { listen(): Promise<void> } {
  const sockets = new Set<Socket>();
  // QuickStream idempotency store: key -> the stored answer.
  const stored = new Map<string, { status: number; body: unknown }>();
  let inFlight = 0;
  const state = {
    url: "",
    seen: [] as Seen[],
    created: new Map<string, number>(),
    createdWith: new Map<string, string | undefined>(),
    maxInFlight: 0,
    plan: (() => "ok") as FaultServer["plan"],
    list: { items: 5 } as FaultServer["list"],
  };

  const create = (ref: string, key?: string) => {
    state.created.set(ref, (state.created.get(ref) ?? 0) + 1);
    if (!state.createdWith.has(ref)) state.createdWith.set(ref, key);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? "/", state.url);
    const key = req.headers["idempotency-key"] as string | undefined;
    const seen: Seen = { method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization, idempotencyKey: key, body };
    const index = state.seen.push(seen) - 1;
    const fault = state.plan(seen, index);
    // Routes answer under the real APIs' base path too (a client made with baseUrl `${url}/rest/v1`).
    const route = url.pathname.replace(/^\/rest\/v1(?=\/)/, "");
    const drop = () => req.socket.destroy();

    if (fault === "drop-before") return drop();
    if (typeof fault === "object" && "echo" in fault) {
      return json(res, 401, errorBody(401, seen.method, url.href, { developerMessage: `Rejected: Authorization: ${seen.authorization}` }));
    }
    if (typeof fault === "object" && "redirect" in fault) {
      res.writeHead(302, { Location: fault.redirect });
      return res.end();
    }
    if (fault === 429 || fault === 503 || (typeof fault === "object" && "retryAfter" in fault)) {
      const status = typeof fault === "object" ? fault.status : fault;
      const headers: Record<string, string> = typeof fault === "object" ? { "Retry-After": fault.retryAfter } : {};
      // The server keeps a 503 under its key (D9): resending with that key gets the 503 again.
      if (status === 503 && key && !stored.has(key)) stored.set(key, { status: 503, body: errorBody(503, seen.method, url.href) });
      return json(res, status, errorBody(status, seen.method, url.href), headers);
    }

    // QuickStream idempotency: a key seen before gets the stored answer.
    let status = 200;
    let answer: unknown = { ok: true };
    const replay = key ? stored.get(key) : undefined;
    if (replay) {
      ({ status, body: answer } = replay);
    } else if (seen.method === "POST" && route === "/transactions") {
      const tx = JSON.parse(body || "{}");
      if (tx.principalAmount === "invalid") {
        return json(res, 422, errorBody(422, "POST", url.href, { errors: [{ fieldName: "principalAmount", messages: ["is invalid"], fieldValue: "invalid" }] }));
      }
      create(tx.paymentReferenceNumber ?? "?", key);
      status = 201;
      answer = { receiptNumber: String(1000 + index), status: "Approved", paymentReferenceNumber: tx.paymentReferenceNumber };
      if (key) stored.set(key, { status, body: answer });
    } else if (seen.method === "POST" && /^\/payments\/[^/]+$/.test(route)) {
      const id = route.split("/")[2]!;
      if (state.created.has(id)) return json(res, 409, errorBody(409, "POST", url.href));
      create(id);
      status = 201;
      answer = { paymentIdentifier: id, statusCode: "OPEN" };
    } else if (seen.method === "POST" && /\/send$/.test(url.pathname)) {
      create(url.pathname);
      answer = { statusCode: "SENT" };
    } else if (seen.method === "GET" && route === "/transactions") {
      const page = Number(url.searchParams.get("page") ?? "1");
      const pages = Math.ceil(state.list.items / 2);
      const data = Array.from({ length: state.list.items }, (_, i) => ({ receiptNumber: `R${i + 1}` })).slice((page - 1) * 2, page * 2);
      const href = state.list.next
        ? state.list.next(page)
        : page < pages
          ? `${page === 2 && state.list.foreignNext ? state.list.foreignNext : state.url}/transactions?page=${page + 1}`
          : undefined;
      const links = href === undefined ? [] : [{ rel: "next", href, requestMethod: "GET" }];
      answer = state.list.page ? state.list.page(page) : { links, data };
      if (typeof answer === "string") {
        res.writeHead(200, { "Content-Type": "application/json" });
        return res.end(answer);
      }
    }

    if (fault === "drop-after") return drop();
    const text = JSON.stringify(answer);
    if (fault === "drop-mid-body" || (typeof fault === "object" && "stallBodyMs" in fault)) {
      res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      if (fault === "drop-mid-body") return setTimeout(drop, 5);
      await new Promise((r) => setTimeout(r, fault.stallBodyMs));
      if (res.destroyed || req.socket.destroyed) return;
      return res.end(text.slice(Math.floor(text.length / 2)));
    }
    if (fault === "not-json") {
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end("<html>processed</html>");
    }
    if (typeof fault === "object" && "bodyBytes" in fault) {
      const big = Buffer.from(JSON.stringify({ pad: "x".repeat(Math.max(0, fault.bodyBytes - 10)) }));
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      const payload = fault.gzip ? gzipSync(big) : big;
      if (fault.gzip) headers["Content-Encoding"] = "gzip";
      if (!fault.chunked) headers["Content-Length"] = String(payload.length);
      res.writeHead(200, headers);
      return res.end(payload);
    }
    if (fault === 500 || fault === 502 || fault === 504) return json(res, fault, errorBody(fault, seen.method, url.href));
    if (typeof fault === "object" && "slowMs" in fault) {
      await new Promise((r) => setTimeout(r, fault.slowMs));
      if (res.destroyed || req.socket.destroyed) return;
    }
    if (typeof fault === "object" && "hold" in fault) {
      await fault.hold;
      if (res.destroyed || req.socket.destroyed) return;
    }
    json(res, status, answer);
  };

  // A request is in flight from its arrival until the server has ended its answer or dropped it, or the client has
  // closed the connection. The count is taken 25 ms after each arrival: a client that abandons a request (destroying
  // its socket) and sends the next can reach the server in the other order, the close still queued on a loaded
  // machine. A real excess (requests the client still holds open) lasts far longer and is still counted.
  const server = createServer((req, res) => {
    inFlight++;
    setTimeout(() => (state.maxInFlight = Math.max(state.maxInFlight, inFlight)), 25);
    let done = false;
    const finish = () => {
      if (!done) inFlight--;
      done = true;
    };
    res.on("close", finish);
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      finish();
      return end(...args);
    }) as typeof res.end;
    const destroy = req.socket.destroy.bind(req.socket);
    req.socket.destroy = ((error?: Error) => {
      finish();
      return destroy(error);
    }) as typeof req.socket.destroy;
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return Object.assign(state, {
    listen: async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    reset: () => {
      state.seen.length = 0;
      state.created.clear();
      state.createdWith.clear();
      state.maxInFlight = 0;
      state.plan = () => "ok";
      state.list = { items: 5 };
      stored.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  });
}

/** A small seeded PRNG (mulberry32), so that random fault runs repeat. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What `fn` throws (undefined when it returns), for assertions on an error's fields. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}
