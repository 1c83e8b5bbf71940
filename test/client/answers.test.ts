// Reading the answer (issue items 2, 3, 7 and 9): deadlines and the concurrency slot cover the body, every failure
// of a call that may have reached the server carries its key, attempts and whether it may have been processed,
// bodies are size-limited (compressed or not), and Retry-After is read as RFC 9110 says.
import { describe, expect, it } from "vitest";
import {
  ApiConnectionError,
  CallAbortedError,
  createPaymentsPlusClient,
  createQuickStreamClient,
  ResponseBodyError,
} from "../../src/index.ts";
import { retryDelay } from "../../src/retry.ts";
import { type Fault, useFaultServer } from "./fault-server.ts";

const server = useFaultServer();
const faults = (...list: Fault[]) => (_req: unknown, i: number) => list[i] ?? "ok";
const qs = (extra: object = {}) => createQuickStreamClient({ secretKey: "sk_test_answers", baseUrl: server.url, retry: false, ...extra });
const payment = (ref: string) => ({ transactionType: "PAYMENT", principalAmount: 10, paymentReferenceNumber: ref }) as never;
const timed = async <T>(run: () => Promise<T>) => {
  const started = performance.now();
  const outcome = await run().then(
    (v) => v as unknown,
    (e) => e as unknown,
  );
  return { outcome: outcome as any, ms: performance.now() - started };
};

describe("deadlines cover the body", () => {
  it("a body that stalls after the headers times out at timeoutMs", async () => {
    server.plan = () => ({ stallBodyMs: 3000 });
    const { outcome, ms } = await timed(() => qs({ timeoutMs: 200 }).GET("/transactions", {}));
    expect(outcome).toBeInstanceOf(ApiConnectionError);
    expect(outcome.timedOut).toBe(true);
    expect(ms).toBeLessThan(1500);
  });

  it("the caller's signal ends a stalled body too", async () => {
    server.plan = () => ({ stallBodyMs: 3000 });
    const { outcome, ms } = await timed(() => qs().GET("/transactions", { signal: AbortSignal.timeout(150) }));
    expect(outcome).toBeInstanceOf(CallAbortedError);
    expect(ms).toBeLessThan(1500);
  });

  it("inside paginate as well", async () => {
    server.plan = (_req, i) => (i === 1 ? { stallBodyMs: 3000 } : "ok");
    const { outcome, ms } = await timed(async () => {
      for await (const _ of qs({ timeoutMs: 200 }).paginate("/transactions", {})) void _;
    });
    expect(outcome).toBeInstanceOf(ApiConnectionError);
    expect(ms).toBeLessThan(1500);
  });

  it("holds the concurrency slot until the body is read", async () => {
    server.plan = () => ({ stallBodyMs: 60 });
    const client = qs({ maxConcurrency: 5 });
    await Promise.all(Array.from({ length: 30 }, () => client.GET("/transactions", {})));
    expect(server.seen).toHaveLength(30);
    expect(server.maxInFlight).toBeLessThanOrEqual(5);
  });
});

