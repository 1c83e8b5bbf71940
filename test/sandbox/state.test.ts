// The sandbox's store (P116): tables with indexes that keep creation order, a journal that loses nothing answered
// (kill -9), refusal of a state file it did not write or a path it cannot write, the state kept on SIGTERM, any text
// as an Idempotency-Key, retention.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { Table } from "../../src/sandbox/state.ts";
import { call, cardToken, PUBLISHABLE, SECRET } from "./support.ts";

const dirs: string[] = [];
const sandboxes: Sandbox[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await Promise.all(sandboxes.splice(0).map((s) => s.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-store-"));
  dirs.push(dir);
  return dir;
};
const start = async (state?: string, extra: Parameters<typeof startSandbox>[0] = {}) => {
  const sandbox = await startSandbox({ state, strictResponses: true, ...extra });
  sandboxes.push(sandbox);
  return sandbox;
};
const stop = async (sandbox: Sandbox) => {
  sandboxes.splice(sandboxes.indexOf(sandbox), 1);
  await sandbox.stop();
};

/** A customer with a registered card; its account token pays. */
async function account(qs: string, customerNumber: string): Promise<string> {
  const token = await call(qs, "POST", "/single-use-tokens", PUBLISHABLE, cardToken("4242424242424242"));
  const customer = await call(qs, "POST", "/customers", SECRET, { customerNumber });
  const registered = await call(qs, "POST", `/customers/${customer.body.customerId}/accounts`, SECRET, { singleUseTokenId: token.body.singleUseTokenId });
  expect(registered.status).toBe(201);
  return registered.body.accountToken;
}
const payment = (accountToken: string, cents: number) => ({
  transactionType: "PAYMENT",
  accountToken,
  supplierBusinessCode: "DEMO",
  principalAmount: (cents / 100).toFixed(2),
  currency: "AUD",
  customerReferenceNumber: `REF-${cents}`,
});

describe("table", () => {
  it("finds rows by id and by index, lists them newest or oldest first, and keeps creation order when a key changes", () => {
    const reached: string[] = [];
    const table = new Table<{ id: string; status: string }>("rows", { id: (r) => r.id, indexes: { status: (r) => r.status } }, (_t, row) => reached.push((row as any).id));
    for (let i = 1; i <= 5; i++) table.insert({ id: `r${i}`, status: i % 2 ? "OPEN" : "DONE" });
    expect(table.get("r3")).toEqual({ id: "r3", status: "OPEN" });
    expect(table.by("status", "OPEN").map((r) => r.id)).toEqual(["r1", "r3", "r5"]);
    const newest = table.newest();
    expect(Array.from({ length: newest.length }, (_, i) => newest.at(i)!.id)).toEqual(["r5", "r4", "r3", "r2", "r1"]);
    // r5 then r1 move to DONE: the DONE index stays in creation order, whatever the order of the changes.
    for (const id of ["r5", "r1"]) {
      const row = table.get(id)!;
      row.status = "DONE";
      table.reindex(row);
    }
    expect(table.by("status", "DONE").map((r) => r.id)).toEqual(["r1", "r2", "r4", "r5"]);
    expect(table.count("status", "OPEN")).toBe(1);
    expect(table.shift()!.id).toBe("r1");
    expect(table.get("r1")).toBeUndefined();
    expect(table.by("status", "DONE").map((r) => r.id)).toEqual(["r2", "r4", "r5"]);
    expect(() => table.insert({ id: "r2", status: "X" })).toThrow(/already exists/);
    expect(reached).toContain("r3");
  });

  it("a key such as __proto__ or constructor is an ordinary id and index key", () => {
    const table = new Table<{ id: string; k: string }>("rows", { id: (r) => r.id, indexes: { k: (r) => r.k } }, () => undefined);
    for (const id of ["__proto__", "constructor", "toString", "hasOwnProperty"]) table.insert({ id, k: id });
    expect(table.get("__proto__")).toEqual({ id: "__proto__", k: "__proto__" });
    expect(table.by("k", "constructor").map((r) => r.id)).toEqual(["constructor"]);
    expect(table.get("valueOf")).toBeUndefined();
    expect(table.size).toBe(4);
  });
});

describe("state file", () => {
  it("a kill -9 while writes are in flight loses none that was answered; their Idempotency-Keys still replay", async () => {
    const dir = folder();
    const file = join(dir, "state.jsonl");
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/sandbox.ts", "--state", file, "--paymentsplus-port", "0", "--quickstream-port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const qs = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        const url = /\[sandbox\] quickstream: (\S+)/.exec(out)?.[1];
        if (url) resolve(url);
      });
      child.once("exit", (code) => reject(new Error(`sandbox exited ${code}`)));
    });
    const accountToken = await account(qs, "CRASH-1");
    // Eight writers; the sandbox is killed once 200 payments have been answered, with others still in flight.
    const answered: { key: string; receiptNumber: string; cents: number }[] = [];
    let next = 1;
    let killed = false;
    const writer = async () => {
      while (!killed && next < 5000) {
        const cents = next++;
        const key = `crash-${cents}`;
        try {
          const answer = await call(qs, "POST", "/transactions", SECRET, payment(accountToken, cents), { "Idempotency-Key": key });
          if (answer.status === 201) answered.push({ key, receiptNumber: answer.body.receiptNumber, cents });
        } catch {
          return; // the connection died with the sandbox: this write was never answered
        }
        if (answered.length >= 200 && !killed) {
          killed = true;
          child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)));
    expect(child.signalCode).toBe("SIGKILL");
    expect(answered.length).toBeGreaterThanOrEqual(200);

    const again = await start(file);
    for (const { key, receiptNumber, cents } of answered) {
      const read = await call(again.urls.quickstream, "GET", `/transactions/${receiptNumber}`, SECRET);
      expect(read.status, receiptNumber).toBe(200);
      expect(read.body.principalAmount.amount).toBe(cents / 100);
      const replay = await call(again.urls.quickstream, "POST", "/transactions", SECRET, payment(accountToken, cents), { "Idempotency-Key": key });
      expect(replay.body.receiptNumber, key).toBe(receiptNumber);
    }
  }, 60_000);

  it("keeps every change across a restart, starts from a compacted file, and stores any text as an Idempotency-Key", async () => {
    const file = join(folder(), "state.jsonl");
    const first = await start(file);
    const qs = first.urls.quickstream;
    const accountToken = await account(qs, "KEEP-1");
    const keys = ["__proto__", "constructor", "toString", "hasOwnProperty"];
    const receipts: string[] = [];
    for (const [i, key] of keys.entries()) {
      const paid = await call(qs, "POST", "/transactions", SECRET, payment(accountToken, 100 + i), { "Idempotency-Key": key });
      expect(paid.status, key).toBe(201);
      receipts.push(paid.body.receiptNumber);
    }
    const voided = await call(qs, "POST", `/transactions/${receipts[0]}/void`, SECRET, {});
    expect(voided.body.status).toBe("Voided");
    const file2 = `${file}.copy`; // the journal as a crash would leave it: not compacted on stop
    writeFileSync(file2, readFileSync(file));
    await stop(first);

    for (const state of [file, file2]) {
      const second = await start(state);
      const q = second.urls.quickstream;
      for (const [i, key] of keys.entries()) {
        // The same key again: the first answer (the payment as it was answered, not as voided later), nothing new.
        const replay = await call(q, "POST", "/transactions", SECRET, payment(accountToken, 999), { "Idempotency-Key": key });
        expect(replay.status, key).toBe(201);
        expect(replay.body.receiptNumber, key).toBe(receipts[i]);
        expect(replay.body.status, key).toBe("Approved");
      }
      expect((await call(q, "GET", `/transactions/${receipts[0]}`, SECRET)).body.status).toBe("Voided");
      const listed = await call(q, "GET", "/transactions/for-reference-number?referenceNumber=REF-101", SECRET);
      expect(listed.body.data.map((t: any) => t.receiptNumber)).toEqual([receipts[1]]);
      // Ids carry on from where they stopped.
      const more = await call(q, "POST", "/transactions", SECRET, payment(accountToken, 555), { "Idempotency-Key": `more-${state.length}` });
      expect(Number(more.body.receiptNumber)).toBeGreaterThan(Number(receipts[3]));
      await stop(second);
    }
    // Compacted on stop: one header line, then the live state; no temporary file left.
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(JSON.parse(lines[0])).toEqual({ sandboxState: 2 });
  });

  it("a last line cut short by a crash is dropped with a message; a bad line elsewhere is refused", async () => {
    const file = join(folder(), "state.jsonl");
    const first = await start(file);
    const accountToken = await account(first.urls.quickstream, "TORN-1");
    await stop(first);
    appendFileSync(file, '{"a":"quickstream","f":"DEMO","s":99,"r":[["transactions",{"view":');
    const second = await start(file);
    const found = await call(second.urls.quickstream, "GET", `/accounts/${accountToken}`, SECRET);
    expect(found.status).toBe(200);
    await stop(second);

    const lines = readFileSync(file, "utf8").trim().split("\n");
    writeFileSync(file, [lines[0], "{not json", ...lines.slice(1)].join("\n") + "\n");
    await expect(startSandbox({ state: file })).rejects.toThrow(/not a sandbox state file: line 2 is not JSON/);
  });

  it("refuses a state file of another shape, or a path it cannot write, at start and with a message", async () => {
    const dir = folder();
    const cases: [string, RegExp][] = [
      ['{"version":1,"facilities":[]}', /earlier sandbox \(version 1\)/],
      ["[]", /first line is not \{"sandboxState":2\}/],
      ['{"sandboxState":2}\n{"a":"quickstream","f":"DEMO","s":1,"r":[["nonsense",{}]]}\n', /line 2 holds a row of no known table/],
      ['{"sandboxState":2}\n{"a":"quickstream","f":"DEMO","s":1,"r":[["transactions",{"view":{}}]]}\n', /line 2 holds a transactions row without its id/],
      ['{"sandboxState":2}\n{"a":"quickstream","f":"DEMO","s":1,"i":["k",{"at":"soon"}]}\n', /Idempotency-Key answer of the wrong shape/],
      ['{"sandboxState":2}\n{"a":"elsewhere","f":"DEMO","s":1}\n', /names no API/],
    ];
    for (const [text, message] of cases) {
      const file = join(dir, "bad.json");
      writeFileSync(file, text);
      await expect(startSandbox({ state: file }), text).rejects.toThrow(message);
      expect(readFileSync(file, "utf8"), "a refused file is left as it was").toBe(text);
    }
    await expect(startSandbox({ state: join(dir, "no-such-folder", "state.jsonl") })).rejects.toThrow(/cannot write the state file/);
    await expect(startSandbox({ state: dir })).rejects.toThrow(/is a folder/);
  });

  it("the command refuses a path it cannot write (exit 1), and saves and exits 0 on SIGTERM", async () => {
    const dir = folder();
    const run = (args: string[]) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/sandbox.ts", "--paymentsplus-port", "0", "--quickstream-port", "0", ...args], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let out = "";
      child.stdout!.on("data", (d) => (out += d));
      child.stderr!.on("data", (d) => (out += d));
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      return { child, exited, output: () => out };
    };
    const refused = run(["--state", join(dir, "missing", "state.jsonl")]);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(/cannot start: cannot write the state file .*missing/);

    const file = join(dir, "state.jsonl");
    const running = run(["--state", file]);
    for (let i = 0; i < 200 && !/quickstream: /.test(running.output()); i++) await new Promise((r) => setTimeout(r, 50));
    const qs = /\[sandbox\] quickstream: (\S+)/.exec(running.output())![1];
    const customer = await call(qs, "POST", "/customers", SECRET, { customerNumber: "SIGTERM-1" });
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    const again = await start(file);
    expect((await call(again.urls.quickstream, "GET", `/customers/${customer.body.customerId}`, SECRET)).body.customerNumber).toBe("SIGTERM-1");
  }, 60_000);

  it("--retain keeps the newest N of each kind of record and N Idempotency-Key answers", async () => {
    const file = join(folder(), "state.jsonl");
    const first = await start(file, { retain: 5 });
    const qs = first.urls.quickstream;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await call(qs, "POST", "/customers", SECRET, { customerNumber: `KEEP-${i}` }, { "Idempotency-Key": `keep-${i}` })).body.customerId);
    const listed = async (base: string) => (await call(base, "GET", "/customers", SECRET)).body.data.map((c: any) => c.customerId);
    expect(await listed(qs)).toEqual(ids.slice(3));
    expect((await call(qs, "GET", `/customers/${ids[0]}`, SECRET)).status).toBe(404);
    // The oldest answers went too: the first key is processed again (a new customer number, so a new customer).
    await stop(first);
    const second = await start(file, { retain: 5 });
    expect(await listed(second.urls.quickstream)).toEqual(ids.slice(3));
    const replayed = await call(second.urls.quickstream, "POST", "/customers", SECRET, { customerNumber: "KEEP-X" }, { "Idempotency-Key": "keep-7" });
    expect(replayed.body.customerId).toBe(ids[7]);
    const forgotten = await call(second.urls.quickstream, "POST", "/customers", SECRET, { customerNumber: "KEEP-Y" }, { "Idempotency-Key": "keep-0" });
    expect(forgotten.body.customerNumber).toBe("KEEP-Y");
  });
});
