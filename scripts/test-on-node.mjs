#!/usr/bin/env node
// `npm run test:node -- 24` (or 22): the whole `npm test` on another Node.js release, the one pinned in tools/node
// (installed by `npm run setup`). That Node comes first on PATH, so tsc, vitest and every process the tests start
// (Prism, the CLI, the packed consumer) run on it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const major = process.argv[2];
const bin = join(ROOT, "tools", "node", "node_modules", `node${major}`, "bin");
// The pinned Node releases (tools/node) are installed the first time this runs.
const setup = spawnSync(process.execPath, [join(ROOT, "scripts", "setup.mjs"), "--for", "test:node"], { cwd: ROOT, stdio: "inherit" });
if (setup.status !== 0) process.exit(setup.status ?? 1);
if (!major || !existsSync(join(bin, "node"))) {
  console.error(`usage: npm run test:node -- <22|24>; no Node ${major ?? "(none given)"} in ${bin}: tools/node pins Node 22 and 24`);
  process.exit(2);
}
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
const version = spawnSync("node", ["--version"], { env, encoding: "utf8" }).stdout.trim();
if (!version.startsWith(`v${major}.`)) {
  console.error(`expected Node ${major} first on PATH, found ${version || "nothing"}`);
  process.exit(2);
}
console.log(`[test:node] npm test on Node ${version}`);
const result = spawnSync("npm", ["test"], { cwd: ROOT, env, stdio: "inherit" });
process.exit(result.status ?? 1);
