// An operation's resend rules as the clients and the docs read them: its `x-retry` (project decision P26; its shape
// is checked by the lint rule rule/operation-x-retry) plus whether it takes an Idempotency-Key header parameter.
import { fail } from "./lib.ts";

export interface Resends {
  /** Resend after a network error, a timeout or an answer cut off (the request may have been processed). */
  afterNoAnswer: boolean;
  /** Resend after 429 or 503 (the request was not processed). */
  after429Or503: boolean;
  /** Resend after 502 or 504 (upstream trouble; the request may have been processed). */
  after502Or504: boolean;
  /** A 409 answering a resend: "processed" = an earlier attempt of the same call was processed. */
  conflictOnResend: "processed" | "error";
  /** The operation takes an Idempotency-Key header (QuickStream POSTs). */
  idempotencyKey: boolean;
  /** What to do when the call may have been processed and was not resent. */
  hint?: string;
}

const deref = (doc: any, value: any): any =>
  typeof value?.$ref === "string" && value.$ref.startsWith("#/")
    ? value.$ref.slice(2).split("/").reduce((node: any, part: string) => node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc)
    : value;

export function operationResends(doc: any, path: string, method: string): Resends {
  const item = doc.paths[path];
  const operation = item[method];
  const retry = operation["x-retry"];
  if (!retry || typeof retry !== "object") fail(`${method.toUpperCase()} ${path} has no x-retry (run npm run build:lint)`);
  const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref(doc, p));
  const idempotencyKey = parameters.some((p) => p?.in === "header" && String(p.name).toLowerCase() === "idempotency-key");
  const { afterNoAnswer, after429Or503, after502Or504, conflictOnResend, hint } = retry;
  return { afterNoAnswer, after429Or503, after502Or504, conflictOnResend, idempotencyKey, ...(hint ? { hint } : {}) };
}

/** The sentence the docs show (plain text, without Markdown). */
export function resendsSentence(r: Resends): string {
  const yes = (b: boolean) => (b ? "yes" : "no");
  let s = `after no answer ${yes(r.afterNoAnswer)}, after 429/503 ${yes(r.after429Or503)}, after 502/504 ${yes(r.after502Or504)}`;
  if (r.idempotencyKey) s += ", with the same Idempotency-Key after no answer or 429";
  if (r.conflictOnResend === "processed") s += "; a 409 answering a resend means an earlier attempt was processed";
  if (r.hint) s += `; when not resent after no answer: ${r.hint}`;
  return s;
}
