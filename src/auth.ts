// HTTP Basic authentication as both APIs use it: the API key is the user name and the password is empty.

/** `apiKey` has passed `checkApiKey` (printable ASCII), so the Web `btoa` encodes it exactly as UTF-8 would. */
export function basicAuthorization(apiKey: string): string {
  return `Basic ${btoa(`${apiKey}:`)}`;
}

/** Refuse a missing or malformed key without ever echoing the key itself. */
export function checkApiKey(value: unknown, option: string): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${option} must be a non-empty string`);
  }
  if (!/^[\x21-\x7E]+$/.test(value)) {
    throw new TypeError(`${option} must contain only printable ASCII characters without spaces`);
  }
  return value;
}
