// Observability (issue 22 item 5): onAttempt with each attempt's facts, a logger with levels that never shows a
// secret, the traceCode on every error, per-call timeoutMs and retry, and the browser guard for secret keys.
// A scripted fetch answers each attempt in turn, so that every fact is known in advance.
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  ApiConnectionError,
  ApiError,
  createPaymentsPlusClient,
  createQuickStreamClient,
  unwrap,
  type AttemptInfo,
  type Logger,
} from "../../src/index.ts";

const KEY = "sk_test_observe_SECRET_42";
const BASE = "http://127.0.0.1:1";
type Step = { status: number; body?: unknown; headers?: Record<string, string> } | { fail: string } | "hang";

/** A fetch that answers attempt i with steps[i] (the last step repeats), recording each request. */
function scripted(...steps: Step[]) {
  const sent: { method: string; url: string; key: string | null }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    sent.push({ method: String(init.method), url, key: headers.get("idempotency-key") });
    const step = steps[Math.min(sent.length - 1, steps.length - 1)]!;
    if (step === "hang") {
      return new Promise<Response>((_, reject) => init.signal!.addEventListener("abort", () => reject(init.signal!.reason), { once: true }));
    }
    if ("fail" in step) throw new TypeError("fetch failed", { cause: Object.assign(new Error(step.fail), { code: step.fail }) });
    const body = step.body === undefined ? null : typeof step.body === "string" ? step.body : JSON.stringify(step.body);
    return new Response(body, { status: step.status, headers: { "content-type": "application/json", ...step.headers } });
  };
  return { sent, fetch };
}

const lines = () => {
  const out: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: (message, fields) => void out.push({ level: "debug", message, fields }),
    info: (message, fields) => void out.push({ level: "info", message, fields }),
    warn: (message, fields) => void out.push({ level: "warn", message, fields }),
    error: (message, fields) => void out.push({ level: "error", message, fields }),
  };
  return { out, logger };
};

describe("onAttempt", () => {
  it("gets each attempt's number, key, method, path template, status, time, traceCode and whether it is resent", async () => {
    const { sent, fetch } = scripted({ status: 503, body: { customerMessage: "busy", traceCode: "TRACE-503" } }, { status: 201, body: { receiptNumber: "R1" } });
    const attempts: AttemptInfo[] = [];
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, retry: { delayMs: 1 }, onAttempt: (a) => void attempts.push(a) });
    const result = await qs.POST("/transactions", { body: { transactionType: "PAYMENT" } as never });
    expect(unwrap(result)).toEqual({ receiptNumber: "R1" });
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ attempt: 1, method: "POST", path: "/transactions", url: `${BASE}/transactions`, status: 503, traceCode: "TRACE-503", willResend: true, delayMs: 1, failure: undefined });
    expect(attempts[1]).toMatchObject({ attempt: 2, status: 201, traceCode: undefined, willResend: false, delayMs: undefined });
    // The keys sent (a new one after a 503, for a key the client made: P25).
    expect(attempts.map((a) => a.idempotencyKey)).toEqual(sent.map((s) => s.key));
    for (const a of attempts) expect(a.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("names the path template, not the URL with the values in it; and says why no answer came", async () => {
    const { fetch } = scripted({ fail: "ECONNRESET" }, { status: 200, body: { receiptNumber: "R 1" } });
    const attempts: AttemptInfo[] = [];
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, retry: { delayMs: 1 }, onAttempt: (a) => void attempts.push(a) });
    await qs.GET("/transactions/{receiptNumber}", { params: { path: { receiptNumber: "R 1" } } });
    expect(attempts.map((a) => [a.path, a.status, a.failure, a.willResend])).toEqual([
      ["/transactions/{receiptNumber}", undefined, "ECONNRESET", true],
      ["/transactions/{receiptNumber}", 200, undefined, false],
    ]);
    expect(attempts[0]!.url).toBe(`${BASE}/transactions/R%201`);
  });

  it("a hook that throws changes nothing: the call is sent once and its result returned", async () => {
    const { sent, fetch } = scripted({ status: 201, body: { receiptNumber: "R2" } });
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, onAttempt: () => { throw new Error("hook broke"); } });
    expect(unwrap(await qs.POST("/transactions", { body: {} as never }))).toEqual({ receiptNumber: "R2" });
    expect(sent).toHaveLength(1);
  });

  it("must be a function", () => {
    expect(() => createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, onAttempt: 1 as never })).toThrow(/onAttempt must be a function/);
  });
});

