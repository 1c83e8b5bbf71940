// Schemathesis (PyPI, pinned in tools/schemathesis/requirements.txt, installed by `npm run setup` into
// .tools/venv/schemathesis) against a running server of one description: bounded and seeded, so that a run takes
// about a minute and finds the same cases each time.
//
// Checks: every one schemathesis has (no 5xx, documented status, content type, headers and schema; a request without
// auth or a required header refused; stateful use-after-free and resource availability), except three whose premise
// the APIs do not share: `unsupported_method` (that an undeclared method gets 405: how the APIs answer one is not
// described), `negative_data_rejection` (that any request outside the schema is refused: unknown query parameters
// are not described as refused) and `positive_data_acceptance` (that any schema-valid request is accepted: documented
// business rules refuse some, such as a payment added to a file that is no longer OPEN).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { BUILD_DIR, generatedPath, ROOT, type ApiName } from "./lib.ts";

export const SCHEMATHESIS_TOOL = join(ROOT, "tools", "schemathesis");
export const SCHEMATHESIS = join(ROOT, ".tools", "venv", "schemathesis", "bin", "schemathesis");
const EXCLUDED_CHECKS = ["unsupported_method", "negative_data_rejection", "positive_data_acceptance"];

export interface SchemathesisRun {
  code: number | null;
  output: string;
}

export interface SchemathesisOptions {
  /** The HTTP Basic user name (the key), with an empty password. */
  key: string;
  maxExamples?: number;
  seed?: number;
  /** Known failures to accept (a schemathesis baseline file: each entry says why, and who must fix it). */
  baseline?: string;
}

export function schemathesisArgs(api: ApiName, baseUrl: string, options: SchemathesisOptions): string[] {
  return [
    "run",
    generatedPath(api, "openapi.json"),
    "--url",
    baseUrl,
    "--auth",
    `${options.key}:`,
    "--checks",
    "all",
    "--exclude-checks",
    EXCLUDED_CHECKS.join(","),
    // The coverage phase (every boundary value of every parameter) alone takes minutes on a shared machine.
    "--phases",
    "examples,fuzzing,stateful",
    "--max-examples",
    String(options.maxExamples ?? 5),
    "--seed",
    String(options.seed ?? 20261130),
    "--generation-database",
    "none",
    "--workers",
    "1",
    "--no-color",
    "--output-truncate",
    "false",
    ...(options.baseline ? ["--baseline", options.baseline] : []),
  ];
}

/** Run schemathesis against baseUrl; resolves when it exits (it never reaches beyond baseUrl). */
export function runSchemathesis(api: ApiName, baseUrl: string, options: SchemathesisOptions): Promise<SchemathesisRun> {
  if (!existsSync(SCHEMATHESIS)) throw new Error("schemathesis is not installed: run `npm run setup -- --tool schemathesis`");
  const workDir = join(BUILD_DIR, "schemathesis");
  mkdirSync(workDir, { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(SCHEMATHESIS, schemathesisArgs(api, baseUrl, options), {
      cwd: workDir, // schemathesis and hypothesis keep their own folders there
      // hooks.py (fresh Idempotency-Keys) is loaded from the tool folder; nothing may phone home.
      env: { ...process.env, SCHEMATHESIS_HOOKS: "hooks", PYTHONPATH: SCHEMATHESIS_TOOL, PYTHONDONTWRITEBYTECODE: "1", NO_COLOR: "1", DO_NOT_TRACK: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}
