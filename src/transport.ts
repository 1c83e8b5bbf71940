// Sending one logical call: attempts, per-attempt deadlines that cover reading the body, waits between resends, the
// concurrency cap (a slot is held until the body is read or abandoned), the Authorization header (added here only,
// so that no request object the caller can see ever holds the key), a response size limit, redaction of the key
// from error bodies, and redirects left unfollowed. Public Web APIs only (fetch, AbortController, streams).
import { redactBody } from "./auth.js";
import { ApiConnectionError, CallAbortedError, RequestRefusedError, ResponseBodyError, type CallFacts } from "./errors.js";
import { checkIdempotencyKey, newIdempotencyKey } from "./idempotency.js";
import type { Limiter } from "./limiter.js";
import { attemptLine, type AttemptInfo, type Observer } from "./observe.js";
import { checkMs, decide, retryDelay, type Resends, type RetrySettings } from "./retry.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Request headers as the transport keeps them: lower-case names, one value each (as `Headers` iterates). */
export type HeaderRecord = Record<string, string>;

export interface Transport {
  origin: string;
  /** The per-attempt timeouts (one timer for all of this transport's attempts). */
  deadlines: Deadlines;
  authorization: string;
  /**
   * Finds what an error body must never show (the key and its credentials, in any form): replaced before anyone reads
   * the body. A function: the pattern is made at the first error body, not when the client is built (it is the
   * largest part of building one, and most clients never see an error body).
   */
  redaction: () => RegExp;
  /** The caller's fetch (`TransportOptions.fetch`), or undefined for the global fetch (looked up on every call). */
  fetch: FetchLike | undefined;
  retry: RetrySettings;
  limiter: Limiter;
  /** Largest response body read, in bytes, after decompression. */
  maxResponseBytes: number;
  /** Waits between resends; injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal | null) => Promise<void>;
  /** `onAttempt` and the logger, or undefined when nothing observes the calls. */
  observer: Observer | undefined;
}

/** `Headers` (or any HeadersInit) as a HeaderRecord; invalid names or values throw here, before anything is sent. */
export function headerRecord(init: HeadersInit): HeaderRecord {
  const record: HeaderRecord = {};
  for (const [name, value] of init instanceof Headers ? init : new Headers(init)) record[name] = value;
  return record;
}

interface Pending {
  /** Dropped when the attempt ends, so that a finished attempt waiting in the queue holds nothing of its request. */
  control: AbortController | undefined;
  deadline: number;
  done: boolean;
  keepAlive: boolean;
}

/**
 * The per-attempt timeouts of one client with one timer instead of one per attempt. Every attempt lasts the same
 * `timeoutMs` and attempts start in order, so their deadlines are in order: the timer waits for the oldest unfinished
 * attempt, aborts every attempt whose deadline has come, and waits for the next. It keeps the process alive only
 * while an attempt that asked for it is in flight (where the runtime's timers can be unref'd).
 */
export class Deadlines {
  private queue: Pending[] = [];
  private head = 0;
  private pending = 0;
  /** Unfinished attempts that keep the process alive. */
  private held = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(readonly timeoutMs: number) {
    checkMs("timeoutMs", timeoutMs, true);
  }

  /**
   * `keepAlive`: hold the process open until the attempt ends. Not needed with the runtime's own fetch, whose
   * connection does that while a request or its body is in flight (and toggling the timer's hold on every request
   * costs time on the hot path); a caller's fetch may not.
   */
  start(control: AbortController, keepAlive: boolean): Pending {
    const entry: Pending = { control, deadline: performance.now() + this.timeoutMs, done: false, keepAlive };
    this.queue.push(entry);
    if (keepAlive && this.held++ === 0) (this.timer as { ref?: () => void } | undefined)?.ref?.();
    this.pending++;
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
    entry.control = undefined;
    this.pending--;
    if (entry.keepAlive && --this.held === 0) (this.timer as { unref?: () => void } | undefined)?.unref?.();
  }

