// Retries and idempotency (D9, P22) against the fault-injecting loopback server.
import { describe, expect, it } from "vitest";
import {
  AlreadyProcessedError,
  ApiConnectionError,
  ApiError,
  callInfo,
  createPaymentsPlusClient,
  createQuickStreamClient,
  RequestRefusedError,
  unwrap,
} from "../../src/index.ts";
import { seeded, type Fault, useFaultServer, thrownBy } from "./fault-server.ts";

const payment = (ref: string) => ({
  transactionType: "PAYMENT" as const,
  singleUseTokenId: "TOKEN-1a2b3c4d5e6f",
  supplierBusinessCode: "MYSUPPLIER",
  principalAmount: 10.0,
  currency: "AUD",
  paymentReferenceNumber: ref,
  eci: "INTERNET" as const,
  ipAddress: "192.168.42.184",
});

const server = useFaultServer();

/** Faults for the first attempts, then "ok". */
const faults = (...list: Fault[]) => (_req: unknown, i: number) => list[i] ?? "ok";
const qs = (extra: object = {}) =>
  createQuickStreamClient({ secretKey: "sk_test_retries", baseUrl: server.url, retry: { maxRetries: 3, delayMs: 1 }, ...extra });
const pp = (extra: object = {}) =>
  createPaymentsPlusClient({ apiKey: "pp_test_retries", baseUrl: server.url, retry: { maxRetries: 3, delayMs: 1 }, ...extra });

