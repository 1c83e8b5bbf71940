// HTTP Basic authentication as both APIs use it: the API key is the user name and the password is empty.

/** `apiKey` has passed `checkApiKey` (printable ASCII), so the Web `btoa` encodes it exactly as UTF-8 would. */
export function basicAuthorization(apiKey: string): string {
  return `Basic ${btoa(`${apiKey}:`)}`;
}

/**
 * Refuse a missing or malformed key without ever echoing the key itself. Printable ASCII without spaces (so no
 * control characters and no outer whitespace), and no `:`, which Basic authentication reads as the end of the user
 * name (the rest would be sent as a password).
 */
export function checkApiKey(value: unknown, option: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${option} must be a non-empty string`);
  }
  if (!/^[\x21-\x7E]+$/.test(value)) {
    throw new TypeError(`${option} must contain only printable ASCII characters, without spaces or control characters`);
  }
  if (value.includes(":")) {
    throw new TypeError(`${option} must not contain ":" (Basic authentication would split the key there)`);
  }
  return value;
}

/**
 * Whether this looks like a web page (a window with a document): there, a secret key would be readable by anyone
 * who opens the page. Server runtimes (Node, Bun, Deno, workerd) have no `document`.
 */
const inBrowser = () => typeof (globalThis as { window?: { document?: unknown } }).window?.document !== "undefined";

/**
 * Refuse to make a client with a secret key in a browser, unless the caller says it knows the risk (a page with
 * the key in it gives the key to everyone who opens it: use the publishable key there, or call from a server).
 */
export function checkNotBrowser(option: string, allowed: unknown): void {
  if (allowed === true || !inBrowser()) return;
  throw new TypeError(
    `${option} looks like it is being used in a browser, where anyone who opens the page can read it; use it from a server ` +
      `(or, for QuickStream, the publishableKey in the browser). If you understand the risk and the page is not public, pass dangerouslyAllowBrowser: true`,
  );
}

/**
 * What would reveal the key if an error body echoed it: the key, its Basic credentials (base64 of `key:`) and the
 * base64 of the key alone.
 */
export function secretsOf(apiKey: string): string[] {
  return [...new Set([apiKey, btoa(`${apiKey}:`), btoa(apiKey)])];
}

const hex2 = (code: number) => code.toString(16).padStart(2, "0");
/** `x` matching either case of each hexadecimal letter in `digits`. */
const anyCase = (digits: string) => [...digits].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join("");
const literal = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/**
 * One character of a secret in every form a body can carry it: itself, percent-encoded (`%2B`, `%2b`), as a JSON
 * `\u` escape in either case (`\u002B`), as a JSON short escape (`\/`, `\"`, `\\`), and a JSON escape of its
 * percent-encoding (`\u00252B`). The keys are printable ASCII (checkApiKey), and so is base64.
 */
function characterForms(c: string): string {
  const code = c.charCodeAt(0);
  const forms = [literal(c), `%${anyCase(hex2(code))}`, `\\\\u00${anyCase(hex2(code))}`, `\\\\u0025${anyCase(hex2(code))}`];
  if (c === "/" || c === '"' || c === "\\") forms.push(`\\\\${literal(c)}`);
  return `(?:${forms.join("|")})`;
}

/**
 * A pattern that finds every secret in any of the forms above, mixed character by character (a body may escape some
 * characters and not others). Used on an error body's text, and again on every string it decodes to, so that what
 * a JSON escape or a URL encoding hid is found after decoding as well.
 */
export function secretPattern(secrets: readonly string[]): RegExp {
  const alternatives = [...secrets].sort((a, b) => b.length - a.length).map((secret) => [...secret].map(characterForms).join(""));
  return new RegExp(alternatives.join("|"), "g");
}

const REDACTED = "[redacted]";

/** `text` with every secret, in any form `secretPattern` knows, replaced by `[redacted]`. */
export function redact(text: string, pattern: RegExp): string {
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, REDACTED) : text;
}

/**
 * A parsed JSON value with every string (property names included) redacted; the same value when nothing was found.
 * Strings are searched after JSON decoding, so a secret written with escapes the text pass could not see is found.
 */
export function redactValue(value: unknown, pattern: RegExp): unknown {
  if (typeof value === "string") return redact(value, pattern);
  if (value === null || typeof value !== "object") return value;
  let changed = false;
  if (Array.isArray(value)) {
    const out = value.map((v) => {
      const r = redactValue(v, pattern);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const name = redact(k, pattern);
    const r = redactValue(v, pattern);
    if (name !== k || r !== v) changed = true;
    out[name] = r;
  }
  return changed ? out : value;
}

/**
 * An error body's text with every secret redacted: first in the text as it came (raw, escaped or encoded), then,
 * when it is JSON, in every string it decodes to (the result is the JSON of the redacted value).
 */
export function redactBody(text: string, pattern: RegExp): string {
  const clean = redact(text, pattern);
  let parsed: unknown;
  try {
    parsed = JSON.parse(clean);
  } catch {
    return clean;
  }
  const redacted = redactValue(parsed, pattern);
  return redacted === parsed ? clean : JSON.stringify(redacted);
}
