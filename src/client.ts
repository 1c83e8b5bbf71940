// The machinery both API clients share: openapi-fetch for typed paths and (de)serialisation, with every request
// routed through the payments-safe transport (transport.ts), a runtime check that the client's key may call the
// operation, optional request validation, and auto-pagination.
import createClient, { type Client, type MaybeOptionalInit } from "openapi-fetch";
import { basicAuthorization } from "./auth.js";
import { RequestRefusedError } from "./errors.js";
import { Limiter } from "./limiter.js";
import { paginate } from "./pagination.js";
import { retrySettings, sleep, type OperationPolicy, type RetryOptions } from "./retry.js";
import { send, type FetchLike, type Transport } from "./transport.js";
import { validateRequest } from "./validation.js";

/** Options both clients take besides the key and the environment. */
export interface TransportOptions {
  /** Overrides `environment`, e.g. a local mock. Must be https: (http: only for loopback hosts). */
  baseUrl?: string;
  /** Resends on failures the docs say are safe to resend (D9); `false` never resends. Default: 2 resends, 20 s apart. */
  retry?: RetryOptions | false;
  /** Per attempt, in milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Requests in flight per client (default 10: the APIs answer 429 above 10). */
  maxConcurrency?: number;
  /** Check each JSON body with the generated validators and refuse to send an invalid one. */
  validateRequests?: boolean;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
}

type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type ListPath<Paths> = {
  [P in keyof Paths]: Paths[P] extends { get: { responses: { 200: { content: { "application/json": { data?: unknown[] } } } } } } ? P : never;
}[keyof Paths];
type ListItem<Op> = Op extends { responses: { 200: { content: { "application/json": { data?: (infer T)[] } } } } } ? T : never;
type Init<Paths, P extends keyof Paths> = MaybeOptionalInit<Paths[P], "get" & keyof Paths[P]>;

export interface Paginate<Paths> {
  /** Every item of every page of a list, following `next` links (same origin only) until there are none. */
  <P extends ListPath<Paths>>(
    path: P,
    ...init: RequiredKeysOf<Init<Paths, P>> extends never ? [Init<Paths, P>?] : [Init<Paths, P>]
  ): AsyncGenerator<ListItem<(Paths[P] & { get: unknown })["get"]>, void, undefined>;
}

export type ApiClient<Paths extends {}> = Client<Paths, "application/json"> & {
  paginate: Paginate<Paths>;
};

export interface ClientSpec {
  api: "quickstream" | "paymentsplus";
  baseUrl: string;
  key: string;
  /** The security scheme the key belongs to. */
  scheme: string;
  /** The schemes each operation accepts ("METHOD /path"), from the description. */
  operationKeys: Readonly<Record<string, readonly string[]>>;
  /** May this key call operations the description does not list? */
  allowUnknownOperations: boolean;
  policy: (method: string, path: string) => OperationPolicy;
  hint?: (method: string, path: string) => string | undefined;
}

/**
 * A stand-in for `Request` inside openapi-fetch: it only carries what openapi-fetch built (URL, method, headers,
 * serialised body, signal) to our transport, which makes the real request. Cheaper than a WHATWG Request, and
 * its body stays re-sendable.
 */
class PlainRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | null;
  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
  }
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

export function buildClient<Paths extends {}>(spec: ClientSpec, options: TransportOptions): ApiClient<Paths> {
  const origin = new URL(spec.baseUrl).origin;
  const transport: Transport = {
    origin,
    authorization: basicAuthorization(spec.key),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    retry: retrySettings(options.retry),
    timeoutMs: options.timeoutMs ?? 60_000,
    limiter: new Limiter(options.maxConcurrency ?? 10),
    sleep,
  };
  if (!Number.isFinite(transport.timeoutMs) || transport.timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive number");
  const inner = createClient<Paths, "application/json">({
    baseUrl: spec.baseUrl,
    Request: PlainRequest as unknown as typeof Request,
    headers: { Accept: "application/json" },
  });

  const allowed = (method: string, path: string): void => {
    const accepted = spec.operationKeys[`${method} ${path}`];
    if (accepted ? accepted.includes(spec.scheme) : spec.allowUnknownOperations) return;
    throw new RequestRefusedError(
      accepted
        ? `${method} ${path} does not accept the ${spec.scheme} (it takes: ${accepted.join(", ")}); nothing was sent`
        : `${method} ${path} is not an operation of this API; nothing was sent`,
      "key",
    );
  };

  const call = (method: string, path: string, init?: Record<string, unknown>): Promise<unknown> => {
    try {
      allowed(method, path);
    } catch (error) {
      return Promise.reject(error);
    }
    const policy = spec.policy(method, path);
    const hint = spec.hint?.(method, path);
    const fetch = (req: Request) =>
      send(transport, { method: req.method, url: req.url, headers: req.headers, body: req.body as BodyInit | null, signal: req.signal, policy, hint });
    const go = () => inner.request(method as never, path as never, { ...init, fetch, redirect: "manual" } as never);
    if (options.validateRequests && init?.body !== undefined && !init.bodySerializer) {
      return validateRequest(spec.api, method, path, init.body).then(go);
    }
    return go();
  };

  const client = {
    request: (method: string, path: string, init?: Record<string, unknown>) => call(method.toUpperCase(), path, init),
    use: inner.use,
    eject: inner.eject,
    paginate: (path: string, init?: Record<string, unknown>) =>
      paginate({ transport, origin, first: () => call("GET", path, { ...init, parseAs: "json" }) as Promise<{ data?: unknown; error?: unknown; response: Response }>, policy: spec.policy("GET", path), signal: init?.signal as AbortSignal | undefined }),
  } as Record<string, unknown>;
  for (const m of METHODS) client[m] = (path: string, init?: Record<string, unknown>) => call(m, path, init);
  return client as unknown as ApiClient<Paths>;
}