describe("a failure of a call that may have reached the server carries its key", () => {
  it("connection dropped mid-body after processing: resent with the same key, paid once", async () => {
    server.plan = faults("drop-mid-body");
    const result = await qs({ retry: { maxRetries: 2, delayMs: 1 } }).POST("/transactions", { body: payment("MID") });
    expect(result.response.status).toBe(201);
    expect(new Set(server.seen.map((s) => s.idempotencyKey)).size).toBe(1);
    expect(server.created.get("MID")).toBe(1);
  });

  it("connection dropped mid-body, not resent: ApiConnectionError with the key and mayHaveBeenProcessed", async () => {
    server.plan = faults("drop-mid-body");
    const error = await qs().POST("/transactions", { body: payment("MID2") }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.idempotencyKey).toBe(server.seen[0]!.idempotencyKey);
    expect(error.attempts).toBe(1);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(error.message).toContain(server.seen[0]!.idempotencyKey);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ idempotencyKey: server.seen[0]!.idempotencyKey, mayHaveBeenProcessed: true });
  });

  it("a 2xx that is not JSON: ResponseBodyError with the key, processed, not resent", async () => {
    server.plan = faults("not-json");
    const error = await qs({ retry: { maxRetries: 2, delayMs: 1 } }).POST("/transactions", { body: payment("HTML") }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseBodyError);
    expect(error.reason).toBe("not-json");
    expect(error.status).toBe(200);
    expect(error.idempotencyKey).toBe(server.seen[0]!.idempotencyKey);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(server.seen).toHaveLength(1);
  });

  it("the same through openapi-fetch (middleware)", async () => {
    server.plan = faults("not-json");
    const client = qs();
    client.use({ onRequest: () => undefined });
    const error = await client.POST("/transactions", { body: payment("HTML2") }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseBodyError);
    expect(error.idempotencyKey).toBe(server.seen[0]!.idempotencyKey);
  });

  it("aborted during the wait after an unanswered attempt: CallAbortedError with the key, may have been processed", async () => {
    server.plan = faults("drop-after");
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 150);
    const error = await qs({ retry: { maxRetries: 2, delayMs: 5000 } })
      .POST("/transactions", { body: payment("WAIT"), signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(CallAbortedError);
    expect(error.name).toBe("AbortError");
    expect(error.cause.message).toBe("user left");
    expect(error.idempotencyKey).toBe(server.seen[0]!.idempotencyKey);
    expect(error.attempts).toBe(1);
    expect(error.mayHaveBeenProcessed).toBe(true);
  });

  it("aborted during the wait after a 503: not processed", async () => {
    server.plan = faults(503);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const error = await qs({ retry: { maxRetries: 2, delayMs: 5000 } })
      .POST("/transactions", { body: payment("WAIT2"), signal: controller.signal })
      .catch((e) => e);
    expect(error).toBeInstanceOf(CallAbortedError);
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(error.idempotencyKey).toBe(server.seen[0]!.idempotencyKey);
  });

  it("PaymentsPlus file send, unanswered: not resent, with the hint from the description", async () => {
    server.plan = faults("drop-after");
    const client = createPaymentsPlusClient({ apiKey: "pp_test_answers", baseUrl: server.url, retry: { maxRetries: 2, delayMs: 1 } });
    const error = await client.POST("/files/{fileIdentifier}/send", { params: { path: { fileIdentifier: "F1" } } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.mayHaveBeenProcessed).toBe(true);
    expect(error.message).toContain("GET /files/{fileIdentifier}");
    expect(server.seen).toHaveLength(1);
  });
});

describe("response size limit", () => {
  const limit = 64 * 1024;
  it.each([
    ["with Content-Length", { bodyBytes: 256 * 1024 }],
    ["chunked", { bodyBytes: 256 * 1024, chunked: true }],
    ["gzip (small on the wire, large decoded)", { bodyBytes: 4 * 1024 * 1024, gzip: true }],
  ])("ends the call with a clear error, %s", async (_how, fault) => {
    server.plan = () => fault;
    const error = await qs({ maxResponseBytes: limit }).GET("/transactions", {}).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseBodyError);
    expect(error.reason).toBe("too-large");
    expect(error.message).toContain(`maxResponseBytes (${limit} bytes)`);
  });

  it("reads a body under the limit, compressed or not", async () => {
    for (const fault of [{ bodyBytes: 32 * 1024 }, { bodyBytes: 32 * 1024, gzip: true }]) {
      server.plan = () => fault;
      const { data } = await qs({ maxResponseBytes: limit }).GET("/transactions", {});
      expect((data as unknown as { pad: string }).pad.length).toBeGreaterThan(30_000);
    }
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => qs({ maxResponseBytes: 0 })).toThrow(TypeError);
  });
});

describe("Retry-After (RFC 9110)", () => {
  const settings = { maxRetries: 2, delayMs: 20_000, maxDelayMs: 120_000 };
  const now = Date.parse("Sun, 06 Nov 1994 08:49:37 GMT");
  it.each([
    ["0", 0],
    ["7", 7000],
    [" 3 ", 3000],
    ["Sun, 06 Nov 1994 08:49:47 GMT", 10_000],
    ["Sunday, 06-Nov-94 08:49:47 GMT", 10_000],
    ["Sun Nov  6 08:49:47 1994", 10_000],
    ["Sun, 06 Nov 1994 08:00:00 GMT", 0],
  ])("%j waits %d ms", (value, ms) => {
    expect(retryDelay(value, settings, now)).toBe(ms);
  });
  it.each([["2.5"], ["-1"], ["1, 2"], [""], ["soon"], ["1e3"], ["2026-01-01"], ["Sun, 06 Nov 1994"], ["+5"]])(
    "%j is not valid: the default delay, never at once",
    (value) => {
      expect(retryDelay(value, settings, now)).toBe(20_000);
    },
  );

  it("a 429 with Retry-After 2.5 waits the default delay before resending", async () => {
    server.plan = faults({ status: 429, retryAfter: "2.5" });
    const started = performance.now();
    const result = await qs({ retry: { maxRetries: 1, delayMs: 300 } }).GET("/transactions", {});
    expect(result.response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
