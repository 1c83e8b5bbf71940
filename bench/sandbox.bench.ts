// The sandbox at scale (issue 25): write and read throughput and latency with 1,000 and with 50,000 payments stored,
// in memory and with `--state`, as ratios with the scaling exponent (throughput ∝ stored^k: k = 0 is flat), the
// sandbox's memory, its start from a 50,000-payment state file, and POST /transactions against the Prism mock on the
// same machine. The sandbox and the mock each run in their own process, as `npm run sandbox` / `npm run mock` run
// them; this process only sends requests (8 at a time, one facility, below its 10 in flight). Each measure gives
// wall-clock throughput and latency, and the sandbox process's own CPU time per request (from /proc): on a shared
// machine the wall clock also counts other processes' turns, so the targets are judged on requests per CPU-second
// of the sandbox, and the wall-clock figures are shown beside them. Both are warmed up first (V8 optimises the hot
// paths during the first few thousand requests).
//   npm run bench -- sandbox        BENCH_STRICT=1: a missed target fails the run
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const CONCURRENCY = 8;
const MEASURE = Number(process.env.BENCH_REQUESTS ?? 6000);
const LARGE = Number(process.env.BENCH_STORED ?? 50_000);
const SMALL = 1000;
const ROUNDS = 6;
const KEY = "BENCH_SEC_bench";
const auth = `Basic ${btoa(`${KEY}:`)}`;
const strict = process.env.BENCH_STRICT === "1";

interface Server {
  child: ChildProcess;
  url: string;
}

/** Start a command that prints `[<tag>] quickstream: <url>`; resolves when it has. */
function startServer(args: string[], tag: string): Promise<Server & { startedMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const read = (d: Buffer) => {
      out += d;
      const url = new RegExp(`\\[${tag}\\] quickstream: (\\S+)`).exec(out)?.[1];
      if (url) resolve({ child, url, startedMs: performance.now() - started });
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", (d) => (out += d));
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out.slice(-2000)}`)));
  });
}
const stopServer = (server: Server) =>
  new Promise<void>((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    server.child.kill("SIGTERM");
  });

async function send(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: auth, Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

interface Run {
  /** Requests per wall-clock second. */
  perSecond: number;
  /** Requests per CPU-second of the sandbox process. */
  perCpuSecond: number;
  p50: number;
  p99: number;
}

/** CPU time (user + system, ms) a process and its children (the mock's Prism) have used so far. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return own + children.reduce((sum, child) => sum + cpuMs(child), 0);
  } catch {
    return 0; // a process that has gone
  }
}

/** `count` requests, CONCURRENCY at a time; every answer must have status `expect`. */
async function load(count: number, request: (i: number) => Promise<{ status: number }>, expect: number, pid: number): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      const { status } = await request(i);
      latencies.push(performance.now() - t);
      if (status !== expect) throw new Error(`request ${i}: status ${status}, expected ${expect}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = Math.max(0.01, (cpuMs(pid) - cpuBefore) / 1000);
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, perCpuSecond: count / cpuSeconds, p50: latencies[Math.floor(count * 0.5)], p99: latencies[Math.floor(count * 0.99)] };
}
const median = (runs: Run[]): Run => {
  const m = (f: (r: Run) => number) => [...runs].map(f).sort((a, b) => a - b)[runs.length >> 1];
  return { perSecond: m((r) => r.perSecond), perCpuSecond: m((r) => r.perCpuSecond), p50: m((r) => r.p50), p99: m((r) => r.p99) };
};

const payment = (accountToken: string, i: number) => ({
  transactionType: "PAYMENT",
  accountToken,
  supplierBusinessCode: "BENCH",
  principalAmount: `${(i % 900) + 1}.00`,
  currency: "AUD",
  customerReferenceNumber: `REF-${i}`,
});

async function account(url: string, facility = "BENCH"): Promise<string> {
  const as = { Authorization: `Basic ${btoa(`${facility}_SEC_bench:`)}` };
  const token = await send(url, "POST", "/single-use-tokens", {
    supplierBusinessCode: "BENCH",
    accountType: "CREDIT_CARD",
    cardholderName: "Bench",
    cardNumber: "4242424242424242",
    expiryDateMonth: "01",
    expiryDateYear: "2050",
    cvn: "123",
  }, { Authorization: `Basic ${btoa(`${facility}_PUB:`)}` });
  if (token.status !== 201 || !token.body.singleUseTokenId) throw new Error(`token: ${token.status} ${JSON.stringify(token.body)}`);
  const customer = await send(url, "POST", "/customers", { customerNumber: `BENCH-${Date.now()}` }, as);
  const registered = await send(url, "POST", `/customers/${customer.body.customerId}/accounts`, { singleUseTokenId: token.body.singleUseTokenId }, as);
  if (registered.status !== 201) throw new Error(`account: ${registered.status} ${JSON.stringify(registered.body)}`);
  return registered.body.accountToken;
}

