// `npm run check:breaking [-- <git ref>]`: oasdiff (tools/oasdiff, pinned) compares each published description with
// a base, and the command fails on a breaking change that CHANGELOG.md does not acknowledge.
//
//   base  the commit of the newest release in CHANGELOG.md (`## 0.1.0 (2026-11-21, commit 213121f)`), or the git ref
//         given on the command line; its committed generated/<api>/openapi.json is compared with the working tree's.
//   rules oasdiff's changelog, direction-aware: what a client sends (parameters, request bodies) may not become stricter,
//         what it receives (responses) may not lose anything it relied on. A webhook is something the client
//         receives, so each is compared as the 200 response of a made-up `GET /webhooks/<name>` (oasdiff reads no
//         `webhooks`), and reported as `WEBHOOK <name>`. Breaking: oasdiff's errors and warnings, with a removed
//         (or renamed) component schema and a removed optional response property raised to warnings
//         (SEVERITY_LEVELS); a component change is reported as `schema <Name>`.
//   ack   a line in CHANGELOG.md's "Unreleased" section (or in a release newer than the base):
//           - `<rule id>` <api> <operation>[, <operation>...]: <what changed and what users do>
//         where an operation is `METHOD /path` or `WEBHOOK name` exactly as this command prints it.
//
// Options (tests use them): --generated <dir> instead of generated/, --changelog <file> instead of CHANGELOG.md.
// Exit 0: no unacknowledged breaking change; 1: some (each printed with the line that would acknowledge it);
// 2: the command could not run (no oasdiff, unknown ref, unreadable CHANGELOG.md).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { APIS, ROOT, type ApiName } from "./lib.ts";

export const OASDIFF = join(ROOT, ".tools", "bin", "oasdiff");

export interface Release {
  version: string;
  date: string;
  commit: string;
}
export interface Acknowledgement {
  rule: string;
  api: string;
  operation: string;
}
export interface Change {
  rule: string;
  api: ApiName;
  operation: string;
  /** oasdiff's level: error (breaking), warning (may break: acknowledged like an error), info (compatible). */
  level: "error" | "warning" | "info";
  text: string;
}
export const isBreaking = (c: Change) => c.level !== "info";
/**
 * Two of oasdiff's rules raised from info to warning (tools/oasdiff/severity-levels.txt), because code generated from
 * the old description names what they remove: a component schema (`api-schema-removed`: a rename breaks users' types
 * although nothing changes on the wire) and an optional response property (code that reads it stops compiling).
 */
export const SEVERITY_LEVELS = join(ROOT, "tools", "oasdiff", "severity-levels.txt");

const RELEASE = /^## (\d+\.\d+\.\d+\S*) \((\d{4}-\d{2}-\d{2}), commit ([0-9a-f]{7,40})\)\s*$/;
const ACK = /^\s*[-*] `([a-z0-9-]+)` (paymentsplus|quickstream) (.+?):(?:\s|$)/;

