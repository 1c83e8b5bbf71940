// Fault injection, so that integrators can test their retry logic: per request with `X-Sandbox-Fault`, or from a
// fault file (`--faults FILE`) or the control endpoint. A fault is a comma-separated list of:
//   503 | 429 | 500 | <any 4xx or 5xx>
//                              answer with that status in the API's error model, WITHOUT processing the request
//   drop-after-processing      process the request fully (state changes, idempotency record), then close the
//                              connection without answering: a resend with the same Idempotency-Key finds the result
//   delay=<ms>                 wait that long (up to 60 s) before processing; the request counts as in flight
import { readFileSync } from "node:fs";

export interface Fault {
  status?: number;
  drop?: boolean;
  delayMs?: number;
}

export interface FaultRule {
  /** `POST /transactions` (the description's method and path template); every operation when absent. */
  operation?: string;
  api?: "paymentsplus" | "quickstream";
  fault: string;
  /** How many requests it applies to; every matching request when absent. */
  times?: number;
}

export class FaultSyntaxError extends Error {}

export function parseFault(text: string): Fault {
  const fault: Fault = {};
  for (const raw of text.split(",")) {
    const part = raw.trim().toLowerCase();
    if (/^[45]\d\d$/.test(part)) fault.status = Number(part);
    else if (part === "drop-after-processing") fault.drop = true;
    else if (/^delay=\d{1,5}$/.test(part) && Number(part.slice(6)) <= 60_000) fault.delayMs = Number(part.slice(6));
    else throw new FaultSyntaxError(`unknown fault "${raw.trim()}": use a status (503, 429, 500 or another 4xx/5xx), drop-after-processing or delay=<ms up to 60000>`);
  }
  return fault;
}

/** Fault rules: loaded from a file, replaced by the control endpoint, consumed as they match. */
export class FaultRules {
  private rules: FaultRule[] = [];

  load(file: string): void {
    const parsed = JSON.parse(readFileSync(file, "utf8"));
    this.set(Array.isArray(parsed) ? parsed : parsed.faults);
  }

  set(rules: FaultRule[]): void {
    if (!Array.isArray(rules)) throw new FaultSyntaxError("fault rules must be a list (or { \"faults\": [...] })");
    for (const r of rules) parseFault(String(r?.fault ?? "")); // reject a bad rule now, not at request time
    this.rules = rules.map((r) => ({ ...r }));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The fault text of the first rule matching this request (and uses it up once). */
  take(api: string, operation: string): string | undefined {
    const rule = this.rules.find(
      (r) => (!r.api || r.api === api) && (!r.operation || r.operation === operation) && (r.times === undefined || r.times > 0),
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times--;
    return rule.fault;
  }
}
