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

/** The key of an `Authorization: Basic` header, or undefined when the header is missing or not Basic. */
export function basicUser(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : decoded.slice(0, colon);
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
