// Transport rules: https only (loopback excepted), redirects never followed, the concurrency cap, per-attempt
// timeouts, and cancellation that stops resends.
import { describe, expect, it } from "vitest";
import { ApiConnectionError, ApiError, CallAbortedError, createPaymentsPlusClient, createQuickStreamClient, RequestRefusedError, unwrap } from "../../src/index.ts";
import { useFaultServer } from "./fault-server.ts";

const server = useFaultServer();
const other = useFaultServer();

describe("base URL", () => {
  it.each(["http://api.example.com/rest/v1", "ftp://127.0.0.1/", "http://10.0.0.1:8080"])("refuses %s", (baseUrl) => {
    expect(() => createQuickStreamClient({ secretKey: "k", baseUrl })).toThrow(/https:/);
  });
  it("refuses credentials in the URL", () => {
    expect(() => createPaymentsPlusClient({ apiKey: "k", baseUrl: "https://u:p@api.example.com" })).toThrow(/credentials/);
  });
  it.each(["https://api.example.com/rest/v1", "http://127.0.0.1:4010", "http://127.8.9.10", "http://localhost:4011", "http://[::1]:4010"])(
    "accepts %s",
    (baseUrl) => {
      expect(() => createPaymentsPlusClient({ apiKey: "k", baseUrl })).not.toThrow();
    },
  );
  it("defaults to the support environment", async () => {
    const seen: string[] = [];
    const client = createPaymentsPlusClient({
      apiKey: "k",
      fetch: async (url) => {
        seen.push(String(url));
        return new Response("{}", { status: 200, headers: { "Content-Type": "application/json" } });
      },
    });
    await client.GET("/", {});
    expect(seen[0]).toBe("https://api.paymentsplus.support.qvalent.com/rest/v1/");
  });
  it("refuses a per-call baseUrl on another origin (no credentials elsewhere)", async () => {
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, retry: false });
    await expect(client.GET("/transactions", { baseUrl: other.url })).rejects.toThrow(RequestRefusedError);
    expect(other.seen).toHaveLength(0);
  });
});

describe("redirects", () => {
  it("are not followed: the 3xx comes back as an error and the other host sees nothing", async () => {
    server.plan = () => ({ redirect: `${other.url}/transactions` });
    const client = createQuickStreamClient({ secretKey: "sk_redirect", baseUrl: server.url, retry: false });
    const result = await client.GET("/transactions", {});
    expect(result.response.status).toBe(302);
    expect(() => unwrap(result)).toThrow(ApiError);
    expect(other.seen).toHaveLength(0);
  });
});

describe("concurrency", () => {
  // Requests are held at the server until released, so the cap is observed however slow the machine is: the
  // permitted requests all arrive, and no further one arrives while they are held.
  async function inFlightCap(maxConcurrency: number | undefined, calls: number): Promise<number> {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.plan = () => ({ hold: gate });
    const client = createQuickStreamClient({
      secretKey: "k",
      baseUrl: server.url,
      retry: false,
      ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    });
    const all = Promise.all(Array.from({ length: calls }, () => client.GET("/transactions", {})));
    const expected = maxConcurrency ?? 10;
    for (let waited = 0; server.seen.length < expected && waited < 10_000; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 200)); // time enough for one more request to arrive, were it allowed
    const arrivedWhileHeld = server.seen.length;
    release();
    const results = await all;
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(server.seen).toHaveLength(calls);
    expect(server.maxInFlight).toBe(arrivedWhileHeld);
    return arrivedWhileHeld;
  }
  it("holds at most maxConcurrency requests in flight per client", async () => {
    expect(await inFlightCap(3, 12)).toBe(3);
  });
  it("defaults to 10", async () => {
    expect(await inFlightCap(undefined, 25)).toBe(10);
  });
});

describe("timeouts and cancellation", () => {
  it("times out each attempt and resends with the same key", async () => {
    server.plan = () => ({ slowMs: 400 });
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, timeoutMs: 50, retry: { maxRetries: 1, delayMs: 1 } });
    const error = await client.POST("/transactions", { body: { paymentReferenceNumber: "T1" } as never }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiConnectionError);
    expect(error.timedOut).toBe(true);
    expect(error.attempts).toBe(2);
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0]!.idempotencyKey).toBe(server.seen[1]!.idempotencyKey);
  });

  it("a caller's AbortSignal cancels the wait between resends", async () => {
    server.plan = () => 503;
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, retry: { maxRetries: 5, delayMs: 10_000 } });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const error = await client.GET("/transactions", { signal: controller.signal }).catch((e) => e);
    expect(error?.name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.seen).toHaveLength(1);
  });

  it("a caller's AbortSignal cancels an attempt in flight, and nothing is resent", async () => {
    server.plan = () => ({ slowMs: 1000 });
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url, retry: { maxRetries: 3, delayMs: 1 } });
    const error = await client.GET("/transactions", { signal: AbortSignal.timeout(80) }).catch((e) => e);
    expect(error).toBeInstanceOf(CallAbortedError); // carries the call's facts; the signal's reason is its cause
    expect(error.cause?.name).toBe("TimeoutError");
    expect(error.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.seen).toHaveLength(1);
  });

  it("an aborted signal sends nothing", async () => {
    const client = createQuickStreamClient({ secretKey: "k", baseUrl: server.url });
    await expect(client.GET("/transactions", { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(server.seen).toHaveLength(0);
  });
});
