// The QuickStream sandbox: keys, the error model, stateful tokens, customers, accounts and transactions, idempotency.
import { afterEach, describe, expect, it } from "vitest";
import { call, cardToken, PUBLISHABLE, SECRET, useSandbox } from "./support.ts";

const { qs, sandbox } = useSandbox();
afterEach(() => expect(sandbox().violations).toEqual([]));

async function customerWithCard(cardNumber: string, customerNumber: string) {
  const token = await call(qs(), "POST", "/single-use-tokens", PUBLISHABLE, cardToken(cardNumber));
  expect(token.status).toBe(201);
  const customer = await call(qs(), "POST", "/customers", SECRET, { customerNumber, customerName: "Jane Smith" });
  expect(customer.status).toBe(201);
  const account = await call(qs(), "POST", `/customers/${customer.body.customerId}/accounts`, SECRET, { singleUseTokenId: token.body.singleUseTokenId });
  expect(account.status).toBe(201);
  return { customer: customer.body, account: account.body };
}

const payment = (accountToken: string, principalAmount: number | string = 10) => ({
  transactionType: "PAYMENT",
  accountToken,
  supplierBusinessCode: "DEMO",
  principalAmount,
  currency: "AUD",
});

describe("keys", () => {
  it("401 without a key of the documented form, in the API's error model with this request's method and URL", async () => {
    for (const key of [undefined, "not-a-key", "DEMO_SEC_", "demo_SEC_abc"]) {
      const answer = await call(qs(), "GET", "/credit-cards/card-schemes/424242", key);
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ status: "401", requestMethod: "GET", requestUrl: `${qs()}/credit-cards/card-schemes/424242` });
    }
  });
  it("403 for the wrong kind of key, either way", async () => {
    expect((await call(qs(), "GET", "/customers", PUBLISHABLE)).status).toBe(403);
    expect((await call(qs(), "POST", "/single-use-tokens", SECRET, cardToken("4242424242424242"))).status).toBe(403);
    expect((await call(qs(), "GET", "/", PUBLISHABLE)).status).toBe(200);
  });
  it("state belongs to the facility the key names", async () => {
    const { customer } = await customerWithCard("4242424242424242", "FACILITY-1");
    expect((await call(qs(), "GET", `/customers/${customer.customerId}`, SECRET)).status).toBe(200);
    expect((await call(qs(), "GET", `/customers/${customer.customerId}`, "OTHER_SEC_abc")).status).toBe(404);
  });
});

