// End-to-end flows of generated clients (issue: generated clients work end to end, not only compile).
//
// A flow is a short program in the generator's own language that uses only the client the generator wrote (no
// hand-built HTTP) against a sandbox this suite starts. It reads everything it needs from its environment (FLOW_ENV
// below) and prints one line `STEP <name> ok` after each step it has checked itself, in order; anything else it
// prints is kept for the failure message. The test asserts that every step of the API's list was reported, in
// order, and that the program exited 0. A flow stops at its first failing step (an exception, a non-zero exit).
//
// The steps are the same in every language, so the matrix in docs/codegen.md reads the same for each generator:
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { run, type RunResult } from "./support.ts";

/** QuickStream: what each flow does, in this order. */
export const QUICKSTREAM_STEPS = [
  "customer", //      POST /customers: a customer is created and has a customerId
  "token", //         POST /single-use-tokens with the publishable key and a test card: a singleUseTokenId
  "approved", //      POST /transactions PAYMENT with a token of an approving test card: status Approved, a receiptNumber
  "declined", //      POST /transactions PAYMENT with a declining test card (4111111111444496, code 51): status Declined
  "read", //          GET /transactions/{receiptNumber} of the approved payment: same receipt, amount and status
  "idempotent", //    the same POST /transactions twice with one Idempotency-Key: the same receiptNumber both times
  "list", //          GET /transactions: the list holds the approved payment's receipt
  "error", //         a request the API refuses with 422, read as the generator's typed error: its errors[] name a field
] as const;

/** PaymentsPlus: what each flow does, in this order. */
export const PAYMENTSPLUS_STEPS = [
  "file", //          createFile (PUT /files/{fileIdentifier}): the file is created, status OPEN
  "payments", //      createFilePayment (PUT /files/{fileIdentifier}/payments/{paymentIdentifier}), at least once
  "send", //          sendFile (POST /files/{fileIdentifier}/send): the file is sent
  "file-status", //   getFile: the file's status code is no longer OPEN
  "payment-status", // getPayment or getFilePayment: the payment's status code is read
  "list", //          listFilePayments or a payment search (searchPaymentsByDate, ...): the list holds the payment
  "osko", //          createImmediatePayment (POST /payments/{paymentIdentifier}), Osko: a payment with a status
] as const;

export type FlowApi = "quickstream" | "paymentsplus";
export const FLOW_STEPS: Record<FlowApi, readonly string[]> = { quickstream: QUICKSTREAM_STEPS, paymentsplus: PAYMENTSPLUS_STEPS };

/** The environment every flow program reads. Keys follow the sandbox's documented form (one facility per flow). */
export function flowEnv(sandbox: Sandbox, flow: string): Record<string, string> {
  // A facility code of letters and digits only, distinct per flow, so that flows never see each other's state.
  const facility = `F${createHash("sha256").update(flow).digest("hex").slice(0, 10).toUpperCase()}`;
  return {
    QUICKSTREAM_URL: sandbox.urls.quickstream,
    PAYMENTSPLUS_URL: sandbox.urls.paymentsplus,
    QUICKSTREAM_SECRET_KEY: `${facility}_SEC_flow`,
    QUICKSTREAM_PUBLISHABLE_KEY: `${facility}_PUB_flow`,
    PAYMENTSPLUS_API_KEY: `${facility}_SEC_flow`,
    SUPPLIER_BUSINESS_CODE: "MYBUSINESS",
  };
}

/** One sandbox for a test file's flows (each flow gets its own facility), stopped by the caller. */
export const startFlowSandbox = () => startSandbox({ paymentsplusPort: 0, quickstreamPort: 0, strictResponses: true });

/**
 * A flow test file's sandbox: started before the file's tests and stopped after them, when the file's work folder is
 * removed too. Read `current` inside a test.
 */
export function useFlowSandbox(workFolder: string): { readonly current: Sandbox } {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startFlowSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(workFolder, { recursive: true, force: true });
  });
  return {
    get current() {
      if (!sandbox) throw new Error("the flow sandbox has not started");
      return sandbox;
    },
  };
}

export interface FlowResult extends RunResult {
  /** The steps the program reported, in the order it reported them. */
  steps: string[];
}

/**
 * Run one flow program with the sandbox's environment added to `env`. The caller asserts
 * `expect(result.steps, result.output).toEqual([...FLOW_STEPS[api]])` and `expect(result.status).toBe(0)`.
 */
export async function runFlow(
  sandbox: Sandbox,
  flow: string,
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<FlowResult> {
  const result = await run(cmd, args, { ...opts, env: { ...opts.env, ...flowEnv(sandbox, flow) } });
  const steps = [...result.output.matchAll(/^STEP (\S+) ok$/gm)].map((m) => m[1]!);
  return { ...result, steps };
}
