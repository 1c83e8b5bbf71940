// The error path as errors grow: a page of transactions whose every item has a wrong status, with 1, 20 and 20,000
// items (so 1, 20 and 20,001 errors: a page holds at most 20), validate() against ajv with allErrors (its raw
// errors only), ours with every error (maxErrors: Infinity) and with the default cap (100 errors, the rest counted).
// Also the scaling exponent from 20 to 20,000 errors (1 is linear) and 100,000 bad items in one call.
// Targets: at least as fast as ajv allErrors at each size (every error collected, like ajv); exponent at most 1.3 (kept errors outlive
// the young generation, so the garbage collector copies them: above 1 with no quadratic step);
// 100,000 bad items in under 500 ms of CPU.
import { validate } from "../dist/src/validators/index.js"; // the compiled package, as users run it
import { examples } from "../test/validators/support.ts";
import { ajvValidator, fmt, machine, median, ratio, table, timeRounds, verdict } from "./support.ts";

const TARGET = "GET /transactions 200";
const transaction = structuredClone(examples("quickstream").find((s) => s.target === "GET /transactions/{receiptNumber} 200")!.value) as object;
const page = (n: number) => ({ links: [], data: Array.from({ length: n }, () => ({ ...transaction, status: 42 })) });
const ajv = ajvValidator("quickstream", TARGET, true);
const all = { maxErrors: Infinity };

const rows: (string | number)[][] = [];
const checks: { name: string; ok: boolean; detail: string }[] = [];
const perError: Record<number, number> = {};
for (const n of [1, 20, 20_000]) {
  const payload = page(n);
  const every = validate("quickstream", TARGET, payload, all);
  const capped = validate("quickstream", TARGET, payload);
  if (every.valid || capped.valid || ajv(payload)) throw new Error(`${n} bad items: accepted`);
  if (capped.errors.length + capped.omittedErrors !== every.errors.length) throw new Error(`${n} bad items: the cap loses count`);
  const t = timeRounds(
    { ours: () => validate("quickstream", TARGET, payload, all), capped: () => validate("quickstream", TARGET, payload), ajv: () => ajv(payload) },
    n > 1000 ? 7 : 15,
    n > 1000 ? 200 : 40,
  );
  const vsAjv = ratio(t.ajv, t.ours);
  perError[n] = median(t.ours) / every.errors.length;
  rows.push([
    fmt(every.errors.length),
    fmt(median(t.ours) / 1000, 1),
    fmt(median(t.capped) / 1000, 1),
    fmt(median(t.ajv) / 1000, 1),
    `${vsAjv.median.toFixed(2)}x (${vsAjv.low.toFixed(2)}-${vsAjv.high.toFixed(2)})`,
    `${every.errors.length} / ${(ajv as { errors?: unknown[] }).errors?.length ?? 0}`,
  ]);
  checks.push({ name: `${fmt(every.errors.length)} errors: error path vs ajv allErrors`, ok: vsAjv.median >= 1, detail: `${vsAjv.median.toFixed(2)}x as fast (target >= 1x)` });
}
const exponent = 1 + Math.log(perError[20_000] / perError[20]) / Math.log(20_001 / 20);
checks.push({ name: "scaling exponent from 20 to 20,001 errors", ok: exponent <= 1.3, detail: `${exponent.toFixed(2)} (1 is linear, 2 quadratic; target <= 1.3)` });

const big = page(100_000);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const start = cpu();
  const r = validate("quickstream", TARGET, big);
  times.push(cpu() - start);
  if (r.valid || r.omittedErrors !== 100_001 - r.errors.length) throw new Error("100,000 bad items: wrong count");
}
checks.push({ name: "100,000 bad items, default cap", ok: median(times) < 500, detail: `${fmt(median(times))} ms of CPU (median of 5; target < 500 ms)` });

console.log(await machine());
table(["errors", "validate() all µs", "validate() capped at 100 µs", "ajv allErrors µs", "ours (all) vs ajv speed (rounds)", "errors ours / ajv"], rows);
verdict(checks);
