// Cold start, whole process, on Node 20 (this Node), 22 and 24 (tools/node, `npm run setup -- --tool node`):
// `node bench/cold-start.mjs` (import the package from dist/, build both clients, validate one payload) against bare
// `node -e 0`, interleaved rounds; each process's wall time, and its CPU time (steadier on a loaded machine). Targets:
// at most 1.4x bare node by the wall clock on each Node; the first invalid payload (timed inside the child) adds at
// most 15 ms. Then where the start-up goes: each step's CPU time (the child's "phases").
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fmt, machine, median, ratio, table, verdict } from "./support.ts";

const child = fileURLToPath(new URL("./cold-start.mjs", import.meta.url));
const cpuAtExit = fileURLToPath(new URL("./cpu-at-exit.mjs", import.meta.url));
const pinned = (major: number) => fileURLToPath(new URL(`../tools/node/node_modules/node${major}/bin/node`, import.meta.url));
const nodes = [process.execPath, pinned(22), pinned(24)].filter((n, i) => i === 0 || existsSync(n));
const missing = [22, 24].filter((major) => !existsSync(pinned(major)));

const run = (node: string, args: string[]) => {
  const start = performance.now();
  const r = spawnSync(node, ["--import", cpuAtExit, ...args], { encoding: "utf8" });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${node} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { ms, cpu: Number(/cpu-ms ([\d.]+)/.exec(r.stderr)?.[1]), stdout: r.stdout };
};

console.log(await machine());
const rows: string[][] = [];
const checks: { name: string; ok: boolean; detail: string }[] = [];
const phases: Record<string, Record<string, number[]>> = {};
for (const node of nodes) {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  const bare = { ms: [] as number[], cpu: [] as number[] };
  const ours = { ms: [] as number[], cpu: [] as number[] };
  const firstInvalid: number[] = [];
  for (let round = 0; round < 21; round++) {
    const runs = [
      () => { const r = run(node, ["-e", "0"]); bare.ms.push(r.ms); bare.cpu.push(r.cpu); },
      () => { const r = run(node, [child]); ours.ms.push(r.ms); ours.cpu.push(r.cpu); },
    ];
    for (const step of round % 2 ? runs.reverse() : runs) step();
    if (round < 7) {
      firstInvalid.push(Number(run(node, [child, "invalid"]).stdout));
      for (const [name, ms] of Object.entries<number>(JSON.parse(run(node, [child, "phases"]).stdout))) {
        ((phases[name] ??= {})[version] ??= []).push(ms);
      }
    }
  }
  const wall = ratio(ours.ms, bare.ms);
  const cpu = ratio(ours.cpu, bare.cpu);
  rows.push([version, fmt(median(bare.ms)), fmt(median(ours.ms)), `${wall.median.toFixed(2)}x (${wall.low.toFixed(2)}-${wall.high.toFixed(2)})`, fmt(median(bare.cpu)), fmt(median(ours.cpu)), `${cpu.median.toFixed(2)}x`, fmt(median(firstInvalid), 1)]);
  checks.push({ name: `cold start vs bare node, ${version}`, ok: wall.median <= 1.4, detail: `${wall.median.toFixed(2)}x by the wall clock, ${cpu.median.toFixed(2)}x by CPU time (target <= 1.4x)` });
  checks.push({ name: `first invalid payload, ${version}`, ok: median(firstInvalid) <= 15, detail: `+${median(firstInvalid).toFixed(1)} ms (target <= 15 ms)` });
}
table(
  ["Node", "bare `node -e 0`, wall ms", "import + both clients + validate, wall ms", "ratio (rounds' range)", "bare, CPU ms", "ours, CPU ms", "CPU ratio", "first invalid payload, ms"],
  rows,
);
console.log("\nWhere the start-up goes (CPU ms, median of 7):\n");
const versions = Object.keys(Object.values(phases)[0] ?? {});
table(["step", ...versions], Object.entries(phases).map(([name, byVersion]) => [name, ...versions.map((v) => fmt(median(byVersion[v] ?? [NaN]), 1))]));
console.log("");
if (missing.length) checks.push({ name: "Node versions", ok: false, detail: `no Node ${missing.join(", ")} in tools/node: npm run setup -- --tool node` });
verdict(checks);
