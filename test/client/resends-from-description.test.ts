// Issue item 10: how each operation may be resent is declared in the description (x-retry, P26), emitted into
// generated/<api>/client-meta.ts, and read by the client from there; no client module matches paths.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { operationResends as ppResends } from "../../generated/paymentsplus/client-meta.ts";
import { operationResends as qsResends } from "../../generated/quickstream/client-meta.ts";
import { ROOT } from "../../scripts/lib.ts";
import { listOperations } from "../../scripts/targets.ts";
import { buildClient } from "../../src/client.ts";
import { ApiConnectionError } from "../../src/index.ts";
import { useFaultServer } from "./fault-server.ts";

const server = useFaultServer();
const bundle = (api: string) => JSON.parse(readFileSync(join(ROOT, "generated", api, "openapi.json"), "utf8"));

describe("resend rules come from the description", () => {
  it.each([
    ["paymentsplus", ppResends],
    ["quickstream", qsResends],
  ] as const)("%s: client-meta holds every operation's x-retry", (api, resends) => {
    const doc = bundle(api);
    const ops = listOperations(doc);
    expect(Object.keys(resends)).toHaveLength(ops.length);
    for (const { method, path, operation } of ops) {
      const { idempotencyKey: _, ...declared } = (resends as Record<string, Record<string, unknown>>)[`${method.toUpperCase()} ${path}`]!;
      expect(declared, `${method} ${path}`).toEqual(operation["x-retry"]);
    }
  });

  it("no client module matches a path or names an operation", () => {
    for (const file of ["retry.ts", "transport.ts", "client.ts", "paymentsplus.ts", "quickstream.ts", "pagination.ts"]) {
      const code = readFileSync(join(ROOT, "src", file), "utf8").replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, "");
      expect(code, file).not.toMatch(/["'`]\/(files|payments|transactions|accounts|customers)\b/);
      expect(code, file).not.toMatch(/\bpath\.(endsWith|startsWith|includes|match)\(/);
    }
  });

  it("the client does what the rules say, and only that: flipping afterNoAnswer flips the resend", async () => {
    for (const afterNoAnswer of [false, true]) {
      server.reset();
      server.plan = (_req, i) => (i === 0 ? "drop-after" : "ok");
      const client = buildClient<any>(
        {
          api: "paymentsplus",
          baseUrl: server.url,
          key: "pp_test_meta",
          scheme: "apiKey",
          operationKeys: { "POST /files/{fileIdentifier}/send": ["apiKey"] },
          operationResends: {
            "POST /files/{fileIdentifier}/send": { afterNoAnswer, after429Or503: true, after502Or504: false, conflictOnResend: "error", idempotencyKey: false },
          },
          allowUnknownOperations: false,
        },
        { retry: { maxRetries: 2, delayMs: 1 } },
      );
      const outcome = await client.POST("/files/{fileIdentifier}/send", { params: { path: { fileIdentifier: "F1" } } }).catch((e: unknown) => e);
      if (afterNoAnswer) expect((outcome as { response: Response }).response.status).toBe(200);
      else expect(outcome).toBeInstanceOf(ApiConnectionError);
      expect(server.seen).toHaveLength(afterNoAnswer ? 2 : 1);
    }
  });

  it("an Idempotency-Key goes with the operations whose description declares the header", async () => {
    const client = buildClient<any>(
      {
        api: "quickstream",
        baseUrl: server.url,
        key: "sk_test_meta",
        scheme: "secretKey",
        operationKeys: { "POST /a": ["secretKey"], "POST /b": ["secretKey"] },
        operationResends: {
          "POST /a": { afterNoAnswer: true, after429Or503: true, after502Or504: false, conflictOnResend: "error", idempotencyKey: true },
          "POST /b": { afterNoAnswer: true, after429Or503: true, after502Or504: false, conflictOnResend: "error", idempotencyKey: false },
        },
        allowUnknownOperations: false,
      },
      {},
    );
    await client.POST("/a", {});
    await client.POST("/b", {});
    expect(server.seen[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.seen[1]!.idempotencyKey).toBeUndefined();
  });
});
