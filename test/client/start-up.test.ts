// Building a client costs nothing that its first request would not (issue 25 item 5, docs/performance.md): Node loads
// its fetch implementation (undici, 15-31 ms of CPU) on the first read of globalThis.fetch or Request, which
// openapi-fetch's createClient does; the client makes openapi-fetch's client at its first use instead. And openapi-fetch
// itself is imported at the first call, not with the package (P135): resolving, reading and compiling it was about a
// third of importing the clients.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib.ts";

// A resolve hook tells the test which modules the process asks for (in order, over a message port); a last import of
// a sentinel marks where the list stands, since messages from the hooks' thread arrive asynchronously.
const script = `
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
const { port1, port2 } = new MessageChannel();
const resolved = [];
port1.on("message", (specifier) => resolved.push(specifier));
port1.unref();
const hook = "export function initialize({ port }) { globalThis.port = port; }" +
  "export async function resolve(specifier, context, next) { globalThis.port.postMessage(specifier); return next(specifier, context); }";
register("data:text/javascript," + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });
let sentinels = 0;
const requested = async () => {
  const sentinel = "data:text/javascript,export default " + ++sentinels;
  await import(sentinel);
  while (!resolved.includes(sentinel)) await new Promise((resolve) => setImmediate(resolve));
  return resolved.some((s) => s === "openapi-fetch");
};
const undici = () => process.moduleLoadList.filter((m) => m.includes("undici")).length;

const { createPaymentsPlusClient, createQuickStreamClient } = await import(${JSON.stringify(join(ROOT, "src", "index.ts"))});
const paymentsPlus = createPaymentsPlusClient({ apiKey: "START_UP_SEC_key", baseUrl: "http://127.0.0.1:9/rest/v1" });
const quickStream = createQuickStreamClient({ secretKey: "START_UP_SEC_key", baseUrl: "http://127.0.0.1:9/rest/v1", retry: false });
quickStream.use({ onRequest: () => undefined });
const built = { undici: undici(), openapiFetch: await requested() };
// The first call (through the middleware: openapi-fetch's pipeline) imports openapi-fetch and makes its client.
const failed = await quickStream.GET("/", {}).then(() => "answered", (error) => error.name);
console.log(JSON.stringify({ built, called: { undici: undici(), openapiFetch: await requested(), failed }, get: typeof paymentsPlus.GET }));
`;

describe("building a client", () => {
  it("imports openapi-fetch and loads Node's fetch implementation only at the first call", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      built: { undici: 0, openapiFetch: false },
      called: { undici: 1, openapiFetch: true, failed: "ApiConnectionError" },
      get: "function",
    });
  });

  it("refuses what is not middleware when it is given, before openapi-fetch is loaded, as openapi-fetch does", async () => {
    const { createQuickStreamClient } = await import("../../src/index.ts");
    const client = createQuickStreamClient({ secretKey: "START_UP_SEC_key", baseUrl: "http://127.0.0.1:9/rest/v1" });
    for (const wrong of [{}, "onRequest", { onRequested: () => undefined }]) {
      expect(() => client.use(wrong as never)).toThrow("Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`");
    }
    expect(() => client.use(undefined as never, { onError: () => undefined })).not.toThrow();
  });
});
