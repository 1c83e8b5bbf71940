// paginate: every item of every page, following `next` links on the client's own origin only.
import { describe, expect, it } from "vitest";
import { ApiError, createQuickStreamClient, RequestRefusedError } from "../../src/index.ts";
import { useFaultServer } from "./fault-server.ts";

const server = useFaultServer();
const other = useFaultServer();
const client = () => createQuickStreamClient({ secretKey: "sk_pages", baseUrl: server.url, retry: { maxRetries: 2, delayMs: 1 } });

describe("paginate", () => {
  it("yields every item of every page", async () => {
    const receipts: string[] = [];
    for await (const tx of client().paginate("/transactions", {})) receipts.push(tx.receiptNumber!);
    expect(receipts).toEqual(["R1", "R2", "R3", "R4", "R5"]);
    expect(server.seen).toHaveLength(3);
    expect(new Set(server.seen.map((s) => s.authorization)).size).toBe(1);
  });

  it("resends a page after 429 or a dropped connection", async () => {
    server.plan = (_r, i) => (i === 1 ? 429 : i === 2 ? "drop-before" : "ok");
    const receipts: string[] = [];
    for await (const tx of client().paginate("/transactions", {})) receipts.push(tx.receiptNumber!);
    expect(receipts).toHaveLength(5);
  });

  it("never follows a next link to another origin (and sends it nothing)", async () => {
    server.list = { items: 6, foreignNext: other.url };
    const receipts: string[] = [];
    const error = await (async () => {
      for await (const tx of client().paginate("/transactions", {})) receipts.push(tx.receiptNumber!);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(RequestRefusedError);
    expect(error.message).toContain(other.url);
    expect(receipts).toEqual(["R1", "R2", "R3", "R4"]);
    expect(other.seen).toHaveLength(0);
  });

  it("throws an ApiError when a page fails", async () => {
    server.plan = (_r, i) => (i === 1 ? 500 : "ok");
    const error = await (async () => {
      for await (const _ of client().paginate("/transactions", {})) void _;
    })().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(500);
  });

  it("only lists can be paginated (type check)", () => {
    // @ts-expect-error GET /transactions/{receiptNumber} is not a list
    expect(() => client().paginate("/transactions/{receiptNumber}", { params: { path: { receiptNumber: "1" } } })).not.toThrow();
  });
});
