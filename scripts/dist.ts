// Step 6: the JavaScript and .d.ts that the npm package ships, compiled from src/ and generated/ into dist/.
// Consumers need no TypeScript: dist/src/*.js import dist/generated/<api>/*.js, and the generated validators.js import
// the compiled checks (compiled-validators.js, plain JavaScript, and its declaration), copied next to each entry.
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { APIS, fail, generatedPath, ROOT, runTool, step } from "./lib.ts";

// Compile into a fresh folder beside dist/ and swap it in, so that no stale file ships and readers (npm pack)
// never see a half-built dist/.
const DIST = join(ROOT, "dist");
const fresh = join(ROOT, `dist.${process.pid}.tmp`);
rmSync(fresh, { recursive: true, force: true });
runTool("tsc", ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", fresh]);
for (const api of APIS) {
  for (const name of ["compiled-validators.js", "compiled-validators.d.ts"]) {
    const from = generatedPath(api, name);
    if (!existsSync(from)) fail(`${from} is missing: run \`npm run build:validators\` first`);
    copyFileSync(from, join(fresh, "generated", api, name));
  }
}
rmSync(DIST, { recursive: true, force: true });
renameSync(fresh, DIST);

// The command line: npm links `bin` entries as executables; keep the compiled file runnable directly too.
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const bins: string[] = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
for (const bin of bins) {
  const file = join(ROOT, bin);
  if (!existsSync(file)) fail(`package.json bin ${bin} was not built`);
  if (!readFileSync(file, "utf8").startsWith("#!")) fail(`${bin} needs a "#!/usr/bin/env node" first line in its source`);
  chmodSync(file, 0o755);
}

// Every path that package.json exports must exist after the build.
const targets = new Set<string>();
const collect = (node: unknown): void => {
  if (typeof node === "string") targets.add(node);
  else if (node && typeof node === "object") Object.values(node).forEach(collect);
};
collect(pkg.exports);
const missing = [...targets].filter((t) => !existsSync(join(ROOT, t)));
if (missing.length) fail(`package.json exports point at missing files: ${missing.join(", ")}`);
step("dist", `compiled src/ and generated/ into dist/ (${targets.size} exported files present)`);
