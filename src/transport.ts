// Sending one logical call: attempts, per-attempt timeouts, waits between resends, the concurrency cap, the
// Authorization header (added here only, so that no request object the caller can see ever holds the key), and
// redirects left unfollowed.
import { ApiConnectionError, RequestRefusedError } from "./errors.js";
import { checkIdempotencyKey, newIdempotencyKey } from "./idempotency.js";
import type { Limiter } from "./limiter.js";
import { decide, retryDelay, type OperationPolicy, type RetrySettings } from "./retry.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Request headers as the transport keeps them: lower-case names, one value each (as `Headers` iterates). */
export type HeaderRecord = Record<string, string>;

export interface Transport {
  origin: string;
  /** The per-attempt timeouts (one timer for all of this transport's attempts). */
  deadlines: Deadlines;
  authorization: string;
  /** The caller's fetch (`TransportOptions.fetch`), or undefined for the global fetch. */
  fetch: FetchLike | undefined;
  retry: RetrySettings;
  limiter: Limiter;
  /** Waits between resends; injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal | null) => Promise<void>;
}

/** `Headers` (or any HeadersInit) as a HeaderRecord; invalid names or values throw here, before anything is sent. */
export function headerRecord(init: HeadersInit): HeaderRecord {
  const record: HeaderRecord = {};
  for (const [name, value] of init instanceof Headers ? init : new Headers(init)) record[name] = value;
  return record;
}

/**
 * The per-attempt abort signal handed to Node's own fetch. Node 20's `AbortController` is expensive to create, and
 * undici's `Request` does more work for a real `AbortSignal` than for this object, which it accepts (its `signal`
 * member is checked by shape: `aborted` and `addEventListener`). Together ~30 µs per request on a loopback
 * round trip. Used only when the request goes to the fetch Node ships and a `Request` built with it is seen to
 * abort (`lightSignalsWork`); any other fetch gets a real `AbortSignal`.
 */
class AttemptSignal {
  aborted = false;
  reason: unknown = undefined;
  onabort: null = null;
  /** So that the signal is its own controller (AttemptControl). */
  get signal(): AttemptSignal {
    return this;
  }
  private listeners: Array<(this: AttemptSignal, event: { type: string }) => void> | undefined;
  addEventListener(type: string, listener: (this: AttemptSignal, event: { type: string }) => void): void {
    if (type !== "abort" || this.aborted) return;
    (this.listeners ??= []).push(listener);
  }
  removeEventListener(type: string, listener: unknown): void {
    const i = type === "abort" && this.listeners ? this.listeners.indexOf(listener as never) : -1;
    if (i >= 0) this.listeners!.splice(i, 1);
  }
  // events.getMaxListeners/setMaxListeners, which undici calls on the signal, accept an object with these.
  getMaxListeners(): number {
    return 0;
  }
  setMaxListeners(): void {}
  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const l of listeners) l.call(this, { type: "abort" });
  }
}

const nodeFetch: typeof fetch | undefined = typeof globalThis.fetch === "function" ? globalThis.fetch : undefined;
let lightSignals: boolean | undefined;
/** Is the global fetch still Node's own (undici), and does its Request follow an AttemptSignal? Checked once. */
function lightSignalsWork(): boolean {
  if (lightSignals === undefined) {
    lightSignals = false;
    try {
      if (nodeFetch && typeof process === "object" && process.versions?.undici && Function.prototype.toString.call(nodeFetch).includes("internal/deps/undici")) {
        const signal = new AttemptSignal();
        const request = new Request("http://localhost/", { signal: signal as unknown as AbortSignal });
        const reason = new Error("check");
        signal.abort(reason);
        lightSignals = request.signal.aborted && request.signal.reason === reason;
      }
    } catch {
      lightSignals = false;
    }
  }
  return lightSignals;
}

/** A controller for one attempt: the light signal for Node's fetch, a real AbortController for any other. */
interface AttemptControl {
  readonly signal: AbortSignal | AttemptSignal;
  abort(reason: unknown): void;
}

