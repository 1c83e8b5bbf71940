// Sending one logical call: attempts, per-attempt deadlines that cover reading the body, waits between resends, the
// concurrency cap (a slot is held until the body is read or abandoned), the Authorization header (added here only,
// so that no request object the caller can see ever holds the key), a response size limit, redaction of the key
// from error bodies, and redirects left unfollowed. Public Web APIs only (fetch, AbortController, streams).
import { redact } from "./auth.js";
import { ApiConnectionError, CallAbortedError, RequestRefusedError, ResponseBodyError, type CallFacts } from "./errors.js";
import { checkIdempotencyKey, newIdempotencyKey } from "./idempotency.js";
import type { Limiter } from "./limiter.js";
import { decide, retryDelay, type Resends, type RetrySettings } from "./retry.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Request headers as the transport keeps them: lower-case names, one value each (as `Headers` iterates). */
export type HeaderRecord = Record<string, string>;

export interface Transport {
  origin: string;
  /** The per-attempt timeouts (one timer for all of this transport's attempts). */
  deadlines: Deadlines;
  authorization: string;
  /** What an error body must never show (the key and its credentials): replaced before anyone reads the body. */
  secrets: readonly string[];
  /** The caller's fetch (`TransportOptions.fetch`), or undefined for the global fetch (looked up on every call). */
  fetch: FetchLike | undefined;
  retry: RetrySettings;
  limiter: Limiter;
  /** Largest response body read, in bytes, after decompression. */
  maxResponseBytes: number;
  /** Waits between resends; injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal | null) => Promise<void>;
}

/** `Headers` (or any HeadersInit) as a HeaderRecord; invalid names or values throw here, before anything is sent. */
export function headerRecord(init: HeadersInit): HeaderRecord {
  const record: HeaderRecord = {};
  for (const [name, value] of init instanceof Headers ? init : new Headers(init)) record[name] = value;
  return record;
}

interface Pending {
  control: AbortController;
  deadline: number;
  done: boolean;
}

/**
 * The per-attempt timeouts of one client with one timer instead of one per attempt. Every attempt lasts the same
 * `timeoutMs` and attempts start in order, so their deadlines are in order: the timer waits for the oldest unfinished
 * attempt, aborts every attempt whose deadline has come, and waits for the next. It keeps the process alive only
 * while an attempt is in flight (where the runtime's timers can be unref'd).
 */
export class Deadlines {
  private queue: Pending[] = [];
  private head = 0;
  private pending = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly timeoutMs: number) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError("timeoutMs must be a positive number");
  }

  start(control: AbortController): Pending {
    const entry: Pending = { control, deadline: performance.now() + this.timeoutMs, done: false };
    this.queue.push(entry);
    if (this.pending++ === 0) (this.timer as { ref?: () => void } | undefined)?.ref?.();
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
    if (--this.pending === 0) (this.timer as { unref?: () => void } | undefined)?.unref?.();
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
    if (this.pending === 0) (this.timer as { unref?: () => void }).unref?.();
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
  resends: Resends;
  /** What to tell the caller to do when a call that may have been processed cannot be resent. */
  hint?: string;
}

/** What happened during a call, for the result's `response`. */
export interface CallInfo extends CallFacts {
  /** A 409 answered a resend of an operation where that means an earlier attempt was processed (x-retry). */
  alreadyProcessed: boolean;
}

/** A complete answer: the response (its body already read) and the body's bytes. */
export interface Answer {
  response: Response;
  body: Uint8Array;
  info: CallInfo;
}

/** Where a response carries its CallInfo (a symbol property: cheaper than a WeakMap entry per response). */
const INFO = Symbol("westpac-payments-openapi.callInfo");
type WithInfo = Response & { [INFO]?: CallInfo };

/** What the client knows about the call that produced a response (or an openapi-fetch result). */
export function callInfo(from: Response | { response: Response }): CallInfo | undefined {
  const response = (from instanceof Response ? from : from?.response) as WithInfo | undefined;
  return response?.[INFO];
}
export function setCallInfo(response: Response, info: CallInfo): void {
  (response as WithInfo)[INFO] = info;
}

class AttemptTimeoutError extends Error {
  override name = "TimeoutError";
}
class TooLargeError extends Error {}

const IDEMPOTENCY = "idempotency-key";
const EMPTY = new Uint8Array(0);

/**
 * The body's bytes, at most `limit` after decompression; rejects as soon as `signal` aborts. A standard fetch errors
 * the body when the request's signal aborts (Fetch standard, "abort fetch"); a caller's own fetch (`guard`) is not
 * trusted to, so its reads are raced against the signal.
 */
async function readBody(response: Response, signal: AbortSignal, limit: number, guard: boolean): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return EMPTY;
  const length = response.headers.get("content-length");
  if (length !== null && !response.headers.has("content-encoding")) {
    if (Number(length) > limit) throw new TooLargeError();
    return new Uint8Array(await (guard ? abortable(response.arrayBuffer(), signal) : response.arrayBuffer()));
  }
  // Compressed or of unknown length: count the bytes as they come.
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await (guard ? abortable(reader.read(), signal) : reader.read());
      if (done) break;
      total += value.byteLength;
      if (total > limit) throw new TooLargeError();
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** `promise`, or the signal's reason as soon as it aborts (a fetch other than the runtime's may not stop the body). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** May a request that got this status have been processed? 2xx yes; 500 (half done), 502 and 504 (upstream) maybe. */
const processedBy = (status: number) => (status >= 200 && status < 300) || status === 500 || status === 502 || status === 504;

