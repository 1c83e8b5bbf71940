// Client CPU time per request against raw fetch (issue 25 item 6: within 10%), at concurrency 1 and 10, on Node 20, 22
// and 24 (tools/node), measured by whole processes: each side in a process of its own (bench/client-cpu-child.mjs),
// warmed up with 12,000 requests, then this process's CPU time over 40,000 more. Pairs of processes alternate
// (raw, client, client, raw, ...) and the figure is the ratio of the two sides' medians. On a shared machine this is
// steadier than the blocks of client-c1/c10 (a few ms of CPU each): every figure here is seconds of CPU. 40,000, not
// 10,000: Node's fetch promotes about 9 kB a request to the old generation, so a window of 10,000 holds a handful of
// major collections, and one more or less moved a process's figure by up to 12% (Node 24, concurrency 10, 6 processes
// a side: spread 6-12% over 10,000 requests, 3-4% over 40,000), more than the client's own cost.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadavg } from "node:os";
import { CPU_TARGET } from "./client-support.ts";
import { median, table, verdict } from "./support.ts";

const child = fileURLToPath(new URL("./client-cpu-child.mjs", import.meta.url));
const pinned = (major: number) => fileURLToPath(new URL(`../tools/node/node_modules/node${major}/bin/node`, import.meta.url));
const nodes = [process.execPath, ...[22, 24].map(pinned).filter(existsSync)];
const PAIRS = Number(process.env.BENCH_PAIRS ?? 7);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 12_000);
const MEASURED = Number(process.env.BENCH_REQUESTS ?? 40_000);

const cpuPerRequest = (node: string, side: "raw" | "client", concurrency: number): number => {
  const r = spawnSync(node, [child, side, String(concurrency), String(WARMUP), String(MEASURED)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${side} on ${node} exited ${r.status}: ${r.stderr}`);
  return Number(r.stdout.trim());
};

const rows: string[][] = [];
const checks: { name: string; ok: boolean; detail: string }[] = [];
for (const node of nodes) {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  for (const concurrency of [1, 10]) {
    const raw: number[] = [];
    const ours: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = pair % 2 ? (["client", "raw"] as const) : (["raw", "client"] as const);
      for (const side of order) (side === "raw" ? raw : ours).push(cpuPerRequest(node, side, concurrency));
    }
    const overhead = median(ours) / median(raw) - 1;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    rows.push([version, String(concurrency), raw.map((x) => x.toFixed(0)).join(", "), ours.map((x) => x.toFixed(0)).join(", "), pct(overhead), loadavg()[0]!.toFixed(1)]);
    checks.push({ name: `client CPU per request vs raw fetch, concurrency ${concurrency}, ${version}`, ok: overhead <= CPU_TARGET, detail: `${pct(overhead)} (target <= ${CPU_TARGET * 100}%)` });
  }
}
console.log(`QuickStream client vs raw fetch, CPU µs a request by whole processes: ${PAIRS} pairs, ${WARMUP} requests to warm up, ${MEASURED} measured\n`);
table(["Node", "concurrency", "raw fetch, µs each process", "client, µs each process", "overhead (medians)", "load average"], rows);
console.log("");
verdict(checks);