describe("requests are checked as the API would", () => {
  it("an invalid body is 422 with errors[] naming each field", async () => {
    const answer = await call(qs(), "POST", "/transactions", SECRET, { transactionType: "PAYMENT", supplierBusinessCode: "DEMO", currency: "aud" });
    expect(answer.status).toBe(422);
    expect(answer.body.requestMethod).toBe("POST");
    expect(answer.body.requestUrl).toBe(`${qs()}/transactions`);
    const names = answer.body.errors.map((e: any) => e.fieldName);
    expect(names).toEqual(expect.arrayContaining(["principalAmount", "currency"]));
  });
  it("an invalid path parameter is 422 naming it", async () => {
    const answer = await call(qs(), "GET", "/credit-cards/card-schemes/42", PUBLISHABLE);
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0]).toMatchObject({ fieldName: "cardBIN", fieldValue: "42" });
  });
  it("an unknown path is 404 and an unsupported method 405, in the error model", async () => {
    expect(await call(qs(), "GET", "/nothing-here", SECRET)).toMatchObject({ status: 404, body: { status: "404", requestMethod: "GET" } });
    expect(await call(qs(), "DELETE", "/customers", SECRET)).toMatchObject({ status: 405, body: { status: "405", requestMethod: "DELETE" } });
  });
  it("GET / names the facility and masks the key", async () => {
    expect((await call(qs(), "GET", "/", SECRET)).body).toMatchObject({ communityCode: "DEMO", keyName: "DEMO_SEC...h3d3m0" });
  });
  it("a PayTo list filter outside its schema matches nothing: 200 with an empty page, as documented (P99)", async () => {
    const customer = await call(qs(), "POST", "/customers", SECRET, { customerNumber: "PAYTO-FILTER" });
    const agreements = `/customers/${customer.body.customerId}/payto-agreements`;
    const created = await call(qs(), "POST", agreements, SECRET, {
      supplierBusinessCode: "DEMO",
      paymentDetails: { purpose: "UTIL", description: "Utility", startDate: "2030-01-01", automaticRenewal: true },
      paymentTerms: { frequency: "MNTH", agreementType: "FIXE", paymentAmount: "10.00", currency: "AUD" },
      payerDetails: { payerType: "PERS", payerId: "P1", payerName: "JANE SMITH", payIdType: "EMAL", payId: "JANE@EXAMPLE.COM" },
    });
    expect(created.status).toBe(201);
    const tokens = async (path: string) => {
      const answer = await call(qs(), "GET", path, SECRET);
      expect(answer.status, path).toBe(200);
      return answer.body.data.map((a: { agreementToken: string }) => a.agreementToken);
    };
    for (const list of [agreements, "/payto-agreements"]) {
      expect(await tokens(`${list}?supplierBusinessCode=DEMO&status=PENDING`)).toContain(created.body.agreementToken);
      expect(await tokens(`${list}?supplierBusinessCode=`)).toEqual([]);
      expect(await tokens(`${list}?status=NOT-A-STATUS`)).toEqual([]);
    }
    // The customer is still looked up first.
    expect((await call(qs(), "GET", "/customers/NO-SUCH-CUSTOMER/payto-agreements?supplierBusinessCode=", SECRET)).status).toBe(404);
    expect(sandbox().undocumented).toEqual([]);
  });
  it("query parameters on a POST are 400", async () => {
    expect((await call(qs(), "POST", "/customers?x=1", SECRET, { customerNumber: "Q1" })).status).toBe(400);
  });
  it("never echoes a card number or CVN in an error", async () => {
    const answer = await call(qs(), "POST", "/single-use-tokens", PUBLISHABLE, { ...cardToken("4242424242424242"), cvn: "12345678" });
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).not.toContain("12345678");
  });
});

