// The cheap per-request path (src/client.ts `directly`, src/transport.ts `Deadlines`): the same requests and results
// as through openapi-fetch, one timer that still times out every attempt on its own clock, and a real AbortSignal
// for every fetch.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ApiConnectionError, CallAbortedError, callInfo, createQuickStreamClient } from "../../src/index.ts";
import { Deadlines } from "../../src/transport.ts";
import { useFaultServer } from "./fault-server.ts";

const server = useFaultServer();

const elapsedOf = async (start: () => Promise<unknown>) => {
  const started = performance.now();
  const outcome = await start().then(
    (v) => v,
    (e) => e,
  );
  return { outcome, ms: performance.now() - started };
};

describe("per-attempt timeouts with one timer per client", () => {
  it("times out each attempt on its own clock", async () => {
    server.plan = () => ({ slowMs: 1500 });
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, timeoutMs: 200, retry: false });
    const runs: Promise<{ outcome: unknown; ms: number }>[] = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 80)); // staggered starts: each must get its full 200 ms
      runs.push(elapsedOf(() => client.GET("/transactions", {})));
    }
    for (const { outcome, ms } of await Promise.all(runs)) {
      expect(outcome).toBeInstanceOf(ApiConnectionError);
      expect((outcome as ApiConnectionError).timedOut).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(195);
      expect(ms).toBeLessThan(1000);
    }
    expect(server.seen).toHaveLength(3);
  });

  it("an answer in time is kept while an earlier attempt times out", async () => {
    server.plan = (_req, i) => (i === 0 ? { slowMs: 1500 } : { slowMs: 50 });
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, timeoutMs: 250, retry: false });
    const slow = elapsedOf(() => client.GET("/transactions", {}));
    await new Promise((r) => setTimeout(r, 150));
    const fast = await client.GET("/transactions", {});
    expect(fast.response.status).toBe(200);
    const { outcome } = await slow;
    expect((outcome as ApiConnectionError).timedOut).toBe(true);
  });

  it("times out a resend too, with the same key (POST)", async () => {
    server.plan = () => ({ slowMs: 1000 });
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, timeoutMs: 100, retry: { maxRetries: 2, delayMs: 1 } });
    const error = await client.POST("/transactions", { body: { paymentReferenceNumber: "FP1" } as never }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.timedOut).toBe(true);
    expect(error.attempts).toBe(3);
    expect(new Set(server.seen.map((s) => s.idempotencyKey)).size).toBe(1);
  });

  it("the longest timeout setTimeout can wait (2^31-1 ms; longer is refused) does not fire at once", async () => {
    server.plan = () => ({ slowMs: 100 });
    expect(() => createQuickStreamClient({ secretKey: "k", baseUrl: server.url, timeoutMs: 2 ** 31, retry: false })).toThrow(TypeError);
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, timeoutMs: 2 ** 31 - 1, retry: false });
    const result = await client.GET("/transactions", {});
    expect(result.response.status).toBe(200);
  });

  it("does not keep the process alive after the last answer", async () => {
    const { code, out, ms } = await runScript(`
      const { createServer } = await import("node:http");
      const server = createServer((_req, res) => res.end("{}"));
      await new Promise((r) => server.listen(0, "127.0.0.1", r));
      const client = createQuickStreamClient({ secretKey: "k", baseUrl: "http://127.0.0.1:" + server.address().port, timeoutMs: 60000 });
      const { response } = await client.GET("/", {});
      server.close();
      server.closeAllConnections();
      console.log(response.status);
    `);
    expect(out.trim()).toBe("200");
    expect(code).toBe(0);
    expect(ms).toBeLessThan(15_000); // well under the 60 s timeout
  }, 25_000);
});