  /**
   * Forget the finished attempts before the oldest unfinished one. With requests always in flight (concurrency above
   * 1) the queue is never empty, so it is cut once more than half of it is finished entries (at least 64): a finished
   * entry is four fields, and a long queue of them would outlive V8's young generation for nothing.
   */
  private compact(): void {
    const q = this.queue;
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }

  private arm(ms: number): void {
    // setTimeout takes at most 2^31 - 1 ms (longer fires at once): a longer deadline is waited for in steps.
    this.timer = setTimeout(this.fire, Math.min(2 ** 31 - 1, Math.max(1, Math.ceil(ms))));
    if (this.held === 0) (this.timer as { unref?: () => void }).unref?.();
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
        const control = entry.control!;
        this.settle(entry);
        control.abort(new AttemptTimeoutError(`attempt timed out after ${this.timeoutMs} ms`));
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
  /** Read the body as text where that saves a copy (a JSON or text result); otherwise it is read as bytes. */
  text?: boolean;
  /** The operation's path as the description writes it, for onAttempt and the logger (else the URL's path). */
  path?: string;
  /** This call's per-attempt timeout, when it overrides the client's (`timeoutMs` in the call's options). */
  timeoutMs?: number;
  /** This call's resend settings, when they override the client's (`retry` in the call's options). */
  retry?: RetrySettings;
}

/** What happened during a call, for the result's `response`. */
export interface CallInfo extends CallFacts {
  /** A 409 answered a resend of an operation where that means an earlier attempt was processed (x-retry). */
  alreadyProcessed: boolean;
}

/** A complete answer: the response (its body already read) and the body, as text when the call asked for text. */
export interface Answer {
  response: Response;
  body: Uint8Array | string;
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
 * The body, at most `limit` bytes after decompression, as text (undici's `text()`: no copy, one decode) or as bytes;
 * rejects as soon as `signal` aborts. A standard fetch errors the body when the request's signal aborts (Fetch
 * standard, "abort fetch"); a caller's own fetch (`guard`) is not trusted to, so its reads are raced against the signal.
 */
function readBody(response: Response, signal: AbortSignal, limit: number, guard: boolean, text: boolean): Promise<Uint8Array | string> {
  const length = response.headers.get("content-length");
  if (length !== null && !response.headers.has("content-encoding")) {
    // The length is the size read: HTTP framing ends the body there.
    if (Number(length) > limit) return Promise.reject(new TooLargeError());
    const read: Promise<Uint8Array | string> = text ? response.text() : response.arrayBuffer().then((buffer) => new Uint8Array(buffer));
    return guard ? abortable(read, signal) : read;
  }
  return readCounted(response, signal, limit, guard);
}

/** A compressed body or one of unknown length: its bytes, counted as they come. */
async function readCounted(response: Response, signal: AbortSignal, limit: number, guard: boolean): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return EMPTY;
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

/** May a request that got this status have been processed? 2xx yes; 500 (half done), 502 and 504 (upstream) maybe. */
const processedBy = (status: number) => (status >= 200 && status < 300) || status === 500 || status === 502 || status === 504;

/** The state of one logical call across its attempts. */
interface CallState {
  /** The Idempotency-Key sent, if any. */
  key: string | undefined;
  /** Was the key made here (so that a 503 may renew it), rather than given by the caller (never replaced, P25)? */
  generated: boolean;
  /** Did an attempt go unanswered (so that it may have been processed)? With a key, only that key finds it. */
  unanswered: boolean;
  attempts: number;
  lastStatus: number;
  /** A streamed request body can be sent once only. */
  streaming: boolean;
  /** The traceCode of the last error answer that carried one (QuickStream). */
  traceCode: string | undefined;
  /** The traceCode of the last attempt's answer, if it carried one. */
  attemptTrace: string | undefined;
}

/** What one attempt got: the response and its whole body, or the failure (with the response if headers came). */
interface Attempt {
  response: Response | undefined;
  body: Uint8Array | string | undefined;
  failure: unknown;
  control: AbortController;
  /** When it was sent (performance.now()), where something observes the call. */
  started: number;
}

/**
 * The call's facts so far, for its result or any error (errors read the CallFacts fields only). `alreadyProcessed`: a
 * 409 answered a resend where that means an earlier attempt was processed.
 */
const factsOf = (call: Call, s: CallState, alreadyProcessed = false): CallInfo => ({
  method: call.method,
  url: call.url,
  attempts: s.attempts,
  idempotencyKey: s.key,
  mayHaveBeenProcessed: alreadyProcessed || s.unanswered || processedBy(s.lastStatus),
  traceCode: s.traceCode,
  alreadyProcessed,
});
const abortedError = (call: Call, s: CallState) => new CallAbortedError({ ...factsOf(call, s), cause: call.signal!.reason });

/**
 * One attempt: a concurrency slot and a deadline held until the body is read or abandoned. Kept apart from the loop
 * in `send` so that the function suspended at each await stays small (this is the client's per-request hot path).
 */
async function attempt(t: Transport, call: Call, s: CallState): Promise<Attempt> {
  const signal = call.signal;
  const waited = t.limiter.acquire(signal);
  if (waited) await waited.catch(() => Promise.reject(abortedError(call, s)));
  const control = new AbortController();
  const onAbort = signal ? () => control.abort(signal.reason) : undefined;
  if (onAbort) signal!.addEventListener("abort", onAbort, { once: true });
  // A call with its own timeoutMs gets its own timer; the others share the client's (Deadlines).
  const own = call.timeoutMs;
  const deadline = own === undefined ? t.deadlines.start(control, t.fetch !== undefined) : undefined;
  const timer = own === undefined ? undefined : setTimeout(() => control.abort(new AttemptTimeoutError(`attempt timed out after ${own} ms`)), own);
  s.attempts++;
  const result: Attempt = { response: undefined, body: undefined, failure: undefined, control, started: t.observer === undefined ? 0 : performance.now() };
  try {
    const init: RequestInit & { duplex?: string } = { method: call.method, headers: call.headers, body: call.body, signal: control.signal, redirect: "manual" };
    if (s.streaming) init.duplex = "half";
    result.response = await (t.fetch ?? fetch)(call.url, init); // `fetch`, not `globalThis.fetch`: a cheaper look-up
    result.body = await readBody(result.response, control.signal, t.maxResponseBytes, t.fetch !== undefined, call.text === true);
  } catch (error) {
    result.failure = error;
  } finally {
    if (deadline !== undefined) t.deadlines.finish(deadline);
    else clearTimeout(timer);
    t.limiter.release();
    if (onAbort) signal!.removeEventListener("abort", onAbort);
  }
  return result;
}

/** A resend: after how long, and with a new Idempotency-Key (only after a 503, for a key made here: P25). */
interface Resend {
  wait: number;
  newKey: boolean;
}

/** After an attempt: the call's answer, or a resend, or an error (thrown) that carries the call's facts. */
function conclude(t: Transport, call: Call, s: CallState, a: Attempt): Answer | Resend {
  const { response, failure } = a;
  if (failure instanceof TooLargeError) {
    s.lastStatus = response!.status;
    a.control.abort(failure); // stop the download
    throw new ResponseBodyError({
      ...factsOf(call, s),
      status: s.lastStatus,
      reason: "too-large",
      detail: `its body is larger than maxResponseBytes (${t.maxResponseBytes} bytes); it was not read`,
    });
  }
  const answered = a.body !== undefined && response !== undefined;
  if (call.signal?.aborted) {
    if (answered) s.lastStatus = response!.status;
    else s.unanswered = true; // cut off mid-attempt: it may have been processed
    throw abortedError(call, s);
  }
  if (!answered) s.unanswered = true;
  else s.lastStatus = response!.status;
  const retry = call.retry ?? t.retry;
  const decision = decide(call.resends, answered ? response!.status : "no-answer", s);
  let resend = decision.resend && s.attempts <= (s.streaming ? 0 : retry.maxRetries);
  let wait = retry.delayMs;
  if (resend && answered) {
    wait = retryDelay(response!.headers.get("Retry-After"), retry);
    if (wait > retry.maxDelayMs) resend = false;
  }
  // An error answer's text, redacted (auth.ts redactBody), and its traceCode (QuickStream's error body has one).
  let errorText: string | undefined;
  s.attemptTrace = undefined;
  if (answered && response!.status >= 300 && a.body!.length > 0) {
    const raw = typeof a.body === "string" ? a.body : decoder.decode(a.body!);
    errorText = redactBody(raw, t.redaction());
    s.attemptTrace = traceCodeOf(errorText);
    s.traceCode = s.attemptTrace ?? s.traceCode;
  }
  if (resend) return { wait, newKey: s.key !== undefined && decision.resend && decision.newKey };
  if (!answered) {
    const timedOut = failure instanceof AttemptTimeoutError || (failure as { cause?: unknown })?.cause instanceof AttemptTimeoutError;
    throw new ApiConnectionError({
      ...factsOf(call, s),
      timedOut,
      cause: failure,
      hint: decision.resend ? undefined : (call.hint ?? (s.key !== undefined ? "resend with the same Idempotency-Key, or query the resource" : undefined)),
    });
  }
  const status = response!.status;
  let content = a.body!;
  // An error body that echoes the key or its credentials, in any form, is redacted before anyone can read it: in
  // the text as it came and in every string it decodes to (above).
  if (errorText !== undefined && errorText !== content) content = errorText;
  const alreadyProcessed = call.resends.conflictOnResend === "processed" && status === 409 && s.attempts > 1;
  const info = factsOf(call, s, alreadyProcessed);
  setCallInfo(response!, info);
  return { response: response!, body: content, info };
}

/**
 * Send one logical call: its attempts, until an answer (resolved), or an error that carries the call's facts
 * (rejected, never thrown).
 */
export function send(t: Transport, call: Call): Promise<Answer> {
  let s: CallState;
  try {
    s = begin(t, call);
  } catch (error) {
    return Promise.reject(error);
  }
  return t.observer === undefined ? sendQuietly(t, call, s) : sendObserved(t, call, s, t.observer);
}

/**
 * The attempts of a call that nothing observes (the per-request hot path), chained without an async function: one
 * frame and one promise less a request than awaiting `attempt` (whose own frame holds only the attempt's state).
 */
function sendQuietly(t: Transport, call: Call, s: CallState): Promise<Answer> {
  if (call.signal?.aborted) return Promise.reject(abortedError(call, s));
  return attempt(t, call, s).then((a) => {
    const next = conclude(t, call, s, a);
    return "info" in next ? next : wait(t, call, s, next).then(() => sendQuietly(t, call, s));
  });
}

/** Before the first attempt: the origin check, the call's state, its Idempotency-Key, and the key's Authorization. */
function begin(t: Transport, call: Call): CallState {
  const { url, headers, body } = call;
  // The URL is built from the client's own base URL; anything else (a per-request baseUrl, a pagination link) must
  // be on the same origin before the key goes with it.
  if (!(url.startsWith(t.origin) && url.charCodeAt(t.origin.length) === 47 /* "/" */) && new URL(url).origin !== t.origin) {
    throw new RequestRefusedError(`refusing to send credentials to ${new URL(url).origin}: the client's origin is ${t.origin}`, "link");
  }
  const s: CallState = {
    key: undefined,
    generated: false,
    unanswered: false,
    attempts: 0,
    lastStatus: 0,
    streaming: body != null && typeof ReadableStream !== "undefined" && body instanceof ReadableStream,
    traceCode: undefined,
    attemptTrace: undefined,
  };
  const given = headers[IDEMPOTENCY];
  if (given !== undefined) {
    s.key = checkIdempotencyKey(given);
  } else if (call.resends.idempotencyKey) {
    s.key = headers[IDEMPOTENCY] = newIdempotencyKey();
    s.generated = true;
  }
  headers.authorization = t.authorization;
  return s;
}

/** The attempts of a call, each told to `onAttempt` and the logger. */
async function sendObserved(t: Transport, call: Call, s: CallState, observer: Observer): Promise<Answer> {
  try {
    for (;;) {
      if (call.signal?.aborted) throw abortedError(call, s);
      if (observer.debug) observer.log!("debug", `${call.method} ${pathOf(call)}: sending attempt ${s.attempts + 1}${s.key ? ` (Idempotency-Key ${s.key})` : ""}`, { method: call.method, path: pathOf(call), attempt: s.attempts + 1, idempotencyKey: s.key });
      const a = await attempt(t, call, s);
      let next: Answer | Resend;
      try {
        next = conclude(t, call, s, a);
      } catch (error) {
        report(observer, call, s, a, undefined, error);
        throw error;
      }
      report(observer, call, s, a, next, undefined);
      if ("info" in next) return next;
      await wait(t, call, s, next);
    }
  } catch (error) {
    const e = error as Error;
    observer.log?.("error", `${call.method} ${pathOf(call)} failed: ${e?.message}`, { method: call.method, path: pathOf(call), error: e?.name, attempts: s.attempts, idempotencyKey: s.key, traceCode: s.traceCode });
    throw error;
  }
}

/** Wait before a resend (the caller's signal ends it), then renew the key where the decision says so. */
async function wait(t: Transport, call: Call, s: CallState, next: Resend): Promise<void> {
  try {
    await t.sleep(next.wait, call.signal);
  } catch {
    throw abortedError(call, s); // with the key of the attempts sent
  }
  if (next.newKey) s.key = call.headers[IDEMPOTENCY] = newIdempotencyKey();
}

const pathOf = (call: Call) => call.path ?? new URL(call.url).pathname;

/** The traceCode of an error body (QuickStream's error model), if it is JSON and has one. */
function traceCodeOf(text: string): string | undefined {
  if (!text.includes("traceCode")) return undefined;
  try {
    const code = (JSON.parse(text) as { traceCode?: unknown })?.traceCode;
    return typeof code === "string" && code !== "" ? code.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/** Tell `onAttempt` and the logger what an attempt did. */
function report(o: Observer, call: Call, s: CallState, a: Attempt, next: Answer | Resend | undefined, error: unknown): void {
  const answered = a.response !== undefined && a.body !== undefined;
  const resend = next !== undefined && !("info" in next) ? next : undefined;
  const failure = answered
    ? undefined
    : error instanceof CallAbortedError
      ? "aborted"
      : error instanceof ResponseBodyError
        ? "too large"
        : a.failure instanceof AttemptTimeoutError || (a.failure as { cause?: unknown })?.cause instanceof AttemptTimeoutError
          ? "timed out"
          : describeFailure(a.failure);
  const info: AttemptInfo = {
    attempt: s.attempts,
    method: call.method,
    path: pathOf(call),
    url: call.url,
    idempotencyKey: s.key,
    status: answered ? a.response!.status : undefined,
    elapsedMs: performance.now() - a.started,
    traceCode: answered ? s.attemptTrace : undefined,
    willResend: resend !== undefined,
    delayMs: resend?.wait,
    failure,
  };
  o.onAttempt?.(info);
  if (o.log) {
    const [level, message] = attemptLine(info);
    o.log(level, message, info as unknown as Record<string, unknown>);
  }
}

function describeFailure(failure: unknown): string {
  const code = (failure as { cause?: { code?: unknown }; code?: unknown })?.cause?.code ?? (failure as { code?: unknown })?.code;
  return typeof code === "string" ? code : "network error";
}
