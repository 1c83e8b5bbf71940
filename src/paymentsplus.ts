// The PaymentsPlus client: openapi-fetch over the generated paths, with Basic auth and the chosen environment.
import createClient, { type Client } from "openapi-fetch";
import { servers, type Environment } from "../generated/paymentsplus/client-meta.js";
import type { paths } from "../generated/paymentsplus/types.js";
import { basicAuthorization, checkApiKey } from "./auth.js";
import { resolveBaseUrl } from "./base-url.js";

export type PaymentsPlusEnvironment = Environment;
export type PaymentsPlusPaths = paths;

export interface PaymentsPlusClientOptions {
  /** The PaymentsPlus API key (sent as the Basic user name with an empty password). */
  apiKey: string;
  /** "support" (default), "westpac" or "stgeorge". */
  environment?: PaymentsPlusEnvironment;
  /** Overrides `environment`, e.g. a local mock. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

export type PaymentsPlusClient = Client<paths, "application/json">;

export function createPaymentsPlusClient(options: PaymentsPlusClientOptions): PaymentsPlusClient {
  const apiKey = checkApiKey(options?.apiKey, "apiKey");
  return createClient<paths, "application/json">({
    baseUrl: resolveBaseUrl(servers, options.environment, options.baseUrl),
    fetch: options.fetch,
    headers: { Authorization: basicAuthorization(apiKey), Accept: "application/json" },
  });
}
