// QuickStream Idempotency-Key: a fresh UUID per logical call unless the caller gives one (D9, P25).
import { RequestRefusedError } from "./errors.js";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/**
 * Printable ASCII (space to tilde), 1 to 60 characters (the API answers 400 to a longer key), without outer spaces
 * (HTTP would drop them, so the server would see another key than the caller holds).
 */
export function checkIdempotencyKey(key: string): string {
  if (key.length === 0 || key.length > 60 || !/^[\x20-\x7E]+$/.test(key) || key.trim() !== key) {
    const why = !/^[\x20-\x7E]*$/.test(key) ? ", some not printable ASCII" : key.trim() !== key ? ", with outer spaces" : "";
    throw new RequestRefusedError(
      `Idempotency-Key must be 1 to 60 printable ASCII characters without outer spaces (got ${key.length} characters${why}); nothing was sent`,
      "idempotency-key",
    );
  }
  return key;
}

/** The Web Crypto API's UUID (Node 20+, Bun, Deno, workerd, browsers): no `node:` import. */
export const newIdempotencyKey = (): string => globalThis.crypto.randomUUID();
