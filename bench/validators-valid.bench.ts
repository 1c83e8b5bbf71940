// Valid payloads: validate() against ajv compiled at run time from the same bundle (allErrors false, its fastest),
// with JSON.parse of the same payload as the floor. Target: at least 2x ajv.
import { validate } from "../dist/src/validators/index.js"; // the compiled package, as users run it
import { ajvValidator, fmt, machine, median, payloads, ratio, table, timeRounds, verdict } from "./support.ts";

const rows: (string | number)[][] = [];
const checks: { name: string; ok: boolean; detail: string }[] = [];
for (const p of payloads()) {
  const ajv = ajvValidator(p.api, p.target, false);
  const text = JSON.stringify(p.valid);
  if (!validate(p.api, p.target as never, p.valid).valid || !ajv(p.valid)) throw new Error(`${p.label}: not valid`);
  const t = timeRounds({
    ours: () => validate(p.api, p.target as never, p.valid),
    ajv: () => ajv(p.valid),
    parse: () => JSON.parse(text),
  });
  const vsAjv = ratio(t.ajv, t.ours);
  rows.push([
    `${p.label} (${fmt(text.length)} B)`,
    fmt(1e9 / median(t.ours)),
    fmt(1e9 / median(t.ajv)),
    fmt(1e9 / median(t.parse)),
    `${vsAjv.median.toFixed(1)}x (${vsAjv.low.toFixed(1)}-${vsAjv.high.toFixed(1)})`,
    `${ratio(t.parse, t.ours).median.toFixed(1)}x`,
  ]);
  checks.push({ name: `${p.label}: valid path vs ajv`, ok: vsAjv.median >= 2, detail: `${vsAjv.median.toFixed(1)}x (target >= 2x)` });
}
console.log(await machine());
table(["valid payload", "validate() /s", "ajv /s", "JSON.parse /s (floor)", "ours vs ajv (rounds)", "ours vs JSON.parse"], rows);
verdict(checks);
