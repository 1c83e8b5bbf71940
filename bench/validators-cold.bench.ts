// Cold start, whole process: `node bench/cold-start.mjs` (import both APIs' validators from dist/, validate one
// payload) against bare `node -e 0`, wall time of each process, interleaved rounds. Targets: at most 1.4x bare node;
// the first invalid payload (timed inside the child) adds at most 15 ms.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { fmt, machine, median, ratio, table, verdict } from "./support.ts";

const child = fileURLToPath(new URL("./cold-start.mjs", import.meta.url));
const wall = (args: string[]) => {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { ms: performance.now() - start, stdout: r.stdout };
};

const bare: number[] = [];
const ours: number[] = [];
const firstInvalid: number[] = [];
for (let round = 0; round < 21; round++) {
  const runs = [() => bare.push(wall(["-e", "0"]).ms), () => ours.push(wall([child]).ms)];
  for (const run of round % 2 ? runs.reverse() : runs) run();
  firstInvalid.push(Number(wall([child, "invalid"]).stdout));
}
const vsBare = ratio(ours, bare);
console.log(await machine());
table(
  ["process", "wall ms (median)", "rounds' range"],
  [
    ["bare `node -e 0` (floor)", fmt(median(bare)), `${fmt(Math.min(...bare))}-${fmt(Math.max(...bare))}`],
    ["import both APIs' validators + validate one payload", fmt(median(ours)), `${fmt(Math.min(...ours))}-${fmt(Math.max(...ours))}`],
    ["first invalid payload, in that process", fmt(median(firstInvalid), 1), `${fmt(Math.min(...firstInvalid), 1)}-${fmt(Math.max(...firstInvalid), 1)}`],
  ],
);
verdict([
  { name: "cold start vs bare node", ok: vsBare.median <= 1.4, detail: `${vsBare.median.toFixed(2)}x (rounds ${vsBare.low.toFixed(2)}-${vsBare.high.toFixed(2)}; target <= 1.4x)` },
  { name: "first invalid payload", ok: median(firstInvalid) <= 15, detail: `+${median(firstInvalid).toFixed(1)} ms (target <= 15 ms)` },
]);
