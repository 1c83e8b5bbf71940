// The sandbox's limits (P115) and the documented in-flight limit under real concurrency: no one request, and no
// stalled client, can take the sandbox or a facility from everyone else.
import { Agent, request } from "node:http";
import { connect } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/index.ts";
import { basic, call, cardToken, PP_KEY, PUBLISHABLE, SECRET, useSandbox } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-limits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const STATE = join(dir, "state.jsonl");
const { qs, pp } = useSandbox({ state: STATE, bodyTimeoutMs: 400 });

async function account(customerNumber: string, key = SECRET, publishable = PUBLISHABLE): Promise<string> {
  const token = await call(qs(), "POST", "/single-use-tokens", publishable, cardToken("4242424242424242"));
  const customer = await call(qs(), "POST", "/customers", key, { customerNumber });
  const registered = await call(qs(), "POST", `/customers/${customer.body.customerId}/accounts`, key, { singleUseTokenId: token.body.singleUseTokenId });
  return registered.body.accountToken;
}
const payment = (accountToken: string, extra: Record<string, unknown> = {}) => ({
  transactionType: "PAYMENT",
  accountToken,
  supplierBusinessCode: "DEMO",
  principalAmount: "5.00",
  currency: "AUD",
  ...extra,
});
const errorModel = (answer: { body: any }, status: number, method = "POST") =>
  expect(answer.body).toMatchObject({ status: String(status), requestMethod: method, customerMessage: expect.any(String), developerMessage: expect.any(String) });

describe("in flight", () => {
  it("of 50 concurrent requests for one facility, no more than 10 are processed at once: the rest get 429 and are not processed", async () => {
    const key = "BURST_SEC_k";
    const accountToken = await account("BURST-1", key, "BURST_PUB");
    // Fifty connections opened first (a pool of kept-alive connections, as an HTTP client keeps), then fifty requests
    // sent on them at once.
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
    const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: any }>((resolve, reject) => {
        const text = body === undefined ? undefined : JSON.stringify(body);
        const req = request(`${qs()}${path}`, { method, agent, headers: { Authorization: basic(key), ...(text ? { "Content-Type": "application/json" } : {}), ...headers } }, (res) => {
          let data = "";
          res.on("data", (d) => (data += d));
          res.on("end", () => resolve({ status: res.statusCode!, body: data ? JSON.parse(data) : undefined }));
        });
        req.on("error", reject);
        req.end(text);
      });
    try {
      await Promise.all(Array.from({ length: 50 }, () => send("GET", "/", undefined, { "X-Sandbox-Fault": "delay=200" })));
    } catch {
      // warm-up only
    }
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => send("POST", "/transactions", payment(accountToken), { "Idempotency-Key": `burst-${i}` })));
    agent.destroy();
    const refused = answers.filter((a) => a.status === 429);
    const paid = answers.filter((a) => a.status === 201);
    expect(refused.length + paid.length).toBe(50);
    expect(refused.length).toBeGreaterThanOrEqual(30);
    for (const answer of refused) errorModel(answer, 429);
    // Only what was answered 201 was processed: the facility holds exactly those payments.
    const listed = await call(qs(), "GET", `/transactions/for-account-token/${accountToken}`, key);
    expect(listed.body.data.map((t: any) => t.receiptNumber).sort()).toEqual(paid.map((a) => a.body.receiptNumber).sort());
    // A refused key was not recorded: sent again alone, it is processed.
    const again = await call(qs(), "POST", "/transactions", key, payment(accountToken), { "Idempotency-Key": `burst-${answers.indexOf(refused[0])}` });
    expect(again.status).toBe(201);
  });

  it("ten clients that stall mid-body hold their places only until the body time limit, then others get in", async () => {
    const url = new URL(qs());
    const key = "STALL_SEC_k";
    const sockets = Array.from({ length: 10 }, () => {
      const socket = connect(Number(url.port), url.hostname);
      socket.on("error", () => undefined);
      socket.write(
        `POST /customers HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${basic(key)}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"customerNumber":`,
      );
      return socket;
    });
    try {
      await new Promise((r) => setTimeout(r, 150));
      const locked = await call(qs(), "GET", "/customers", key);
      expect(locked.status).toBe(429);
      const started = Date.now();
      let answer = locked;
      while (answer.status === 429 && Date.now() - started < 5000) {
        await new Promise((r) => setTimeout(r, 50));
        answer = await call(qs(), "GET", "/customers", key);
      }
      expect(answer.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });
});

