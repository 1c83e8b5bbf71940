// Child of client-cpu.bench.ts: one side only (raw fetch, or the QuickStream client from dist/) against a loopback
// server in another process, `concurrency` requests in flight; warm up, then print this process's CPU time per
// request (µs) over the measured requests. A process per side: nothing of the other side's JIT, GC or sockets counts.
//   node bench/client-cpu-child.mjs <raw|client> <concurrency> <warm-up requests> <measured requests>
import { createQuickStreamClient } from "../dist/src/index.js";
import { BENCH_KEY, rawFetch, startLoopbackServer } from "./loopback.mjs";

const [side, concurrency, warmup, measured] = [process.argv[2], ...process.argv.slice(3).map(Number)];
const server = await startLoopbackServer();
const raw = rawFetch(server.base);
const qs = createQuickStreamClient({ secretKey: BENCH_KEY, baseUrl: server.base, maxConcurrency: 10 });
const client = async () => {
  const { data, error } = await qs.GET("/", {});
  if (error !== undefined || !data) throw new Error("failed");
};
const call = side === "raw" ? raw : client;
const run = (n) => Promise.all(Array.from({ length: concurrency }, async () => { for (let i = 0; i < n / concurrency; i++) await call(); }));
try {
  await run(warmup);
  const start = process.cpuUsage();
  await run(measured);
  const used = process.cpuUsage(start);
  console.log((used.user + used.system) / measured);
} finally {
  server.stop();
}
