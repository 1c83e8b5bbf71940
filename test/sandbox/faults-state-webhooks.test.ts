// Fault injection, the in-flight limit, the state file, PayTo webhooks, and the command's port refusal.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { QUIET_ENV, ROOT } from "../../scripts/lib.ts";
import { startSandbox } from "../../src/sandbox/index.ts";
import { validate } from "../../src/validators/index.ts";
import { basic, call, cardToken, PUBLISHABLE, SECRET, useSandbox } from "./support.ts";

const { qs, sandbox } = useSandbox();
afterEach(() => expect(sandbox().violations).toEqual([]));

async function account(customerNumber: string) {
  const token = await call(qs(), "POST", "/single-use-tokens", PUBLISHABLE, cardToken("4242424242424242"));
  const customer = await call(qs(), "POST", "/customers", SECRET, { customerNumber });
  const registered = await call(qs(), "POST", `/customers/${customer.body.customerId}/accounts`, SECRET, { singleUseTokenId: token.body.singleUseTokenId });
  return { customerId: customer.body.customerId as string, accountToken: registered.body.accountToken as string };
}
const payment = (accountToken: string) => ({ transactionType: "PAYMENT", accountToken, supplierBusinessCode: "DEMO", principalAmount: 7, currency: "AUD" });
const transactionsOf = async (customerId: string) => (await call(qs(), "GET", `/customers/${customerId}/transactions`, SECRET)).body.data;

