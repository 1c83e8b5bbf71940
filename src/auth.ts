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

/** Everything that would reveal the key if an error body echoed it: the key (also as JSON escapes it) and its credentials. */
export function secretsOf(apiKey: string): string[] {
  const credentials = btoa(`${apiKey}:`);
  return [...new Set([apiKey, JSON.stringify(apiKey).slice(1, -1), credentials, credentials.replaceAll("/", "\\/")])];
}

/** `text` with every secret replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join("[redacted]");
  return text;
}
