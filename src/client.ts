// The machinery both API clients share: openapi-fetch for typed paths and (de)serialisation, with every request
// routed through the payments-safe transport (transport.ts), a runtime check that the client's key may call the
// operation, a check that no path parameter can leave the operation's path, optional request validation, and
// auto-pagination. How each operation may be resent comes from the description (x-retry, via client-meta).
import type { MaybeOptionalInit, Middleware } from "openapi-fetch";
import { parseAsFor } from "./media.js";
import { basicAuthorization, secretPattern, secretsOf } from "./auth.js";
import { RequestRefusedError, ResponseBodyError } from "./errors.js";
import type { FetchClient } from "./client-types.js";
import { checkIdempotencyKey } from "./idempotency.js";
import { Limiter } from "./limiter.js";
import { paginate } from "./pagination.js";
import { notJson, readableResponse, toResult, type ParseAs, type Result } from "./result.js";
import { observerOf, type ObserveOptions } from "./observe.js";
import { checkMs, retrySettings, sleep, UNKNOWN_OPERATION, type Resends, type RetryOptions, type RetrySettings } from "./retry.js";
import { Deadlines, headerRecord, send, setCallInfo, type Answer, type Call, type FetchLike, type HeaderRecord, type Transport } from "./transport.js";
import { validateRequest } from "./validation.js";

/** Options both clients take besides the key and the environment. */
export interface TransportOptions extends ObserveOptions {
  /** Make a client with a secret key (QuickStream secretKey, PaymentsPlus apiKey) even in a browser (refused by default). */
  dangerouslyAllowBrowser?: boolean;
  /** Overrides `environment`, e.g. a local mock. Must be https: (http: only for loopback hosts). */
  baseUrl?: string;
  /** Resends where the description's x-retry allows (P26); `false` never resends. Default: 2 resends, 20 s apart. */
  retry?: RetryOptions | false;
  /** Per attempt, in milliseconds, reading the body included (default 60 000). */
  timeoutMs?: number;
  /** Requests in flight per client, bodies included (default 10: the APIs answer 429 above 10). */
  maxConcurrency?: number;
  /** Largest response body the client reads, in bytes after decompression (default 32 MiB). */
  maxResponseBytes?: number;
  /** Check each JSON body with the generated validators and refuse to send an invalid one. */
  validateRequests?: boolean;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
}

