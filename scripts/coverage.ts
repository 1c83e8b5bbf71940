// `npm run coverage:contract`: per API, every operation × documented status code, and whether a contract test
// exercised it (Prism answered that status and the body passed its validator). Prints the matrix and writes it to
// build/coverage/contract.md; exits 1 when anything documented was not exercised.
//
// How it learns what was exercised: the contract harness (test/contract/harness.ts) records each passing
// (method, path, status, media type) into build/coverage/contract-<api>.json, stamped with a hash of the description
// it ran against. When a record is missing or was made against another version of the description, this script runs
// the contract tests first. The contract suites themselves end with a test that fails on any uncovered cell, so
// `npm test` enforces the same rule.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { APIS, BUILD_DIR, generatedPath, QUIET_ENV, ROOT, writeFileAtomic, type ApiName } from "./lib.ts";
import { listOperations } from "./targets.ts";
import { deref } from "./pointer.ts";

type Doc = Record<string, any>;

export const COVERAGE_DIR = join(BUILD_DIR, "coverage");
export const recordPath = (api: ApiName) => join(COVERAGE_DIR, `contract-${api}.json`);
export const MATRIX_PATH = join(COVERAGE_DIR, "contract.md");

export interface ExerciseRecord {
  api: ApiName;
  /** sha256 of the generated openapi.json the tests ran against. */
  description: string;
  /** "GET /path 200" or "GET /path 200 text/csv": one entry per passing contract test of a status. */
  exercised: string[];
}

export const exerciseKey = (method: string, path: string, status: string, media?: string) =>
  `${method.toUpperCase()} ${path} ${status}${media ? ` ${media}` : ""}`;

export function descriptionHash(api: ApiName): string {
  return createHash("sha256").update(readFileSync(generatedPath(api, "openapi.json"))).digest("hex");
}


export interface Cell {
  operation: string;
  status: string;
  /** What must have been exercised for this cell: one key per documented media type (or one without media). */
  needs: string[];
  covered: boolean;
}

/** Every documented (operation, status) of a description, read from the description itself, and its coverage. */
export function coverageCells(doc: Doc, exercised: Iterable<string>): Cell[] {
  const done = new Set(exercised);
  const cells: Cell[] = [];
  for (const { method, path, operation } of listOperations(doc)) {
    for (const [status, ref] of Object.entries<any>(operation.responses ?? {})) {
      const media = Object.keys(deref(doc, ref)?.content ?? {});
      const needs = media.length ? media.map((m) => exerciseKey(method, path, status, m)) : [exerciseKey(method, path, status)];
      cells.push({ operation: `${method.toUpperCase()} ${path}`, status, needs, covered: needs.every((k) => done.has(k)) });
    }
  }
  return cells;
}

/** The matrix of one API as Markdown: a row per operation, a column per status code the API documents. */
export function matrixMarkdown(api: string, title: string, cells: Cell[]): string {
  const statuses = [...new Set(cells.map((c) => c.status))].sort();
  const operations = [...new Set(cells.map((c) => c.operation))];
  const byKey = new Map(cells.map((c) => [`${c.operation} ${c.status}`, c]));
  const uncovered = cells.filter((c) => !c.covered);
  const lines = [
    `## ${title} (${api})`,
    ``,
    `${cells.length - uncovered.length} of ${cells.length} documented (operation, status) pairs exercised by a contract test` +
      ` across ${operations.length} operations. ✓ exercised, ✗ documented but not exercised, blank: not documented.`,
    ``,
    `| operation | ${statuses.join(" | ")} |`,
    `|---|${statuses.map(() => ":-:").join("|")}|`,
    ...operations.map((op) => {
      const row = statuses.map((s) => {
        const cell = byKey.get(`${op} ${s}`);
        return cell ? (cell.covered ? "✓" : "✗") : "";
      });
      return `| \`${op.replace(/\|/g, "\\|")}\` | ${row.join(" | ")} |`;
    }),
    ``,
  ];
  if (uncovered.length) {
    lines.push(`Not exercised:`, ``, ...uncovered.map((c) => `- \`${c.operation}\` ${c.status}`), ``);
  }
  return lines.join("\n");
}

export function readRecord(api: ApiName): ExerciseRecord | undefined {
  const path = recordPath(api);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as ExerciseRecord;
}

export function writeRecord(record: ExerciseRecord): void {
  writeFileAtomic(recordPath(record.api), `${JSON.stringify({ ...record, exercised: [...record.exercised].sort() }, null, 2)}\n`);
}

function main(): void {
  const stale = APIS.filter((api) => readRecord(api)?.description !== descriptionHash(api));
  if (stale.length) {
    console.log(`[coverage] no current contract test record for ${stale.join(", ")}: running the contract tests`);
    const files = stale.map((api) => join("test", "contract", `${api}.test.ts`));
    spawnSync(join(ROOT, "node_modules", ".bin", "vitest"), ["run", ...files], { cwd: ROOT, env: QUIET_ENV, stdio: "inherit" });
  }
  const sections: string[] = [];
  let missing = 0;
  for (const api of APIS) {
    const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
    const record = readRecord(api);
    const current = record?.description === descriptionHash(api);
    const cells = coverageCells(doc, current ? record!.exercised : []);
    missing += cells.filter((c) => !c.covered).length;
    sections.push(matrixMarkdown(api, doc.info.title, cells) + (current ? "" : `\nNo contract test record for this description.\n`));
  }
  const markdown = [
    `# Contract test coverage`,
    ``,
    `Generated by \`npm run coverage:contract\` from the descriptions and the contract tests' record of what passed.`,
    ``,
    ...sections,
  ].join("\n");
  writeFileAtomic(MATRIX_PATH, markdown);
  console.log(markdown);
  console.log(`[coverage] ${MATRIX_PATH}`);
  if (missing) {
    console.error(`error: ${missing} documented (operation, status) pairs are not exercised by a contract test`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
