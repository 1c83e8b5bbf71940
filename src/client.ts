// The machinery both API clients share: openapi-fetch for typed paths and (de)serialisation, with every request
// routed through the payments-safe transport (transport.ts), a runtime check that the client's key may call the
// operation, optional request validation, and auto-pagination.
import createClient, {
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  type Client,
  type MaybeOptionalInit,
  type Middleware,
} from "openapi-fetch";
import { basicAuthorization } from "./auth.js";
import { RequestRefusedError } from "./errors.js";
import { Limiter } from "./limiter.js";
import { paginate } from "./pagination.js";
import { retrySettings, sleep, type OperationPolicy, type RetryOptions } from "./retry.js";
import { Deadlines, headerRecord, send, type Call, type FetchLike, type HeaderRecord, type Transport } from "./transport.js";
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
const BASE_HEADERS = { Accept: "application/json" };
/** openapi-fetch's default query serialiser (it builds this same one on every call). */
const querySerializer = createQuerySerializer();
/** openapi-fetch's default body serialiser: its declaration leaves out the headers it reads (a form content type). */
const serializeBody = defaultBodySerializer as unknown as (body: unknown, headers?: Headers) => string | FormData | undefined;

/** What the client knows about one operation: whether this key may call it, how it is resent, the hint. */
interface Operation {
  refusal: string | undefined;
  policy: OperationPolicy;
  hint: string | undefined;
}

type CallInit = Record<string, unknown> & {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  headers?: HeadersInit | Record<string, unknown>;
  body?: unknown;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
  signal?: AbortSignal | null;
};

/**
 * Can this call skip openapi-fetch's request pipeline? Yes unless it uses what only that pipeline does: its own
 * serialisers, base URL or middleware (then the call goes through openapi-fetch, as it always did).
 */
const direct = (init: CallInit | undefined): boolean =>
  init === undefined ||
  (init.baseUrl === undefined &&
    init.querySerializer === undefined &&
    init.bodySerializer === undefined &&
    init.pathSerializer === undefined &&
    init.middleware === undefined &&
    init.Request === undefined);

/**
 * The result openapi-fetch 0.17 makes of a response (coreFetch's tail, step for step): no body for 204, HEAD or an
 * empty Content-Length; `data` parsed as `parseAs` for a success; `error` parsed as JSON if it is JSON, else text.
 */