describe("QuickStream idempotency keys", () => {
  it("sends a fresh UUID Idempotency-Key on every POST", async () => {
    const client = qs();
    unwrap(await client.POST("/transactions", { body: payment("A") as never }));
    unwrap(await client.POST("/transactions", { body: payment("B") as never }));
    const keys = server.seen.map((s) => s.idempotencyKey);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it("uses the caller's key as given", async () => {
    const result = await qs().POST("/transactions", { body: payment("C") as never, headers: { "Idempotency-Key": "order-1001 attempt 1" } });
    expect(result.response.status).toBe(201);
    expect(server.seen[0]!.idempotencyKey).toBe("order-1001 attempt 1");
    expect(callInfo(result)?.idempotencyKey).toBe("order-1001 attempt 1");
  });

  it.each([
    ["longer than 60 characters", "k".repeat(61)],
    ["not ASCII", "clé-1"],
    ["a control character", "key\u0007"],
    ["empty", ""],
  ])("refuses a key that is %s before sending anything", async (_why, key) => {
    await expect(qs().POST("/transactions", { body: payment("D") as never, headers: { "Idempotency-Key": key } })).rejects.toThrow(RequestRefusedError);
    expect(server.seen).toHaveLength(0);
  });

  it("accepts a key of exactly 60 printable characters", async () => {
    const result = await qs().POST("/transactions", { body: payment("E") as never, headers: { "Idempotency-Key": "~".repeat(60) } });
    expect(result.response.status).toBe(201);
  });

  it("does not add a key to GETs", async () => {
    await qs().GET("/transactions", {});
    expect(server.seen[0]!.idempotencyKey).toBeUndefined();
  });
});

describe("QuickStream resends (D9)", () => {
  it("resends after a dropped connection with the same key, and the payment is made once", async () => {
    server.plan = faults("drop-after", "drop-after");
    const result = await qs().POST("/transactions", { body: payment("DROP") as never });
    expect(result.response.status).toBe(201);
    expect(server.seen).toHaveLength(3);
    expect(new Set(server.seen.map((s) => s.idempotencyKey)).size).toBe(1);
    expect(server.created.get("DROP")).toBe(1);
    expect(callInfo(result)?.attempts).toBe(3);
  });

  it("resends after 429 with the same key", async () => {
    server.plan = faults(429, 429);
    const result = await qs().POST("/transactions", { body: payment("R429") as never });
    expect(result.response.status).toBe(201);
    expect(server.seen).toHaveLength(3);
    expect(new Set(server.seen.map((s) => s.idempotencyKey)).size).toBe(1);
  });

  it("resends after 503 with a new key of its own (the server keeps the 503 under the old one)", async () => {
    server.plan = faults(503, 503);
    const result = await qs().POST("/transactions", { body: payment("R503") as never });
    expect(result.response.status).toBe(201);
    const keys = server.seen.map((s) => s.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(3);
    expect(callInfo(result)?.idempotencyKey).toBe(keys[2]);
    expect(server.created.get("R503")).toBe(1);
  });

  it("never replaces the caller's own key: a 503 is resent with it, and a kept 503 is handed back (P25)", async () => {
    server.plan = faults(503);
    const result = await qs().POST("/transactions", { body: payment("R503C") as never, headers: { "Idempotency-Key": "order-42" } });
    // The fault server keeps the 503 under the key (D9's concern): every resend with order-42 gets it again.
    expect(server.seen.map((s) => s.idempotencyKey)).toEqual(["order-42", "order-42", "order-42", "order-42"]);
    expect(result.response.status).toBe(503);
    expect(callInfo(result)).toMatchObject({ idempotencyKey: "order-42", attempts: 4, mayHaveBeenProcessed: false });
    const error = thrownBy(() => unwrap(result)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.idempotencyKey).toBe("order-42");
    expect(error.mayHaveBeenProcessed).toBe(false);
    expect(server.created.has("R503C")).toBe(false);
  });

  it("with the caller's key, a 503 after an unanswered attempt is resent with that key, and the payment is made once", async () => {
    server.plan = faults("drop-after", 503);
    const result = await qs().POST("/transactions", { body: payment("R503D") as never, headers: { "Idempotency-Key": "order-43" } });
    expect(result.response.status).toBe(201);
    expect(new Set(server.seen.map((s) => s.idempotencyKey))).toEqual(new Set(["order-43"]));
    expect(server.created.get("R503D")).toBe(1);
    expect(callInfo(result)?.mayHaveBeenProcessed).toBe(true);
  });

  it("keeps the key after a 503 when an earlier attempt went unanswered (it may have landed: P22)", async () => {
    server.plan = faults("drop-after", 503);
    const result = await qs().POST("/transactions", { body: payment("DROP503") as never });
    expect(result.response.status).toBe(201);
    expect(new Set(server.seen.map((s) => s.idempotencyKey)).size).toBe(1);
    expect(server.created.get("DROP503")).toBe(1);
  });

  it("never resends after 500", async () => {
    server.plan = faults(500);
    const result = await qs().POST("/transactions", { body: payment("R500") as never });
    expect(result.response.status).toBe(500);
    expect(server.seen).toHaveLength(1);
    const get = await qs().GET("/transactions", {});
    expect(get.response.status).toBe(200);
    server.seen.length = 0;
    server.plan = faults(500);
    expect((await qs().GET("/transactions", {})).response.status).toBe(500);
    expect(server.seen).toHaveLength(1);
  });

  it.each([502, 504] as const)("does not resend a POST after %i, but resends a GET", async (status) => {
    server.plan = faults(status);
    expect((await qs().POST("/transactions", { body: payment(`R${status}`) as never })).response.status).toBe(status);
    expect(server.seen).toHaveLength(1);
    server.seen.length = 0;
    server.plan = faults(status);
    expect((await qs().GET("/transactions", {})).response.status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it("gives up after maxRetries resends and reports the attempts", async () => {
    server.plan = () => 429;
    const result = await qs({ retry: { maxRetries: 2, delayMs: 1 } }).POST("/transactions", { body: payment("GIVEUP") as never });
    expect(result.response.status).toBe(429);
    expect(server.seen).toHaveLength(3);
    const error = thrownBy(() => unwrap(result)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.attempts).toBe(3);
    expect(error.status).toBe(429);
  });

  it("throws ApiConnectionError when no attempt gets an answer", async () => {
    server.plan = () => "drop-before";
    const error = await qs({ retry: { maxRetries: 1, delayMs: 1 } }).GET("/transactions", {}).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.attempts).toBe(2);
    expect(error.timedOut).toBe(false);
  });

  it("retry: false sends once", async () => {
    server.plan = () => 429;
    const result = await qs({ retry: false }).POST("/transactions", { body: payment("NORETRY") as never });
    expect(result.response.status).toBe(429);
    expect(server.seen).toHaveLength(1);
  });

  it("honours Retry-After in seconds", async () => {
    server.plan = faults({ status: 429, retryAfter: "1" });
    const started = Date.now();
    const result = await qs().GET("/transactions", {});
    expect(result.response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("honours Retry-After as an HTTP date", async () => {
    server.plan = faults({ status: 503, retryAfter: new Date(Date.now() + 1500).toUTCString() });
    const started = Date.now();
    expect((await qs().GET("/transactions", {})).response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it("returns the answer instead of waiting for a Retry-After beyond maxDelayMs", async () => {
    server.plan = faults({ status: 429, retryAfter: "3600" });
    const result = await qs().GET("/transactions", {});
    expect(result.response.status).toBe(429);
    expect(server.seen).toHaveLength(1);
  });

  it("makes no duplicate payment over many calls with random faults (seeded)", async () => {
    for (const seed of [1, 2, 3]) {
      server.created.clear();
      const random = seeded(seed);
      const choices: Fault[] = ["ok", "ok", "drop-after", "drop-before", 429, 503, 500, 502, 504];
      server.plan = () => choices[Math.floor(random() * choices.length)]!;
      const client = qs({ retry: { maxRetries: 4, delayMs: 1 }, maxConcurrency: 5 });
      const refs = Array.from({ length: 60 }, (_, i) => `S${seed}-${i}`);
      const outcomes = await Promise.all(
        refs.map((ref) =>
          client.POST("/transactions", { body: payment(ref) as never }).then(
            (r) => r.response.status,
            (e) => (e instanceof ApiConnectionError ? "no-response" : String(e)),
          ),
        ),
      );
      for (const [ref, count] of server.created) expect(count, ref).toBe(1);
      // Every 201 is a payment made exactly once; some calls end on 500/502/504 (not resent, as D9 says).
      expect(outcomes.filter((o) => o === 201).length).toBeGreaterThan(10);
      outcomes.forEach((o, i) => o === 201 && expect(server.created.get(refs[i]!), refs[i]).toBe(1));
      for (const o of outcomes) expect([201, 429, 500, 502, 503, 504, "no-response"]).toContain(o);
    }
  });
});

describe("PaymentsPlus resends (D9, P22)", () => {
  it("resends GETs and PUTs after a drop, 429 and 503", async () => {
    server.plan = faults("drop-before", 429, 503);
    expect((await pp().GET("/files", {} as never)).response.status).toBe(200);
    expect(server.seen).toHaveLength(4);
    server.seen.length = 0;
    server.plan = faults("drop-after", 503);
    const put = await pp().PUT("/files/{fileIdentifier}", { params: { path: { fileIdentifier: "FILE-1" } }, body: {} as never });
    expect(put.response.status).toBe(200);
    expect(server.seen.map((s) => s.method)).toEqual(["PUT", "PUT", "PUT"]);
  });

  it("resends the single immediate payment, and reports a 409 on the resend as already processed", async () => {
    server.plan = faults("drop-after");
    const result = await pp().POST("/payments/{paymentIdentifier}", { params: { path: { paymentIdentifier: "PAY-1" } }, body: {} as never });
    expect(result.response.status).toBe(409);
    expect(server.created.get("PAY-1")).toBe(1);
    expect(callInfo(result)?.alreadyProcessed).toBe(true);
    const error = thrownBy(() => unwrap(result));
    expect(error).toBeInstanceOf(AlreadyProcessedError);
    expect((error as AlreadyProcessedError).alreadyProcessed).toBe(true);
    expect((error as AlreadyProcessedError).message).toMatch(/already processed/);
  });

  it("a 409 on the first attempt is an ordinary conflict", async () => {
    server.created.set("PAY-2", 1);
    const result = await pp().POST("/payments/{paymentIdentifier}", { params: { path: { paymentIdentifier: "PAY-2" } }, body: {} as never });
    expect(result.response.status).toBe(409);
    expect(callInfo(result)?.alreadyProcessed).toBe(false);
    expect(() => unwrap(result)).toThrow(ApiError);
    try {
      unwrap(result);
    } catch (e) {
      expect(e).not.toBeInstanceOf(AlreadyProcessedError);
    }
  });

  it("does not resend a file send after no response (P22), but does after 503", async () => {
    server.plan = faults("drop-after");
    const error = await pp().POST("/files/{fileIdentifier}/send", { params: { path: { fileIdentifier: "FILE-9" } } } as never).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.message).toMatch(/GET \/files\/\{fileIdentifier\}/);
    expect(server.seen).toHaveLength(1);
    server.seen.length = 0;
    server.plan = faults(503);
    const result = await pp().POST("/files/{fileIdentifier}/send", { params: { path: { fileIdentifier: "FILE-10" } } } as never);
    expect(result.response.status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it("resends a cancel after no response (P22)", async () => {
    server.plan = faults("drop-before");
    const result = await pp().POST("/files/{fileIdentifier}/cancel", { params: { path: { fileIdentifier: "FILE-11" } } } as never);
    expect(result.response.status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it("never resends after 500", async () => {
    server.plan = faults(500);
    expect((await pp().GET("/files", {} as never)).response.status).toBe(500);
    expect(server.seen).toHaveLength(1);
  });

  it("sends no Idempotency-Key", async () => {
    await pp().POST("/payments/{paymentIdentifier}", { params: { path: { paymentIdentifier: "PAY-3" } }, body: {} as never });
    expect(server.seen[0]!.idempotencyKey).toBeUndefined();
  });
});
