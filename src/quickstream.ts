// The QuickStream client. A client made with the publishable key offers only the operations that accept it (a type
// error at compile time, a refusal at run time); one made with the secret key offers the secret-key operations and
// `GET /`. Both sets come from the description's security requirements (generated/quickstream/client-meta.ts).
import { operationBodies, operationKeys, operationMedia, operationResends, servers, type Environment, type PathsByKey } from "../generated/quickstream/client-meta.js";
import type { paths } from "../generated/quickstream/types.js";
import { checkApiKey, checkNotBrowser } from "./auth.js";
import { resolveBaseUrl } from "./base-url.js";
import { buildClient, type ApiClient, type TransportOptions } from "./client.js";

export type QuickStreamEnvironment = Environment;
export type QuickStreamPaths = paths;
export type QuickStreamKeyKind = keyof PathsByKey;

interface CommonOptions extends TransportOptions {
  /** "support" (default) or "production". */
  environment?: QuickStreamEnvironment;
}
export type QuickStreamSecretOptions = CommonOptions & { secretKey: string; publishableKey?: never };
export type QuickStreamPublishableOptions = CommonOptions & { publishableKey: string; secretKey?: never };
/** Exactly one key: the secret key (server side, full access) or the publishable key (browser-safe, limited). */
export type QuickStreamClientOptions = QuickStreamSecretOptions | QuickStreamPublishableOptions;

/** A QuickStream client whose paths are those its key may call. */
export type QuickStreamClient<K extends QuickStreamKeyKind = "secretKey"> = ApiClient<PathsByKey[K]>;

export function createQuickStreamClient(options: QuickStreamPublishableOptions): QuickStreamClient<"publishableKey">;
export function createQuickStreamClient(options: QuickStreamSecretOptions): QuickStreamClient<"secretKey">;
export function createQuickStreamClient(options: QuickStreamClientOptions): QuickStreamClient<"secretKey"> | QuickStreamClient<"publishableKey">;
export function createQuickStreamClient(options: QuickStreamClientOptions): QuickStreamClient<QuickStreamKeyKind> {
  const given = (["secretKey", "publishableKey"] as const).filter((k) => options?.[k] !== undefined);
  if (given.length !== 1) throw new TypeError("pass exactly one of secretKey or publishableKey");
  const scheme = given[0]!;
  const key = checkApiKey(options[scheme], scheme);
  if (scheme === "secretKey") checkNotBrowser("secretKey", options.dangerouslyAllowBrowser);
  return buildClient<PathsByKey[QuickStreamKeyKind]>(
    {
      api: "quickstream",
      baseUrl: resolveBaseUrl(servers, options.environment, options.baseUrl),
      key,
      scheme,
      operationKeys,
      operationResends,
      operationBodies,
      operationMedia,
      allowUnknownOperations: scheme === "secretKey",
    },
    options,
  );
}