describe("transactions", () => {
  it("the transaction list filters by the business the payment named", async () => {
    const { account } = await customerWithCard("4242424242424242", "FILTER-1");
    const paid = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken));
    expect(paid.status).toBe(201);
    const receipts = async (query: string) =>
      (await call(qs(), "GET", `/transactions${query}`, SECRET)).body.data.map((t: any) => t.receiptNumber);
    expect(await receipts("?supplierBusinessCode=DEMO")).toContain(paid.body.receiptNumber);
    expect(await receipts("?supplierBusinessCode=OTHERBIZ")).not.toContain(paid.body.receiptNumber);
    expect(await receipts("")).toContain(paid.body.receiptNumber);
  });

  it("test cards: 00-89 approve with 08, 90-99 decline as the Visa table says", async () => {
    const { account: good } = await customerWithCard("4242424242424242", "CARDS-1");
    const { account: bad } = await customerWithCard("4111111111444496", "CARDS-2");
    const approved = await call(qs(), "POST", "/transactions", SECRET, payment(good.accountToken));
    expect(approved.body).toMatchObject({ status: "Approved", responseCode: "08", summaryCode: "0" });
    const declined = await call(qs(), "POST", "/transactions", SECRET, payment(bad.accountToken));
    expect(declined.status).toBe(201);
    expect(declined.body).toMatchObject({ status: "Declined", responseCode: "51", summaryCode: "1", responseDescription: "Not sufficient funds" });
  });

  it("Prefer: code=202 answers a payment Pending with summary code 2 (outcome unknown); GET later shows the outcome, once", async () => {
    const { account } = await customerWithCard("4111111111444496", "PENDING-1"); // declines with 51
    const pending = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken), { Prefer: "code=202" });
    expect(pending.status).toBe(202);
    expect(pending.body).toMatchObject({ status: "Pending", voidable: false, refundable: false });
    expect(pending.body.summaryCode).toBe("2");
    for (const field of ["responseCode", "responseDescription"]) expect(pending.body).not.toHaveProperty(field);
    expect(pending.headers.get("location")).toBe(`${qs()}/transactions/${pending.body.receiptNumber}`);
    const later = await call(qs(), "GET", `/transactions/${pending.body.receiptNumber}`, SECRET);
    expect(later.body).toMatchObject({ receiptNumber: pending.body.receiptNumber, status: "Declined", responseCode: "51", summaryCode: "1" });
    const list = await call(qs(), "GET", `/customers/${account.customerId}/transactions`, SECRET);
    expect(list.body.data.map((t: { receiptNumber: string }) => t.receiptNumber)).toEqual([pending.body.receiptNumber]);
  });

  it("Prefer: code=204 deletes an account with no body; an undocumented preference is ignored", async () => {
    const { account } = await customerWithCard("4242424242424242", "PREFER-1");
    const deleted = await call(qs(), "DELETE", `/accounts/${account.accountToken}`, SECRET, undefined, { Prefer: "code=204" });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined(); // an empty body (call() parses only a non-empty one)
    expect((await call(qs(), "DELETE", `/accounts/${account.accountToken}`, SECRET)).status).toBe(404); // it was deleted
    const other = await customerWithCard("4242424242424242", "PREFER-2");
    expect((await call(qs(), "DELETE", `/accounts/${other.account.accountToken}`, SECRET, undefined, { Prefer: "code=299" })).status).toBe(200);
  });

  it("an amount beyond what the sandbox keeps exactly is 422 naming the field, never a payment of another amount", async () => {
    const { account } = await customerWithCard("4242424242424242", "HUGE-1");
    const huge = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken, "9".repeat(30)));
    expect(huge.status).toBe(422);
    expect(huge.body.errors).toEqual([expect.objectContaining({ fieldName: "principalAmount" })]);
    expect(huge.body.errors[0].messages[0]).toContain("$10,000,000,000,000.00");
    const largest = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken, "10000000000000.00"));
    expect(largest.status).toBe(201);
    expect(largest.body.principalAmount).toMatchObject({ amount: 10000000000000, displayAmount: "$10,000,000,000,000.00" });
  });

  it("a single-use token is used once", async () => {
    const token = await call(qs(), "POST", "/single-use-tokens", PUBLISHABLE, cardToken("4242424242424242"));
    const body = { transactionType: "PAYMENT", singleUseTokenId: token.body.singleUseTokenId, supplierBusinessCode: "DEMO", principalAmount: 5, currency: "AUD" };
    expect((await call(qs(), "POST", "/transactions", SECRET, body)).status).toBe(201);
    const again = await call(qs(), "POST", "/transactions", SECRET, body);
    expect(again.status).toBe(422);
    expect(again.body.errors[0].fieldName).toBe("singleUseTokenId");
  });

  it("the same Idempotency-Key returns the first response, never a second transaction", async () => {
    const { account, customer } = await customerWithCard("4242424242424242", "IDEM-1");
    const headers = { "Idempotency-Key": "idem-1" };
    const first = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken, 12.5), headers);
    const second = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken, 99), headers);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    const list = await call(qs(), "GET", `/customers/${customer.customerId}/transactions`, SECRET);
    expect(list.body.data).toHaveLength(1);
  });

  // openapi-generator `typescript` sends the text "undefined" for a key it was not given (upstream #18191): as a key,
  // every later keyless POST would get the first answer back and pay nothing (P134).
  it("refuses the Idempotency-Key texts `undefined` and `null` with 400 naming the header, and pays nothing", async () => {
    const { account, customer } = await customerWithCard("4242424242424242", "IDEM-UNDEFINED");
    for (const key of ["undefined", "null"]) {
      const answer = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken, 12.5), { "Idempotency-Key": key });
      expect(answer.status).toBe(400);
      expect(answer.body.developerMessage).toContain(`Idempotency-Key is the text "${key}"`);
    }
    const list = await call(qs(), "GET", `/customers/${customer.customerId}/transactions`, SECRET);
    expect(list.body.data).toHaveLength(0);
    // A key that merely contains the word is a key like any other.
    expect((await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken, 1), { "Idempotency-Key": "undefined-1" })).status).toBe(201);
  });

  it("refunds are limited to what is refundable", async () => {
    const { account } = await customerWithCard("4242424242424242", "REFUND-1");
    const paid = await call(qs(), "POST", "/transactions", SECRET, payment(account.accountToken, "10.00"));
    const refund = (amount: number) =>
      call(qs(), "POST", "/transactions", SECRET, { transactionType: "REFUND", originalReceiptNumber: paid.body.receiptNumber, principalAmount: amount });
    expect((await refund(6)).status).toBe(201);
    const tooMuch = await refund(4.01);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors[0].fieldName).toBe("principalAmount");
    const rest = await refund(4);
    expect(rest.body).toMatchObject({ transactionType: "REFUND", originalReceiptNumber: paid.body.receiptNumber, principalAmount: { amount: 4 } });
    const original = await call(qs(), "GET", `/transactions/${paid.body.receiptNumber}`, SECRET);
    expect(original.body.refundable).toBe(false);
    const refunds = await call(qs(), "GET", `/transactions/${paid.body.receiptNumber}/refunds`, SECRET);
    expect(refunds.body.data.map((t: any) => t.principalAmount.amount).sort()).toEqual([4, 6]);
  });

  it("pre-authorisation, partial capture, then no capture beyond what is left", async () => {
    const { account } = await customerWithCard("4242424242424242", "PREAUTH-1");
    const preauth = await call(qs(), "POST", "/transactions", SECRET, { ...payment(account.accountToken, 50), transactionType: "PREAUTH" });
    expect(preauth.body).toMatchObject({ transactionType: "PREAUTH", status: "Approved" });
    const capture = (amount: number) =>
      call(qs(), "POST", "/transactions", SECRET, { transactionType: "CAPTURE", originalReceiptNumber: preauth.body.receiptNumber, principalAmount: amount });
    expect((await capture(30)).body).toMatchObject({ transactionType: "CAPTURE", status: "Approved" });
    expect((await capture(30)).status).toBe(422);
    const cancel = await call(qs(), "POST", "/transactions", SECRET, {
      transactionType: "PREAUTH",
      cancellationType: "FULL",
      originalReceiptNumber: preauth.body.receiptNumber,
    });
    expect(cancel.body).toMatchObject({ cancellationType: "FULL", principalAmount: { amount: 20 } });
    expect((await capture(1)).status).toBe(422);
  });

  it("lists page by 20 with next links on the sandbox's own base URL", async () => {
    for (let i = 0; i < 23; i++) {
      expect((await call(qs(), "POST", "/customers", SECRET, { customerNumber: `PAGE-${i}` })).status).toBe(201);
    }
    const first = await call(qs(), "GET", "/customers", SECRET);
    expect(first.body.data).toHaveLength(20);
    const next = first.body.links.find((l: any) => l.rel === "next");
    expect(next.href.startsWith(`${qs()}/customers?`)).toBe(true);
    const second = await call(next.href, "GET", "", SECRET);
    expect(second.body.data.length).toBeGreaterThan(0);
    expect(second.body.links.some((l: any) => l.rel === "prev")).toBe(true);
  });
});