interface Sandbox {
  server: Server;
  pid: number;
  accountToken: string;
  receipts: string[];
  stored: number;
}

/** A sandbox with `count` payments on the measured facility, warmed up on another facility. */
async function sandboxWith(count: number, state: string | undefined): Promise<Sandbox> {
  const server = await startServer(["scripts/sandbox.ts", "--paymentsplus-port", "0", "--quickstream-port", "0", ...(state ? ["--state", state] : [])], "sandbox");
  const { url } = server;
  const pid = server.child.pid!;
  const warm = await account(url, "WARMUP");
  const warmAs = { Authorization: `Basic ${btoa("WARMUP_SEC_bench:")}` };
  const warmReceipts: string[] = [];
  await load(3000, async (i) => {
    const answer = await send(url, "POST", "/transactions", payment(warm, i), { ...warmAs, "Idempotency-Key": `warm-${i}` });
    warmReceipts.push(answer.body.receiptNumber);
    return answer;
  }, 201, pid);
  await load(3000, (i) => send(url, "GET", `/transactions/${warmReceipts[i % warmReceipts.length]}`, undefined, warmAs), 200, pid);
  await load(3000, () => send(url, "GET", "/transactions", undefined, warmAs), 200, pid);
  const accountToken = await account(url);
  const receipts: string[] = [];
  await load(count, async (i) => {
    const answer = await send(url, "POST", "/transactions", payment(accountToken, i), { "Idempotency-Key": `fill-${i}` });
    receipts.push(answer.body.receiptNumber);
    return answer;
  }, 201, pid);
  return { server, pid, accountToken, receipts, stored: count };
}

type Kind = "write" | "readOne" | "list";
const measures: Record<Kind, (s: Sandbox, count: number) => Promise<Run>> = {
  write: (s, count) => {
    const base = s.stored;
    s.stored += count;
    return load(count, (i) => send(s.server.url, "POST", "/transactions", payment(s.accountToken, base + i), { "Idempotency-Key": `w-${base + i}` }), 201, s.pid);
  },
  readOne: (s, count) => load(count, (i) => send(s.server.url, "GET", `/transactions/${s.receipts[(i * 7919) % s.receipts.length]}`), 200, s.pid),
  list: (s, count) => load(count, () => send(s.server.url, "GET", "/transactions"), 200, s.pid),
};

interface Compared {
  small: Run;
  large: Run;
  /** Per-round ratios large / small (requests per CPU-second), lowest and highest. */
  low: number;
  high: number;
}

/** Rounds alternating between two measured targets (order alternating too), so that the shared machine's load
 *  falls on both alike. */
async function compare(a: () => Promise<Run>, b: () => Promise<Run>): Promise<Compared> {
  const as: Run[] = [];
  const bs: Run[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2) {
      bs.push(await b());
      as.push(await a());
    } else {
      as.push(await a());
      bs.push(await b());
    }
  }
  const ratios = as.map((r, i) => bs[i].perCpuSecond / r.perCpuSecond).sort((x, y) => x - y);
  return { small: median(as), large: median(bs), low: ratios[0], high: ratios[ratios.length - 1] };
}

const rss = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;

/** One mode (in memory, or --state): a sandbox with SMALL stored beside one with LARGE stored, measured in turns. */
async function mode(dir: string | undefined, mock?: Server & { pid: number }) {
  const small = await sandboxWith(SMALL, dir && join(dir, "small.jsonl"));
  const large = await sandboxWith(LARGE, dir && join(dir, "large.jsonl"));
  const per = MEASURE / ROUNDS;
  const results = {} as Record<Kind, Compared>;
  for (const kind of ["write", "readOne", "list"] as const) results[kind] = await compare(() => measures[kind](small, per), () => measures[kind](large, per));
  let vsMock: Compared | undefined;
  if (mock) {
    const body = payment("ACC0000000003", 1);
    await load(500, () => send(mock.url, "POST", "/transactions", body), 201, mock.pid);
    vsMock = await compare(() => load(per, () => send(mock.url, "POST", "/transactions", body), 201, mock.pid), () => measures.write(large, per));
  }
  const rssMiB = rss(large.pid);
  await Promise.all([stopServer(small.server), stopServer(large.server)]);
  let restartMs: number | undefined;
  if (dir) {
    const again = await startServer(["scripts/sandbox.ts", "--paymentsplus-port", "0", "--quickstream-port", "0", "--state", join(dir, "large.jsonl")], "sandbox");
    restartMs = again.startedMs;
    const check = await send(again.url, "GET", `/transactions/${large.receipts[large.receipts.length - 1]}`);
    if (check.status !== 200) throw new Error(`after the restart the last payment is ${check.status}`);
    await stopServer(again);
  }
  return { results, vsMock, rssMiB, restartMs, stored: large.stored };
}

