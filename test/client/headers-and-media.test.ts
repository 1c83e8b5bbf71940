// Which media type the client asks for and how it reads the answer, from the description (generated client-meta's
// operationMedia): a CSV report is asked for as CSV and read as text with no options; an operation that offers JSON
// and CSV (GET /transactions) answers JSON unless the caller asks for CSV, and is then read as text; the caller's own
// Accept and parseAs always win. Against the sandbox, which negotiates Accept as RFC 9110 says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuickStreamClient } from "../../src/index.ts";
import { operationMedia } from "../../generated/quickstream/client-meta.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.ts";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox?.stop());
/** The Accept header of every request the client sent (through its `fetch` option, to the real sandbox). */
const sent: (string | null)[] = [];
const recording: typeof fetch = (input, init) => {
  sent.push(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get("accept"));
  return fetch(input, init);
};
const client = () => createQuickStreamClient({ secretKey: "MEDIA_SEC_test", baseUrl: sandbox.urls.quickstream, fetch: recording });
const lastAccept = () => sent.at(-1);
const report = { params: { path: { paymentFileId: "1" } } } as const;

describe("media types from the description", () => {
  it("lists exactly the operations whose success answers are not only JSON", () => {
    expect(operationMedia["GET /payment-files/{paymentFileId}/csv"]).toEqual(["text/csv"]);
    expect(operationMedia["GET /transactions"]).toEqual(["application/json", "text/csv"]);
    expect(operationMedia["GET /transactions/{receiptNumber}"]).toBeUndefined();
  });

  it("a CSV report is asked for as CSV and read as text, with no options", async () => {
    const { data, error, response } = await client().GET("/payment-files/{paymentFileId}/csv", report);
    expect(error).toBeUndefined();
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(lastAccept()).toBe("text/csv");
    expect(typeof data).toBe("string");
    expect(String(data).split("\r\n")[0] ?? String(data).split("\n")[0]).toMatch(/^Transaction Number,/);
  });

  it("GET /transactions answers JSON by default, and CSV read as text when the caller asks for CSV", async () => {
    const json = await client().GET("/transactions", {});
    expect(lastAccept()).toBe("application/json");
    expect(json.response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(json.data).toEqual(expect.objectContaining({ data: expect.any(Array) }));
    for (const headers of [{ Accept: "text/csv" }, new Headers({ accept: "text/csv" }), [["ACCEPT", "text/csv"]] as [string, string][]]) {
      const csv = await client().GET("/transactions", { headers });
      expect(lastAccept(), JSON.stringify([...new Headers(headers as HeadersInit)])).toBe("text/csv");
      expect(csv.response.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(csv.data).toMatch(/^Receipt Number,/);
    }
  });

  it("the caller's Accept and parseAs win", async () => {
    const bytes = await client().GET("/payment-files/{paymentFileId}/csv", { ...report, parseAs: "arrayBuffer" });
    expect(bytes.data).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(bytes.data as unknown as ArrayBuffer)).toMatch(/^Transaction Number,/);
    expect(lastAccept()).toBe("text/csv");
    // Asked for JSON, the client sends the caller's Accept and reads JSON; the sandbox sends the report anyway (RFC 9110
    // lets a server disregard Accept), which is then not the JSON the caller asked for.
    const asked = client().GET("/payment-files/{paymentFileId}/csv", { ...report, headers: { Accept: "application/json" } });
    await expect(asked).rejects.toThrow(/body is not JSON/);
    expect(lastAccept()).toBe("application/json");
    const text = await client().GET("/payment-files/{paymentFileId}/csv", { ...report, headers: { Accept: "application/json" }, parseAs: "text" });
    expect(text.data).toMatch(/^Transaction Number,/);
  });
});

describe("headers given in any form fetch takes", () => {
  // openapi-fetch merges headers with Object.entries, which turns `[[name, value]]` into a header named "0": a key given
  // that way was lost, and the client then made its own, so the caller's resend paid again.
  it.each([
    ["a record", (key: string) => ({ "Idempotency-Key": key })],
    ["an array of pairs", (key: string) => [["Idempotency-Key", key]] as [string, string][]],
    ["a Headers object", (key: string) => new Headers({ "Idempotency-Key": key })],
  ])("an Idempotency-Key given as %s is sent: the same key twice is one payment", async (_form, headersOf) => {
    const key = `media-${_form.replace(/\W/g, "-")}-${Date.now()}`;
    const body = {
      transactionType: "PAYMENT",
      supplierBusinessCode: "MEDIA",
      principalAmount: 10,
      currency: "AUD",
      eci: "INTERNET",
      customerReferenceNumber: "ONE-KEY",
      creditCard: { cardholderName: "A Buyer", cardNumber: "4242424242424242", expiryDateMonth: "12", expiryDateYear: "35", cvn: "123" },
    } as never;
    const first = await client().POST("/transactions", { body, headers: headersOf(key) as never });
    const second = await client().POST("/transactions", { body, headers: headersOf(key) as never });
    expect(first.error, JSON.stringify(first.error)).toBeUndefined();
    expect(second.data?.receiptNumber).toBe(first.data?.receiptNumber);
    const list = await client().GET("/transactions", {});
    expect((list.data?.data ?? []).filter((t) => t.customerReferenceNumber === "ONE-KEY" && t.receiptNumber === first.data?.receiptNumber)).toHaveLength(1);
  });
});
