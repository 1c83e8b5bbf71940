// Child of client-cpu.bench.ts: one side only (raw fetch, or the QuickStream client from dist/) against a loopback
// server in another process, `concurrency` requests in flight; warm up, then print this process's CPU time per
// request (µs) over the measured requests. A process per side: nothing of the other side's JIT, GC or sockets counts.
//   node bench/client-cpu-child.mjs <raw|client> <concurrency> <warm-up requests> <measured requests>
import { spawn } from "node:child_process";
import { createQuickStreamClient } from "../dist/src/index.js";

const [side, concurrency, warmup, measured] = [process.argv[2], ...process.argv.slice(3).map(Number)];
const SERVER = `const body = JSON.stringify({ communityCode: "COMMUNITY", facilityName: "Bench facility", apiKeyName: "bench" });
require("node:http").createServer((_q, r) => { r.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }); r.end(body); })
  .listen(0, "127.0.0.1", function () { process.send(this.address().port); });
process.on("disconnect", () => process.exit(0));`;
const server = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const port = await new Promise((resolve) => server.once("message", resolve));
const base = `http://127.0.0.1:${port}`;
// The same baseline as client-support.ts: the same headers, JSON parsing and a fresh AbortController per request.
const headers = { Authorization: `Basic ${btoa("bench-key:")}`, Accept: "application/json" };
const raw = async () => {
  const res = await fetch(`${base}/`, { headers, signal: new AbortController().signal });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};
const qs = createQuickStreamClient({ secretKey: "bench-key", baseUrl: base, maxConcurrency: 10 });
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
  server.kill();
}
