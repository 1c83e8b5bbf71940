// Start and stop Prism mock servers of the bundled descriptions on 127.0.0.1. Used by `npm run mock` and the tests.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatedPath, QUIET_ENV, ROOT, type ApiName } from "./lib.ts";

export interface MockServer {
  api: ApiName;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The document Prism serves: the published bundle with `jsonSchemaDialect` set to JSON Schema 2020-12. Prism 5.14
 * validates with a draft-07 validator unless the document names a 2020-12 dialect, and draft-07 silently ignores
 * `unevaluatedProperties`, so closed request models would accept unknown fields (DECISIONS.md P2b).
 * Each server gets its own copy in its own folder: Prism watches its document and restarts (dropping connections)
 * when the file is replaced, so servers started side by side must never share one.
 */
export function mockDocument(api: ApiName): { file: string; remove(): void } {
  const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
  doc.jsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema";
  const dir = mkdtempSync(join(tmpdir(), `prism-${api}-`));
  const file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(doc));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startPrism(api: ApiName, port?: number, opts: { inherit?: boolean } = {}): Promise<MockServer> {
  const chosen = port ?? (await freePort());
  const document = mockDocument(api);
  const child: ChildProcess = spawn(
    join(ROOT, "node_modules", ".bin", "prism"),
    ["mock", "-h", "127.0.0.1", "-p", String(chosen), "--errors", "false", document.file],
    { cwd: ROOT, env: QUIET_ENV, detached: true, stdio: opts.inherit ? "inherit" : ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${chosen}`;
  // Prism runs in its own process group; if this process ends without stopping it, take it down too.
  const killOnExit = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
    document.remove();
  };
  process.once("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    await stopProcessGroup(child);
    document.remove();
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism for ${api} exited early (code ${child.exitCode}):\n${output}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      return { api, url, port: chosen, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  await stop();
  throw new Error(`Prism for ${api} did not answer on ${url} within 30 s:\n${output}`);
}

/** Kill Prism's whole process group and wait for it to exit. */
function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, 3000).unref();
  });
}