describe("what the one timer keeps", () => {
  // With requests always in flight (concurrency 10) the queue of attempts is never empty. A finished attempt must not
  // keep its AbortController (and through its signal, its request) reachable while it waits to leave the queue: kept
  // past a few young-generation collections, they cost the garbage collector on every request.
  it("a finished attempt holds no AbortController, and finished attempts leave the queue while others are in flight", () => {
    const deadlines = new Deadlines(60_000);
    const internals = deadlines as unknown as { queue: unknown[] };
    type Entry = ReturnType<Deadlines["start"]>;
    const inFlight: Entry[] = [];
    let seed = 7;
    let longest = 0;
    for (let i = 0; i < 5000; i++) {
      inFlight.push(deadlines.start(new AbortController(), false));
      if (inFlight.length < 10) continue;
      // Ten in flight; one of them (any, as answers come in any order) finishes.
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const [entry] = inFlight.splice(seed % inFlight.length, 1);
      expect(entry!.control).toBeInstanceOf(AbortController);
      deadlines.finish(entry!);
      expect(entry!.control).toBeUndefined();
      longest = Math.max(longest, internals.queue.length);
    }
    expect(longest).toBeLessThanOrEqual(200);
    for (const entry of inFlight) deadlines.finish(entry);
    expect(internals.queue).toHaveLength(0);
  });

  it("a timed-out attempt is aborted, then holds nothing either", async () => {
    const deadlines = new Deadlines(20);
    const control = new AbortController();
    const entry = deadlines.start(control, false);
    await new Promise((resolve) => control.signal.addEventListener("abort", resolve));
    expect(control.signal.reason).toMatchObject({ name: "TimeoutError", message: "attempt timed out after 20 ms" });
    expect(entry.control).toBeUndefined();
    deadlines.finish(entry); // as attempt() does after a timeout: nothing more happens
    expect(entry.done).toBe(true);
  });
});

/** Run an ES module script with `createQuickStreamClient` in scope in a fresh Node process. */
async function runScript(body: string): Promise<{ code: number | null; out: string; ms: number }> {
  const src = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
  const script = `const { createQuickStreamClient } = await import(${JSON.stringify(src)});\n${body}`;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const kill = setTimeout(() => child.kill(), 20_000);
    child.on("exit", (code) => {
      clearTimeout(kill);
      resolve({ code, out, ms: Date.now() - started });
    });
  });
}

describe("a caller's fetch", () => {
  it("keeps the process alive until its attempt times out, even when nothing else would", async () => {
    // A fetch that holds no connection or timer of its own: only the client's deadline timer keeps the process
    // running, so the call ends with its timeout error instead of the process exiting with the call unsettled.
    const { code, out } = await runScript(`
      const client = createQuickStreamClient({
        secretKey: "k",
        baseUrl: "https://api.example.com",
        timeoutMs: 300,
        retry: false,
        fetch: (_url, init) => new Promise((_resolve, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason))),
      });
      const error = await client.GET("/", {}).catch((e) => e);
      console.log(error.name, error.timedOut);
    `);
    expect(out.trim()).toBe("ApiConnectionError true");
    expect(code).toBe(0);
  }, 25_000);

  it("gets a real AbortSignal, aborted at the timeout, and the headers", async () => {
    const seen: { signal: unknown; headers: unknown }[] = [];
    const client = createQuickStreamClient({
      secretKey: "k",
      baseUrl: "https://api.example.com",
      timeoutMs: 50,
      retry: false,
      fetch: (_url, init) => {
        seen.push({ signal: init.signal, headers: init.headers });
        return new Promise((_resolve, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason)));
      },
    });
    const error = await client.GET("/", {}).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.timedOut).toBe(true);
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    expect((seen[0]!.signal as AbortSignal).aborted).toBe(true);
    expect(new Headers(seen[0]!.headers as HeadersInit).get("authorization")).toMatch(/^Basic /);
  });

  it("whose body never ends (and ignores the signal) is still timed out", async () => {
    const client = createQuickStreamClient({
      secretKey: "k",
      baseUrl: "https://api.example.com",
      timeoutMs: 100,
      retry: false,
      fetch: async () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("{")) }), { status: 200 }),
    });
    const started = performance.now();
    const error = await client.GET("/", {}).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("has its attempt aborted by the caller's signal", async () => {
    let signal: AbortSignal | undefined;
    const client = createQuickStreamClient({
      secretKey: "k",
      baseUrl: "https://api.example.com",
      retry: { maxRetries: 3, delayMs: 1 },
      fetch: (_url, init) => {
        signal = init.signal!;
        return new Promise((_resolve, reject) => signal!.addEventListener("abort", () => reject(signal!.reason)));
      },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("caller gave up")), 30);
    const error = await client.GET("/", { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(CallAbortedError);
    expect(error.cause.message).toBe("caller gave up");
    expect(error.attempts).toBe(1);
    expect(signal?.aborted).toBe(true);
  });

  it("a global fetch replaced after loading is the one used, with a real AbortSignal", async () => {
    const original = globalThis.fetch;
    const seen: RequestInit[] = [];
    globalThis.fetch = (async (_url: unknown, init: RequestInit) => {
      seen.push(init);
      return new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });
    }) as typeof fetch;
    try {
      const client = createQuickStreamClient({ secretKey: "k", baseUrl: "https://api.example.com" });
      const { data } = await client.GET("/", {});
      expect(data).toEqual({});
    } finally {
      globalThis.fetch = original;
    }
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(new Headers(seen[0]!.headers).get("authorization")).toMatch(/^Basic /);
  });
});

