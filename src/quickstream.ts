// The QuickStream client: openapi-fetch over the generated paths, with the secret or the publishable key.
import createClient, { type Client } from "openapi-fetch";
import { servers, type Environment } from "../generated/quickstream/client-meta.js";
import type { paths } from "../generated/quickstream/types.js";
import { basicAuthorization, checkApiKey } from "./auth.js";
import { resolveBaseUrl } from "./base-url.js";

export type QuickStreamEnvironment = Environment;
export type QuickStreamPaths = paths;

interface CommonOptions {
  /** "support" (default) or "production". */
  environment?: QuickStreamEnvironment;
  /** Overrides `environment`, e.g. a local mock. */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}
/** Exactly one key: the secret key (server side, full access) or the publishable key (browser-safe, limited). */
export type QuickStreamClientOptions =
  | (CommonOptions & { secretKey: string; publishableKey?: never })
  | (CommonOptions & { publishableKey: string; secretKey?: never });

export type QuickStreamClient = Client<paths, "application/json">;

export function createQuickStreamClient(options: QuickStreamClientOptions): QuickStreamClient {
  const given = (["secretKey", "publishableKey"] as const).filter((k) => options?.[k] !== undefined);
  if (given.length !== 1) {
    throw new TypeError("pass exactly one of secretKey or publishableKey");
  }
  const key = checkApiKey(options[given[0]], given[0]);
  return createClient<paths, "application/json">({
    baseUrl: resolveBaseUrl(servers, options.environment, options.baseUrl),
    fetch: options.fetch,
    headers: { Authorization: basicAuthorization(key), Accept: "application/json" },
  });
}
