// What the client benchmarks share (client-support.ts, and client-cpu-child.mjs, which pinned Node versions run
// without tsx): a loopback server in a process of its own, so that the measuring process's CPU time is the client
// side only, and the raw-fetch baseline the overhead targets are stated against.
import { spawn } from "node:child_process";

const SERVER = `
const body = JSON.stringify({ communityCode: "COMMUNITY", facilityName: "Bench facility", apiKeyName: "bench" });
const server = require("node:http").createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
process.on("disconnect", () => process.exit(0));
`;

/** Starts the server (on the running Node); resolves its base URL and a function that stops it. */
export async function startLoopbackServer() {
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise((resolve) => child.once("message", (m) => resolve(Number(m))));
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** The key both sides send; the clients are made with it too. */
export const BENCH_KEY = "bench-key";

/**
 * The baseline: raw `fetch` with the client's headers, the same JSON parsing and the same per-attempt AbortSignal
 * (a fresh AbortController per request, as the client makes one per attempt).
 */
export function rawFetch(base) {
  const headers = { Authorization: `Basic ${btoa(`${BENCH_KEY}:`)}`, Accept: "application/json" };
  return async () => {
    const res = await fetch(`${base}/`, { headers, signal: new AbortController().signal });
    if (!res.ok) throw new Error(String(res.status));
    return res.json();
  };
}
