// API keys as the real ones look: `<FACILITYCODE>_SEC_<random>` (secret) and `<FACILITYCODE>_PUB...` (publishable),
// sent as the HTTP Basic user name with an empty password. The facility code before the first `_` is whose state a
// request sees, so a facility's secret and publishable keys share tokens, customers and transactions (P66).
import type { ApiName, KeyKind } from "./spec.js";

export interface Caller {
  facility: string;
  kind: KeyKind;
  key: string;
}

const SECRET = /^([A-Z0-9]+)_SEC_[A-Za-z0-9]+$/;
const PUBLISHABLE = /^([A-Z0-9]+)_PUB(?:_[A-Za-z0-9]+)?$/;

/**
 * The key of an `Authorization: Basic` header, or undefined when the header is missing or not Basic. The official
 * text says the header carries "the base-64 encoded representation of your API key": the key with a trailing `:`
 * (an empty password, as HTTP Basic clients send it) and the key alone (as the public Java SDK sends it) both work.
 */
export function basicUser(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? decoded : decoded.slice(0, colon);
}

const FORMS = {
  quickstream: "a secret key <FACILITY>_SEC_<letters and digits> or a publishable key <FACILITY>_PUB[_<letters and digits>]",
  paymentsplus: "an API key <FACILITY>_SEC_<letters and digits>",
} as const;

/**
 * Who is calling, or why not: a 401 text that says which key forms are accepted, different for no key and for a key
 * of the wrong form, and never repeating the key.
 */
export function authenticate(api: ApiName, header: string | undefined): { caller: Caller } | { problem: string } {
  const how = "as the HTTP Basic user name (base-64 of the key, with or without a trailing ':')";
  if (header === undefined || header.trim() === "") return { problem: `No API key: send ${FORMS[api]} ${how}.` };
  if (!/^Basic\s/i.test(header)) return { problem: `Only HTTP Basic authentication is accepted: send ${FORMS[api]} ${how}.` };
  const key = basicUser(header);
  if (!key) return { problem: `The Authorization header is not valid base-64: send ${FORMS[api]} ${how}.` };
  const caller = readKey(api, key);
  if (!caller) return { problem: `The API key is not of an accepted form: send ${FORMS[api]} ${how}.` };
  return { caller };
}

/** Who is calling, or undefined for a key of no documented form (PaymentsPlus has secret keys only). */
export function readKey(api: ApiName, key: string | undefined): Caller | undefined {
  if (!key) return undefined;
  const secret = SECRET.exec(key);
  if (secret) return { facility: secret[1], kind: "secret", key };
  const publishable = api === "quickstream" ? PUBLISHABLE.exec(key) : null;
  if (publishable) return { facility: publishable[1], kind: "publishable", key };
  return undefined;
}

/** The key's name as the API shows it (`keyName`): `FACILITYCODE_SEC...zrikj5x`, never the whole key. */
export function maskKey(key: string): string {
  const kind = key.includes("_SEC") ? "_SEC" : "_PUB";
  const end = key.indexOf(kind) + kind.length;
  const rest = key.slice(end).replace(/^_/, "");
  return `${key.slice(0, end)}...${rest.slice(-Math.min(7, Math.floor(rest.length / 2)))}`;
}
