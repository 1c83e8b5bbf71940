// The spine's slice, called through the typed clients against Prism: typed calls compile and return typed data,
// a request that breaks the spec is rejected by Prism with the validation detail, and the type checks below
// (checked by `tsc --noEmit` in `npm test`) prove that wrong paths, parameter types and missing required fields
// do not compile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrism, type MockServer } from "../scripts/prism.ts";
import { createPaymentsPlusClient, createQuickStreamClient } from "../src/index.ts";
import { check, describeErrors } from "./support/validators.ts";

describe("slice through the typed clients", () => {
  let pp: MockServer;
  let qs: MockServer;
  beforeAll(async () => {
    [pp, qs] = await Promise.all([startPrism("paymentsplus"), startPrism("quickstream")]);
  });
  afterAll(async () => {
    await Promise.all([pp?.stop(), qs?.stop()]);
  });

  it("PaymentsPlus GET / and GET /banking-days/{date}", async () => {
    const client = createPaymentsPlusClient({ apiKey: "slice-test-key", baseUrl: pp.url, retry: false });
    const root = await client.GET("/");
    expect(root.response.status).toBe(200);
    expect(check("paymentsplus", "GET / 200", root.data)).toEqual([]);
    const day = await client.GET("/banking-days/{date}", { params: { path: { date: "2018-06-01" } } });
    expect(day.response.status).toBe(200);
    const isBankingDay: boolean | null | undefined = day.data?.isBankingDay;
    expect(isBankingDay).toBe(true);
    expect(day.data?.nextBankingDay).toBe("2018-06-04");
  });

  it("QuickStream GET / and GET /credit-cards/card-schemes/{cardBIN}", async () => {
    const client = createQuickStreamClient({ publishableKey: "slice-test-key", baseUrl: qs.url, retry: false });
    const root = await client.GET("/");
    expect(root.response.status).toBe(200);
    expect(check("quickstream", "GET / 200", root.data)).toEqual([]);
    const scheme = await client.GET("/credit-cards/card-schemes/{cardBIN}", { params: { path: { cardBIN: "424242" } } });
    expect(scheme.response.status).toBe(200);
    expect(scheme.data?.cardScheme).toBe("VISA");
  });

  it("Prism rejects a BIN that breaks the spec and says why", async () => {
    const client = createQuickStreamClient({ publishableKey: "slice-test-key", baseUrl: qs.url, retry: false });
    const result = await client.GET("/credit-cards/card-schemes/{cardBIN}", { params: { path: { cardBIN: "4242" } } });
    expect(result.response.status).toBe(422);
    // Prism reports the violation in a header (it lower-cases the parameter name).
    const violations = JSON.parse(result.response.headers.get("sl-violations") ?? "[]");
    expect(violations).toEqual([
      expect.objectContaining({ location: ["request", "path", "cardbin"], code: "pattern" }),
    ]);
    const errors = check("quickstream", "GET /credit-cards/card-schemes/{cardBIN} 422", result.error);
    expect(errors, describeErrors(errors)).toEqual([]);
  });

  it("Prism rejects a date that is not a date", async () => {
    const client = createPaymentsPlusClient({ apiKey: "slice-test-key", baseUrl: pp.url, retry: false });
    const result = await client.GET("/banking-days/{date}", { params: { path: { date: "1-June-2018" } } });
    expect([400, 422]).toContain(result.response.status);
    const detail = `${result.response.headers.get("sl-violations") ?? ""}${JSON.stringify(result.error)}`;
    expect(detail).toMatch(/date/);
  });
});

// Type-level checks: never called, only compiled. Each @ts-expect-error must be a real error, or tsc fails.
export function typeChecks(): void {
  const pp = createPaymentsPlusClient({ apiKey: "k" });
  // @ts-expect-error a path the API does not have
  void pp.GET("/no-such-path");
  // @ts-expect-error a path parameter of the wrong type
  void pp.GET("/banking-days/{date}", { params: { path: { date: 20180601 } } });
  // @ts-expect-error a missing required path parameter
  void pp.GET("/banking-days/{date}", { params: { path: {} } });
  void pp.POST("/payments/{paymentIdentifier}", {
    params: { path: { paymentIdentifier: "P1" } },
    // @ts-expect-error the single immediate payment body without its required paymentAmount
    body: {
      paymentMethod: "OSKO",
      fundingAccount: { bsbNumber: "032-001", accountNumber: "000007", accountName: "Osko E2E" },
      recipientAccount: { accountName: "Payee", identification: "064001999999", schemeName: "BBAN" },
      payeeName: "Payee",
      currency: "AUD",
      lodgementReference: "Lodgement",
      paymentReference: "Reference",
      paymentDate: "2024-10-31",
    },
  });
  const qs = createQuickStreamClient({ secretKey: "k" });
  // @ts-expect-error the card BIN is a string
  void qs.GET("/credit-cards/card-schemes/{cardBIN}", { params: { path: { cardBIN: 424242 } } });
  // @ts-expect-error a client takes exactly one key
  createQuickStreamClient({ secretKey: "a", publishableKey: "b" });
  // @ts-expect-error PaymentsPlus has no "production" environment (it has "westpac" and "stgeorge")
  createPaymentsPlusClient({ apiKey: "k", environment: "production" });
}