describe("the direct path builds what openapi-fetch builds", () => {
  type Sent = { url: string; method: string; headers: [string, string][]; body: unknown };
  const respond = (url: string): Response => {
    const u = new URL(url);
    const kind = u.searchParams.get("answer");
    if (kind === "204") return new Response(null, { status: 204 });
    if (kind === "empty") return new Response("", { status: 200, headers: { "Content-Length": "0" } });
    if (kind === "text-error") return new Response("upstream broke", { status: 502 });
    if (kind === "json-error") return new Response(JSON.stringify({ customerMessage: "no" }), { status: 422, headers: { "Content-Type": "application/json" } });
    if (kind === "no-length") return new Response(new Blob(['{"a":1}']).stream(), { status: 200 });
    return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "Content-Type": "application/json", "Content-Length": "11" } });
  };
  const recorder = () => {
    const sent: Sent[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      // openapi-fetch hands the transport a Request, whose body the transport reads as bytes (a form with its
      // multipart Content-Type, which fetch adds itself for a FormData body): compare what goes on the wire.
      const headers = new Headers(init.headers);
      const multipart = headers.get("content-type")?.startsWith("multipart/form-data");
      let body = init.body;
      if (body instanceof Uint8Array) {
        body = multipart ? await new Response(body, { headers }).formData() : new TextDecoder().decode(body);
      }
      if (body instanceof FormData) body = [...body.entries()].map(([k, v]) => [k, String(v)]) as never;
      if (multipart) headers.delete("content-type");
      sent.push({ url, method: String(init.method), headers: [...headers], body });
      return respond(url);
    };
    return { sent, fetch };
  };
  const form = new FormData();
  form.set("file", "contents");
  const cases: [string, string, Record<string, unknown>][] = [
    ["GET", "/transactions", {}],
    ["GET", "/transactions", { params: { query: { a: 1, b: ["x", "y"], c: undefined, d: "é &=", e: { f: 1 } } } }],
    ["GET", "/transactions/{receiptNumber}", { params: { path: { receiptNumber: "a b/c?" } } }],
    ["GET", "/transactions", { headers: { "X-Extra": "1", Accept: "text/csv" }, params: { header: { "X-Param": "2" } } }],
    ["GET", "/transactions", { headers: { Accept: null } }],
    ["GET", "/transactions", { headers: new Headers({ "X-Obj": "h" }) }],
    ["POST", "/transactions", { body: { paymentReferenceNumber: "E1", principalAmount: 10 } }],
    ["POST", "/transactions", { body: { a: "1 2", b: "x" }, headers: { "Content-Type": "application/x-www-form-urlencoded" } }],
    ["POST", "/transactions", { body: form }],
    ["POST", "/transactions", { body: { a: 1 }, headers: { "Idempotency-Key": "own-key-1" } }],
    ["GET", "/transactions", { params: { query: { answer: "204" } } }],
    ["GET", "/transactions", { params: { query: { answer: "empty" } } }], // a documented body missing: ResponseBodyError both ways
    ["GET", "/not-described", { params: { query: { answer: "empty" } } }], // no documented body: data undefined both ways
    ["GET", "/transactions", { params: { query: { answer: "text-error" } } }],
    ["GET", "/transactions", { params: { query: { answer: "json-error" } } }],
    ["GET", "/transactions", { params: { query: { answer: "no-length" } } }],
    ["GET", "/transactions", { parseAs: "text" }],
    ["HEAD", "/transactions", {}],
  ];
  it.each(cases)("%s %s %j", async (method, path, init) => {
    const direct = recorder();
    const viaOpenapiFetch = recorder();
    const a = createQuickStreamClient({ secretKey: "k", baseUrl: "https://api.example.com/rest/v1", retry: false, fetch: direct.fetch });
    const b = createQuickStreamClient({ secretKey: "k", baseUrl: "https://api.example.com/rest/v1", retry: false, fetch: viaOpenapiFetch.fetch });
    const requests: (string | null)[] = [];
    b.use({ onRequest: ({ request }) => void requests.push(request.headers.get("authorization")) });
    const call = (client: typeof a) => (client.request as Function)(method, path, { ...init }) as Promise<{ data?: unknown; error?: unknown; response: Response }>;
    // A call that fails (an empty documented body) must fail alike both ways: compare the error's name and reason.
    const settle = (p: Promise<{ data?: unknown; error?: unknown; response: Response }>) =>
      p.catch((e) => ({ thrown: { name: e.name, reason: e.reason, status: e.status }, data: undefined, error: undefined, response: new Response(null, { status: e.status }) }));
    const [ra, rb] = await Promise.all([settle(call(a)), settle(call(b))]);
    expect((ra as { thrown?: unknown }).thrown).toEqual((rb as { thrown?: unknown }).thrown);
    if (JSON.stringify(init).includes('"empty"') && path === "/transactions") expect((ra as { thrown?: unknown }).thrown).toEqual({ name: "ResponseBodyError", reason: "empty", status: 200 });
    expect(requests).toEqual([null]); // the middleware ran (b went through openapi-fetch) and never saw the key
    // A generated Idempotency-Key differs between the two clients (a fresh UUID each): compare its shape only.
    const ownKey = JSON.stringify(init.headers ?? {}).includes("Idempotency-Key");
    const key = (s: Sent[]) =>
      s.map((x) => ({ ...x, headers: x.headers.map(([n, v]) => [n, n === "idempotency-key" && !ownKey ? v.replace(/^[0-9a-f-]{36}$/, "<uuid>") : v]) }));
    expect(key(direct.sent)).toEqual(key(viaOpenapiFetch.sent));
    expect(direct.sent).toHaveLength(1);
    expect({ data: ra.data, error: ra.error, status: ra.response.status }).toEqual({ data: rb.data, error: rb.error, status: rb.response.status });
    if (!("thrown" in ra)) expect(callInfo(ra)?.attempts).toBe(1);
  });

  it("after eject, calls go the direct way again and still work", async () => {
    const { sent, fetch } = recorder();
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: "https://api.example.com", fetch });
    let seen = 0;
    const mw = { onRequest: () => void seen++ };
    client.use(mw);
    await client.GET("/", {});
    client.eject(mw);
    await client.GET("/", {});
    expect(seen).toBe(1);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(sent[1]);
  });

  it("an invalid header rejects the call and sends nothing, either way", async () => {
    for (const withMiddleware of [false, true]) {
      const { sent, fetch } = recorder();
      const client = createQuickStreamClient({ secretKey: "k", baseUrl: "https://api.example.com", fetch });
      if (withMiddleware) client.use({ onRequest: () => undefined });
      const pending = client.GET("/", { headers: { "bad header": "x" } as never });
      expect(pending).toBeInstanceOf(Promise);
      await expect(pending).rejects.toThrow(TypeError);
      expect(sent).toHaveLength(0);
    }
  });
});