describe("logger", () => {
  it("logs resends at warn and failed calls at error by default; every attempt at info; the sending at debug", async () => {
    const run = async (logLevel?: "debug" | "info" | "warn" | "error" | "off") => {
      const { out, logger } = lines();
      const { fetch } = scripted({ status: 429, body: { traceCode: "T-429" } }, "hang");
      const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, retry: { maxRetries: 1, delayMs: 1 }, timeoutMs: 30, logger, ...(logLevel ? { logLevel } : {}) });
      await expect(qs.GET("/transactions", {})).rejects.toBeInstanceOf(ApiConnectionError);
      return out;
    };
    const byDefault = await run();
    expect(byDefault.map((l) => l.level)).toEqual(["warn", "error"]);
    expect(byDefault[0]!.message).toMatch(/^GET \/transactions answered 429 \(attempt 1, \d+ ms, traceCode T-429\); resending in 1 ms$/);
    expect(byDefault[0]!.fields).toMatchObject({ attempt: 1, status: 429, willResend: true, traceCode: "T-429" });
    expect(byDefault[1]!.message).toMatch(/^GET \/transactions failed: GET .* timed out after 2 attempts/);
    expect((await run("debug")).map((l) => l.level)).toEqual(["debug", "warn", "debug", "info", "error"]);
    expect((await run("info")).map((l) => l.level)).toEqual(["warn", "info", "error"]);
    expect((await run("error")).map((l) => l.level)).toEqual(["error"]);
    expect(await run("off")).toEqual([]);
  });

  it("never shows the key or its credentials, even when the answer echoes them as its traceCode", async () => {
    const { out, logger } = lines();
    const credentials = btoa(`${KEY}:`);
    const { fetch } = scripted({ status: 401, body: { developerMessage: `bad key ${KEY}`, traceCode: credentials } });
    const attempts: AttemptInfo[] = [];
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, logger, logLevel: "debug", onAttempt: (a) => void attempts.push(a) });
    const error = await qs.GET("/transactions", {}).then(unwrap).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    const text = [JSON.stringify(out), inspect(out, { depth: 10 }), JSON.stringify(attempts), error.message, JSON.stringify(error)].join("\n");
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(credentials);
    expect(text).not.toContain("SECRET");
    expect(attempts[0]!.traceCode).toBe("[redacted]");
  });

  it("a logger that throws changes nothing; a logger without the four methods or an unknown level is refused", async () => {
    const { sent, fetch } = scripted({ status: 201, body: { receiptNumber: "R3" } });
    const broken: Logger = { debug: () => { throw new Error("x"); }, info: () => { throw new Error("x"); }, warn: () => { throw new Error("x"); }, error: () => { throw new Error("x"); } };
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, logger: broken, logLevel: "debug" });
    expect(unwrap(await qs.POST("/transactions", { body: {} as never }))).toEqual({ receiptNumber: "R3" });
    expect(sent).toHaveLength(1);
    expect(() => createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, logger: { info() {} } as never })).toThrow(/logger must have debug, info, warn and error methods/);
    expect(() => createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, logger: console, logLevel: "loud" as never })).toThrow(/logLevel must be one of debug, info, warn, error, off/);
  });
});

describe("traceCode on errors", () => {
  it("ApiError has the answer's traceCode as a field, in its message and in its JSON", async () => {
    const { fetch } = scripted({ status: 422, body: { developerMessage: "invalid", traceCode: "TRACE-422" } });
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch });
    const error = (await qs.POST("/transactions", { body: {} as never }).then(unwrap).catch((e) => e)) as ApiError;
    expect(error.traceCode).toBe("TRACE-422");
    expect(error.message).toContain("[traceCode TRACE-422]");
    expect(JSON.parse(JSON.stringify(error)).traceCode).toBe("TRACE-422");
  });

  it("an error after an answer that had one keeps it (a timeout after a 503), and says so in its message", async () => {
    const { fetch } = scripted({ status: 503, body: { traceCode: "TRACE-503" } }, "hang");
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, retry: { maxRetries: 1, delayMs: 1 }, timeoutMs: 30 });
    const error = (await qs.GET("/transactions", {}).catch((e) => e)) as ApiConnectionError;
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.traceCode).toBe("TRACE-503");
    expect(error.message).toContain("[traceCode TRACE-503]");
    expect(JSON.parse(JSON.stringify(error)).traceCode).toBe("TRACE-503");
  });
});