interface Pending {
  control: AttemptControl;
  deadline: number;
  /** Does this attempt need the timer to keep the process alive (see Deadlines)? */
  hold: boolean;
  done: boolean;
}

/**
 * The per-attempt timeouts of one client with one timer instead of one per attempt (a timer per attempt is a timer
 * list created and torn down per request at concurrency 1). Every attempt lasts the same `timeoutMs` and attempts
 * start in order, so their deadlines are in order: the timer waits for the oldest unfinished attempt, aborts every
 * attempt whose deadline has come, and waits for the next. The timer keeps the process alive only while an attempt
 * that needs it is in flight: one through Node's own fetch does not (its socket does), one through any other
 * fetch does, as a timer per attempt did.
 */
export class Deadlines {
  private queue: Pending[] = [];
  private head = 0;
  private pending = 0;
  private held = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly timeoutMs: number) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive number");
  }

  start(control: AttemptControl, hold: boolean): Pending {
    const entry: Pending = { control, deadline: performance.now() + this.timeoutMs, hold, done: false };
    this.queue.push(entry);
    this.pending++;
    if (hold && this.held++ === 0) this.timer?.ref?.();
    if (!this.timer) this.arm(this.timeoutMs);
    return entry;
  }

  finish(entry: Pending): void {
    if (entry.done) return; // timed out: already counted
    this.settle(entry);
    const q = this.queue;
    while (this.head < q.length && q[this.head]!.done) this.head++;
    this.compact();
  }

  private settle(entry: Pending): void {
    entry.done = true;
    this.pending--;
    if (entry.hold && --this.held === 0) this.timer?.unref?.();
  }

  private compact(): void {
    const q = this.queue;
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }

  private arm(ms: number): void {
    // setTimeout takes at most 2^31 - 1 ms (longer fires at once): a longer deadline is waited for in steps.
    this.timer = setTimeout(this.fire, Math.min(2 ** 31 - 1, Math.max(1, Math.ceil(ms))));
    // ref/unref are Node's (Bun's, Deno's for npm code); workerd's and browsers' setTimeout returns a plain number.
    if (this.held === 0) this.timer.unref?.();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const q = this.queue;
    while (this.head < q.length) {
      const entry = q[this.head]!;
      if (!entry.done) {
        // Timers fire on whole milliseconds: an attempt less than 1 ms from its deadline has had its time.
        if (entry.deadline - now >= 1) break;
        this.settle(entry);
        entry.control.abort(new AttemptTimeoutError(`attempt timed out after ${this.timeoutMs} ms`));
      }
      this.head++;
    }
    this.compact();
    if (this.pending > 0) this.arm(this.queue[this.head]!.deadline - now);
  };
}

export interface Call {
  method: string;
  url: string;
  /** Built for this call only: the transport adds Authorization and Idempotency-Key to it. */
  headers: HeaderRecord;
  body?: BodyInit | null;
  signal?: AbortSignal | null;
  policy: OperationPolicy;
  /** What to tell the caller to do when a call that may have landed cannot be resent. */
  hint?: string;
}

/** What happened during a call, for the result's `response`. */
export interface CallInfo {
  method: string;
  url: string;
  /** How many times the request was sent. */
  attempts: number;
  /** The Idempotency-Key of the last attempt (QuickStream POSTs). */
  idempotencyKey?: string;
  /** A 409 answered a resend of an operation where that means an earlier attempt landed (PaymentsPlus single payment). */
  alreadyProcessed: boolean;
}

/** Where a response carries its CallInfo (a symbol property: cheaper than a WeakMap entry per response). */
const INFO = Symbol("westpac-payments-openapi.callInfo");
type WithInfo = Response & { [INFO]?: CallInfo };

/** What the client knows about the call that produced a response (or an openapi-fetch result). */
export function callInfo(from: Response | { response: Response }): CallInfo | undefined {
  const response = (from instanceof Response ? from : from?.response) as WithInfo | undefined;
  return response?.[INFO];
}

class AttemptTimeoutError extends Error {
  override name = "TimeoutError";
}