describe("bodies", () => {
  it("a JSON body over 64 KiB is 413 in the API's error model, with or without Content-Length; nothing is processed", async () => {
    const accountToken = await account("BIG-1");
    const big = payment(accountToken, { comment: "x".repeat(70_000) });
    const declared = await call(qs(), "POST", "/transactions", SECRET, big, { "Idempotency-Key": "big-1" });
    expect(declared.status).toBe(413);
    errorModel(declared, 413);
    const text = JSON.stringify(big);
    const streamed = await fetch(`${qs()}/transactions`, {
      method: "POST",
      headers: { Authorization: basic(SECRET), "Content-Type": "application/json", "Idempotency-Key": "big-2" },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < text.length; i += 8192) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 8192)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ status: "413", requestMethod: "POST" });
    // Neither was recorded: the same key with a normal body is processed.
    expect((await call(qs(), "POST", "/transactions", SECRET, payment(accountToken), { "Idempotency-Key": "big-1" })).status).toBe(201);
  });

  it("a value nested 6,000 deep in an open field is 422 naming it, and writes after it still work and are kept", async () => {
    const accountToken = await account("DEEP-1");
    // Written as text: JSON.stringify itself cannot write a value this deep.
    const text = JSON.stringify(payment(accountToken, { metadata: { deep: "HERE" } })).replace('"HERE"', `${'{"a":'.repeat(6000)}"bottom"${"}".repeat(6000)}`);
    const response = await fetch(`${qs()}/transactions`, {
      method: "POST",
      headers: { Authorization: basic(SECRET), "Content-Type": "application/json", "Idempotency-Key": "deep-1" },
      body: text,
    });
    const deep = { status: response.status, body: await response.json() };
    expect(deep.status).toBe(422);
    errorModel(deep, 422);
    expect(deep.body.errors[0].fieldName).toMatch(/^metadata\.deep\.a\.a\./);
    expect(deep.body.errors[0].messages[0]).toMatch(/more than 32 levels/);
    // The same field with an ordinary value is kept as sent.
    const fine = await call(qs(), "POST", "/transactions", SECRET, payment(accountToken, { metadata: { order: "A1" } }));
    expect(fine.status).toBe(201);
    // Every later write of every facility works and reaches the state file.
    const other = await call(qs(), "POST", "/customers", "OTHER_SEC_k", { customerNumber: "AFTER-DEEP" });
    expect(other.status).toBe(201);
    const journal = readFileSync(STATE, "utf8").trim().split("\n").map((line) => JSON.parse(line));
    const rows = journal.flatMap((entry) => (entry.r ?? []).map(([table, row]: [string, any]) => ({ facility: entry.f, table, row })));
    expect(rows).toContainEqual({ facility: "OTHER", table: "customers", row: expect.objectContaining({ customerId: other.body.customerId, customerNumber: "AFTER-DEEP" }) });
    expect(rows.find((r) => r.facility === "DEMO" && r.table === "transactions" && r.row.view.receiptNumber === fine.body.receiptNumber)?.row.view.metadata).toEqual({ order: "A1" });
    // The running sandbox owns the file: a second one is refused rather than splitting it.
    await expect(startSandbox({ state: STATE })).rejects.toThrow(/in use by another sandbox/);
  });

  it("the largest invalid body the sandbox reads is answered in bounded time, and a 0.7 MB one is refused unread", async () => {
    const accountToken = await account("SLOW-1");
    // Just under 64 KiB of wrong values: thousands of unknown properties and an invalid amount.
    const invalid: Record<string, unknown> = { ...payment(accountToken), principalAmount: "lots", currency: "aud" };
    for (let i = 0, size = JSON.stringify(invalid).length; size < 64_000; i++, size += `"unknown${i}":${i},`.length) invalid[`unknown${i}`] = i;
    const started = performance.now();
    const answer = await call(qs(), "POST", "/transactions", SECRET, invalid);
    const elapsed = performance.now() - started;
    expect(answer.status).toBe(422);
    expect(answer.body.errors.map((e: any) => e.fieldName)).toContain("principalAmount");
    expect(elapsed).toBeLessThan(2000);
    const huge = { ...invalid, comment: "y".repeat(700_000) };
    const started2 = performance.now();
    const refused = await call(qs(), "POST", "/transactions", SECRET, huge);
    expect(refused.status).toBe(413);
    expect(performance.now() - started2).toBeLessThan(1000);
    // Both APIs still answer at once.
    expect((await call(pp(), "GET", "/banking-days/2030-01-02", PP_KEY)).status).toBe(200);
  });
});

describe("banking days", () => {
  it("at the ends of the years a date can be written, the day beyond is null (allowed), never a six-digit year", async () => {
    const last = await call(pp(), "GET", "/banking-days/9999-12-31", PP_KEY);
    expect(last.status).toBe(200);
    expect(last.body).toEqual({ date: "9999-12-31", isBankingDay: true, nextBankingDay: null, previousBankingDay: "9999-12-30" });
    const first = await call(pp(), "GET", "/banking-days/0000-01-03", PP_KEY);
    expect(first.status).toBe(200);
    expect(first.body.previousBankingDay).toBeNull();
    expect(first.body.nextBankingDay).toMatch(/^0000-01-0\d$/);
  });
});
