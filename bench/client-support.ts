// Shared by the client benchmarks: interleaved timing of the clients against the raw-fetch baseline, both against
// the loopback server of loopback.mjs (which says what the baseline is). Each round alternates request by request
// between raw fetch and the client so that drift (CPU frequency, GC, other processes) hits both alike, and takes
// each side's median; the figures are the medians over the rounds, with the rounds' range beside them.
//
// The target is the steady state of a long-running process, so both sides are warmed up first, for long enough that
// V8 has finished optimising: with `--trace-opt`, optimisations keep coming for the first ~4,000 requests a side on
// Node 20 and 22 and ~11,000 on Node 24 (the client has more code to optimise than raw fetch). Measured during that time,
// the optimising compiler's background threads compete with the server for the machine's cores and inflate the
// client's figure (by about 2 points on Node 22 with a 300-request warm-up); BENCH_WARMUP sets the warm-up.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
// The built package (dist/, what users run; `npm run bench` builds it first), not the TypeScript sources.
import { createPaymentsPlusClient, createQuickStreamClient } from "../dist/src/index.js";
import { BENCH_KEY, rawFetch, startLoopbackServer } from "./loopback.mjs";

export const TARGET = 0.05;
/** Issue 25: client CPU time per request within 10% of raw fetch's. */
export const CPU_TARGET = 0.1;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** Requests a side before measuring (see above). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 12_000);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Measure both clients against raw fetch at `concurrency`; print a table; exit 1 under BENCH_STRICT=1 if missed. */
export async function benchOverhead(concurrency: number): Promise<void> {
  const server = await startLoopbackServer();
  const base = server.base;
  const raw = rawFetch(base);
  const qs = createQuickStreamClient({ secretKey: BENCH_KEY, baseUrl: base, maxConcurrency: 10 });
  const pp = createPaymentsPlusClient({ apiKey: BENCH_KEY, baseUrl: base, maxConcurrency: 10 });
  const clients = {
    quickstream: async () => {
      const { data, error } = await qs.GET("/", {});
      if (error !== undefined || !data) throw new Error("failed");
    },
    paymentsplus: async () => {
      const { data, error } = await pp.GET("/", {});
      if (error !== undefined || !data) throw new Error("failed");
    },
  };

  const round = async (client: () => Promise<unknown>, n: number) => {
    const raws: number[] = [];
    const ours: number[] = [];
    const time = async (fn: () => Promise<unknown>, into: number[]) => {
      const t = performance.now();
      await fn();
      into.push((performance.now() - t) * 1000);
    };
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = 0; i < n; i++) {
          if ((i + w) % 2) {
            await time(raw, raws);
            await time(client, ours);
          } else {
            await time(client, ours);
            await time(raw, raws);
          }
        }
      }),
    );
    return { raw: median(raws), client: median(ours) };
  };
  /**
   * CPU time of this process (the client side only: the server is another process) per request. CPU time cannot be
   * split between requests that overlap, so each side runs in blocks of its own: small blocks (25 requests a worker),
   * alternating ABBA, so that a garbage collection or a background compilation lands on both sides alike.
   */
  const cpuRound = async (client: () => Promise<unknown>, n: number) => {
    const BLOCK = 25;
    const used = { raw: 0, client: 0 };
    const block = async (side: "raw" | "client") => {
      const fn = side === "raw" ? raw : client;
      const start = process.cpuUsage();
      await Promise.all(Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < BLOCK; i++) await fn();
      }));
      const u = process.cpuUsage(start);
      used[side] += u.user + u.system;
    };
    const blocks = Math.max(1, Math.round(n / BLOCK / 2));
    for (let b = 0; b < blocks; b++) {
      for (const side of b % 2 ? (["client", "raw", "raw", "client"] as const) : (["raw", "client", "client", "raw"] as const)) await block(side);
    }
    const requests = blocks * 2 * BLOCK * concurrency;
    return { raw: used.raw / requests, client: used.client / requests };
  };

  const rows: string[] = [];
  let worst = 0;
  let worstCpu = -Infinity;
  try {
    for (const [name, client] of Object.entries(clients)) {
      await round(client, Math.ceil(WARMUP / concurrency));
      const n = Math.max(1, Math.ceil(REQUESTS / ROUNDS / concurrency));
      const rounds: { raw: number; client: number }[] = [];
      const cpus: { raw: number; client: number }[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        rounds.push(await round(client, n));
        cpus.push(await cpuRound(client, n));
      }
      const overheads = rounds.map((r) => r.client / r.raw - 1);
      const overhead = median(overheads);
      worst = Math.max(worst, overhead);
      // The CPU overhead is that of the totals over all rounds (each side's blocks add up to the same requests).
      const cpuOverheads = cpus.map((r) => r.client / r.raw - 1);
      const cpuOverhead = cpus.reduce((t, r) => t + r.client, 0) / cpus.reduce((t, r) => t + r.raw, 0) - 1;
      worstCpu = Math.max(worstCpu, cpuOverhead);
      rows.push(
        `${String(concurrency).padStart(11)} | ${name.padEnd(12)} | ${median(rounds.map((r) => r.raw)).toFixed(0).padStart(7)} | ` +
          `${median(rounds.map((r) => r.client)).toFixed(0).padStart(6)} | ${pct(overhead).padStart(8)} | ${pct(Math.min(...overheads))}..${pct(Math.max(...overheads))} | ` +
          `${median(cpus.map((r) => r.raw)).toFixed(0).padStart(7)} | ${median(cpus.map((r) => r.client)).toFixed(0).padStart(10)} | ${pct(cpuOverhead).padStart(12)} | ` +
          `${pct(Math.min(...cpuOverheads))}..${pct(Math.max(...cpuOverheads))}`,
      );
    }
  } finally {
    server.stop();
  }
  console.log(
    `client vs raw fetch with a per-request AbortSignal, loopback GET + JSON, ${REQUESTS} requests a side in ${ROUNDS} interleaved rounds (medians) after ${WARMUP} to warm up, ` +
      `Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`,
  );
  console.log("concurrency | client       | raw µs  | client | overhead | rounds' range | raw CPU µs | client CPU µs | CPU overhead (totals) | rounds' range");
  for (const row of rows) console.log(row);
  const latencyMet = worst <= TARGET;
  const at = `concurrency ${concurrency}, Node ${process.version}`;
  console.log(`worst latency overhead, ${at}: ${pct(worst)} (target ≤ ${TARGET * 100}%): ${latencyMet ? "met" : "NOT met"}`);
  // The CPU target's verdict is client-cpu.bench.ts's (whole processes, seconds of CPU each); these blocks are a few
  // ms of CPU, where one garbage collection swings a figure, so they are shown, not judged.
  console.log(`CPU-time overhead in blocks, ${at}: ${pct(worstCpu)} (shown only; the verdict on the ${CPU_TARGET * 100}% target is client-cpu's)`);
  if (!latencyMet && process.env.BENCH_STRICT === "1") process.exitCode = 1;
}

const pinned = (major: number) => fileURLToPath(new URL(`../tools/node/node_modules/node${major}/bin/node`, import.meta.url));

/**
 * `benchOverhead` on Node 20 (this process), then on Node 22 and 24 (tools/node, `npm run setup -- --tool node`),
 * each in a process of its own running `script` (the calling bench file) with BENCH_NODE_CHILD=1.
 */
export async function benchOverheadOnEveryNode(concurrency: number, script: string): Promise<void> {
  await benchOverhead(concurrency);
  if (process.env.BENCH_NODE_CHILD === "1") return;
  for (const major of [22, 24]) {
    const node = pinned(major);
    if (!existsSync(node)) {
      console.log(`MISSED Node ${major}: not in tools/node (npm run setup -- --tool node)`);
      if (process.env.BENCH_STRICT === "1") process.exitCode = 1;
      continue;
    }
    console.log("");
    const child = spawnSync(node, ["--import", "tsx", script], { stdio: "inherit", env: { ...process.env, BENCH_NODE_CHILD: "1" } });
    if (child.status !== 0) process.exitCode = 1;
  }
}
