// Invalid payloads (three problems each): validate() — the check, every error, the messages — against ajv with
// allErrors compiled at run time from the same bundle (its raw errors only), with JSON.parse as the floor.
// Target: validate() at least as fast as ajv.
import { validate } from "../dist/src/validators/index.js"; // the compiled package, as users run it
import { ajvValidator, fmt, machine, median, payloads, ratio, table, timeRounds, verdict } from "./support.ts";

const rows: (string | number)[][] = [];
const checks: { name: string; ok: boolean; detail: string }[] = [];
for (const p of payloads()) {
  const ajv = ajvValidator(p.api, p.target, true);
  const text = JSON.stringify(p.invalid);
  const result = validate(p.api, p.target as never, p.invalid);
  if (result.valid || ajv(p.invalid)) throw new Error(`${p.label}: the invalid payload is accepted`);
  const t = timeRounds({
    ours: () => validate(p.api, p.target as never, p.invalid),
    ajv: () => ajv(p.invalid),
    parse: () => JSON.parse(text),
  });
  const vsAjv = ratio(t.ajv, t.ours);
  rows.push([
    p.label,
    fmt(median(t.ours) / 1000, 2),
    fmt(median(t.ajv) / 1000, 2),
    fmt(median(t.parse) / 1000, 2),
    `${vsAjv.median.toFixed(2)}x (${vsAjv.low.toFixed(2)}-${vsAjv.high.toFixed(2)})`,
    `${result.errors.length} / ${(ajv as { errors?: unknown[] }).errors?.length ?? 0}`,
  ]);
  checks.push({ name: `${p.label}: error path vs ajv allErrors`, ok: vsAjv.median >= 1, detail: `${vsAjv.median.toFixed(2)}x as fast (target >= 1x)` });
}
console.log(await machine());
table(["invalid payload", "validate() µs", "ajv allErrors µs", "JSON.parse µs (floor)", "ours vs ajv speed (rounds)", "errors ours / ajv"], rows);
verdict(checks);
