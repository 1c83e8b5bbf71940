// `npm run bench [name...]`: build the package's JavaScript (the validator benchmarks measure dist/, what users run),
// then run every bench/*.bench.ts in turn, each in its own process (so that one's JIT state and sockets do not
// colour the next). To add a benchmark, drop a file named `<name>.bench.ts` in bench/ that prints its own results
// and exits non-zero on failure. BENCH_STRICT=1: a missed target fails the run. At the end, every verdict line the
// benchmarks printed (met / MISSED, each with its ratio) is listed again in one summary (issue 25 item 7).
import { spawn, spawnSync } from "node:child_process";
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
// Every target's verdict line (each a ratio against its peer or floor), gathered into one summary at the end.
const verdicts: string[] = [];
const VERDICT = /^(?:- )?(?:ok|met|MISSED|NOT met)\b|: (?:met|NOT met)$/;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  // Its output is shown as it comes (a benchmark may run for minutes) and kept for the summary.
  const child = spawn(process.execPath, ["--import", "tsx", join(here, file)], { stdio: ["inherit", "pipe", "inherit"], cwd: join(here, "..") });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on("close", (c, s) => done([c, s])));
  for (const line of output.split("\n")) if (VERDICT.test(line.trim())) verdicts.push(`${file.replace(/\.bench\.ts$/, "")}: ${line.trim()}`);
  if (code !== 0) {
    console.error(`${file} failed (exit ${code ?? signal})`);
    failed++;
  }
}
console.log(`\n=== every target (${verdicts.length}) ===`);
for (const line of verdicts) console.log(line);
process.exit(failed ? 1 : 0);