const IDEMPOTENCY = "idempotency-key";

export async function send(t: Transport, call: Call): Promise<Response> {
  const { method, url, headers, body, signal, policy } = call;
  // The URL is built from the client's own base URL; anything else (a per-request baseUrl, a pagination link) must
  // be on the same origin before the key goes with it.
  if (!(url.startsWith(t.origin) && url.charCodeAt(t.origin.length) === 47 /* "/" */) && new URL(url).origin !== t.origin) {
    throw new RequestRefusedError(`refusing to send credentials to ${new URL(url).origin}: the client's origin is ${t.origin}`, "link");
  }
  let key: string | undefined;
  if (policy.idempotencyKey) {
    const given = headers[IDEMPOTENCY];
    key = given === undefined ? newIdempotencyKey() : checkIdempotencyKey(given);
    headers[IDEMPOTENCY] = key;
  }
  headers.authorization = t.authorization;
  const streaming = body != null && typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
  const maxRetries = streaming ? 0 : t.retry.maxRetries;
  // Node's own fetch gets the plain header record and a light signal; any other fetch what it always got: a
  // Headers object and a real AbortSignal (FetchLike promises a RequestInit).
  const light = t.fetch === undefined && globalThis.fetch === nodeFetch && lightSignalsWork();
  const fetchFn: FetchLike = t.fetch ?? globalThis.fetch;

  // Did an attempt with the current key go unanswered (so that it may have been processed)?
  let keyMayHaveLanded = false;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    const waited = t.limiter.acquire(signal);
    if (waited) await waited;
    const control: AttemptControl = light ? new AttemptSignal() : new AbortController();
    const onAbort = signal ? () => control.abort(signal.reason) : undefined;
    if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
    const deadline = t.deadlines.start(control, !light);
    let response: Response | undefined;
    let failure: unknown;
    try {
      const init: RequestInit & { duplex?: string } = {
        method,
        headers: light ? headers : new Headers(headers),
        body,
        signal: control.signal as AbortSignal,
        redirect: "manual",
      };
      if (streaming) init.duplex = "half";
      response = await fetchFn(url, init);
    } catch (error) {
      failure = error;
    } finally {
      t.deadlines.finish(deadline);
      t.limiter.release();
    }
    if (signal?.aborted) {
      await response?.body?.cancel().catch(() => {});
      throw signal.reason;
    }
    if (onAbort) signal!.removeEventListener("abort", onAbort);

    const status = response ? response.status : 0;
    const decision = decide(policy, response ? status : "no-response");
    let wait = 0;
    let resend = decision.resend && attempt <= maxRetries;
    if (resend && response) {
      wait = retryDelay(response.headers.get("Retry-After"), t.retry);
      if (wait > t.retry.maxDelayMs) resend = false;
    } else if (resend) {
      wait = t.retry.delayMs;
    }

    if (!resend) {
      if (!response) {
        throw new ApiConnectionError({
          method,
          url,
          attempts: attempt,
          timedOut: failure instanceof AttemptTimeoutError || (failure as { cause?: unknown })?.cause instanceof AttemptTimeoutError,
          cause: failure,
          idempotencyKey: key,
          hint: decision.resend ? undefined : call.hint,
        });
      }
      (response as WithInfo)[INFO] = {
        method,
        url,
        attempts: attempt,
        idempotencyKey: key,
        alreadyProcessed: policy.conflictOnResendMeansLanded && status === 409 && attempt > 1,
      };
      return response;
    }
    await response?.body?.cancel().catch(() => {});
    if (!response) keyMayHaveLanded = true;
    // A 503 is resent with a new key (the server may keep the 503 under the old one, D9), unless an earlier
    // attempt with the old key went unanswered: then it may have landed, and only the old key finds it (P22).
    if (decision.resend && decision.newKey && key !== undefined && !keyMayHaveLanded) {
      key = newIdempotencyKey();
      headers[IDEMPOTENCY] = key;
    }
    await t.sleep(wait, signal);
  }
}