async function startMock(): Promise<Server & { pid: number }> {
  const base = 20000 + Math.floor(Math.random() * 20000);
  const server = await startServer(["scripts/mock.ts", "--paymentsplus-port", String(base), "--quickstream-port", String(base + 1)], "mock");
  return { ...server, pid: server.child.pid! };
}

const dir = mkdtempSync(join(tmpdir(), "bench-sandbox-"));
const mock = await startMock();
try {
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; ${CONCURRENCY} requests at a time; ${ROUNDS} alternating rounds of ${MEASURE / ROUNDS}; stored ${SMALL} vs ${LARGE}`);
  const memory = await mode(undefined, mock);
  const file = await mode(dir);
  const fmt = (n: number) => Math.round(n).toLocaleString("en-AU");
  const ms = (n: number) => n.toFixed(2);
  const exponent = (ratio: number) => (Math.log(ratio) / Math.log(LARGE / SMALL)).toFixed(3);
  const misses: string[] = [];
  console.log(`\n| sandbox | measure | per CPU-s at ${fmt(SMALL)} | at ${fmt(LARGE)} | ratio (rounds) | exponent k | wall /s (ratio) | p50 ms | p99 ms |`);
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const [name, result] of [["in memory", memory], ["--state", file]] as const) {
    for (const [label, kind] of [["POST /transactions", "write"], ["GET /transactions/{id}", "readOne"], ["GET /transactions (page 1)", "list"]] as const) {
      const { small: a, large: b, low, high } = result.results[kind];
      const ratio = b.perCpuSecond / a.perCpuSecond;
      console.log(
        `| ${name} | ${label} | ${fmt(a.perCpuSecond)} | ${fmt(b.perCpuSecond)} | ${ratio.toFixed(2)} (${low.toFixed(2)}-${high.toFixed(2)}) | ${exponent(ratio)} | ${fmt(a.perSecond)} / ${fmt(b.perSecond)} (${(b.perSecond / a.perSecond).toFixed(2)}) | ${ms(a.p50)} / ${ms(b.p50)} | ${ms(a.p99)} / ${ms(b.p99)} |`,
      );
      if (ratio < 0.8) misses.push(`${name} ${label}: ${ratio.toFixed(2)} at ${LARGE} vs ${SMALL} (target >= 0.80)`);
    }
  }
  console.log(`\nsandbox memory (RSS) with ${fmt(memory.stored)} payments: in memory ${memory.rssMiB.toFixed(0)} MiB, --state ${file.rssMiB.toFixed(0)} MiB`);
  console.log(`start from a state file of ${fmt(file.stored)} payments: ${(file.restartMs! / 1000).toFixed(2)} s (process start included)`);
  const vs = memory.vsMock!;
  const vsPrism = vs.large.perCpuSecond / vs.small.perCpuSecond;
  console.log(
    `\nPOST /transactions, Prism mock (its command, front and Prism): ${fmt(vs.small.perCpuSecond)} per CPU-s, ${fmt(vs.small.perSecond)}/s wall (p50 ${ms(vs.small.p50)} ms); ` +
      `sandbox with ${fmt(LARGE)} stored: ${fmt(vs.large.perCpuSecond)} per CPU-s, ${fmt(vs.large.perSecond)}/s wall: ${vsPrism.toFixed(2)}x per CPU-s (rounds ${vs.low.toFixed(2)}-${vs.high.toFixed(2)}), ` +
      `${(vs.large.perSecond / vs.small.perSecond).toFixed(2)}x wall (target >= 1x)`,
  );
  if (vsPrism < 1) misses.push(`POST /transactions vs Prism: ${vsPrism.toFixed(2)}x`);
  for (const miss of misses) console.log(`- missed: ${miss}`);
  if (misses.length === 0) console.log("- met: every ratio >= 0.80 and the sandbox at least as fast as Prism");
  if (strict && misses.length) process.exitCode = 1;
} finally {
  await stopServer(mock);
  rmSync(dir, { recursive: true, force: true });
}
