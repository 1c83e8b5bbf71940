// QuickStream Idempotency-Key: a fresh UUID per logical call unless the caller gives one (D9).
import { randomUUID } from "node:crypto";
import { RequestRefusedError } from "./errors.js";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** Printable ASCII (space to tilde), 1 to 60 characters: the API answers 400 to a longer key. */
export function checkIdempotencyKey(key: string): string {
  if (key.length === 0 || key.length > 60 || !/^[\x20-\x7E]+$/.test(key)) {
    throw new RequestRefusedError(
      `Idempotency-Key must be 1 to 60 printable ASCII characters (got ${key.length} characters${/^[\x20-\x7E]*$/.test(key) ? "" : ", some not printable ASCII"})`,
      "idempotency-key",
    );
  }
  return key;
}

export const newIdempotencyKey = (): string => randomUUID();
