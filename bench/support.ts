// Shared by the validator benchmarks: the payloads (valid and invalid), the ajv peer, and interleaved timing.
// The machine is shared: each round runs every contender once in turn (alternating the order), and the figures are
// medians over the rounds, with the spread (lowest-highest round) beside them.
import { createAjv, DOC_ID } from "../scripts/ajv.ts";
import type { ApiName } from "../scripts/lib.ts";
import { loadDoc } from "../test/support/spec.ts";
import { examples, targetPointer } from "../test/validators/support.ts";

export interface Payload {
  label: string;
  api: ApiName;
  target: string;
  valid: unknown;
  /** The same payload with three things wrong. */
  invalid: unknown;
}

const example = (api: ApiName, target: string, pick: (v: any) => boolean = () => true): any =>
  structuredClone(examples(api).find((s) => s.target === target && pick(s.value))!.value);

export function payloads(): Payload[] {
  const agreement = example("quickstream", "POST /customers/{customerId}/payto-agreements request");
  const transaction = example("quickstream", "GET /transactions/{receiptNumber} 200");
  const list = { links: [{ rel: "self", href: "https://api.quickstream.support.qvalent.com/rest/v1/transactions" }], data: Array.from({ length: 20 }, () => structuredClone(transaction)) };
  const payment = example("quickstream", "POST /transactions request", (v) => v.transactionType === "PAYMENT");
  const file = example("paymentsplus", "PUT /files/{fileIdentifier}/payments/{paymentIdentifier} request", (v) => v.recipientAccount?.type === "AU_DOMESTIC");
  return [
    {
      label: "PayTo agreement request",
      api: "quickstream",
      target: "POST /customers/{customerId}/payto-agreements request",
      valid: agreement,
      invalid: { ...agreement, agreementType: "SOMETIMES", unexpectedProperty: 1, paymentDetails: { ...agreement.paymentDetails, amount: "ten" } },
    },
    {
      label: "list of 20 transactions",
      api: "quickstream",
      target: "GET /transactions 200",
      valid: list,
      invalid: { ...list, data: list.data.map((t, i) => (i % 7 === 3 ? { ...t, status: 42, receiptNumber: undefined, principalAmount: { currency: "AUD" } } : t)) },
    },
    {
      label: "QuickStream payment request",
      api: "quickstream",
      target: "POST /transactions request",
      valid: payment,
      invalid: { ...payment, principalAmount: "100.055", currency: "aud", customerReferenceNumber: 5 },
    },
    {
      label: "PaymentsPlus file payment request",
      api: "paymentsplus",
      target: "PUT /files/{fileIdentifier}/payments/{paymentIdentifier} request",
      valid: file,
      invalid: { ...file, paymentMethod: "CHEQUE", recipientAccount: { ...file.recipientAccount, bsbNumber: 650000, accountNumber: undefined } },
    },
  ];
}

/** ajv compiling the same bundled description at run time (scripts/ajv.ts), as a project without us would. */
export function ajvValidator(api: ApiName, target: string, allErrors: boolean): (data: unknown) => boolean {
  const ajv = createAjv(loadDoc(api), api, false, { allErrors });
  return ajv.compile({ $ref: `${DOC_ID(api)}${targetPointer(api, target)}` });
}

/** CPU time of this process in milliseconds: unlike wall time, not inflated while other processes hold the cores. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Nanoseconds of CPU per call of each contender, one figure per round of ~`batchMs`; rounds interleave the
 * contenders (alternating their order).
 */
export function timeRounds(contenders: Record<string, () => unknown>, rounds = 15, batchMs = 40): Record<string, number[]> {
  const names = Object.keys(contenders);
  const batch: Record<string, number> = {};
  for (const name of names) {
    let n = 1;
    for (let t = 0; t < batchMs / 2; n *= 2) {
      const start = cpuMs();
      for (let i = 0; i < n; i++) contenders[name]();
      t = cpuMs() - start;
    }
    batch[name] = n;
  }
  const out: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 ? [...names].reverse() : names) {
      const fn = contenders[name];
      const n = batch[name];
      const start = cpuMs();
      for (let i = 0; i < n; i++) fn();
      out[name].push(((cpuMs() - start) * 1e6) / n);
    }
  }
  return out;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Per-round ratios a/b: median and lowest-highest. */
export function ratio(a: number[], b: number[]): { median: number; low: number; high: number } {
  const r = a.map((x, i) => x / b[i]);
  return { median: median(r), low: Math.min(...r), high: Math.max(...r) };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString("en-AU", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Print a markdown table. */
export function table(head: string[], rows: (string | number)[][]): void {
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

/** Print the verdicts; exit 1 on a miss when BENCH_STRICT=1. */
export function verdict(checks: { name: string; ok: boolean; detail: string }[]): void {
  for (const c of checks) console.log(`${c.ok ? "ok    " : "MISSED"} ${c.name}: ${c.detail}`);
  if (checks.some((c) => !c.ok) && process.env.BENCH_STRICT === "1") process.exit(1);
}

export const machine = async () => {
  const os = await import("node:os");
  return `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`;
};
