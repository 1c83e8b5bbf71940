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

const APIS = ["paymentsplus", "quickstream"];

/** Fault rules as sent (a list, or `{ "faults": [...] }`), checked field by field: a bad rule is refused whole, with
 *  the field named (`faults[0].fault`), rather than failing every request it matches later. */
export function checkRules(input: unknown): FaultRule[] {
  const list = Array.isArray(input) ? input : input && typeof input === "object" ? (input as any).faults : undefined;
  if (!Array.isArray(list)) throw new FaultSyntaxError('send the fault rules as a list, or as { "faults": [...] }');
  return list.map((rule: any, i: number): FaultRule => {
    const at = `faults[${i}]`;
    if (!rule || typeof rule !== "object" || Array.isArray(rule)) throw new FaultSyntaxError(`${at} must be an object`);
    const unknown = Object.keys(rule).filter((k) => !["operation", "api", "fault", "times"].includes(k));
    if (unknown.length) throw new FaultSyntaxError(`${at}.${unknown[0]} is not a field of a fault rule (operation, api, fault, times)`);
    if (typeof rule.fault !== "string") throw new FaultSyntaxError(`${at}.fault must be a string such as "503" or "delay=500,503", not ${rule.fault === null ? "null" : typeof rule.fault}`);
    try {
      parseFault(rule.fault);
    } catch (error) {
      throw new FaultSyntaxError(`${at}.fault: ${(error as Error).message}`);
    }
    if (rule.operation !== undefined && (typeof rule.operation !== "string" || !/^(GET|PUT|POST|PATCH|DELETE) \/\S*$/.test(rule.operation))) {
      throw new FaultSyntaxError(`${at}.operation must be a method and the description's path template, such as "POST /transactions"`);
    }
    if (rule.api !== undefined && !APIS.includes(rule.api)) throw new FaultSyntaxError(`${at}.api must be "paymentsplus" or "quickstream"`);
    if (rule.times !== undefined && !(Number.isSafeInteger(rule.times) && rule.times >= 0)) throw new FaultSyntaxError(`${at}.times must be a whole number, 0 or more`);
    return { ...(rule.operation !== undefined ? { operation: rule.operation } : {}), ...(rule.api !== undefined ? { api: rule.api } : {}), fault: rule.fault, ...(rule.times !== undefined ? { times: rule.times } : {}) };
  });
}

/**
 * Fault rules, consumed as they match: those of the fault file (`--faults`, or `sandbox.faults.set(rules)`) apply to
 * every facility; those a facility sets with `PUT /_sandbox/faults` apply to that facility only, before the others.
 */
export class FaultRules {
  private rules: FaultRule[] = [];
  private byFacility = new Map<string, FaultRule[]>();

  load(file: string): void {
    this.set(JSON.parse(readFileSync(file, "utf8")));
  }

  /** Replace the rules of one facility, or (no facility) those for every facility. */
  set(rules: unknown, facility?: string): void {
    const checked = checkRules(rules);
    if (facility === undefined) this.rules = checked;
    else this.byFacility.set(facility, checked);
  }

  list(facility?: string): FaultRule[] {
    return (facility === undefined ? this.rules : (this.byFacility.get(facility) ?? [])).map((r) => ({ ...r }));
  }

  /** Forget a facility's own rules. */
  clear(facility: string): void {
    this.byFacility.delete(facility);
  }

  /** The fault text of the first rule matching this request (and uses it up once): the facility's rules first. */
  take(api: string, operation: string, facility?: string): string | undefined {
    const matches = (r: FaultRule) => (!r.api || r.api === api) && (!r.operation || r.operation === operation) && (r.times === undefined || r.times > 0);
    const rule = (facility !== undefined ? this.byFacility.get(facility)?.find(matches) : undefined) ?? this.rules.find(matches);
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times--;
    return rule.fault;
  }
}
