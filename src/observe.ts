// Seeing what a call does, attempt by attempt: an `onAttempt` hook with each attempt's facts, and an optional logger
// with levels. Both are built from the call's facts only (method, path, status, time, Idempotency-Key, traceCode):
// never a header or a body, so neither can show the key. Neither can change what the call does: a hook or a logger
// that throws is ignored (a payment must not be resent, or its result lost, because a log line failed).

/** What one attempt of a call did, given to `onAttempt` and to the logger's fields. */
export interface AttemptInfo {
  /** 1 for the first attempt, 2 for the first resend, ... */
  attempt: number;
  method: string;
  /** The operation's path as the description writes it ("/transactions/{receiptNumber}"); a followed page link's list path. */
  path: string;
  /** The URL sent to (it never carries the key). */
  url: string;
  /** The Idempotency-Key sent with the attempt, if any. */
  idempotencyKey: string | undefined;
  /** The answer's status; undefined when no complete answer came (network error, timeout, answer cut off, abort). */
  status: number | undefined;
  /** From sending to the end of the answer's body (or the failure), in milliseconds. */
  elapsedMs: number;
  /** QuickStream's `traceCode` from an error answer's body, for support staff. */
  traceCode: string | undefined;
  /** Whether the client will send the call again (after `delayMs`). */
  willResend: boolean;
  /** The wait before the resend, when `willResend`. */
  delayMs: number | undefined;
  /** When no complete answer came: why ("timed out", "aborted", "too large", or the network error's code). */
  failure: string | undefined;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** Where log lines go: console-compatible (`console` itself works), one method per level. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

export interface ObserveOptions {
  /** Called after every attempt with its facts (also for attempts that are resent). */
  onAttempt?: (attempt: AttemptInfo) => void;
  /** Log lines about each call; none unless given. */
  logger?: Logger;
  /** The least severe level logged (default "warn": resends and failed calls). */
  logLevel?: LogLevel;
}

/** The transport's observer: undefined when nothing observes (the per-request cost is then one check). */
export interface Observer {
  onAttempt: ((attempt: AttemptInfo) => void) | undefined;
  log: ((level: Exclude<LogLevel, "off">, message: string, fields: Record<string, unknown>) => void) | undefined;
  /** Whether `debug` lines are wanted (the line before each attempt is built only then). */
  debug: boolean;
}

export function observerOf(options: ObserveOptions): Observer | undefined {
  const { onAttempt, logger } = options;
  const level = options.logLevel ?? "warn";
  if (onAttempt !== undefined && typeof onAttempt !== "function") throw new TypeError("onAttempt must be a function");
  if (!Object.hasOwn(RANK, level)) throw new TypeError(`logLevel must be one of ${Object.keys(RANK).join(", ")}, got ${String(level)}`);
  if (logger !== undefined) {
    for (const m of ["debug", "info", "warn", "error"] as const) {
      if (typeof logger?.[m] !== "function") throw new TypeError(`logger must have debug, info, warn and error methods (${m} is missing)`);
    }
  }
  const log = logger !== undefined && level !== "off" ? logger : undefined;
  if (onAttempt === undefined && log === undefined) return undefined;
  return {
    onAttempt: onAttempt && ((a) => quietly(() => onAttempt(a))),
    log: log && ((l, message, fields) => void (RANK[l] >= RANK[level] && quietly(() => log[l](message, fields)))),
    debug: log !== undefined && RANK[level] === 0,
  };
}

function quietly(run: () => void): void {
  try {
    run();
  } catch {
    // A hook or logger that throws must not change the call.
  }
}

/** The log line of an attempt that ended: at info, or warn when it will be resent. */
export function attemptLine(a: AttemptInfo): [Exclude<LogLevel, "off">, string] {
  const what = a.status !== undefined ? `answered ${a.status}` : `got no answer (${a.failure ?? "network error"})`;
  const facts = `attempt ${a.attempt}, ${Math.round(a.elapsedMs)} ms${a.idempotencyKey ? `, Idempotency-Key ${a.idempotencyKey}` : ""}${a.traceCode ? `, traceCode ${a.traceCode}` : ""}`;
  if (a.willResend) return ["warn", `${a.method} ${a.path} ${what} (${facts}); resending in ${a.delayMs} ms`];
  return ["info", `${a.method} ${a.path} ${what} (${facts})`];
}
