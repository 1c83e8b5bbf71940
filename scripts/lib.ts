// Shared helpers for the build scripts: the list of APIs, where output goes, running tools, atomic writes.
import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const APIS = ["paymentsplus", "quickstream"] as const;
export type ApiName = (typeof APIS)[number];

/** Where generated files go: `generated/` unless GENERATED_DIR points elsewhere (used by check:generated). */
export const GENERATED_DIR = resolve(process.env.GENERATED_DIR ?? join(ROOT, "generated"));
/** Build output that is not committed (docs pages, Postman files, screenshots). */
export const BUILD_DIR = resolve(process.env.BUILD_DIR ?? join(ROOT, "build"));

export const sourceRoot = (api: ApiName) => join(ROOT, "openapi", api, "openapi.yaml");
export const generatedPath = (api: ApiName, file: string) => join(GENERATED_DIR, api, file);

/** No tool may phone home: Redocly telemetry and update checks off for every child process. */
export const QUIET_ENV = {
  ...process.env,
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  NO_UPDATE_NOTIFIER: "1",
  SCARF_ANALYTICS: "false",
  DO_NOT_TRACK: "1",
};

/** Run a node_modules/.bin tool; on failure print its output and exit with its code. */
export function runTool(tool: string, args: string[], opts: { quiet?: boolean } = {}): string {
  const result = spawnSync(join(ROOT, "node_modules", ".bin", tool), args, {
    cwd: ROOT,
    env: QUIET_ENV,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) {
    process.stderr.write(output);
    fail(`${tool} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
  }
  if (!opts.quiet) process.stdout.write(result.stdout ?? "");
  return output;
}

/** Write a file so that readers never see it half-written: write beside it, then rename over it. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

export function readJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export function step(name: string, detail: string): void {
  console.log(`[${name}] ${detail}`);
}

export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}
