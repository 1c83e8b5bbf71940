// Per-request overhead of the clients against raw fetch to a loopback server, at concurrency 1 and 10, in one run.
// Both sides do the same work: a GET with Basic auth and Accept, then parse the JSON answer. Each round alternates
// request by request between raw fetch and the client so that drift (CPU frequency, GC, other processes) hits
// both alike, and takes each side's median request time; the figures are the medians over the rounds (the
// machine is shared: one round caught by a burst of other work does not move them).
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { createPaymentsPlusClient, createQuickStreamClient } from "../src/index.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET = 0.05;

// The server runs in its own process, so that this process's CPU time is the client side only.
const SERVER = `
const body = JSON.stringify({ communityCode: "COMMUNITY", facilityName: "Bench facility", apiKeyName: "bench" });
const server = require("node:http").createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
process.on("disconnect", () => process.exit(0));
`;
const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const port = await new Promise<number>((resolve) => child.once("message", (m) => resolve(Number(m))));
const server = { close: () => child.kill() };
const base = `http://127.0.0.1:${port}`;
const authorization = `Basic ${Buffer.from("bench-key:").toString("base64")}`;

const raw = async () => {
  const res = await fetch(`${base}/`, { headers: { Authorization: authorization, Accept: "application/json" } });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};
const qs = createQuickStreamClient({ secretKey: "bench-key", baseUrl: base, maxConcurrency: 10 });
const pp = createPaymentsPlusClient({ apiKey: "bench-key", baseUrl: base, maxConcurrency: 10 });
const viaQuickStream = async () => {
  const { data, error } = await qs.GET("/", {});
  if (error !== undefined || !data) throw new Error("failed");
  return data;
};
const viaPaymentsPlus = async () => {
  const { data, error } = await pp.GET("/", {});
  if (error !== undefined || !data) throw new Error("failed");
  return data;
};

/**
 * One round: `n` requests per worker, `concurrency` workers; each worker alternates raw fetch and the client
 * request by request (order flipped each time), timing each one, so that both see the same machine load.
 * Returns each side's median request time.
 */
async function interleaved(client: () => Promise<unknown>, concurrency: number, n: number) {
  const raws: number[] = [];
  const clients: number[] = [];
  const time = async (fn: () => Promise<unknown>, into: number[]) => {
    const t = process.hrtime.bigint();
    await fn();
    into.push(Number(process.hrtime.bigint() - t) / 1000);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = 0; i < n; i++) {
        if ((i + w) % 2) {
          await time(raw, raws);
          await time(client, clients);
        } else {
          await time(client, clients);
          await time(raw, raws);
        }
      }
    }),
  );
  return { raw: median(raws), client: median(clients) };
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** `ROUNDS` rounds of `REQUESTS / ROUNDS` requests a side: the medians over rounds of raw, client and overhead. */
async function wall(client: () => Promise<unknown>, concurrency: number) {
  const n = Math.max(1, Math.ceil(REQUESTS / ROUNDS / concurrency));
  const rounds: { raw: number; client: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await interleaved(client, concurrency, n));
  return {
    raw: median(rounds.map((r) => r.raw)),
    client: median(rounds.map((r) => r.client)),
    overhead: median(rounds.map((r) => r.client / r.raw - 1)),
    spread: [Math.min(...rounds.map((r) => r.client / r.raw - 1)), Math.max(...rounds.map((r) => r.client / r.raw - 1))] as const,
  };
}

/** Client-side CPU microseconds per request: blocks of `n` requests, alternating raw and client, median of rounds. */
async function cpu(client: () => Promise<unknown>, concurrency: number, n: number, rounds = 5) {
  const block = async (fn: () => Promise<unknown>) => {
    const before = process.cpuUsage();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => { while (next++ < n) await fn(); }));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / n;
  };
  const raws: number[] = [];
  const clients: number[] = [];
  for (let i = 0; i < rounds; i++) {
    raws.push(await block(raw));
    clients.push(await block(client));
  }
  return { raw: median(raws), client: median(clients) };
}

const rows: {
  concurrency: number;
  name: string;
  raw: number;
  client: number;
  overhead: number;
  spread: readonly [number, number];
  cpuRaw: number;
  cpuClient: number;
  cpuOverhead: number;
}[] = [];
try {
  for (const concurrency of [1, 10]) {
    for (const [name, fn] of [["quickstream", viaQuickStream], ["paymentsplus", viaPaymentsPlus]] as const) {
      await interleaved(fn, concurrency, 300); // warm-up
      const w = await wall(fn, concurrency);
      const c = await cpu(fn, concurrency, Math.ceil(REQUESTS / 5));
      rows.push({ concurrency, name, ...w, cpuRaw: c.raw, cpuClient: c.client, cpuOverhead: c.client / c.raw - 1 });
    }
  }
} finally {
  server.close();
}

console.log(
  `client vs raw fetch, loopback GET + JSON parse, ${REQUESTS} requests each in ${ROUNDS} interleaved rounds (medians), Node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`,
);
console.log("concurrency | client       | wall µs/req raw | client | overhead | rounds' range  | CPU µs/req raw | client | overhead");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
for (const r of rows) {
  console.log(
    `${String(r.concurrency).padStart(11)} | ${r.name.padEnd(12)} | ${r.raw.toFixed(1).padStart(15)} | ${r.client.toFixed(1).padStart(6)} | ${pct(r.overhead).padStart(8)} | ` +
      `${`${pct(r.spread[0])}..${pct(r.spread[1])}`.padStart(14)} | ${r.cpuRaw.toFixed(1).padStart(14)} | ${r.cpuClient.toFixed(1).padStart(6)} | ${pct(r.cpuOverhead).padStart(8)}`,
  );
}
const worst = Math.max(...rows.map((r) => r.overhead));
console.log(`worst wall-clock overhead ${pct(worst)} (target ≤ ${TARGET * 100}%): ${worst <= TARGET ? "met" : "NOT met"}`);
