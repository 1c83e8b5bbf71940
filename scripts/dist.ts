// Step 6: the JavaScript and .d.ts that the npm package ships, compiled from src/ and generated/ into dist/.
// Consumers need no TypeScript. tsc compiles every file (its .d.ts files ship as they are); then esbuild bundles the
// JavaScript of each entry the package exports (the clients, the validators, the sandbox's entry, the command) into
// one module each, at the same path, with the modules they share in dist/src/chunks/ (so an error class is one class
// whichever entry it comes from) and every package they import left as an import. Node then resolves, reads and
// links a few modules at start-up instead of one per source file (issue 25 item 5, P131, docs/performance.md). The
// compiled checks (generated/checks.cjs and generated/<api>/checks/, CommonJS parts, P136) are not bundled: they ship as files,
// so that each is read and compiled at its first use.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { build } from "esbuild";
import { APIS, fail, generatedPath, ROOT, runTool, step } from "./lib.ts";

/** The JavaScript entries the package exports or runs (package.json `exports` and `bin`), under dist/. */
const ENTRIES = ["src/index", "src/validators/index", "src/sandbox/entry", "src/cli"];

// Compile into a fresh folder beside dist/ and swap it in, so that no stale file ships and readers (npm pack)
// never see a half-built dist/.
const DIST = join(ROOT, "dist");
const fresh = join(ROOT, `dist.${process.pid}.tmp`);
rmSync(fresh, { recursive: true, force: true });
runTool("tsc", ["-p", join(ROOT, "tsconfig.build.json"), "--outDir", fresh]);
for (const name of ["checks.cjs", "checks.d.cts"]) {
  if (!existsSync(join(ROOT, "generated", name))) fail(`generated/${name} is missing: run \`npm run build:validators\` first`);
  copyFileSync(join(ROOT, "generated", name), join(fresh, "generated", name));
}
for (const api of APIS) {
  const from = generatedPath(api, "checks");
  mkdirSync(join(fresh, "generated", api, "checks"), { recursive: true });
  for (const name of readdirSync(from)) copyFileSync(join(from, name), join(fresh, "generated", api, "checks", name));
}
const bundled = join(ROOT, `dist.${process.pid}.bundle.tmp`);
rmSync(bundled, { recursive: true, force: true });
await build({
  entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, join(fresh, `${e}.js`)])),
  outdir: bundled,
  bundle: true,
  splitting: true,
  chunkNames: "src/chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
  plugins: [
    {
      // generated/<api>/validators.js imports ../checks.cjs: left a file, whose path from the bundled code is
      // ../../generated/checks.cjs, since every output that holds it is two folders under dist/ (src/chunks/,
      // src/validators/). Checked below.
      name: "compiled-checks-stay-files",
      setup(b) {
        b.onResolve({ filter: /^\.\.\/checks\.cjs$/ }, () => ({ path: "../../generated/checks.cjs", external: true }));
      },
    },
  ],
});
// What tsc wrote is now in the bundles: keep its declarations, and as JavaScript only the type-only exports (empty
// modules: `./<api>/types`, `./<api>/named-types`), then put the bundles in its place.
const typeOnly = new Set(APIS.flatMap((api) => [`generated/${api}/types.js`, `generated/${api}/named-types.js`]));
for (const entry of readdirSync(fresh, { recursive: true, withFileTypes: true })) {
  const path = join(entry.parentPath, entry.name);
  if (entry.isFile() && entry.name.endsWith(".js") && !typeOnly.has(relative(fresh, path))) rmSync(path);
}
for (const entry of readdirSync(bundled, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const to = join(fresh, relative(bundled, join(entry.parentPath, entry.name)));
  mkdirSync(dirname(to), { recursive: true });
  renameSync(join(entry.parentPath, entry.name), to);
}
rmSync(bundled, { recursive: true, force: true });
// Every relative import the bundles kept (the compiled checks') must name a file that ships.
for (const entry of readdirSync(join(fresh, "src"), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
  const file = join(entry.parentPath, entry.name);
  for (const [, spec] of readFileSync(file, "utf8").matchAll(/\bfrom\s*"(\.{1,2}\/[^"]+)"/g)) {
    if (!existsSync(join(dirname(file), spec))) fail(`${relative(fresh, file)} imports ${spec}, which is not in dist/`);
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
