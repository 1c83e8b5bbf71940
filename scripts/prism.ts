// Start and stop Prism mock servers of the bundled descriptions on 127.0.0.1, each behind its front
// (scripts/mock-front.ts). Used by `npm run mock` and the tests.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatedPath, QUIET_ENV, ROOT, type ApiName } from "./lib.ts";
import { startFront } from "./mock-front.ts";

/** The ports `npm run mock` listens on unless told otherwise. */
export const MOCK_PORTS = { paymentsplus: 4010, quickstream: 4011 } as const;

export interface MockServer {
  api: ApiName;
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Resolves with Prism's error output if Prism exits without stop(); never resolves otherwise. */
  died: Promise<string>;
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

/** How much of Prism's output to keep for error messages (it logs every request). */
const OUTPUT_TAIL = 16_000;

/**
 * Start Prism for one API behind its front (scripts/mock-front.ts), which owns the public port on 127.0.0.1: a taken
 * port is refused before Prism starts. Prism itself listens on a private free port, and is ready when its own output
 * says so (not when something answers on the port). `died` resolves with Prism's last output if it ever exits before
 * stop().
 */
export async function startPrism(api: ApiName, port?: number): Promise<MockServer> {
  const inner = await freePort();
  const front = await startFront(api, port ?? 0, { port: inner });
  const document = mockDocument(api);
  const child: ChildProcess = spawn(
    join(ROOT, "node_modules", ".bin", "prism"),
    ["mock", "-h", "127.0.0.1", "-p", String(inner), "--errors", "false", document.file],
    { cwd: ROOT, env: QUIET_ENV, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let stopping = false;
  const keep = (d: Buffer) => {
    output = (output + d).slice(-OUTPUT_TAIL);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
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
    stopping = true;
    process.off("exit", killOnExit);
    await Promise.all([stopProcessGroup(child), front.close()]);
    document.remove();
  };
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(`Prism for ${api} exited (${signal ?? `code ${code}`}):\n${output.trim()}`));
    child.once("error", (err) => resolve(`Prism for ${api} could not be started: ${err.message}`));
  });
  const died = exited.then((message) => (stopping ? new Promise<string>(() => {}) : message));
  const listening = `Prism is listening on http://127.0.0.1:${inner}`;
  const ready = new Promise<void>((resolve) => {
    const check = () => {
      if (!output.includes(listening)) return;
      child.stdout!.off("data", check);
      resolve();
    };
    child.stdout!.on("data", check);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`Prism for ${api} did not start within 30 s:\n${output.trim()}`), 30_000);
  });
  const failure = await Promise.race([ready.then(() => undefined), exited, timeout]);
  clearTimeout(timer);
  if (failure !== undefined) {
    await stop();
    throw new Error(failure);
  }
  return { api, url: front.url, port: front.port, stop, died };
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
