// When a request may be sent again, and after how long. What each operation allows is declared in the description
// (`x-retry`, project decision P26) and read from generated/<api>/client-meta.ts; this module only applies it.
// The rule is about money: resend only where a second delivery cannot make a second payment (D9, P22, P25).

export interface RetryOptions {
  /** Resends after the first attempt (default 2). */
  maxRetries?: number;
  /** Wait before a resend when the server gives no valid Retry-After (default 20 000 ms, as both APIs' docs say). */
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
  if (option !== undefined && (option === null || typeof option !== "object")) throw new TypeError("retry must be an object or false");
  const s = { maxRetries: option?.maxRetries ?? 2, delayMs: option?.delayMs ?? 20_000, maxDelayMs: option?.maxDelayMs ?? 120_000 };
  if (typeof s.maxRetries !== "number" || !Number.isFinite(s.maxRetries) || s.maxRetries < 0) throw new TypeError(`retry.maxRetries must be a non-negative number, got ${String(s.maxRetries)}`);
  checkMs("retry.delayMs", s.delayMs);
  checkMs("retry.maxDelayMs", s.maxDelayMs);
  s.maxRetries = Math.floor(s.maxRetries);
  return s;
}

/** The longest wait a timer can take: setTimeout fires at once for more (2^31 - 1 ms, about 24.8 days). */
export const MAX_MS = 2 ** 31 - 1;

/**
 * Refuse a duration option that cannot work: not a finite number, negative (or 0 where `positive`), or above what a
 * timer can wait (setTimeout fires at once for more: a longer `delayMs` resent after 1 ms).
 */
export function checkMs(name: string, value: unknown, positive = false): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (positive && value === 0) || value > MAX_MS) {
    const got = typeof value === "number" ? String(value) : typeof value;
    throw new TypeError(`${name} must be a number of milliseconds ${positive ? "above 0" : "from 0"} up to ${MAX_MS} (2^31 - 1), got ${got}`);
  }
  return value;
}

/** One operation's resend rules, as generated/<api>/client-meta.ts holds them (`operationResends`). */
export interface Resends {
  readonly afterNoAnswer: boolean;
  readonly after429Or503: boolean;
  readonly after502Or504: boolean;
  readonly conflictOnResend: "processed" | "error";
  readonly idempotencyKey: boolean;
  readonly hint?: string;
}

/** An operation the description does not list: resent only after 429/503, which say it was not processed (P26). */
export const UNKNOWN_OPERATION: Resends = Object.freeze({
  afterNoAnswer: false,
  after429Or503: true,
  after502Or504: false,
  conflictOnResend: "error",
  idempotencyKey: false,
});

/** What happened on one attempt: no complete answer, or the status. */
export type Outcome = "no-answer" | number;

export type Decision = { resend: false } | { resend: true; newKey: boolean };

const KEEP: Decision = Object.freeze({ resend: true, newKey: false });
const RENEW: Decision = Object.freeze({ resend: true, newKey: true });
const STOP: Decision = Object.freeze({ resend: false });

/**
 * May the call be sent again after this outcome, and with a new Idempotency-Key? A new key only after a 503, for a
 * key the client generated (never the caller's, P25), and only if no attempt went unanswered (one that did may have
 * been processed, and only its key finds it: P22).
 */
export function decide(r: Resends, outcome: Outcome, key: { generated: boolean; unanswered: boolean }): Decision {
  if (outcome === "no-answer") return r.afterNoAnswer ? KEEP : STOP;
  if (outcome === 429) return r.after429Or503 ? KEEP : STOP;
  if (outcome === 503) return r.after429Or503 ? (r.idempotencyKey && key.generated && !key.unanswered ? RENEW : KEEP) : STOP;
  if (outcome === 502 || outcome === 504) return r.after502Or504 ? KEEP : STOP;
  // 500 (may be half done) and everything else: never.
  return STOP;
}

const DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
/** RFC 9110 section 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must accept. */
const HTTP_DATE = [
  new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
  new RegExp(`^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
  new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

/**
 * Milliseconds to wait before a resend. Retry-After as RFC 9110 section 10.2.3 defines it: whole non-negative
 * seconds, or an HTTP date (a past date: no wait). Anything else (`2.5`, `-1`, `1, 2`, a date in another form) means
 * the default delay, never an immediate resend.
 */
export function retryDelay(retryAfter: string | null, settings: RetrySettings, now = Date.now()): number {
  if (retryAfter === null) return settings.delayMs;
  const value = retryAfter.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const form = HTTP_DATE.findIndex((re) => re.test(value));
  if (form === -1) return settings.delayMs;
  const date = Date.parse(form === 2 ? `${value} GMT` : value); // asctime carries no zone; HTTP dates are GMT
  return Number.isNaN(date) ? settings.delayMs : Math.max(0, date - now);
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
