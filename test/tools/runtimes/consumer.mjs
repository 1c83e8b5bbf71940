// What a user's server code does, the same on every runtime: validate a body with the validators, send it with the
// client, validate the answer. Plain JavaScript importing the built package by name (dist/, through its exports).
// Run by cli.mjs (Node, Bun, Deno) and worker.mjs (workerd); runtimes.test.ts serves the loopback API it calls.
import { callInfo, createPaymentsPlusClient, createQuickStreamClient, RequestRefusedError, unwrap } from "westpac-payments-openapi";
import { validate } from "westpac-payments-openapi/validators";

/** `input`: { quickstream, paymentsplus } base URLs and `body`, a documented POST /transactions request. */
export async function validatedRequests({ quickstream, paymentsplus, body }) {
  const request = validate("quickstream", "POST /transactions request", body);
  // An invalid copy: the first invalid payload loads the full validator set, for the errors.
  const broken = validate("quickstream", "POST /transactions request", { ...body, principalAmount: "ten dollars" });

  const qs = createQuickStreamClient({ secretKey: "runtime-test-secret", baseUrl: quickstream, validateRequests: true, retry: false });
  const sent = await qs.POST("/transactions", { body });
  const transaction = unwrap(sent);
  const response = validate("quickstream", "POST /transactions 201", transaction);

  // validateRequests: an invalid body is refused before anything is sent.
  let refused;
  try {
    await qs.POST("/transactions", { body: { ...body, principalAmount: "ten dollars" } });
  } catch (error) {
    refused = error instanceof RequestRefusedError ? { reason: error.reason, fields: error.fields } : { unexpected: String(error) };
  }

  const pp = createPaymentsPlusClient({ apiKey: "runtime-test-key", baseUrl: paymentsplus, retry: false });
  const day = unwrap(await pp.GET("/banking-days/{date}", { params: { path: { date: "2018-06-01" } } }));
  const dayResponse = validate("paymentsplus", "GET /banking-days/{date} 200", day);

  return {
    requestValid: request.valid,
    brokenErrors: (broken.errors ?? []).map((e) => `${e.pointer}: ${e.message}`),
    status: sent.response.status,
    responseValid: response.valid,
    responseErrors: response.errors ?? [],
    receiptNumber: transaction.receiptNumber,
    idempotencyKey: callInfo(sent)?.idempotencyKey,
    refused,
    bankingDayValid: dayResponse.valid,
    bankingDay: day,
  };
}

/** Which runtime this is, as it names itself. */
export function runtimeName() {
  if (globalThis.Bun) return `Bun ${globalThis.Bun.version}`;
  if (globalThis.Deno) return `Deno ${globalThis.Deno.version.deno}`;
  if (globalThis.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  return `Node.js ${globalThis.process.versions.node}`;
}