const callFacts = (method: string, url: string, attempts: number, key: string | undefined, unanswered: boolean, status: number): CallFacts => ({
  method,
  url,
  attempts,
  idempotencyKey: key,
  mayHaveBeenProcessed: unanswered || processedBy(status),
});

export async function send(t: Transport, call: Call): Promise<Answer> {
  const { method, url, headers, body, signal, resends } = call;
  // The URL is built from the client's own base URL; anything else (a per-request baseUrl, a pagination link) must
  // be on the same origin before the key goes with it.
  if (!(url.startsWith(t.origin) && url.charCodeAt(t.origin.length) === 47 /* "/" */) && new URL(url).origin !== t.origin) {
    throw new RequestRefusedError(`refusing to send credentials to ${new URL(url).origin}: the client's origin is ${t.origin}`, "link");
  }
  let key: string | undefined;
  let generated = false;
  const given = headers[IDEMPOTENCY];
  if (given !== undefined) {
    key = checkIdempotencyKey(given);
  } else if (resends.idempotencyKey) {
    key = headers[IDEMPOTENCY] = newIdempotencyKey();
    generated = true;
  }
  headers.authorization = t.authorization;
  const streaming = body != null && typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
  const maxRetries = streaming ? 0 : t.retry.maxRetries;
  const fetchFn: FetchLike = t.fetch ?? globalThis.fetch;

  // Did an attempt go unanswered (so that it may have been processed)? With a key, only that key finds it.
  let unanswered = false;
  let attempts = 0;
  let lastStatus = 0;
  // The call's facts, for its result or any error.
  const facts = (): CallFacts => callFacts(method, url, attempts, key, unanswered, lastStatus);
  const aborted = () => new CallAbortedError({ ...facts(), cause: signal!.reason });

  for (;;) {
    if (signal?.aborted) throw aborted();
    const waited = t.limiter.acquire(signal);
    if (waited) await waited.catch(() => Promise.reject(aborted()));
    const control = new AbortController();
    const onAbort = signal ? () => control.abort(signal.reason) : undefined;
    if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
    const deadline = t.deadlines.start(control);
    attempts++;
    let response: Response | undefined;
    let bytes: Uint8Array | undefined;
    let failure: unknown;
    try {
      const init: RequestInit & { duplex?: string } = { method, headers, body, signal: control.signal, redirect: "manual" };
      if (streaming) init.duplex = "half";
      response = await fetchFn(url, init);
      bytes = await readBody(response, control.signal, t.maxResponseBytes, t.fetch !== undefined);
    } catch (error) {
      failure = error;
    } finally {
      t.deadlines.finish(deadline);
      t.limiter.release();
      if (onAbort) signal!.removeEventListener("abort", onAbort);
    }
    if (failure instanceof TooLargeError) {
      lastStatus = response!.status;
      control.abort(failure); // stop the download
      throw new ResponseBodyError({
        ...facts(),
        status: lastStatus,
        reason: "too-large",
        detail: `its body is larger than maxResponseBytes (${t.maxResponseBytes} bytes); it was not read`,
      });
    }
    if (signal?.aborted) {
      if (bytes !== undefined && response) lastStatus = response.status;
      else unanswered = true; // cut off mid-attempt: it may have been processed
      throw aborted();
    }

    const answered = bytes !== undefined && response !== undefined;
    if (!answered) unanswered = true;
    else lastStatus = response!.status;
    const outcome = answered ? response!.status : "no-answer";
    const decision = decide(resends, outcome, { generated, unanswered });
    let wait = 0;
    let resend = decision.resend && attempts <= maxRetries;
    if (resend && answered) {
      wait = retryDelay(response!.headers.get("Retry-After"), t.retry);
      if (wait > t.retry.maxDelayMs) resend = false;
    } else if (resend) {
      wait = t.retry.delayMs;
    }

    if (!resend) {
      if (!answered) {
        const timedOut = failure instanceof AttemptTimeoutError || (failure as { cause?: unknown })?.cause instanceof AttemptTimeoutError;
        throw new ApiConnectionError({
          ...facts(),
          timedOut,
          cause: failure,
          hint: decision.resend ? undefined : (call.hint ?? (key !== undefined ? "resend with the same Idempotency-Key, or query the resource" : undefined)),
        });
      }
      const status = response!.status;
      let content = bytes!;
      // An error body that echoes the key or its credentials is redacted before anyone can read it.
      if (status >= 300 && content.byteLength > 0 && t.secrets.length > 0) {
        const text = decoder.decode(content);
        const clean = redact(text, t.secrets);
        if (clean !== text) content = encoder.encode(clean);
      }
      const info = callFacts(method, url, attempts, key, unanswered, status) as CallInfo;
      info.alreadyProcessed = resends.conflictOnResend === "processed" && status === 409 && attempts > 1;
      if (info.alreadyProcessed) info.mayHaveBeenProcessed = true;
      setCallInfo(response!, info);
      return { response: response!, body: content, info };
    }
    try {
      await t.sleep(wait, signal);
    } catch {
      throw aborted(); // with the key of the attempts sent
    }
    if (key !== undefined && decision.resend && decision.newKey) {
      key = headers[IDEMPOTENCY] = newIdempotencyKey();
    }
  }
}
