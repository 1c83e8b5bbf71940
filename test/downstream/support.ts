// Shared by the downstream code-generation suite (`npm run test:downstream`, vitest.downstream.config.ts): where the
// pinned generators are, the published bundles they read, and running a command with its output kept for the failure.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APIS, generatedPath, QUIET_ENV, ROOT, type ApiName } from "../../scripts/lib.ts";

export { APIS, ROOT, type ApiName };

/** The published 3.1 bundle, and the 3.0.3 variant for generators that read only 3.0. */
export const bundle = (api: ApiName, version: "3.1" | "3.0" = "3.1") =>
  generatedPath(api, version === "3.1" ? "openapi.json" : "openapi.3.0.json");

export const TOOLS = {
  /** npm tools: the project's own openapi-typescript and tsc; the others from tools/codegen-ts. */
  npm: (name: string) => join(ROOT, "node_modules", ".bin", name),
  codegenTs: (name: string) => join(ROOT, "tools", "codegen-ts", "node_modules", ".bin", name),
  /** Go tools built by `npm run setup` from tools/<name>/go.mod. */
  bin: (name: string) => join(ROOT, ".tools", "bin", name),
  /** PyPI tools in their venv (tools/<name>/requirements.txt). */
  venv: (venv: string, name: string) => join(ROOT, ".tools", "venv", venv, "bin", name),
  /** Jars copied from Maven Central (tools/<name>/pom.xml). */
  jars: (name: string) => join(ROOT, ".tools", "jars", name),
};

export const ENV: NodeJS.ProcessEnv = {
  ...QUIET_ENV,
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
  GOTOOLCHAIN: "local",
  GOFLAGS: "-modcacherw",
  PIP_DISABLE_PIP_VERSION_CHECK: "1",
  PYTHONDONTWRITEBYTECODE: "1",
};

export const workDir = (name: string) => mkdtempSync(join(tmpdir(), `downstream-${name}-`));

export interface RunResult {
  status: number | null;
  output: string;
}

/** Run a command asynchronously (so that independent generators run side by side), keeping stdout and stderr. */
export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 300_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ status: -1, output: `${cmd} could not start: ${e.message}` });
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** Run, and throw with the command and its output when it fails. */
export async function mustRun(cmd: string, args: string[], opts: Parameters<typeof run>[2]): Promise<string> {
  const result = await run(cmd, args, opts);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (exit ${result.status}):\n${result.output.slice(-6000)}`);
  return result.output;
}

/** Run `jobs` at most `limit` at a time (2 cores). */
export async function limited<T>(limit: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}
