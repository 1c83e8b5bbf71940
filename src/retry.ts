// When a request may be sent again, and after how long: spec decision D9, the overviews' error handling, and P22.
// The rule is about money: resend only where a second delivery cannot make a second payment.

export interface RetryOptions {
  /** Resends after the first attempt (default 2). */
  maxRetries?: number;
  /** Wait before a resend when the server gives no Retry-After (default 20 000 ms, as both APIs' docs say). */
  delayMs?: number;
  /** A Retry-After longer than this is not waited for: the answer is returned instead (default 120 000 ms). */
  maxDelayMs?: number;
}
export interface RetrySettings {
  maxRetries: number;
  delayMs: number;
  maxDelayMs: number;
}

export function retrySettings(option: RetryOptions | false | undefined): RetrySettings {
  if (option === false) return { maxRetries: 0, delayMs: 0, maxDelayMs: 0 };
  const s = { maxRetries: option?.maxRetries ?? 2, delayMs: option?.delayMs ?? 20_000, maxDelayMs: option?.maxDelayMs ?? 120_000 };
  for (const [name, value] of Object.entries(s)) {
    if (!Number.isFinite(value) || value < 0) throw new TypeError(`retry.${name} must be a non-negative number`);
  }
  s.maxRetries = Math.floor(s.maxRetries);
  return s;
}

/** What happened on one attempt. */
export type Outcome = "no-response" | number;

/** How one operation may be resent. */
export interface OperationPolicy {
  /** Resend after a network error or timeout (the request may have landed: only where a resend cannot duplicate). */
  afterNoResponse: boolean;
  /** Resend after 429 / 503 (the request was not processed). */
  afterNotProcessed: boolean;
  /** Resend after 502 / 504 (upstream trouble; the request may have landed): GETs only. */
  afterGatewayError: boolean;
  /** The operation carries a QuickStream Idempotency-Key. */
  idempotencyKey: boolean;
  /** A 409 answering a resend means an earlier attempt created the resource (PaymentsPlus single payment). */
  conflictOnResendMeansLanded: boolean;
}

export type Decision = { resend: false } | { resend: true; newKey: boolean };

const KEEP: Decision = Object.freeze({ resend: true, newKey: false });
const RENEW: Decision = Object.freeze({ resend: true, newKey: true });
const STOP: Decision = Object.freeze({ resend: false });

export function decide(policy: OperationPolicy, outcome: Outcome): Decision {
  if (outcome === "no-response") return policy.afterNoResponse ? KEEP : STOP;
  if (outcome === 429) return policy.afterNotProcessed ? KEEP : STOP;
  // 503: not processed, but the server may have stored the 503 under the key: a new key (D9).
  if (outcome === 503) return policy.afterNotProcessed ? (policy.idempotencyKey ? RENEW : KEEP) : STOP;
  if (outcome === 502 || outcome === 504) return policy.afterGatewayError ? KEEP : STOP;
  // 500 (may be half done) and everything else: never.
  return STOP;
}

/** QuickStream: every method is resent on no response / 429 / 503 (POSTs keep their Idempotency-Key; D9). */
export function quickStreamPolicy(method: string, _path: string): OperationPolicy {
  const safe = method === "GET" || method === "HEAD";
  return {
    afterNoResponse: true,
    afterNotProcessed: true,
    afterGatewayError: safe,
    idempotencyKey: method === "POST",
    conflictOnResendMeansLanded: false,
  };
}

/**
 * PaymentsPlus has no idempotency header. GETs and PUTs (client-chosen identifiers) are idempotent; the single
 * immediate payment answers 409 to a duplicate, so it is resent and a 409 on a resend is reported as landed.
 * Cancels are resent (a second cancel cannot move money). Sending a file and uploading its contents are resent
 * only after 429/503, which say the request was not processed: after no response the caller must look (P22).
 */
export function paymentsPlusPolicy(method: string, path: string): OperationPolicy {
  const safe = method === "GET" || method === "HEAD";
  const singlePayment = method === "POST" && path === "/payments/{paymentIdentifier}";
  const cancel = method === "POST" && path.endsWith("/cancel");
  const resendable = safe || method === "PUT" || method === "DELETE" || singlePayment || cancel;
  return {
    afterNoResponse: resendable,
    afterNotProcessed: true,
    afterGatewayError: safe,
    idempotencyKey: false,
    conflictOnResendMeansLanded: singlePayment,
  };
}

/** Milliseconds to wait before a resend: Retry-After (seconds or an HTTP date) when present, else the default. */
export function retryDelay(retryAfter: string | null, settings: RetrySettings, now = Date.now()): number {
  if (retryAfter !== null) {
    const trimmed = retryAfter.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return settings.delayMs;
}

/** Wait `ms`, or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
