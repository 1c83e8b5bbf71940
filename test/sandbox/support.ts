// Calling the sandbox in tests: raw fetch with a facility's key, JSON in and out.
import { afterAll, beforeAll } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/index.ts";

export const SECRET = "DEMO_SEC_k3y0f7h3d3m0";
export const PUBLISHABLE = "DEMO_PUB";
export const PP_KEY = "BUYER_SEC_p4ym3nt5plu5";

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export function basic(key: string): string {
  return `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
}

export async function call(
  base: string,
  method: string,
  path: string,
  key: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      Accept: "application/json",
      ...(key ? { Authorization: basic(key) } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** A sandbox for the file's tests (strict: a non-conforming response is a 500 and fails the test). */
export function useSandbox(options: SandboxOptions = {}): { sandbox: () => Sandbox; qs: () => string; pp: () => string } {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ strictResponses: true, ...options });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  return { sandbox: () => sandbox, qs: () => sandbox.urls.quickstream, pp: () => sandbox.urls.paymentsplus };
}

export const cardToken = (cardNumber: string) => ({
  supplierBusinessCode: "DEMO",
  accountType: "CREDIT_CARD",
  cardholderName: "Jane Smith",
  cardNumber,
  expiryDateMonth: "01",
  expiryDateYear: "2050",
  cvn: "123",
});
