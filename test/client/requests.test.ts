// What the client refuses before anything is sent (issue items 1 and 8), and what an error body may not show.
import { describe, expect, it } from "vitest";
import { ApiError, createPaymentsPlusClient, createQuickStreamClient, RequestRefusedError, unwrap } from "../../src/index.ts";
import { useFaultServer, thrownBy } from "./fault-server.ts";

const server = useFaultServer();
const pp = () => createPaymentsPlusClient({ apiKey: "pp_test_requests", baseUrl: `${server.url}/rest/v1`, retry: false });
const qs = () => createQuickStreamClient({ secretKey: "sk_test_requests", baseUrl: `${server.url}/rest/v1`, retry: false });

describe("path parameters never leave the operation's path", () => {
  // What is refused, and how the message describes it.
  const bad: [string, unknown, string][] = [
    ["..", "..", '".." (a dot segment or empty)'],
    [".", ".", '"." (a dot segment or empty)'],
    ["empty", "", '"" (a dot segment or empty)'],
    ["undefined", undefined, "missing"],
    ["null", null, "null"],
    ["an object", { "../../../../admin": "x" }, "an object"],
    ["an array", ["a", "b"], "an array"],
    ["a boolean", true, "a boolean"],
    ["NaN", Number.NaN, "a number"],
    ["Infinity", Number.POSITIVE_INFINITY, "a number"],
    ["a BigInt", 10n, "a bigint"],
  ];
  it.each(bad)("refuses %s, naming the parameter and what it is, and sends nothing", async (_why, value, described) => {
    const error = await pp()
      .POST("/files/{fileIdentifier}/payments/{paymentIdentifier}/cancel", {
        params: { path: { fileIdentifier: "FILE1", paymentIdentifier: value as string } },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(error.reason).toBe("path-parameter");
    expect(error.fields).toEqual(["paymentIdentifier"]);
    expect(error.message).toContain(`path parameter paymentIdentifier is ${described};`);
    expect(server.seen).toHaveLength(0);
  });

  it("refuses a missing path parameters object", async () => {
    const error = await qs()
      .GET("/transactions/{receiptNumber}", {} as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(server.seen).toHaveLength(0);
  });

  it("refuses it on DELETE too, and through openapi-fetch (middleware)", async () => {
    const client = qs();
    client.use({ onRequest: () => undefined });
    const error = await client.DELETE("/accounts/{accountToken}", { params: { path: { accountToken: ".." } } }).catch((e) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(server.seen).toHaveLength(0);
  });

  it.each([["a/b"], ["../x"], ["..."], ["%2e%2e"], ["a?b#c"], [" "], ["\\.."]])("encodes %j into one segment of the operation's path", async (value) => {
    await qs().GET("/transactions/{receiptNumber}", { params: { path: { receiptNumber: value } } });
    expect(server.seen).toHaveLength(1);
    const path = server.seen[0]!.path;
    expect(path.startsWith("/rest/v1/transactions/")).toBe(true);
    expect(path.slice("/rest/v1/transactions/".length)).not.toContain("/");
    expect(decodeURIComponent(path.slice("/rest/v1/transactions/".length))).toBe(value);
  });

  it("accepts numbers", async () => {
    await qs().GET("/transactions/{receiptNumber}", { params: { path: { receiptNumber: 1234 as never } } });
    expect(server.seen[0]!.path).toBe("/rest/v1/transactions/1234");
  });
});

describe("keys are checked when the client is made", () => {
  it.each([
    ["a colon", "user:pass"],
    ["a control character", "key\u0001x"],
    ["a tab", "key\tx"],
    ["an outer space", " key"],
    ["a trailing newline", "key\n"],
    ["an inner space", "a key"],
    ["non-ASCII", "clé"],
  ])("refuses an API key with %s, without echoing it", (_why, key) => {
    for (const make of [() => createPaymentsPlusClient({ apiKey: key }), () => createQuickStreamClient({ secretKey: key })]) {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect(String((error as Error).message)).not.toContain(key);
    }
  });

  it.each([[" order-42"], ["order-42 "], ["\torder-42"]])("refuses an Idempotency-Key with outer whitespace (%j) before sending", async (key) => {
    const error = await qs()
      .POST("/transactions", { body: {} as never, headers: { "Idempotency-Key": key } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(error.reason).toBe("idempotency-key");
    expect(server.seen).toHaveLength(0);
  });

  it("refuses it in params.header and in a header array too", async () => {
    for (const init of [{ params: { header: { "Idempotency-Key": "k " } } }, { headers: [["idempotency-key", " k"]] }]) {
      await expect(qs().POST("/transactions", { body: {} as never, ...(init as object) })).rejects.toThrow(RequestRefusedError);
    }
    expect(server.seen).toHaveLength(0);
  });
});

describe("an error body that echoes the key", () => {
  it("is redacted before it reaches the error's message, body or JSON", async () => {
    server.plan = () => ({ echo: 401 });
    const key = "sk_test_requests";
    const credentials = btoa(`${key}:`);
    const result = await qs().GET("/transactions", {});
    expect(server.seen[0]!.authorization).toBe(`Basic ${credentials}`); // the server did see it
    const error = thrownBy(() => unwrap(result)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    for (const text of [error.message, JSON.stringify(error), JSON.stringify(result.error), String(error.stack)]) {
      expect(text).not.toContain(credentials);
      expect(text).not.toContain(key);
    }
    expect(error.developerMessage).toContain("[redacted]");
  });
});