async function result(sent: Promise<Response>, method: string, parseAs: NonNullable<CallInit["parseAs"]>) {
  const response = await sent;
  const status = response.status;
  const ok = status >= 200 && status <= 299; // response.ok
  const headers = response.headers;
  const contentLength = headers.get("Content-Length");
  if (status === 204 || method === "HEAD" || (contentLength === "0" && !headers.get("Transfer-Encoding")?.includes("chunked"))) {
    return ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (ok) {
    if (parseAs === "stream") return { data: response.body, response };
    if (parseAs === "json" && !contentLength) {
      const raw = await response.text();
      return { data: raw ? JSON.parse(raw) : undefined, response };
    }
    return { data: await response[parseAs as "json" | "text" | "blob" | "arrayBuffer"](), response };
  }
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {
    /* not JSON: keep the text */
  }
  return { error, response };
}

export function buildClient<Paths extends {}>(spec: ClientSpec, options: TransportOptions): ApiClient<Paths> {
  const origin = new URL(spec.baseUrl).origin;
  const transport: Transport = {
    origin,
    authorization: basicAuthorization(spec.key),
    fetch: options.fetch,
    retry: retrySettings(options.retry),
    deadlines: new Deadlines(options.timeoutMs ?? 60_000),
    limiter: new Limiter(options.maxConcurrency ?? 10),
    sleep,
  };
  const baseUrl = spec.baseUrl.endsWith("/") ? spec.baseUrl.slice(0, -1) : spec.baseUrl;
  const inner = createClient<Paths, "application/json">({
    baseUrl: spec.baseUrl,
    Request: PlainRequest as unknown as typeof Request,
    headers: BASE_HEADERS,
  });
  // Middleware registered with `use` (mirrors openapi-fetch's list): while there is any, every call goes through
  // openapi-fetch so that the middleware sees it.
  const middleware: Middleware[] = [];

  // Only the description's operations are remembered, so that arbitrary paths cannot grow the map.
  const operations = new Map<string, Operation>();
  const operation = (method: string, path: string): Operation => {
    const id = `${method} ${path}`;
    const known = operations.get(id);
    if (known) return known;
    const accepted = spec.operationKeys[id];
    const refusal =
      (accepted ? accepted.includes(spec.scheme) : spec.allowUnknownOperations)
        ? undefined
        : accepted
          ? `${method} ${path} does not accept the ${spec.scheme} (it takes: ${accepted.join(", ")}); nothing was sent`
          : `${method} ${path} is not an operation of this API; nothing was sent`;
    const op: Operation = { refusal, policy: spec.policy(method, path), hint: spec.hint?.(method, path) };
    if (accepted) operations.set(id, op);
    return op;
  };

  /** Through openapi-fetch: for middleware and per-call serialisers or base URL. */
  const viaOpenapiFetch = (method: string, path: string, init: CallInit | undefined, op: Operation): Promise<unknown> => {
    const fetch = (req: Request) =>
      send(transport, {
        method: req.method,
        url: req.url,
        headers: headerRecord(req.headers),
        body: req.body as BodyInit | null,
        signal: req.signal,
        policy: op.policy,
        hint: op.hint,
      });
    return inner.request(method as never, path as never, { ...init, fetch, redirect: "manual" } as never);
  };

  /** The same request openapi-fetch would build (URL, headers, body), without its per-call pipeline. */
  const directly = (method: string, path: string, init: CallInit | undefined, op: Operation): Promise<unknown> => {
    let call: Call;
    try {
      call = directCall(method, path, init, op);
    } catch (error) {
      return Promise.reject(error); // as from openapi-fetch: a bad header or body rejects, it does not throw
    }
    return result(send(transport, call), method, init?.parseAs ?? "json");
  };
  const directCall = (method: string, path: string, init: CallInit | undefined, op: Operation): Call => {
    const params = init?.params;
    let url = baseUrl + path;
    if (params?.path) url = defaultPathSerializer(url, params.path);
    if (params?.query) {
      let search = querySerializer(params.query);
      if (search.startsWith("?")) search = search.substring(1);
      if (search) url += `?${search}`;
    }
    const given = init?.headers;
    const paramHeaders = params?.header;
    const custom = given != null || paramHeaders != null;
    const body = init?.body;
    const serialized =
      body === undefined ? undefined : serializeBody(body, custom ? mergeHeaders(BASE_HEADERS, given as HeadersInit, paramHeaders as HeadersInit) : undefined);
    const json = serialized !== undefined && !(serialized instanceof FormData);
    let headers: HeaderRecord;
    if (custom) {
      headers = headerRecord(mergeHeaders(json ? { "Content-Type": "application/json" } : {}, BASE_HEADERS, given as HeadersInit, paramHeaders as HeadersInit));
    } else {
      headers = json ? { "content-type": "application/json", accept: "application/json" } : { accept: "application/json" };
    }
    return { method, url, headers, body: (serialized ?? null) as BodyInit | null, signal: init?.signal ?? null, policy: op.policy, hint: op.hint };
  };

  const call = (method: string, path: string, init?: CallInit): Promise<unknown> => {
    const op = operation(method, path);
    if (op.refusal !== undefined) return Promise.reject(new RequestRefusedError(op.refusal, "key"));
    const go = middleware.length === 0 && direct(init) ? directly : viaOpenapiFetch;
    if (options.validateRequests && init?.body !== undefined && !init.bodySerializer) {
      return validateRequest(spec.api, method, path, init.body).then(() => go(method, path, init, op));
    }
    return go(method, path, init, op);
  };

  const client = {
    request: (method: string, path: string, init?: CallInit) => call(method.toUpperCase(), path, init),
    use: (...added: Middleware[]) => {
      for (const m of added) {
        if (!m) continue;
        inner.use(m); // throws for something that is not middleware
        middleware.push(m);
      }
    },
    eject: (...removed: Middleware[]) => {
      inner.eject(...removed);
      for (const m of removed) {
        const i = middleware.indexOf(m);
        if (i !== -1) middleware.splice(i, 1);
      }
    },
    paginate: (path: string, init?: CallInit) =>
      paginate({
        transport,
        origin,
        first: () => call("GET", path, { ...init, parseAs: "json" }) as Promise<{ data?: unknown; error?: unknown; response: Response }>,
        policy: spec.policy("GET", path),
        signal: init?.signal ?? undefined,
      }),
  } as Record<string, unknown>;
  for (const m of METHODS) client[m] = (path: string, init?: CallInit) => call(m, path, init);
  return client as unknown as ApiClient<Paths>;
}
