// paginate: every item of every page, following `next` links under the client's base URL only; never a page twice,
// never more than maxPages, and the same clear error for a malformed page wherever it comes.
import { describe, expect, it } from "vitest";
import { ApiError, createQuickStreamClient, PaginationError, RequestRefusedError, ResponseBodyError } from "../../src/index.ts";
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

  const drain = async (c: ReturnType<typeof client>, init: object = {}) => {
    const receipts: string[] = [];
    const error = await (async () => {
      for await (const tx of c.paginate("/transactions", init)) receipts.push(tx.receiptNumber!);
    })().catch((e) => e);
    return { receipts, error };
  };

  it("never yields a page twice: a cycle (A -> B -> A) ends with a PaginationError", async () => {
    server.list = { items: 6, next: (n) => (n === 1 ? `${server.url}/transactions?page=2` : `${server.url}/transactions`) };
    const { receipts, error } = await drain(client());
    expect(receipts).toEqual(["R1", "R2", "R3", "R4"]);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.reason).toBe("cycle");
    expect(server.seen).toHaveLength(2);
  });

  it("a link to the page itself is a cycle too", async () => {
    server.list = { items: 6, next: () => `${server.url}/transactions` };
    const { receipts, error } = await drain(client());
    expect(receipts).toEqual(["R1", "R2"]);
    expect(error.reason).toBe("cycle");
  });

  it("stops at maxPages (default 1000) with a PaginationError", async () => {
    server.list = { items: 10_000 };
    const { receipts, error } = await drain(client(), { maxPages: 3 });
    expect(receipts).toHaveLength(6);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error.reason).toBe("page-cap");
    expect(server.seen).toHaveLength(3);
    expect(() => client().paginate("/transactions", { maxPages: 0 })).toThrow(TypeError);
  });

  it.each([
    ["not JSON", "<html>"],
    ["data a string", { links: [], data: "abc" }],
    ["an array", [1, 2]],
    ["links not an array", { links: "next", data: [] }],
    ["null", "null"],
  ])("a page that is %s is the same ResponseBodyError on page 1 and page 2", async (_why, body) => {
    for (const bad of [1, 2]) {
      server.reset();
      server.list = { items: 6, page: (n) => (n === bad ? body : undefined as never) };
      if (bad === 2) server.list.page = (n) => (n === 2 ? body : { links: [{ rel: "next", href: `${server.url}/transactions?page=2` }], data: [{ receiptNumber: "R1" }] });
      const { receipts, error } = await drain(client());
      expect(error, `page ${bad}`).toBeInstanceOf(ResponseBodyError);
      expect(receipts).toHaveLength(bad - 1);
    }
  });

  it("a page whose data and links are null (optional response fields may be null, P47) is an empty last page", async () => {
    server.list = { items: 6, page: () => ({ links: null, data: null }) as never };
    const { receipts, error } = await drain(client());
    expect(error).toBeUndefined();
    expect(receipts).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it("follows only links under the base URL (origin and base path), never sending elsewhere on the same origin", async () => {
    for (const href of ["/admin/transactions?page=2", "/rest/v10/transactions", "/rest/v1/../admin", "/rest/v1/%2e%2e/admin"]) {
      server.reset();
      server.list = { items: 6, next: () => `${server.url}${href}` };
      const c = createQuickStreamClient({ secretKey: "sk_pages", baseUrl: `${server.url}/rest/v1`, retry: false });
      const { error } = await drain(c);
      expect(error, href).toBeInstanceOf(RequestRefusedError);
      expect(server.seen, href).toHaveLength(1);
    }
    server.reset();
    server.list = { items: 6, next: (n) => (n < 3 ? `${server.url}/rest/v1/transactions?page=${n + 1}` : undefined) };
    const c = createQuickStreamClient({ secretKey: "sk_pages", baseUrl: `${server.url}/rest/v1`, retry: false });
    const { receipts, error } = await drain(c);
    expect(error).toBeUndefined();
    expect(receipts).toEqual(["R1", "R2", "R3", "R4", "R5", "R6"]);
  });

  it("only lists can be paginated (type check)", () => {
    // @ts-expect-error GET /transactions/{receiptNumber} is not a list
    expect(() => client().paginate("/transactions/{receiptNumber}", { params: { path: { receiptNumber: "1" } } })).not.toThrow();
  });
});