describe("fault injection", () => {
  it("503, 429 and 500 answer in the error model without processing; a resend with the same key is processed once", async () => {
    const { customerId, accountToken } = await account("FAULT-1");
    for (const status of ["503", "429", "500"]) {
      const answer = await call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "fault-1", "X-Sandbox-Fault": status });
      expect(answer.status).toBe(Number(status));
      expect(answer.body).toMatchObject({ status, requestMethod: "POST", requestUrl: `${qs()}/transactions` });
    }
    expect(await transactionsOf(customerId)).toHaveLength(0);
    const first = await call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "fault-1" });
    const again = await call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "fault-1" });
    expect(again.body.receiptNumber).toBe(first.body.receiptNumber);
    expect(await transactionsOf(customerId)).toHaveLength(1);
  });

  it("drop-after-processing really processes: the resend with the same key finds the first answer", async () => {
    const { customerId, accountToken } = await account("FAULT-2");
    const dropped = call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "drop-1", "X-Sandbox-Fault": "drop-after-processing" });
    await expect(dropped).rejects.toThrow();
    const [made] = await transactionsOf(customerId);
    expect(made.status).toBe("Approved");
    const resent = await call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "drop-1" });
    expect(resent.status).toBe(201);
    expect(resent.body.receiptNumber).toBe(made.receiptNumber);
    expect(await transactionsOf(customerId)).toHaveLength(1);
  });

  it("more than 10 requests in flight for one facility get 429; a key still running gets 429", async () => {
    const slow = Array.from({ length: 11 }, () => call(qs(), "GET", "/customers", "BUSY_SEC_k", undefined, { "X-Sandbox-Fault": "delay=400" }));
    const statuses = (await Promise.all(slow)).map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    // Another facility is not limited by BUSY's requests.
    const { accountToken } = await account("FAULT-3");
    const first = call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "slow-1", "X-Sandbox-Fault": "delay=300" });
    await new Promise((r) => setTimeout(r, 100));
    const second = await call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "slow-1" });
    expect(second.status).toBe(429);
    expect((await first).status).toBe(201);
  });

  it("rules from a file apply to the next matching requests; a bad fault is 400", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-faults-"));
    const file = join(dir, "faults.json");
    writeFileSync(file, JSON.stringify({ faults: [{ operation: "GET /customers", fault: "503", times: 2 }] }));
    const own = await startSandbox({ faults: file, strictResponses: true });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(own.urls.quickstream, "GET", "/customers", SECRET)).status);
      expect(statuses).toEqual([503, 503, 200]);
      expect((await call(own.urls.quickstream, "GET", "/customers", SECRET, undefined, { "X-Sandbox-Fault": "explode" })).status).toBe(400);
    } finally {
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("state file", () => {
  it("keeps state and Idempotency-Key answers across restarts, written whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-state-"));
    const file = join(dir, "state.json");
    try {
      const first = await startSandbox({ state: file, strictResponses: true });
      const customer = await call(first.urls.quickstream, "POST", "/customers", SECRET, { customerNumber: "KEEP-1" }, { "Idempotency-Key": "keep-1" });
      await first.stop();
      expect(readdirSync(dir)).toEqual(["state.json"]); // no temporary file left behind
      expect(readFileSync(file, "utf8")).not.toContain("4242424242424242");
      const second = await startSandbox({ state: file, strictResponses: true });
      try {
        expect((await call(second.urls.quickstream, "GET", `/customers/${customer.body.customerId}`, SECRET)).body.customerNumber).toBe("KEEP-1");
        const replay = await call(second.urls.quickstream, "POST", "/customers", SECRET, { customerNumber: "KEEP-2" }, { "Idempotency-Key": "keep-1" });
        expect(replay.body).toEqual(customer.body);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("PayTo webhooks", () => {
  let receiver: Server;
  let url: string;
  const received: { body: any; headers: IncomingMessage["headers"] }[] = [];
  let failFirst = 0;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let text = "";
      req.on("data", (d) => (text += d));
      req.on("end", () => {
        received.push({ body: JSON.parse(text), headers: req.headers });
        res.statusCode = failFirst-- > 0 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it("a payer's answer moves the agreement and POSTs the documented envelope, resent with the same id after a non-2xx", async () => {
    const own = await startSandbox({ webhookUrl: url, webhookRetryDelaysMs: [50, 50], strictResponses: true });
    try {
      const base = own.urls.quickstream;
      const customer = await call(base, "POST", "/customers", SECRET, { customerNumber: "PAYTO-1" });
      const agreement = await call(base, "POST", `/customers/${customer.body.customerId}/payto-agreements`, SECRET, {
        supplierBusinessCode: "DEMO",
        paymentDetails: { purpose: "UTIL", description: "Utility", startDate: "2030-01-01", automaticRenewal: true },
        paymentTerms: { frequency: "MNTH", agreementType: "FIXE", paymentAmount: "10.00", currency: "AUD" },
        payerDetails: { payerType: "PERS", payerId: "P1", payerName: "JANE SMITH", payIdType: "EMAL", payId: "JANE@EXAMPLE.COM" },
      });
      expect(agreement.body.status).toBe("PENDING");
      const token = agreement.body.agreementToken;
      failFirst = 1;
      const control = await fetch(`${base}/_sandbox/payto-agreements/${token}/confirm`, { method: "POST", headers: { Authorization: basic(SECRET) } });
      expect(control.status).toBe(200);
      for (let i = 0; i < 100 && own.webhooks[0]?.state !== "delivered"; i++) await new Promise((r) => setTimeout(r, 20));
      expect(received).toHaveLength(2);
      expect(received[0]!.body).toEqual(received[1]!.body);
      expect(received[1]!.body).toMatchObject({ eventType: "payto.agreement.confirmed", data: { agreementToken: token, status: "ACTIVE" } });
      for (const r of received) expect(validate("quickstream", "WEBHOOK payToAgreementNotification", r.body).valid).toBe(true);
      expect(received[0]!.headers["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
      expect(own.webhooks[0]).toMatchObject({ state: "delivered", attempts: [{ status: 500 }, { status: 204 }] });
      expect((await call(base, "GET", `/payto-agreements/${token}`, SECRET)).body.status).toBe("ACTIVE");
      // A payment under the now ACTIVE agreement.
      const paid = await call(base, "POST", "/transactions", SECRET, {
        transactionType: "PAYMENT",
        supplierBusinessCode: "DEMO",
        principalAmount: 10,
        currency: "AUD",
        payToData: { agreementToken: token, endToEndId: "E2E-1", remittanceInformation1: "Invoice 1", finalPayment: false },
      });
      expect(paid.body.status).toBe("Approved");
      // The PayTo payment notification, with the transaction as its data.
      for (let i = 0; i < 100 && own.webhooks[1]?.state !== "delivered"; i++) await new Promise((r) => setTimeout(r, 20));
      expect(own.webhooks[1]).toMatchObject({ eventType: "payto.payment.approved", state: "delivered", body: { data: { receiptNumber: paid.body.receiptNumber, status: "Approved" } } });
      expect(validate("quickstream", "WEBHOOK payToPaymentNotification", own.webhooks[1]!.body).valid).toBe(true);
      // Answered already: no second answer.
      const twice = await fetch(`${base}/_sandbox/payto-agreements/${token}/decline`, { method: "POST", headers: { Authorization: basic(SECRET) } });
      expect(twice.status).toBe(409);

      // Recalled by you (PATCH) before the payer answered: payto.agreement.recalled.
      const pending = await call(base, "POST", `/customers/${customer.body.customerId}/payto-agreements`, SECRET, {
        supplierBusinessCode: "DEMO",
        paymentDetails: { purpose: "UTIL", description: "Utility", startDate: "2030-01-01", automaticRenewal: true },
        paymentTerms: { frequency: "MNTH", agreementType: "FIXE", paymentAmount: "10.00", currency: "AUD" },
        payerDetails: { payerType: "PERS", payerId: "P1", payerName: "JANE SMITH", payIdType: "EMAL", payId: "JANE@EXAMPLE.COM" },
      });
      const recall = { updateType: "RECALL_PAYTO_AGREEMENT", recallPayToAgreement: { statusCode: "CANCELLED" } };
      expect((await call(base, "PATCH", `/payto-agreements/${pending.body.agreementToken}`, SECRET, recall)).status).toBe(204);
      for (let i = 0; i < 100 && own.webhooks[2]?.state !== "delivered"; i++) await new Promise((r) => setTimeout(r, 20));
      expect(own.webhooks[2]).toMatchObject({ eventType: "payto.agreement.recalled", state: "delivered", body: { data: { status: "CANCELLED" } } });
      expect((await call(base, "PATCH", `/payto-agreements/${pending.body.agreementToken}`, SECRET, recall)).status).toBe(422);
    } finally {
      await own.stop();
    }
  });
});

describe("time", () => {
  it("a single-use token lasts 10 minutes, 1000 unused at most; an Idempotency-Key 22 hours", async () => {
    let clock = new Date("2030-01-01T00:00:00Z");
    const own = await startSandbox({ now: () => clock, strictResponses: true });
    try {
      const base = own.urls.quickstream;
      const token = await call(base, "POST", "/single-use-tokens", PUBLISHABLE, cardToken("4242424242424242"));
      clock = new Date("2030-01-01T00:10:01Z");
      const late = await call(base, "POST", "/accounts", SECRET, { singleUseTokenId: token.body.singleUseTokenId });
      expect(late.status).toBe(422);
      expect(late.body.errors[0]).toMatchObject({ fieldName: "singleUseTokenId", messages: ["The single-use token has expired."] });

      // 1000 unused tokens per facility at most (429 "Token quota exceeded"); expired ones free the quota.
      for (let i = 0; i < 1000; i++) expect((await call(base, "POST", "/single-use-tokens", "QUOTA_PUB", cardToken("4242424242424242"))).status).toBe(201);
      const over = await call(base, "POST", "/single-use-tokens", "QUOTA_PUB", cardToken("4242424242424242"));
      expect(over).toMatchObject({ status: 429, body: { customerMessage: "Token quota exceeded." } });
      clock = new Date("2030-01-01T00:20:02Z");
      expect((await call(base, "POST", "/single-use-tokens", "QUOTA_PUB", cardToken("4242424242424242"))).status).toBe(201);

      const first = await call(base, "POST", "/customers", SECRET, { customerNumber: "TIME-1" }, { "Idempotency-Key": "time-1" });
      clock = new Date("2030-01-01T22:20:00Z");
      const within = await call(base, "POST", "/customers", SECRET, { customerNumber: "TIME-2" }, { "Idempotency-Key": "time-1" });
      expect(within.body).toEqual(first.body);
      clock = new Date("2030-01-01T22:20:03Z");
      const after = await call(base, "POST", "/customers", SECRET, { customerNumber: "TIME-2" }, { "Idempotency-Key": "time-1" });
      expect(after.status).toBe(201);
      expect(after.body.customerId).not.toBe(first.body.customerId);
    } finally {
      await own.stop();
    }
  });
});

describe("command", () => {
  it("refuses a port that is taken (exit 1, saying which)", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const run = spawnSync("node", ["bin/westpac-openapi.js", "sandbox", "--paymentsplus-port", "0", "--quickstream-port", String(port)], {
        cwd: ROOT,
        env: { ...QUIET_ENV, WESTPAC_OPENAPI_FROM_SOURCE: "1" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
    expect(existsSync(join(ROOT, "src", "sandbox", "cli.ts"))).toBe(true);
  });
});
