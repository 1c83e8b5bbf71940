// Validators: throughput of our precompiled validators on the largest request and response models (by example
// size) against @cfworker/json-schema (interprets the schema) and against `JSON.parse` of the same payload; and cold
// start — import every validator of both APIs and validate once — against compiling the bundled descriptions with
// ajv at run time (scripts/ajv.ts createAjv, every target compiled). Standalone: `npx tsx bench/validators.bench.ts`.
// Targets: ≥ 50× @cfworker/json-schema, ≥ 5× JSON.parse, cold start ≥ 10× faster. BENCH_STRICT=1 exits 1 on a miss.
// validate() runs the fast compiled set on valid data (see scripts/validators.ts); the payloads here are valid.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const APIS = ["paymentsplus", "quickstream"] as const;
const mode = process.argv[2];

if (mode === "--cold-ours") {
  const t0 = performance.now();
  const { validate } = await import("../src/validators/index.ts");
  const ok = validate("quickstream", "RequestAmount", "1.00").valid;
  console.log(JSON.stringify({ ms: performance.now() - t0, ok }));
  process.exit(0);
}
if (mode === "--cold-ajv") {
  const t0 = performance.now();
  const { createAjv, DOC_ID } = await import("../scripts/ajv.ts");
  const { listTargets } = await import("../scripts/targets.ts");
  let ok = false;
  for (const api of APIS) {
    const doc = JSON.parse(readFileSync(join(ROOT, "generated", api, "openapi.json"), "utf8"));
    const ajv = createAjv(doc, api, false);
    for (const t of listTargets(doc, api)) {
      const fn = ajv.compile({ $ref: `${DOC_ID(api)}${t.pointer}` });
      if (t.name === "RequestAmount" && api === "quickstream") ok = fn("1.00");
    }
  }
  console.log(JSON.stringify({ ms: performance.now() - t0, ok }));
  process.exit(0);
}

const { Validator } = await import("@cfworker/json-schema");
const { validate } = await import("../src/validators/index.ts");
const { DOC_ID } = await import("../scripts/ajv.ts");
const { examples, targetPointer } = await import("../test/validators/support.ts");
const { loadDoc } = await import("../test/support/spec.ts");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Operations per second: median of rounds of ~200 ms. */
function opsPerSecond(fn: () => unknown, rounds = 7): number {
  let n = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (performance.now() - t > 50) break;
    n *= 2;
  }
  n *= 4;
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    results.push(n / ((performance.now() - t) / 1000));
  }
  return median(results);
}

function largest(kind: "request" | "response") {
  const all = APIS.flatMap((api) => examples(api, kind).filter((s) => /request$|2\d\d$/.test(s.target)));
  return all.sort((a, b) => JSON.stringify(b.value).length - JSON.stringify(a.value).length)[0];
}

const checks: { name: string; ratio: number; target: number }[] = [];
const fmt = (n: number) => Math.round(n).toLocaleString("en-AU");

for (const kind of ["request", "response"] as const) {
  const s = largest(kind);
  const text = JSON.stringify(s.value);
  const data = JSON.parse(text);
  if (!validate(s.api, s.target as never, data).valid) throw new Error(`${s.target} example does not validate`);
  const cf = new Validator({ $id: `${DOC_ID(s.api)}bench`, $ref: `${DOC_ID(s.api)}${targetPointer(s.api, s.target)}` } as any, "2020-12", false);
  cf.addSchema(JSON.parse(JSON.stringify(loadDoc(s.api), (k, v) => (k === "example" || k === "examples" ? undefined : v))), DOC_ID(s.api));
  if (!cf.validate(data).valid) throw new Error(`@cfworker/json-schema rejects ${s.target}`);
  const ours = opsPerSecond(() => validate(s.api, s.target as never, data));
  const theirs = opsPerSecond(() => cf.validate(data), 3);
  const parse = opsPerSecond(() => JSON.parse(text));
  console.log(`${kind}: ${s.api} "${s.target}" (example "${s.name}", ${text.length} bytes)`);
  console.log(`  validate (precompiled)   ${fmt(ours).padStart(12)} /s`);
  console.log(`  @cfworker/json-schema    ${fmt(theirs).padStart(12)} /s   → ours ${(ours / theirs).toFixed(0)}×`);
  console.log(`  JSON.parse same payload  ${fmt(parse).padStart(12)} /s   → ours ${(ours / parse).toFixed(1)}×`);
  checks.push({ name: `${kind}: vs @cfworker/json-schema`, ratio: ours / theirs, target: 50 });
  checks.push({ name: `${kind}: vs JSON.parse`, ratio: ours / parse, target: 5 });
}

function cold(flag: string): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), flag], { cwd: ROOT, encoding: "utf8" });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    const out = JSON.parse(line) as { ms: number; ok: boolean };
    if (!out.ok) throw new Error(`${flag}: first validation failed`);
    runs.push(out.ms);
  }
  return median(runs);
}
const oursCold = cold("--cold-ours");
const ajvCold = cold("--cold-ajv");
console.log(`cold start (import + first validation, both APIs, median of 3 processes)`);
console.log(`  precompiled validators   ${oursCold.toFixed(0).padStart(8)} ms`);
console.log(`  ajv compile at run time  ${ajvCold.toFixed(0).padStart(8)} ms   → ours ${(ajvCold / oursCold).toFixed(1)}× faster`);
checks.push({ name: "cold start vs run-time compilation", ratio: ajvCold / oursCold, target: 10 });
// What the start-up parses: generated/<api>/validators.cjs, the fast set (valid/invalid); validators.full.cjs, the full
// set (errors), is required on the first invalid payload.
const kB = (api: string, file: string) => {
  const path = join(ROOT, "generated", api, file);
  return existsSync(path) ? Math.round(statSync(path).size / 1000).toLocaleString("en-AU") : "-";
};
console.log(
  `  code size                ${APIS.map((api) => `${api} ${kB(api, "validators.cjs")} kB (+ ${kB(api, "validators.full.cjs")} kB full set)`).join(", ")}`,
);

let missed = 0;
for (const c of checks) {
  const ok = c.ratio >= c.target;
  if (!ok) missed++;
  console.log(`${ok ? "ok    " : "MISSED"} ${c.name}: ${c.ratio.toFixed(1)}× (target ≥ ${c.target}×)`);
}
if (missed && process.env.BENCH_STRICT === "1") process.exit(1);
