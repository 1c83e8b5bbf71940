// Every operation's code samples (scripts/code-samples.ts, `x-codeSamples` on the docs pages), run as printed against
// the sandbox: the curl sample with bash and the real curl, the TypeScript sample type-checked with strict tsc and run
// with tsx through the package's own name. A small recording proxy in front of the sandbox sees what each sample sent.
// A sample passes when it sent exactly one request, to the operation's own method and path, and the sandbox answered
// with a status the operation documents that is not a refusal of the request's form or key (400, 401, 403, 405, 406,
// 415) nor a server error. The examples' ids name nothing the sandbox holds, so a documented 404 or 422 passes.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCodeSamples, KEY_VARIABLES, sampleRequest, URL_VARIABLES } from "../scripts/code-samples.ts";
import { APIS, BUILD_DIR, generatedPath, ROOT } from "../scripts/lib.ts";
import { listOperations } from "../scripts/targets.ts";
import { startSandbox, type Sandbox } from "../src/sandbox/index.ts";

const REFUSED = [400, 401, 403, 405, 406, 415];
// Inside the package, so that `import ... from "westpac-payments-openapi"` resolves to the package itself.
const DIR = join(BUILD_DIR, "code-samples-run");
const KEYS: Record<string, string> = {
  PAYMENTSPLUS_API_KEY: "MYFACILITY_SEC_sandbox",
  QUICKSTREAM_SECRET_KEY: "MYFACILITY_SEC_sandbox",
  QUICKSTREAM_PUBLISHABLE_KEY: "MYFACILITY_PUB_sandbox",
};

interface Seen {
  method: string;
  path: string;
  status: number;
}

/** A proxy that passes every request to `target` and records what was asked and answered, per sample. */
function recordingProxy(targets: Record<string, URL>) {
  const seen = new Map<string, Seen[]>();
  let current = "";
  const server = createServer((req, res) => {
    const marker = /^\/__sample\/(.+)$/.exec(req.url ?? "");
    if (marker) {
      current = decodeURIComponent(marker[1]!);
      seen.set(current, []);
      return res.end();
    }
    const [api, ...rest] = (req.url ?? "").slice(1).split("/");
    const target = targets[api!]!;
    const path = `/${rest.join("/")}`;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: `${target.pathname.replace(/\/$/, "")}${path}`, headers: req.headers },
      (answer) => {
        seen.get(current)?.push({ method: req.method!, path: path.split("?")[0]!, status: answer.statusCode! });
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  return { server, seen };
}

/** Run a command without blocking this process (which serves the sandbox): exit code and standard error. */
function runAsync(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, err });
    });
  });
}

describe("code samples, run against the sandbox", () => {
  let sandbox: Sandbox;
  let proxy: ReturnType<typeof recordingProxy>;
  let env: NodeJS.ProcessEnv;
  const docs = Object.fromEntries(APIS.map((api) => [api, addCodeSamples(JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8")), api)]));
  const samples = APIS.flatMap((api) =>
    listOperations(docs[api]).map((op) => ({ api, op, id: `${api}-${op.operation.operationId}`, request: sampleRequest(docs[api], op) })),
  );

  beforeAll(async () => {
    sandbox = await startSandbox({ paymentsplusPort: 0, quickstreamPort: 0 });
    proxy = recordingProxy({ paymentsplus: new URL(sandbox.urls.paymentsplus), quickstream: new URL(sandbox.urls.quickstream) });
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    env = { ...process.env, ...KEYS, PAYMENTSPLUS_URL: `${base}/paymentsplus`, QUICKSTREAM_URL: `${base}/quickstream` };
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    for (const { id, op, request } of samples) {
      const [curl, ts] = op.operation["x-codeSamples"];
      writeFileSync(join(DIR, `${id}.sh`), curl.source);
      writeFileSync(join(DIR, `${id}.ts`), ts.source);
      for (const file of request.form?.files ?? []) writeFileSync(join(DIR, file.fileName), file.content);
    }
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => proxy?.server.close(resolve));
    await sandbox?.stop();
    rmSync(DIR, { recursive: true, force: true });
  });

  it("cover every operation of both APIs, each with a curl and a TypeScript sample that read the environment", () => {
    expect(samples.length).toBe(APIS.reduce((n, api) => n + listOperations(docs[api]).length, 0));
    for (const { api, op, request } of samples) {
      const [curl, ts] = op.operation["x-codeSamples"];
      expect([curl.label, ts.label]).toEqual(["curl", "TypeScript"]);
      for (const source of [curl.source, ts.source]) {
        expect(source).toContain(URL_VARIABLES[api]);
        expect(source).toContain(KEY_VARIABLES[request.scheme]);
        expect(source).not.toMatch(/_SEC_|_PUB_/);
      }
    }
  });

  /** What the sample `id` sent (recorded under `recorded`), checked against its operation. */
  const problemsOf = (id: string, recorded: string) => {
    const { op, request } = samples.find((s) => s.id === id)!;
    const seen = proxy.seen.get(recorded) ?? [];
    const documented = Object.keys(op.operation.responses).map(Number);
    const problems: string[] = [];
    if (seen.length !== 1) problems.push(`${seen.length} requests: ${JSON.stringify(seen)}`);
    for (const s of seen) {
      if (s.method !== request.method || s.path !== request.path) problems.push(`sent ${s.method} ${s.path}, not ${request.method} ${request.path}`);
      if (!documented.includes(s.status) || REFUSED.includes(s.status) || s.status >= 500) problems.push(`answered ${s.status}`);
    }
    return problems.length ? [`${recorded}: ${problems.join("; ")}`] : [];
  };
  const mark = (id: string) => fetch(`${env.QUICKSTREAM_URL!.replace(/\/quickstream$/, "")}/__sample/${encodeURIComponent(id)}`);

  it("curl: every sample sends its operation's request and gets a documented answer", async () => {
    const problems: string[] = [];
    for (const { id } of samples) {
      await mark(id);
      const result = await runAsync("bash", ["-eu", `${id}.sh`], DIR, env);
      if (result.code !== 0) problems.push(`${id}: exit ${result.code} ${result.err}`);
      problems.push(...problemsOf(id, id));
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it("TypeScript: every sample type-checks with strict tsc", () => {
    const tsconfig = join(DIR, "tsconfig.json");
    writeFileSync(
      tsconfig,
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: ["node"], skipLibCheck: true },
        include: ["*.ts"],
      }),
    );
    const tsc = spawnSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", tsconfig], { cwd: DIR, encoding: "utf8", timeout: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 180_000);

  it("TypeScript: every sample sends its operation's request and gets a documented answer", async () => {
    // One process imports the samples one after another (each is a module with top-level await), marking each first.
    const runner = join(DIR, "run-all.mts");
    writeFileSync(
      runner,
      `for (const id of ${JSON.stringify(samples.map((s) => s.id))}) {\n` +
        `  await fetch(process.env.QUICKSTREAM_URL.replace(/\\/quickstream$/, "") + "/__sample/" + encodeURIComponent(id + ".ts"));\n` +
        `  console.error("sample " + id);\n` +
        `  await import("./" + id + ".ts");\n}\n`,
    );
    // Not spawnSync: the sandbox answering the samples runs in this process.
    const run = await runAsync(join(ROOT, "node_modules", ".bin", "tsx"), [runner], DIR, env);
    expect(run.code, run.err.slice(-3000)).toBe(0);
    expect(samples.flatMap(({ id }) => problemsOf(id, `${id}.ts`))).toEqual([]);
  }, 300_000);
});
