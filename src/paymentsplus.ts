// The PaymentsPlus client: one API key; resends follow each operation's x-retry in the description (P26).
import { operationBodies, operationKeys, operationMedia, operationResends, servers, type ApiPaths, type Environment } from "../generated/paymentsplus/client-meta.js";
import type { paths } from "../generated/paymentsplus/types.js";
import { checkApiKey, checkNotBrowser } from "./auth.js";
import { resolveBaseUrl } from "./base-url.js";
import { buildClient, type ApiClient, type TransportOptions } from "./client.js";

export type PaymentsPlusEnvironment = Environment;
export type PaymentsPlusPaths = paths;

export interface PaymentsPlusClientOptions extends TransportOptions {
  /** The PaymentsPlus API key (sent as the Basic user name with an empty password). */
  apiKey: string;
  /** "support" (default), "westpac" or "stgeorge". */
  environment?: PaymentsPlusEnvironment;
}

export type PaymentsPlusClient = ApiClient<ApiPaths>;

export function createPaymentsPlusClient(options: PaymentsPlusClientOptions): PaymentsPlusClient {
  const apiKey = checkApiKey(options?.apiKey, "apiKey");
  checkNotBrowser("apiKey", options.dangerouslyAllowBrowser);
  return buildClient<ApiPaths>(
    {
      api: "paymentsplus",
      baseUrl: resolveBaseUrl(servers, options.environment, options.baseUrl),
      key: apiKey,
      scheme: "apiKey",
      operationKeys,
      operationResends,
      operationBodies,
      operationMedia,
      allowUnknownOperations: true,
    },
    options,
  );
}
