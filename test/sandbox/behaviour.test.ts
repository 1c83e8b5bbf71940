// What outside clients, Westpac's published test data and users' own tests expect of the sandbox (issue 21, issue 20
// item 3): the /rest/v1 base path and the public clients' request shapes, key errors, Accept negotiation, card schemes
// and card number checks, the PaymentsPlus BSB table, 3-D Secure, PayTo consent, the /_sandbox calls per facility
// and the test-control API.
import { afterEach, describe, expect, it } from "vitest";
import { basic, call, cardToken, PP_KEY, PUBLISHABLE, SECRET, useSandbox } from "./support.ts";

const { qs, pp, sandbox } = useSandbox();
afterEach(() => expect(sandbox().violations).toEqual([]));

const host = (base: string) => base.replace(/\/rest\/v1$/, "");
const OTHER_SECRET = "OTHERFAC_SEC_s3cr3t";
const OTHER_PP = "OTHERBUYER_SEC_s3cr3t";

async function customerWithCard(key: string, cardNumber: string, customerNumber: string) {
  const token = await call(qs(), "POST", "/single-use-tokens", key.replace(/_SEC_.*/, "_PUB"), cardToken(cardNumber));
  expect(token.status).toBe(201);
  const customer = await call(qs(), "POST", "/customers", key, { customerNumber, customerName: "Jane Smith" });
  const account = await call(qs(), "POST", `/customers/${customer.body.customerId}/accounts`, key, { singleUseTokenId: token.body.singleUseTokenId });
  expect(account.status).toBe(201);
  return { customer: customer.body, account: account.body };
}

