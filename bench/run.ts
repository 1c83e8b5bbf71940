// `npm run bench [name...]`: build the package's JavaScript (the validator benchmarks measure dist/, what users run),
// then run every bench/*.bench.ts in turn, each in its own process (so that one's JIT state and sockets do not
// colour the next). To add a benchmark, drop a file named `<name>.bench.ts` in bench/ that prints its own results
// and exits non-zero on failure. BENCH_STRICT=1: a missed target fails the run.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error("no bench/*.bench.ts files to run");
  process.exit(1);
}
for (const script of ["validators", "dist"]) {
  const built = spawnSync(process.execPath, ["--import", "tsx", join(here, "..", "scripts", `${script}.ts`)], { stdio: "inherit", cwd: join(here, "..") });
  if (built.status !== 0) process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, file)], { stdio: "inherit", cwd: join(here, "..") });
  if (result.status !== 0) {
    console.error(`${file} failed (exit ${result.status ?? result.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