/** The sections of CHANGELOG.md that count for a base: "Unreleased" and every release above `base` (all if absent). */
export function readChangelog(text: string, baseCommit?: (commit: string) => boolean) {
  const releases: Release[] = [];
  const acknowledgements: Acknowledgement[] = [];
  let counting = false;
  let reachedBase = false;
  for (const line of text.split("\n")) {
    const release = RELEASE.exec(line);
    if (release) {
      releases.push({ version: release[1]!, date: release[2]!, commit: release[3]! });
      if (baseCommit?.(release[3]!)) reachedBase = true;
      counting = !reachedBase;
      continue;
    }
    if (/^## Unreleased\s*$/.test(line)) counting = true;
    else if (/^## /.test(line)) counting = false;
    const ack = counting && !reachedBase ? ACK.exec(line) : null;
    if (ack) for (const operation of ack[3]!.split(", ")) acknowledgements.push({ rule: ack[1]!, api: ack[2]!, operation });
  }
  return { releases, acknowledgements };
}

/** oasdiff reads no `webhooks`: each becomes the 200 response of `GET /webhooks/<name>`, what the receiver gets. */
export function webhooksAsResponses(doc: any): any {
  const paths = { ...doc.paths };
  for (const [name, item] of Object.entries<any>(doc.webhooks ?? {})) {
    for (const operation of Object.values<any>(item)) {
      paths[`/webhooks/${name}`] = {
        get: {
          operationId: `webhook-${name}`,
          responses: { "200": { description: `The ${name} payload`, content: operation.requestBody?.content ?? {} } },
        },
      };
    }
  }
  const { webhooks: _, ...rest } = doc;
  return { ...rest, paths };
}

const operationName = (method: string, path: string) =>
  path.startsWith("/webhooks/") ? `WEBHOOK ${path.slice("/webhooks/".length)}` : `${method.toUpperCase()} ${path}`;

/** Every change oasdiff's changelog finds between two documents, with our operation names. */
export function changes(api: ApiName, base: unknown, head: unknown): Change[] {
  if (!existsSync(OASDIFF)) throw new Error(`oasdiff is missing at ${OASDIFF}: run \`npm run setup\``);
  const dir = mkdtempSync(join(tmpdir(), "check-breaking-"));
  try {
    writeFileSync(join(dir, "base.json"), JSON.stringify(webhooksAsResponses(base)));
    writeFileSync(join(dir, "head.json"), JSON.stringify(webhooksAsResponses(head)));
    const result = spawnSync(OASDIFF, ["changelog", join(dir, "base.json"), join(dir, "head.json"), "--format", "json", "--allow-external-refs=false", "--severity-levels", SEVERITY_LEVELS], {
      cwd: dir, // no .oasdiff.* config file from the repository or above
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, DO_NOT_TRACK: "1" },
    });
    if (result.status !== 0) throw new Error(`oasdiff failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
    const found = JSON.parse(result.stdout || "[]") as { id: string; level: number; operation?: string; path?: string; text: string }[];
    return found.map((c) => ({
      rule: c.id,
      api,
      // A change outside paths (a component) is named by its kind and the name in its text: `schema File`.
      operation: c.path ? operationName(c.operation ?? "", c.path) : c.id.startsWith("api-schema-") ? `schema ${/`([^`]+)`/.exec(c.text)?.[1] ?? "*"}` : "*",
      level: c.level >= 3 ? "error" : c.level === 2 ? "warning" : "info",
      text: c.text,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const acknowledges = (a: Acknowledgement, c: Change) =>
  a.rule === c.rule && a.api === c.api && (a.operation === c.operation || a.operation === "*");

function git(args: string[]): string {
  const result = spawnSync("git", args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr.trim()}`);
  return result.stdout;
}

function main(argv: string[]): number {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const generated = option("--generated") ?? join(ROOT, "generated");
  const changelogPath = option("--changelog") ?? join(ROOT, "CHANGELOG.md");
  const text = readFileSync(changelogPath, "utf8");
  const { releases } = readChangelog(text);
  const ref = argv[0] ?? releases[0]?.commit;
  if (!ref) throw new Error(`${changelogPath} records no release (\`## x.y.z (date, commit sha)\`) and no ref was given`);
  const base = git(["rev-parse", "--verify", `${ref}^{commit}`]).trim();
  const isBase = (commit: string) => git(["rev-parse", "--verify", `${commit}^{commit}`]).trim() === base;
  const { acknowledgements } = readChangelog(text, isBase);
  console.log(`[check:breaking] base ${ref} (${base.slice(0, 12)}), ${acknowledgements.length} acknowledged change(s) in ${changelogPath}`);

  let unacknowledged = 0;
  for (const api of APIS) {
    const before = JSON.parse(git(["show", `${base}:generated/${api}/openapi.json`]));
    const after = JSON.parse(readFileSync(join(generated, api, "openapi.json"), "utf8"));
    const all = changes(api, before, after);
    const breaking = all.filter(isBreaking);
    for (const c of breaking) {
      const ok = acknowledgements.some((a) => acknowledges(a, c));
      if (ok) continue;
      unacknowledged++;
      console.log(`  NOT ACKNOWLEDGED (${c.level}): ${api} ${c.operation} [${c.rule}] ${c.text}`);
      console.log(`    acknowledge with: - \`${c.rule}\` ${api} ${c.operation}: <what changed, what users do>`);
    }
    console.log(`[check:breaking] ${api}: ${breaking.length} breaking change(s) (${breaking.filter((c) => acknowledgements.some((a) => acknowledges(a, c))).length} acknowledged), ${all.length - breaking.length} compatible change(s)`);
  }
  if (unacknowledged) {
    console.error(`error: ${unacknowledged} breaking change(s) not acknowledged in CHANGELOG.md's "Unreleased" section (see its header)`);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
