// A publishable-key QuickStream client offers only the operations that accept that key: a type error at compile
// time (the `@ts-expect-error` lines are checked by `npm run typecheck`) and a refusal before sending at run time.
import { describe, expect, it } from "vitest";
import { operationKeys } from "../../generated/quickstream/client-meta.ts";
import { createQuickStreamClient, RequestRefusedError } from "../../src/index.ts";
import { useFaultServer } from "./fault-server.ts";

const server = useFaultServer();

const publishable = () => createQuickStreamClient({ publishableKey: "pk_test_keys", baseUrl: server.url, retry: false });
const secret = () => createQuickStreamClient({ secretKey: "sk_test_keys", baseUrl: server.url, retry: false });

describe("QuickStream keys", () => {
  it("a publishable client cannot reach secret operations (refused before sending)", async () => {
    const client = publishable();
    // @ts-expect-error POST /transactions takes the secret key only
    await expect(client.POST("/transactions", { body: {} })).rejects.toThrow(RequestRefusedError);
    // @ts-expect-error GET /customers takes the secret key only
    await expect(client.GET("/customers", {})).rejects.toThrow(/does not accept the publishableKey/);
    await expect((client.request as Function)("DELETE", "/accounts/{accountToken}", { params: { path: { accountToken: "t" } } })).rejects.toThrow(
      RequestRefusedError,
    );
    expect(server.seen).toHaveLength(0);
  });

  it("a publishable client refuses every operation the description gives the secret key only", async () => {
    const client = publishable();
    const secretOnly = Object.entries(operationKeys as Record<string, readonly string[]>).filter(([, k]) => !k.includes("publishableKey"));
    expect(secretOnly.length).toBeGreaterThan(10);
    for (const [op] of secretOnly) {
      const [method, path] = op.split(" ") as [string, string];
      await expect((client.request as Function)(method, path, {})).rejects.toThrow(RequestRefusedError);
    }
    expect(server.seen).toHaveLength(0);
  });

  it("a publishable client calls the publishable operations and GET /", async () => {
    const client = publishable();
    expect((await client.GET("/", {})).response.status).toBe(200);
    const token = await client.POST("/single-use-tokens", { body: { accountType: "CREDIT_CARD" } as never });
    expect(token.response.status).toBe(200);
    expect(server.seen.map((s) => s.authorization)).toEqual([
      `Basic ${Buffer.from("pk_test_keys:").toString("base64")}`,
      `Basic ${Buffer.from("pk_test_keys:").toString("base64")}`,
    ]);
    expect(server.seen[1]!.idempotencyKey).toBeDefined();
  });

  it("a secret client offers secret operations and GET /, not the publishable-only ones", async () => {
    const client = secret();
    expect((await client.GET("/", {})).response.status).toBe(200);
    expect((await client.GET("/transactions", {})).response.status).toBe(200);
    // @ts-expect-error POST /single-use-tokens takes the publishable key only
    await expect(client.POST("/single-use-tokens", { body: {} })).rejects.toThrow(RequestRefusedError);
    expect(server.seen).toHaveLength(2);
  });

  it("needs exactly one key", () => {
    // @ts-expect-error both keys
    expect(() => createQuickStreamClient({ secretKey: "a", publishableKey: "b" })).toThrow(/exactly one/);
    // @ts-expect-error no key
    expect(() => createQuickStreamClient({})).toThrow(/exactly one/);
  });
});