/** Options of one call, beside openapi-fetch's (`client.POST(path, { body, timeoutMs: 5_000, retry: false })`). */
export interface CallOptions {
  /** This call's per-attempt timeout, instead of the client's. */
  timeoutMs?: number;
  /** This call's resends, instead of the client's (`false`: never resend). Where the description allows them only. */
  retry?: RetryOptions | false;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Pages `paginate` follows before it stops with a PaginationError (20 items a page: 20,000 items). */
export const DEFAULT_MAX_PAGES = 1000;

type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type ListPath<Paths> = {
  [P in keyof Paths]: Paths[P] extends { get: { responses: { 200: { content: { "application/json": { data?: unknown[] | null } } } } } } ? P : never;
}[keyof Paths];
// `data` may be null in a response (P47); paginate then yields nothing for that page.
type ListItem<Op> = Op extends { responses: { 200: { content: { "application/json": { data?: (infer T)[] | null } } } } } ? T : never;
type Init<Paths, P extends keyof Paths> = MaybeOptionalInit<Paths[P], "get" & keyof Paths[P]> & CallOptions & {
  /** Stop with a PaginationError after this many pages (default 1000). */
  maxPages?: number;
};

export interface Paginate<Paths> {
  /**
   * Every item of every page of a list, following `next` links under the client's base URL until there are none.
   * A page seen before, more than `maxPages` pages, or a page that is not `{links, data}` ends it with an error.
   */
  <P extends ListPath<Paths>>(
    path: P,
    ...init: RequiredKeysOf<Init<Paths, P>> extends never ? [Init<Paths, P>?] : [Init<Paths, P>]
  ): AsyncGenerator<ListItem<(Paths[P] & { get: unknown })["get"]>, void, undefined>;
}

/** openapi-fetch's client, with response types that keep open code lists (P110), and `paginate`. */
export type ApiClient<Paths extends {}> = FetchClient<Paths, "application/json"> & {
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
  /** When each operation may be resent ("METHOD /path"), from the description's x-retry. */
  operationResends: Readonly<Record<string, Resends>>;
  /** The success statuses of each operation ("METHOD /path") whose answer documents a body. */
  operationBodies?: Readonly<Record<string, readonly number[]>>;
  /** The success media types of each operation ("METHOD /path") that offers more than JSON, in order. */
  operationMedia?: Readonly<Record<string, readonly string[]>>;
  /** May this key call operations the description does not list? */
  allowUnknownOperations: boolean;
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
const BASE_HEADERS = { Accept: "application/json" };

/**
 * openapi-fetch, imported at the first call rather than with the package: resolving, reading and compiling it was
 * about a third of importing the clients, and a first request costs far more anyway (P135, docs/performance.md).
 * Every call waits for it, so nothing below runs without it.
 */
let openapiFetch: typeof import("openapi-fetch") | undefined;
let loading: Promise<unknown> | undefined;
/** openapi-fetch's default query serialiser (it builds this same one on every call). */
let querySerializer: (query: Record<string, unknown>) => string;
/** openapi-fetch's default body serialiser: its declaration leaves out the headers it reads (a form content type). */
let serializeBody: (body: unknown, headers?: Headers) => string | FormData | undefined;
const loadOpenapiFetch = (): Promise<unknown> =>
  (loading ??= import("openapi-fetch").then((module) => {
    querySerializer = module.createQuerySerializer();
    serializeBody = module.defaultBodySerializer as unknown as typeof serializeBody;
    openapiFetch = module;
  }));

/** openapi-fetch's own check of what `use` is given (it throws the same error), made here before it is loaded. */
function checkMiddleware(m: unknown): void {
  if (typeof m !== "object" || !("onRequest" in m! || "onResponse" in m! || "onError" in m!)) {
    throw new Error("Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`");
  }
}

/** What the client knows about one operation: whether this key may call it, its path parameters, how it is resent. */
interface Operation {
  refusal: string | undefined;
  pathParams: string[];
  resends: Resends;
  /** Success statuses whose documented answer has a body. */
  bodies: readonly number[] | undefined;
  /** Its success media types, when they are not only JSON (a CSV report): the first is asked for by default. */
  media: readonly string[] | undefined;
}

type CallInit = Record<string, unknown> & {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  headers?: HeadersInit | Record<string, unknown>;
  body?: unknown;
  parseAs?: ParseAs;
  signal?: AbortSignal | null;
  timeoutMs?: unknown;
  retry?: unknown;
};

/** A call's own timeout and resends, checked before anything is sent (undefined: the client's). */
interface Overrides {
  timeoutMs: number | undefined;
  retry: RetrySettings | undefined;
}
const NO_OVERRIDES: Overrides = Object.freeze({ timeoutMs: undefined, retry: undefined });
function overridesOf(init: CallInit | undefined): Overrides {
  if (init === undefined || (init.timeoutMs === undefined && init.retry === undefined)) return NO_OVERRIDES;
  return {
    timeoutMs: init.timeoutMs === undefined ? undefined : checkMs("timeoutMs", init.timeoutMs, true),
    retry: init.retry === undefined ? undefined : retrySettings(init.retry as RetryOptions | false),
  };
}

/**
 * Can this call skip openapi-fetch's request pipeline? Yes unless it uses what only that pipeline does: its own
 * serialisers, base URL or middleware (then the call goes through openapi-fetch with the transport as its `fetch`).
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
 * Refuse a path parameter that could move the request off the operation's path: missing, empty, `.` or `..` (dot
 * segments, which URL parsing removes), or anything but a string or a finite number (objects and arrays are not
 * encoded as one segment). Every other string is percent-encoded into its own segment.
 */
function checkPathParams(method: string, path: string, names: readonly string[], values: Record<string, unknown> | undefined): void {
  for (const name of names) {
    const value = values?.[name];
    const ok =
      (typeof value === "string" && value !== "" && value !== "." && value !== "..") || (typeof value === "number" && Number.isFinite(value));
    if (!ok) {
      const what =
        value === undefined
          ? "missing"
          : typeof value === "string"
            ? `"${value}" (a dot segment or empty)`
            : Array.isArray(value)
              ? "an array"
              : typeof value === "object"
                ? (value === null ? "null" : "an object")
                : `a ${typeof value}`;
      throw new RequestRefusedError(
        `${method} ${path}: path parameter ${name} is ${what}; it must be a non-empty string other than "." and "..", or a finite number; nothing was sent`,
        "path-parameter",
        [name],
      );
    }
  }
}

/** The caller's Idempotency-Key as given, before `Headers` trims it: a key with outer spaces is refused (the server would see another). */
function checkGivenKey(init: CallInit | undefined): void {
  for (const source of [init?.headers, init?.params?.header]) {
    if (source == null || source instanceof Headers) continue;
    const entries = Array.isArray(source) ? (source as [string, unknown][]) : Object.entries(source);
    for (const [name, value] of entries) {
      if (typeof name === "string" && name.toLowerCase() === "idempotency-key" && typeof value === "string") checkIdempotencyKey(value);
    }
  }
}

/** The `Accept` the caller gave (in `headers` or `params.header`), if any. */
function givenAccept(init: CallInit | undefined): string | undefined {
  let accept: string | undefined;
  for (const source of [init?.headers, init?.params?.header]) {
    if (source == null) continue;
    if (source instanceof Headers) {
      accept = source.get("accept") ?? accept;
      continue;
    }
    const entries = Array.isArray(source) ? (source as [string, unknown][]) : Object.entries(source);
    for (const [name, value] of entries) if (typeof name === "string" && name.toLowerCase() === "accept" && value != null) accept = String(value);
  }
  return accept;
}

/**
 * An operation whose answer may be other than JSON (a CSV report, a flat file): ask for the description's first media
 * type unless the caller named one, and read the answer as the type asked for says (JSON parsed, `text/*` as text),
 * unless the caller chose `parseAs`. The caller's own choices always win.
 */
function withMedia(init: CallInit | undefined, media: readonly string[]): CallInit {
  const given = givenAccept(init);
  const accept = given ?? media[0]!;
  const headers = given === undefined ? openapiFetch!.mergeHeaders(init?.headers as HeadersInit | undefined, { Accept: accept }) : init?.headers;
  return { ...init, headers, parseAs: init?.parseAs ?? parseAsFor(accept) };
}

/**
 * A success whose documented answer has a body (the description's content for that status) must carry one: an
 * empty body is a ResponseBodyError (the request was processed: the error carries the call's key), never
 * `data: undefined`.
 */
function checkDocumentedBody(answer: Answer, op: Operation): void {
  const status = answer.response.status;
  if (answer.body.length > 0 || op.bodies === undefined || answer.info.method === "HEAD" || !op.bodies.includes(status)) return;
  throw new ResponseBodyError({ ...answer.info, status, reason: "empty", detail: "its body is empty, and the description documents one for this status" });
}

export function buildClient<Paths extends {}>(spec: ClientSpec, options: TransportOptions): ApiClient<Paths> {
  const origin = new URL(spec.baseUrl).origin;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1) throw new TypeError("maxResponseBytes must be a positive integer");
  let redaction: RegExp | undefined;
  const transport: Transport = {
    origin,
    authorization: basicAuthorization(spec.key),
    redaction: () => (redaction ??= secretPattern(secretsOf(spec.key))),
    fetch: options.fetch,
    retry: retrySettings(options.retry),
    deadlines: new Deadlines(options.timeoutMs ?? 60_000),
    limiter: new Limiter(options.maxConcurrency ?? 10),
    maxResponseBytes,
    sleep,
    observer: observerOf(options),
  };
  const baseUrl = spec.baseUrl.endsWith("/") ? spec.baseUrl.slice(0, -1) : spec.baseUrl;
  // openapi-fetch's client, made at its first use (a call that needs its pipeline): createClient reads
  // globalThis.fetch and Request as defaults, and the first read makes Node load its fetch implementation (undici),
  // 15-31 ms of CPU that a client built at start-up need not pay before its first request (docs/performance.md).
  let fetchClient: ReturnType<typeof import("openapi-fetch").default<Paths, "application/json">> | undefined;
  const inner = () => (fetchClient ??= openapiFetch!.default<Paths, "application/json">({ baseUrl: spec.baseUrl, headers: BASE_HEADERS }));
  // Middleware registered with `use`, given to openapi-fetch with each call (before the call's own, as openapi-fetch
  // orders its client's and a call's): while there is any, every call goes through openapi-fetch so that it sees it.
  const middleware: Middleware[] = [];

  // Only the description's operations are remembered, so that arbitrary paths cannot grow the maps. One map per
  // method, keyed by the path as given (usually a literal), so that a call builds no "METHOD /path" string.
  const operations = new Map<string, Map<string, Operation>>();
  const operation = (method: string, path: string): Operation => {
    let byPath = operations.get(method);
    if (byPath === undefined) operations.set(method, (byPath = new Map()));
    const known = byPath.get(path);
    if (known) return known;
    const id = `${method} ${path}`;
    const accepted = spec.operationKeys[id];
    const refusal =
      (accepted ? accepted.includes(spec.scheme) : spec.allowUnknownOperations)
        ? undefined
        : accepted
          ? `${method} ${path} does not accept the ${spec.scheme} (it takes: ${accepted.join(", ")}); nothing was sent`
          : `${method} ${path} is not an operation of this API; nothing was sent`;
    const op: Operation = {
      refusal,
      pathParams: [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!),
      resends: spec.operationResends[id] ?? UNKNOWN_OPERATION,
      bodies: spec.operationBodies?.[id],
      media: spec.operationMedia?.[id],
    };
    if (accepted) byPath.set(path, op);
    return op;
  };

  /** Through openapi-fetch, with the transport as its `fetch`: for middleware and per-call serialisers or base URL. */
  const viaOpenapiFetch = async (method: string, path: string, init: CallInit | undefined, op: Operation, o: Overrides): Promise<unknown> => {
    let last: Answer | undefined;
    const fetch = async (req: Request) => {
      const body = req.body === null ? null : new Uint8Array(await req.arrayBuffer());
      last = await send(transport, {
        method: req.method,
        url: req.url,
        headers: headerRecord(req.headers),
        body,
        signal: init?.signal,
        resends: op.resends,
        hint: op.resends.hint,
        path,
        timeoutMs: o.timeoutMs,
        retry: o.retry,
      });
      checkDocumentedBody(last, op);
      const response = readableResponse(last);
      setCallInfo(response, last.info);
      return response;
    };
    try {
      const all = init?.middleware === undefined ? middleware : [...middleware, ...(init.middleware as Middleware[])];
      return await inner().request(method as never, path as never, { ...init, middleware: all, fetch, redirect: "manual" } as never);
    } catch (error) {
      // openapi-fetch could not parse a success body: the request was processed, so the error carries the call's key.
      if (error instanceof SyntaxError && last) {
        throw new ResponseBodyError({ ...last.info, status: last.response.status, reason: "not-json", detail: "its body is not JSON", cause: notJson() });
      }
      throw error;
    }
  };

  /** The request openapi-fetch would build (URL, headers, body) with its exported serialisers, without its pipeline. */
  const directly = (method: string, path: string, init: CallInit | undefined, op: Operation, o: Overrides): Promise<Result> => {
    let call: Call;
    try {
      call = directCall(method, path, init, op, o);
    } catch (error) {
      return Promise.reject(error); // as from openapi-fetch: a bad header or body rejects, it does not throw
    }
    const parseAs = init?.parseAs ?? "json";
    return send(transport, call).then((answer) => {
      checkDocumentedBody(answer, op);
      return toResult(answer, parseAs);
    });
  };
  const directCall = (method: string, path: string, init: CallInit | undefined, op: Operation, o: Overrides): Call => {
    const params = init?.params;
    let url = baseUrl + path;
    const { defaultPathSerializer, mergeHeaders } = openapiFetch!;
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
    const parseAs = init?.parseAs ?? "json";
    return {
      method,
      url,
      headers,
      body: (serialized ?? null) as BodyInit | null,
      signal: init?.signal ?? null,
      resends: op.resends,
      hint: op.resends.hint,
      text: parseAs === "json" || parseAs === "text",
      path,
      timeoutMs: o.timeoutMs,
      retry: o.retry,
    };
  };

  const call = (method: string, path: string, init?: CallInit): Promise<unknown> => {
    if (openapiFetch === undefined) return loadOpenapiFetch().then(() => call(method, path, init));
    const op = operation(method, path);
    let o: Overrides;
    try {
      o = overridesOf(init);
      if (op.refusal !== undefined) throw new RequestRefusedError(op.refusal, "key");
      if (op.pathParams.length > 0) checkPathParams(method, path, op.pathParams, init?.params?.path);
      if (init?.headers != null || init?.params?.header != null) checkGivenKey(init);
      // openapi-fetch merges headers with Object.entries, which turns `[[name, value]]` into a header named "0": an
      // Idempotency-Key given that way would be lost (and replaced by one made here). A Headers object it reads right.
      if (Array.isArray(init?.headers)) init = { ...init, headers: new Headers(init.headers as [string, string][]) };
      if (op.media !== undefined) init = withMedia(init, op.media);
    } catch (error) {
      return Promise.reject(error);
    }
    const go = middleware.length === 0 && direct(init) ? directly : viaOpenapiFetch;
    if (options.validateRequests && init?.body !== undefined && !init.bodySerializer) {
      return validateRequest(spec.api, method, path, init.body).then(() => go(method, path, init, op, o));
    }
    return go(method, path, init, op, o);
  };

  const client = {
    request: (method: string, path: string, init?: CallInit) => call(method.toUpperCase(), path, init),
    use: (...added: Middleware[]) => {
      for (const m of added) {
        if (!m) continue;
        checkMiddleware(m);
        middleware.push(m);
      }
    },
    eject: (...removed: Middleware[]) => {
      for (const m of removed) {
        const i = middleware.indexOf(m);
        if (i !== -1) middleware.splice(i, 1);
      }
    },
    paginate: (path: string, init?: CallInit & { maxPages?: number }) => {
      const { maxPages = DEFAULT_MAX_PAGES, ...rest } = init ?? {};
      if (!Number.isInteger(maxPages) || maxPages < 1) throw new TypeError("maxPages must be a positive integer");
      const o = overridesOf(rest);
      return paginate({
        transport,
        baseUrl,
        first: () => call("GET", path, { ...rest, parseAs: "json" }) as Promise<Result>,
        resends: operation("GET", path).resends,
        signal: rest.signal ?? undefined,
        maxPages,
        path,
        timeoutMs: o.timeoutMs,
        retry: o.retry,
      });
    },
  } as Record<string, unknown>;
  for (const m of METHODS) client[m] = (path: string, init?: CallInit) => call(m, path, init);
  return client as unknown as ApiClient<Paths>;
}
