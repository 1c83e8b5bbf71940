// Building a client costs nothing that its first request would not (issue 25 item 5, docs/performance.md): Node loads
// its fetch implementation (undici, 15-31 ms of CPU) on the first read of globalThis.fetch or Request, which
// openapi-fetch's createClient does; the client makes openapi-fetch's client at its first use instead.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib.ts";

const script = `
const { createPaymentsPlusClient, createQuickStreamClient } = await import(${JSON.stringify(join(ROOT, "src", "index.ts"))});
const undici = () => process.moduleLoadList.filter((m) => m.includes("undici")).length;
const paymentsPlus = createPaymentsPlusClient({ apiKey: "START_UP_SEC_key", baseUrl: "http://127.0.0.1:9/rest/v1" });
const quickStream = createQuickStreamClient({ secretKey: "START_UP_SEC_key", baseUrl: "http://127.0.0.1:9/rest/v1" });
const built = undici();
quickStream.use({ onRequest: () => undefined }); // middleware needs openapi-fetch's client: made now
console.log(JSON.stringify({ built, afterUse: undici(), get: typeof paymentsPlus.GET }));
`;

describe("building a client", () => {
  it("does not load Node's fetch implementation until openapi-fetch's client is needed", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({ built: 0, afterUse: 1, get: "function" });
  });
});