describe("per-call timeoutMs and retry", () => {
  it("timeoutMs in a call's options bounds its attempts instead of the client's", async () => {
    const { fetch } = scripted("hang");
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch, retry: false, timeoutMs: 60_000 });
    const started = performance.now();
    const error = await qs.GET("/transactions", { timeoutMs: 50 }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("retry in a call's options replaces the client's, within what the description allows", async () => {
    const twice = scripted({ status: 503 }, { status: 200, body: { data: [], links: [] } });
    const never = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch: twice.fetch, retry: false });
    expect((await never.GET("/transactions", { retry: { maxRetries: 1, delayMs: 1 } })).response.status).toBe(200);
    expect(twice.sent).toHaveLength(2);

    const once = scripted({ status: 503 }, { status: 200, body: {} });
    const always = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch: once.fetch, retry: { delayMs: 1 } });
    expect((await always.GET("/transactions", { retry: false })).response.status).toBe(503);
    expect(once.sent).toHaveLength(1);

    // A 500 may have been half done: never resent, whatever the call asks (x-retry).
    const halfDone = scripted({ status: 500 }, { status: 201, body: {} });
    const pp = createPaymentsPlusClient({ apiKey: KEY, baseUrl: BASE, fetch: halfDone.fetch });
    expect((await pp.GET("/accounts", { retry: { maxRetries: 5, delayMs: 1 } })).response.status).toBe(500);
    expect(halfDone.sent).toHaveLength(1);
  });

  it("apply to every page of paginate", async () => {
    const pages = scripted({ status: 200, body: { data: [1], links: [{ rel: "next", href: `${BASE}/transactions?page=2` }] } }, "hang");
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch: pages.fetch, retry: false, timeoutMs: 60_000 });
    const started = performance.now();
    const error = await (async () => {
      for await (const _ of qs.paginate("/transactions", { timeoutMs: 50 })) void _;
    })().catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("an override that cannot work is refused before anything is sent, naming it", async () => {
    const { sent, fetch } = scripted({ status: 200, body: {} });
    const qs = createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, fetch });
    await expect(qs.GET("/transactions", { timeoutMs: 2 ** 31 })).rejects.toThrow(/^timeoutMs must be a number of milliseconds above 0/);
    await expect(qs.GET("/transactions", { timeoutMs: 0 })).rejects.toThrow(TypeError);
    await expect(qs.GET("/transactions", { retry: { delayMs: -1 } })).rejects.toThrow(/^retry\.delayMs must be/);
    await expect(qs.GET("/transactions", { retry: "yes" })).rejects.toThrow(/^retry must be an object or false/);
    expect(sent).toHaveLength(0);
  });
});

describe("a secret key in a browser", () => {
  const g = globalThis as { window?: unknown };
  afterEach(() => void delete g.window);

  it("is refused unless dangerouslyAllowBrowser: true; the publishable key is not", () => {
    g.window = { document: {} };
    expect(() => createQuickStreamClient({ secretKey: KEY, baseUrl: BASE })).toThrow(/secretKey looks like it is being used in a browser.*dangerouslyAllowBrowser: true/);
    expect(() => createPaymentsPlusClient({ apiKey: KEY, baseUrl: BASE })).toThrow(/apiKey looks like it is being used in a browser/);
    expect(() => createQuickStreamClient({ secretKey: KEY, baseUrl: BASE, dangerouslyAllowBrowser: true })).not.toThrow();
    expect(() => createPaymentsPlusClient({ apiKey: KEY, baseUrl: BASE, dangerouslyAllowBrowser: true })).not.toThrow();
    expect(() => createQuickStreamClient({ publishableKey: KEY, baseUrl: BASE })).not.toThrow();
    let message = "";
    try {
      createQuickStreamClient({ secretKey: KEY, baseUrl: BASE });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain(KEY);
  });

  it("a server runtime (no window with a document) needs no opt-in", () => {
    g.window = {}; // Deno 1 had a window, but no document
    expect(() => createQuickStreamClient({ secretKey: KEY, baseUrl: BASE })).not.toThrow();
  });
});
