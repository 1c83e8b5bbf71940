// Sending one logical call: attempts, per-attempt timeouts, waits between resends, the concurrency cap, the
// Authorization header (added here only, so that no request object the caller can see ever holds the key), and
// redirects left unfollowed.
import { ApiConnectionError, RequestRefusedError } from "./errors.js";
import { checkIdempotencyKey, IDEMPOTENCY_HEADER, newIdempotencyKey } from "./idempotency.js";
import type { Limiter } from "./limiter.js";
import { decide, retryDelay, sleep, type OperationPolicy, type RetrySettings } from "./retry.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface Transport {
  origin: string;
  authorization: string;
  fetch: FetchLike;
  retry: RetrySettings;
  timeoutMs: number;
  limiter: Limiter;
  /** Waits between resends; injectable for tests. */
  sleep: (ms: number, signal?: AbortSignal | null) => Promise<void>;
}

export interface Call {
  method: string;
  url: string;
  headers: Headers;
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

const infos = new WeakMap<Response, CallInfo>();

/** What the client knows about the call that produced a response (or an openapi-fetch result). */
export function callInfo(from: Response | { response: Response }): CallInfo | undefined {
  return infos.get(from instanceof Response ? from : from.response);
}

class AttemptTimeoutError extends Error {
  override name = "TimeoutError";
}

export async function send(t: Transport, call: Call): Promise<Response> {
  const { method, url, headers, body, signal, policy } = call;
  if (!url.startsWith(`${t.origin}/`) && new URL(url).origin !== t.origin) {
    throw new RequestRefusedError(`refusing to send credentials to ${new URL(url).origin}: the client's origin is ${t.origin}`, "link");
  }
  let key: string | undefined;
  if (policy.idempotencyKey) {
    const given = headers.get(IDEMPOTENCY_HEADER);
    key = given === null ? newIdempotencyKey() : checkIdempotencyKey(given);
    headers.set(IDEMPOTENCY_HEADER, key);
  }
  headers.set("Authorization", t.authorization);
  const streaming = typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
  const maxRetries = streaming ? 0 : t.retry.maxRetries;

  // Did an attempt with the current key go unanswered (so that it may have been processed)?
  let keyMayHaveLanded = false;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    await t.limiter.acquire(signal);
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new AttemptTimeoutError(`attempt timed out after ${t.timeoutMs} ms`)), t.timeoutMs);
    let response: Response | undefined;
    let failure: unknown;
    try {
      const init: RequestInit & { duplex?: string } = { method, headers, body, signal: controller.signal, redirect: "manual" };
      if (streaming) init.duplex = "half";
      response = await t.fetch(url, init);
    } catch (error) {
      failure = error;
    } finally {
      clearTimeout(timer);
      t.limiter.release();
    }
    if (signal?.aborted) {
      await response?.body?.cancel().catch(() => {});
      throw signal.reason;
    }
    signal?.removeEventListener("abort", onAbort);

    const decision = decide(policy, response ? response.status : "no-response");
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
      infos.set(response, {
        method,
        url,
        attempts: attempt,
        idempotencyKey: key,
        alreadyProcessed: policy.conflictOnResendMeansLanded && response.status === 409 && attempt > 1,
      });
      return response;
    }
    await response?.body?.cancel().catch(() => {});
    if (!response) keyMayHaveLanded = true;
    // A 503 is resent with a new key (the server may keep the 503 under the old one, D9), unless an earlier
    // attempt with the old key went unanswered: then it may have landed, and only the old key finds it (P8).
    if (decision.resend && decision.newKey && key !== undefined && !keyMayHaveLanded) {
      key = newIdempotencyKey();
      headers.set(IDEMPOTENCY_HEADER, key);
    }
    await t.sleep(wait, signal);
  }
}