const agreementBody = {
  supplierBusinessCode: "DEMO",
  paymentDetails: { purpose: "UTIL", description: "Utility", startDate: "2030-01-01", automaticRenewal: true },
  paymentTerms: { frequency: "MNTH", agreementType: "FIXE", paymentAmount: "10.00", currency: "AUD" },
  payerDetails: { payerType: "PERS", payerId: "P1", payerName: "JANE SMITH", payIdType: "EMAL", payId: "JANE@EXAMPLE.COM" },
};
const payToPayment = (agreementToken: string) => ({
  transactionType: "PAYMENT",
  supplierBusinessCode: "DEMO",
  principalAmount: 10,
  currency: "AUD",
  payToData: { agreementToken, endToEndId: "E2E-1", remittanceInformation1: "Invoice 1", finalPayment: false },
});
const control = (base: string, key: string | undefined, method: string, path: string, body?: unknown) =>
  fetch(`${base}/_sandbox/${path}`, {
    method,
    headers: { ...(key ? { Authorization: basic(key) } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe("base path and the public clients' request shapes", () => {
  it("serves both APIs under /rest/v1 (startSandbox().urls end in it) and still at the root", async () => {
    expect(qs()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v1$/);
    expect(pp()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rest\/v1$/);
    expect((await call(qs(), "GET", "/", SECRET)).body.communityCode).toBe("DEMO");
    expect((await call(host(qs()), "GET", "/", SECRET)).body.communityCode).toBe("DEMO");
    expect((await call(host(pp()), "GET", "/banking-days/2030-01-02", PP_KEY)).status).toBe(200);
    const created = await call(qs(), "POST", "/customers", SECRET, { customerNumber: "BASE-1" });
    expect(created.headers.get("location")).toBe(`${qs()}/customers/${created.body.customerId}`);
  });

  it("the public Java SDK's shape: Basic with the key alone (no ':') and base URL host + /rest/v1", async () => {
    const javaSdk = (key: string) => ({ Authorization: `Basic ${Buffer.from(key).toString("base64")}`, Accept: "application/json", "Content-Type": "application/json" });
    const base = `${host(qs())}/rest/v1`;
    const token = await fetch(`${base}/single-use-tokens`, { method: "POST", headers: javaSdk(PUBLISHABLE), body: JSON.stringify(cardToken("4242424242424242")) });
    expect(token.status).toBe(201);
    const payment = await fetch(`${base}/transactions`, {
      method: "POST",
      headers: javaSdk(SECRET),
      body: JSON.stringify({ transactionType: "PAYMENT", singleUseTokenId: (await token.json()).singleUseTokenId, supplierBusinessCode: "DEMO", principalAmount: 5, currency: "AUD" }),
    });
    expect(payment.status).toBe(201);
    expect((await payment.json()).status).toBe("Approved");
    const ppRoot = await fetch(`${host(pp())}/rest/v1/`, { headers: javaSdk(PP_KEY) });
    expect((await ppRoot.json()).buyerCode).toBe("BUYER");
  });

  it("hard-coded full URLs (<host>/rest/v1/transactions) and the links the sandbox gives", async () => {
    const { account } = await customerWithCard(SECRET, "4242424242424242", "FULLURL-1");
    const url = `${host(qs())}/rest/v1/transactions`;
    const paid = await fetch(url, {
      method: "POST",
      headers: { Authorization: basic(SECRET), "Content-Type": "application/json" },
      body: JSON.stringify({ transactionType: "PAYMENT", accountToken: account.accountToken, supplierBusinessCode: "DEMO", principalAmount: 7, currency: "AUD" }),
    });
    const body = await paid.json();
    expect(paid.status).toBe(201);
    const self = body.links.find((l: any) => l.rel === "self").href;
    expect(self).toBe(`${url}/${body.receiptNumber}`);
    expect((await call(self, "GET", "", SECRET)).body.receiptNumber).toBe(body.receiptNumber);
    expect((await call(qs(), "GET", "/no-such-thing", SECRET)).status).toBe(404);
  });
});

describe("401 says which key forms are accepted", () => {
  it("no key, another scheme, a key of the wrong form: different messages, never echoing the key", async () => {
    const answer = async (headers: Record<string, string>, base = qs(), path = "/customers") => {
      const r = await fetch(`${base}${path}`, { headers });
      expect(r.status).toBe(401);
      return (await r.json()).developerMessage as string;
    };
    const none = await answer({});
    const bearer = await answer({ Authorization: "Bearer abc" });
    const wrong = await answer({ Authorization: basic("not-a-real-key-xyz") });
    expect(none).toMatch(/^No API key/);
    expect(bearer).toMatch(/Only HTTP Basic/);
    expect(wrong).toMatch(/not of an accepted form/);
    for (const m of [none, bearer, wrong]) expect(m).toContain("<FACILITY>_SEC_");
    expect(wrong).not.toContain("not-a-real-key-xyz");
    expect(await answer({ Authorization: basic("not-a-real-key-xyz") }, pp(), "/files")).not.toContain("_PUB");
  });
});

describe("Accept is negotiated as RFC 9110 says", () => {
  // GET /transactions offers JSON and CSV (the report); JSON is preferred on a tie.
  const table: [string | undefined, number, string | undefined][] = [
    [undefined, 200, "application/json"],
    ["application/json", 200, "application/json"],
    ["text/csv", 200, "text/csv"],
    ["application/json, text/csv", 200, "application/json"],
    ["text/csv, application/json", 200, "application/json"],
    ["text/csv;q=1, application/json;q=0.5", 200, "text/csv"],
    ["application/json;q=0.2, text/csv;q=0.9", 200, "text/csv"],
    ["*/*", 200, "application/json"],
    ["text/*", 200, "text/csv"],
    ["*/*;q=0.1, text/csv", 200, "text/csv"],
    ["application/json;q=0, */*", 200, "text/csv"],
    ["application/*", 200, "application/json"],
    ["text/html", 406, undefined],
    ["application/json;q=0, text/csv;q=0", 406, undefined],
    ["*/*;q=0", 406, undefined],
    ["APPLICATION/JSON", 200, "application/json"],
  ];
  for (const [accept, status, media] of table) {
    it(`Accept: ${accept ?? "(none)"} -> ${status}${media ? ` ${media}` : ""}`, async () => {
      const r = await fetch(`${qs()}/transactions`, { headers: { Authorization: basic(SECRET), ...(accept !== undefined ? { Accept: accept } : {}) } });
      expect(r.status).toBe(status);
      if (media) expect(r.headers.get("content-type")).toContain(media);
      else expect((await r.json()).developerMessage).toContain("application/json, text/csv");
    });
  }
  it("an operation with one representation answers it whatever Accept says (clients send application/json to reports)", async () => {
    const json = await fetch(`${qs()}/customers`, { headers: { Authorization: basic(SECRET), Accept: "text/csv" } });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-type")).toContain("application/json");
    const csv = await fetch(`${qs()}/payment-files/PF1/csv`, { headers: { Authorization: basic(SECRET), Accept: "application/json" } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
  });
});

describe("card schemes by BIN range, and card number checks", () => {
  const cards: [string, string][] = [
    ["VISA", "4242424242424242"],
    ["MASTERCARD", "5555555555554444"],
    ["MASTERCARD", "2223003122003222"],
    ["AMEX", "378282246310005"],
    ["DINERS", "36227206271667"],
    ["DINERS", "30569309025904"],
    ["JCB", "3530111333300000"],
    ["UNIONPAY", "6200000000000005"],
  ];
  it("every endpoint gives the same scheme for every scheme the description names", async () => {
    for (const [scheme, number] of cards) {
      const bin = await call(qs(), "GET", `/credit-cards/card-schemes/${number.slice(0, 6)}`, PUBLISHABLE);
      expect(bin.body.cardScheme, number).toBe(scheme);
      const surcharge = await call(qs(), "POST", "/businesses/DEMO/query-card-surcharge", PUBLISHABLE, { cardNumber: number });
      expect(surcharge.body.cardScheme, number).toBe(scheme);
      const token = await call(qs(), "POST", "/single-use-tokens", PUBLISHABLE, cardToken(number));
      expect(token.body.creditCard.cardScheme, number).toBe(scheme);
    }
    expect((await call(qs(), "POST", "/businesses/DEMO/query-card-surcharge", PUBLISHABLE, { cardNumber: "378282246310005" })).body.surchargePercentage).toBe("2.50");
    expect((await call(qs(), "GET", "/credit-cards/card-schemes/999999", PUBLISHABLE)).status).toBe(404);
  });

  it("a number failing the Luhn check, of 4 or 23 digits, or of no known scheme is 422 naming the field", async () => {
    for (const number of ["4242424242424241", "4242", "42424242424242424242424", "9999999999999995"]) {
      const token = await call(qs(), "POST", "/single-use-tokens", PUBLISHABLE, cardToken(number));
      expect(token.status, number).toBe(422);
      expect(token.body.errors[0].fieldName).toBe("cardNumber");
      expect(JSON.stringify(token.body)).not.toContain(number.length > 4 ? number : "\"4242\"");
      const surcharge = await call(qs(), "POST", "/businesses/DEMO/query-card-surcharge", PUBLISHABLE, { cardNumber: number });
      expect(surcharge.status, number).toBe(422);
      const paid = await call(qs(), "POST", "/transactions", SECRET, {
        transactionType: "PAYMENT",
        supplierBusinessCode: "DEMO",
        principalAmount: 1,
        currency: "AUD",
        creditCard: { cardholderName: "J", cardNumber: number, expiryDateMonth: "01", expiryDateYear: "2050", cvn: "123" },
      });
      expect(paid.status, number).toBe(422);
      expect(paid.body.errors[0].fieldName).toBe("creditCard.cardNumber");
    }
  });
});

describe("3-D Secure and summary codes", () => {
  it("a known card token authenticates (Y); an unknown one is 404, a used one 422, never Y", async () => {
    const token = (await call(qs(), "POST", "/single-use-tokens", PUBLISHABLE, cardToken("4242424242424242"))).body.singleUseTokenId;
    const body = { messageCategory: "01", threeDSRequestorAuthenticationInd: "01", currency: "AUD", principalAmount: 100 };
    const ok = await call(qs(), "POST", `/single-use-tokens/${token}/three-ds2-authentication`, PUBLISHABLE, body);
    expect(ok).toMatchObject({ status: 200, body: { transStatus: "Y" } });
    const unknown = await call(qs(), "POST", "/single-use-tokens/TOKEN_NOPE/three-ds2-authentication", PUBLISHABLE, body);
    expect(unknown.status).toBe(404);
    expect((await call(qs(), "POST", `/single-use-tokens/${token}/three-ds2-authentication`, OTHER_SECRET, body)).status).toBe(404);
    await call(qs(), "POST", "/transactions", SECRET, { transactionType: "PAYMENT", singleUseTokenId: token, supplierBusinessCode: "DEMO", principalAmount: 1, currency: "AUD" });
    expect((await call(qs(), "POST", `/single-use-tokens/${token}/three-ds2-authentication`, PUBLISHABLE, body)).status).toBe(422);
  });
});

describe("PaymentsPlus test BSBs (the support environment's published table)", () => {
  const payment = (bsbNumber: string, reference: string) => ({
    paymentMethod: "DIRECT_ENTRY",
    paymentAmount: 10,
    paymentDate: "2030-01-02",
    fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
    recipientAccount: { type: "AU_DOMESTIC", accountName: "Test", bsbNumber, accountNumber: "111111" },
    payeeName: "Test",
    currency: "AUD",
    lodgementReference: reference,
    paymentReference: reference,
  });
  it("032-050 rejected (R); 032-051..059 paid, then declined with 1-9 as returns; 032-999/032-002 G; others paid", async () => {
    const bsbs = ["032-050", ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `032-05${d}`), "032-999", "032002", "650-000"];
    expect((await call(pp(), "PUT", "/files/BSB-1", PP_KEY, { fileName: "bsb.csv", paymentDate: "2030-01-02" })).status).toBe(201);
    for (const [i, bsb] of bsbs.entries()) expect((await call(pp(), "PUT", `/files/BSB-1/payments/BSB-P${i}`, PP_KEY, payment(bsb, `R${i}`))).status).toBe(201);
    expect((await call(pp(), "POST", "/files/BSB-1/send", PP_KEY)).status).toBe(200);
    const status = async () => Object.fromEntries((await call(pp(), "GET", "/files/BSB-1/payments", PP_KEY)).body.data.map((p: any) => [p.paymentIdentifier, [p.statusCode, p.responseCode ?? null]]));
    const step = () => control(pp(), PP_KEY, "POST", "advance");
    await step(); // day 1: the rejection
    expect((await status())["BSB-P0"]).toEqual(["FAILED", "R"]);
    expect((await status())["BSB-P1"]).toEqual(["PROCESSING", null]);
    await step(); // complete: every other payment reported paid
    const paid = await status();
    for (let d = 1; d <= 9; d++) expect(paid[`BSB-P${d}`]).toEqual(["PAID", null]);
    expect(paid["BSB-P10"]).toEqual(["PAID", "G"]);
    expect(paid["BSB-P11"]).toEqual(["PAID", "G"]);
    expect(paid["BSB-P12"]).toEqual(["PAID", null]);
    expect((await call(pp(), "GET", "/payments/returns", PP_KEY)).body.data).toEqual([]);
    await step(); // the declines come back
    const later = await status();
    for (let d = 1; d <= 9; d++) expect(later[`BSB-P${d}`]).toEqual(["FAILED", String(d)]);
    expect(later["BSB-P10"]).toEqual(["PAID", "G"]);
    const returns = (await call(pp(), "GET", "/payments/returns", PP_KEY)).body.data;
    expect(returns.map((p: any) => p.paymentIdentifier).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `BSB-P${d}`));
    expect(returns.find((p: any) => p.paymentIdentifier === "BSB-P3").receiptDescription).toBe("Account Closed");
  });
});

describe("PayTo: the payer's consent is enforced", () => {
  it("no status amendment and no payment on a PENDING agreement; SUSPENDED takes no payment; ACTIVE does", async () => {
    const customer = (await call(qs(), "POST", "/customers", SECRET, { customerNumber: "CONSENT-1" })).body;
    const agreement = (await call(qs(), "POST", `/customers/${customer.customerId}/payto-agreements`, SECRET, agreementBody)).body;
    const patch = (statusCode: string, reasonCode?: string) =>
      call(qs(), "PATCH", `/payto-agreements/${agreement.agreementToken}`, SECRET, { updateType: "STATUS_AMENDMENT", statusAmendment: { statusCode, ...(reasonCode ? { reasonCode } : {}) } });
    for (const [to, reason] of [["ACTIVE"], ["SUSPENDED", "MD17"], ["CANCELLED", "MD17"]] as const) {
      const refused = await patch(to, reason);
      expect(refused.status, to).toBe(422);
      expect(refused.body.errors[0].fieldName).toBe("statusAmendment.statusCode");
    }
    expect((await call(qs(), "POST", "/transactions", SECRET, payToPayment(agreement.agreementToken))).status).toBe(422);
    expect((await call(qs(), "GET", `/payto-agreements/${agreement.agreementToken}`, SECRET)).body.status).toBe("PENDING");
    expect((await control(qs(), SECRET, "POST", `payto-agreements/${agreement.agreementToken}/confirm`)).status).toBe(200);
    expect((await patch("ACTIVE")).status).toBe(422); // already ACTIVE
    expect((await patch("SUSPENDED", "MD17")).status).toBe(204);
    expect((await call(qs(), "POST", "/transactions", SECRET, payToPayment(agreement.agreementToken))).status).toBe(422);
    expect((await patch("ACTIVE")).status).toBe(204);
    const paid = await call(qs(), "POST", "/transactions", SECRET, payToPayment(agreement.agreementToken));
    expect(paid.body.status).toBe("Approved");
    const deliveries = (await control(qs(), SECRET, "GET", "webhooks")).body.deliveries;
    expect(deliveries.map((d: any) => d.eventType)).toEqual(["payto.agreement.confirmed", "payto.payment.approved"]);
    expect(deliveries[1].body.data.receiptNumber).toBe(paid.body.receiptNumber);
  });
});

describe("/_sandbox calls need a key and act on that key's facility only", () => {
  it("webhooks and faults per facility; fault rules validated field by field", async () => {
    for (const [method, path] of [["GET", "webhooks"], ["GET", "faults"], ["PUT", "faults"], ["POST", "reset"], ["GET", "journal"], ["POST", "clock"]]) {
      const r = await control(qs(), undefined, method, path, method === "GET" ? undefined : {});
      expect(r.status, path).toBe(401);
      expect(r.body.error).toMatch(/^No API key/);
    }
    expect((await control(pp(), undefined, "POST", "advance")).status).toBe(401);
    // Another facility's agreement notification is not listed.
    const customer = (await call(qs(), "POST", "/customers", OTHER_SECRET, { customerNumber: "OTHER-1" })).body;
    const agreement = (await call(qs(), "POST", `/customers/${customer.customerId}/payto-agreements`, OTHER_SECRET, agreementBody)).body;
    await control(qs(), OTHER_SECRET, "POST", `payto-agreements/${agreement.agreementToken}/confirm`);
    expect((await control(qs(), OTHER_SECRET, "GET", "webhooks")).body.deliveries.map((d: any) => d.body.data.agreementToken)).toEqual([agreement.agreementToken]);
    expect(JSON.stringify((await control(qs(), SECRET, "GET", "webhooks")).body)).not.toContain(agreement.agreementToken);
    expect((await control(qs(), SECRET, "POST", `payto-agreements/${agreement.agreementToken}/confirm`)).status).toBe(404);

    // A facility's fault rules break that facility only.
    const set = await control(qs(), OTHER_SECRET, "PUT", "faults", { faults: [{ operation: "GET /customers", fault: "503" }] });
    expect(set.status).toBe(200);
    expect((await call(qs(), "GET", "/customers", OTHER_SECRET)).status).toBe(503);
    expect((await call(qs(), "GET", "/customers", SECRET)).status).toBe(200);
    expect((await control(qs(), SECRET, "GET", "faults")).body.faults).toEqual([]);
    expect((await control(qs(), OTHER_SECRET, "PUT", "faults", { faults: [] })).status).toBe(200);
    expect((await call(qs(), "GET", "/customers", OTHER_SECRET)).status).toBe(200);

    for (const [rule, named] of [
      [{ fault: 503 }, "faults[0].fault"],
      [{ fault: "boom" }, "faults[0].fault"],
      [{ fault: null }, "faults[0].fault"],
      [{ fault: "503", times: -1 }, "faults[0].times"],
      [{ fault: "503", api: "payway" }, "faults[0].api"],
      [{ fault: "503", operation: "transactions" }, "faults[0].operation"],
      [{ fault: "503", extra: 1 }, "faults[0].extra"],
    ] as const) {
      const bad = await control(qs(), SECRET, "PUT", "faults", { faults: [rule] });
      expect(bad.status, JSON.stringify(rule)).toBe(400);
      expect(bad.body.error).toContain(named);
    }
    expect((await control(qs(), SECRET, "GET", "faults")).body.faults).toEqual([]);
  });
});

describe("the test-control API", () => {
  it("reset forgets one facility only; the journal lists its requests without any header", async () => {
    const key = "RESETFAC_SEC_k3y";
    const c1 = await call(qs(), "POST", "/customers", key, { customerNumber: "R-1" }, { "Idempotency-Key": "journal-key-1" });
    expect(c1.status).toBe(201);
    await call(qs(), "GET", `/customers/${c1.body.customerId}`, key);
    const other = await call(qs(), "POST", "/customers", OTHER_SECRET, { customerNumber: "KEEP-1" });
    const journal = (await control(qs(), key, "GET", "journal")).body.entries;
    expect(journal.map((e: any) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/customers", 201],
      ["GET", `/customers/${c1.body.customerId}`, 200],
    ]);
    expect(journal[0].idempotencyKey).toBe("journal-key-1");
    expect(Date.parse(journal[0].time)).not.toBeNaN();
    expect(JSON.stringify(journal)).not.toContain(Buffer.from(`${key}:`).toString("base64"));
    expect(JSON.stringify(journal)).not.toContain(key);
    expect(sandbox().facility("quickstream", key).journal()).toHaveLength(2);

    expect((await control(qs(), key, "POST", "reset")).status).toBe(200);
    expect((await call(qs(), "GET", `/customers/${c1.body.customerId}`, key)).status).toBe(404);
    expect((await control(qs(), key, "GET", "journal")).body.entries.map((e: any) => e.status)).toEqual([404]);
    expect((await call(qs(), "GET", `/customers/${other.body.customerId}`, OTHER_SECRET)).status).toBe(200);
    // The same key again after a reset: ids start over.
    expect((await call(qs(), "POST", "/customers", key, { customerNumber: "R-1" })).body.customerId).toBe(c1.body.customerId);
  });

  it("the clock moves files, immediate payments, instalments and unanswered PayTo agreements on", async () => {
    const key = "CLOCKFAC_SEC_k3y";
    const facility = sandbox().facility("quickstream", key);
    const start = facility.now();
    // Recurring: weekly, three instalments, the first due tomorrow.
    const { customer, account } = await customerWithCard(key, "4242424242424242", "CLOCK-1");
    const tomorrow = new Date(start.getTime() + 86_400_000).toISOString().slice(0, 10);
    const schedule = await call(qs(), "POST", `/customers/${customer.customerId}/recurring-payments`, key, {
      supplierBusinessCode: "DEMO",
      accountToken: account.accountToken,
      scheduleType: "STOP_AFTER_SET_NUMBER_OF_PAYMENTS",
      frequency: "WEEKLY",
      nextPaymentDate: tomorrow,
      remainingInstalments: 3,
      instalmentAmount: 20,
      currency: "AUD",
    });
    expect(schedule.status).toBe(201);
    const id = schedule.body.paymentScheduleId;
    const agreement = (await call(qs(), "POST", `/customers/${customer.customerId}/payto-agreements`, key, { ...agreementBody, respondByTimeMinutes: 60 })).body;

    const moved = await control(qs(), key, "POST", "clock", { advanceSeconds: 8 * 86_400 });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.now) - start.getTime()).toBeGreaterThanOrEqual(8 * 86_400_000);
    const after = (await call(qs(), "GET", `/recurring-payments/${id}`, key)).body;
    expect(after).toMatchObject({ status: "ACTIVE", remainingInstalments: 1 });
    expect(after.totalPaidAmount.principalAmount.amount).toBe(40);
    const taken = (await call(qs(), "GET", `/recurring-payments/${id}/transactions`, key)).body.data;
    expect(taken).toHaveLength(2);
    expect(taken.every((t: any) => t.status === "Approved" && t.principalAmount.amount === 20)).toBe(true);
    expect((await call(qs(), "GET", `/payto-agreements/${agreement.agreementToken}`, key)).body.status).toBe("CANCELLED");
    expect(facility.webhooks().map((d) => d.eventType)).toEqual(["payto.agreement.expired"]);
    // Another facility's clock has not moved.
    expect(Math.abs(sandbox().facility("quickstream", SECRET).now().getTime() - Date.now())).toBeLessThan(60_000);
    facility.advanceClock(7 * 86_400_000);
    expect((await call(qs(), "GET", `/recurring-payments/${id}`, key)).body).toMatchObject({ status: "COMPLETE", remainingInstalments: 0 });
    expect((await control(qs(), key, "POST", "clock", { advanceSeconds: -1 })).status).toBe(400);

    // PaymentsPlus: a sent file and an immediate payment move on as the clock passes (one step a minute).
    const ppKey = "CLOCKBUYER_SEC_k3y";
    await call(pp(), "PUT", "/files/CLK-1", ppKey, { fileName: "clk.csv", paymentDate: "2030-01-02" });
    await call(pp(), "PUT", "/files/CLK-1/payments/CLK-1-A", ppKey, {
      paymentMethod: "DIRECT_ENTRY",
      paymentAmount: 1,
      paymentDate: "2030-01-02",
      fundingAccount: { bsbNumber: "032-000", accountNumber: "100001" },
      recipientAccount: { type: "AU_DOMESTIC", accountName: "T", bsbNumber: "650-000", accountNumber: "1" },
      payeeName: "T",
      currency: "AUD",
      lodgementReference: "CLK",
      paymentReference: "CLK",
    });
    await call(pp(), "POST", "/files/CLK-1/send", ppKey);
    const immediate = await call(pp(), "POST", "/payments/CLK-IMM", ppKey, {
      paymentMethod: "OSKO",
      paymentAmount: "1.00",
      fundingAccount: { bsbNumber: "032-000", accountNumber: "100001", accountName: "Account One" },
      recipientAccount: { accountName: "Jane", identification: "032000000007", schemeName: "BBAN" },
      payeeName: "Jane",
      currency: "AUD",
      lodgementReference: "CLK-IMM",
      paymentReference: "CLK-IMM",
      paymentDate: "2030-01-02",
    });
    expect(immediate.body.statusCode).toBe("OPEN");
    expect((await control(pp(), ppKey, "POST", "clock", { advanceSeconds: 30 })).body.moved).toEqual([]);
    await control(pp(), ppKey, "POST", "clock", { advanceSeconds: 3600 });
    expect((await call(pp(), "GET", "/files/CLK-1", ppKey)).body.statusCode).toBe("COMPLETE");
    expect((await call(pp(), "GET", "/files/CLK-1/payments/CLK-1-A", ppKey)).body.statusCode).toBe("PAID");
    expect((await call(pp(), "GET", "/payments/CLK-IMM", ppKey)).body.statusCode).toBe("PAID");
    expect((await call(pp(), "GET", "/files/CLK-1", OTHER_PP)).status).toBe(404);
  });
});
