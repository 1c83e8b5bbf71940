// ApiError and unwrap, and the key never leaking: not in messages, ApiError fields, stack, JSON or inspect output,
// nor on the console.
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { ApiConnectionError, ApiError, createPaymentsPlusClient, createQuickStreamClient, RequestRefusedError, unwrap } from "../../src/index.ts";
import { useFaultServer } from "./fault-server.ts";

const SECRET = "sk_live_SUPERSECRET_0123456789";
const ENCODED = Buffer.from(`${SECRET}:`).toString("base64");

const server = useFaultServer();

const everything = (e: unknown) =>
  [String(e), (e as Error).stack, JSON.stringify(e), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(Object.entries(e as object))].join("\n");

describe("ApiError and unwrap", () => {
  it("unwrap returns the data of a success", async () => {
    const client = createQuickStreamClient({ secretKey: SECRET, baseUrl: server.url });
    const list = unwrap(await client.GET("/transactions", {}));
    expect(list.data?.length).toBe(2);
  });

  it("unwrap throws an ApiError with status, parsed body, method, URL and attempts", async () => {
    const client = createQuickStreamClient({ secretKey: SECRET, baseUrl: server.url });
    const result = await client.POST("/transactions", { body: { principalAmount: "invalid" } as never });
    let error: ApiError | undefined;
    try {
      unwrap(result);
    } catch (e) {
      error = e as ApiError;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error!.status).toBe(422);
    expect(error!.method).toBe("POST");
    expect(error!.url).toBe(`${server.url}/transactions`);
    expect(error!.attempts).toBe(1);
    expect(error!.customerMessage).toBe("Error 422");
    expect(error!.developerMessage).toBe("The server answered 422.");
    expect(error!.errors[0]!.fieldName).toBe("principalAmount");
    expect(error!.message).toContain("principalAmount");
    expect(error!.message).not.toContain("invalid\""); // field values (card numbers...) stay out of messages
    expect(error!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ status: 422, method: "POST", attempts: 1 });
  });
});

describe("the key never leaks", () => {
  it("not in ApiError, ApiConnectionError or RequestRefusedError, in any form, nor on the console", async () => {
    const spies = (["log", "info", "warn", "error", "debug", "trace"] as const).map((m) => vi.spyOn(console, m));
    const writes: string[] = [];
    const out = vi.spyOn(process.stdout, "write").mockImplementation((c: any) => (writes.push(String(c)), true));
    const err = vi.spyOn(process.stderr, "write").mockImplementation((c: any) => (writes.push(String(c)), true));
    const errors: unknown[] = [];
    try {
      const qs = createQuickStreamClient({ secretKey: SECRET, baseUrl: server.url, retry: { maxRetries: 1, delayMs: 1 } });
      // A short timeout only where the timeout is the point (a loaded machine can take 50 ms for any answer).
      const quick = createQuickStreamClient({ secretKey: SECRET, baseUrl: server.url, retry: { maxRetries: 1, delayMs: 1 }, timeoutMs: 50 });
      const pp = createPaymentsPlusClient({ apiKey: SECRET, baseUrl: server.url, retry: { maxRetries: 1, delayMs: 1 } });
      for (const status of [422, 500, 502] as const) {
        server.plan = () => (status === 422 ? "ok" : status);
        const r = await qs.POST("/transactions", { body: { principalAmount: status === 422 ? "invalid" : 1 } as never });
        try {
          unwrap(r);
        } catch (e) {
          errors.push(e);
        }
      }
      server.plan = () => "drop-before";
      errors.push(await qs.GET("/transactions", {}).catch((e) => e));
      server.plan = () => ({ slowMs: 300 });
      errors.push(await quick.GET("/transactions", {}).catch((e) => e));
      server.plan = () => "drop-after";
      errors.push(await pp.POST("/files/{fileIdentifier}/send", { params: { path: { fileIdentifier: "F" } } } as never).catch((e) => e));
      // @ts-expect-error refused before sending
      errors.push(await createQuickStreamClient({ publishableKey: SECRET, baseUrl: server.url }).GET("/customers", {}).catch((e) => e));
      errors.push((() => { try { createQuickStreamClient({ secretKey: SECRET, baseUrl: "http://example.com" }); } catch (e) { return e; } })());
      errors.push((() => { try { createQuickStreamClient({ secretKey: `${SECRET}\n` }); } catch (e) { return e; } })());
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(errors.some((e) => e instanceof ApiError)).toBe(true);
    expect(errors.some((e) => e instanceof ApiConnectionError && e.timedOut)).toBe(true);
    expect(errors.some((e) => e instanceof ApiConnectionError && !e.timedOut)).toBe(true);
    expect(errors.some((e) => e instanceof RequestRefusedError)).toBe(true);
    expect(errors.filter((e) => e instanceof Error)).toHaveLength(errors.length);
    for (const e of errors) {
      const text = everything(e);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(ENCODED);
      expect(text).not.toContain("SUPERSECRET");
    }
    for (const spy of spies) {
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    }
    expect(writes.join("")).not.toContain("SUPERSECRET");
  });

  it("the client object does not show the key", () => {
    const client = createQuickStreamClient({ secretKey: SECRET, baseUrl: server.url });
    const text = `${inspect(client, { depth: 10, showHidden: true })}${JSON.stringify(client)}`;
    expect(text).not.toContain("SUPERSECRET");
    expect(text).not.toContain(ENCODED);
  });
});
