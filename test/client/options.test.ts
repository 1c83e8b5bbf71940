// Options refused when the client is made, if they cannot work (issue 22 item 4): durations a timer cannot wait
// (setTimeout fires at once above 2^31 - 1 ms), negative or not finite; a baseUrl with a query or a fragment (paths
// are appended to it, so they would land in the query). And a success whose documented body is missing is an
// error that carries the call's facts, never `data: undefined`.
import { describe, expect, it } from "vitest";
import { createPaymentsPlusClient, createQuickStreamClient, ResponseBodyError, unwrap } from "../../src/index.ts";

const BASE = "http://127.0.0.1:1";
const make = (options: object) => () => createQuickStreamClient({ secretKey: "sk_test_options", baseUrl: BASE, ...options });
const makePP = (options: object) => () => createPaymentsPlusClient({ apiKey: "pp_test_options", baseUrl: BASE, ...options });

describe("durations", () => {
  const BAD = [2 ** 31, 2 ** 40, -1, NaN, Infinity, -Infinity, "1000"];
  it.each(["delayMs", "maxDelayMs"])("retry.%s outside 0..2^31-1 or not a finite number is refused, naming it", (name) => {
    for (const value of BAD) {
      expect(make({ retry: { [name]: value } }), String(value)).toThrow(new RegExp(`^retry\\.${name} must be a number of milliseconds from 0 up to 2147483647`));
      expect(makePP({ retry: { [name]: value } }), String(value)).toThrow(TypeError);
    }
    for (const value of [0, 1, 2 ** 31 - 1]) expect(make({ retry: { [name]: value } })).not.toThrow();
  });

  it("timeoutMs must be above 0 and at most 2^31-1", () => {
    for (const value of [0, ...BAD]) {
      expect(make({ timeoutMs: value }), String(value)).toThrow(/^timeoutMs must be a number of milliseconds above 0 up to 2147483647/);
      expect(makePP({ timeoutMs: value }), String(value)).toThrow(TypeError);
    }
    for (const value of [1, 60_000, 2 ** 31 - 1]) expect(make({ timeoutMs: value })).not.toThrow();
  });

  it("maxRetries must be a non-negative number; retry must be an object or false", () => {
    for (const value of [-1, NaN, Infinity, "2"]) expect(make({ retry: { maxRetries: value } }), String(value)).toThrow(/^retry\.maxRetries must be a non-negative number/);
    for (const value of [true, 3, "no", null]) expect(make({ retry: value }), String(value)).toThrow(/^retry must be an object or false/);
    expect(make({ retry: false })).not.toThrow();
  });
});

describe("baseUrl", () => {
  it("with a query or a fragment, even an empty one, is refused", () => {
    for (const url of [`${BASE}?`, `${BASE}/?x=1`, `${BASE}?x=1`, `${BASE}#`, `${BASE}/#x`, `${BASE}/rest/v1?key=1`, `${BASE}/rest/v1#/`]) {
      expect(make({ baseUrl: url }), url).toThrow(/^baseUrl must not contain a query \(\?\) or a fragment \(#\)$/);
      expect(makePP({ baseUrl: url }), url).toThrow(TypeError);
    }
    expect(make({ baseUrl: `${BASE}/rest/v1/` })).not.toThrow();
  });
});

describe("a documented body that is missing", () => {
  const answering = (status: number, body: string | null, seen: string[]) => async (url: string, init: RequestInit) => {
    seen.push(`${init.method} ${url}`);
    return new Response(body, { status, headers: body === null ? {} : { "content-type": "application/json" } });
  };

  it("a 201 with an empty body is a ResponseBodyError with the call's key, sent once", async () => {
    for (const body of ["", null]) {
      const seen: string[] = [];
      const qs = createQuickStreamClient({ secretKey: "sk_test_options", baseUrl: BASE, fetch: answering(201, body, seen) });
      const error = await qs.POST("/transactions", { body: { transactionType: "PAYMENT" } as never }).catch((e) => e);
      expect(error).toBeInstanceOf(ResponseBodyError);
      expect(error.reason).toBe("empty");
      expect(error.status).toBe(201);
      expect(error.mayHaveBeenProcessed).toBe(true);
      expect(error.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(error.message).toContain("its body is empty");
      expect(seen).toEqual([`POST ${BASE}/transactions`]);
    }
  });

  it("also through openapi-fetch (middleware), and for a GET's documented 200", async () => {
    const seen: string[] = [];
    const qs = createQuickStreamClient({ secretKey: "sk_test_options", baseUrl: BASE, fetch: answering(200, "", seen) });
    await expect(qs.GET("/transactions", {})).rejects.toMatchObject({ name: "ResponseBodyError", reason: "empty" });
    qs.use({ onRequest: () => undefined });
    await expect(qs.GET("/transactions", {})).rejects.toMatchObject({ name: "ResponseBodyError", reason: "empty" });
  });

  it("an answer documented without a body (204) is still data: undefined", async () => {
    const seen: string[] = [];
    const qs = createQuickStreamClient({ secretKey: "sk_test_options", baseUrl: BASE, fetch: answering(204, null, seen) });
    const result = await qs.DELETE("/accounts/{accountToken}", { params: { path: { accountToken: "t" } } });
    expect(unwrap(result)).toBeUndefined();
  });
});
