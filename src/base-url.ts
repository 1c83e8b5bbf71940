// Choosing the server: a named environment from the description's servers, or an explicit base URL, which must be
// https: (plain http only to a loopback host, for mocks and tests) so that the key never crosses a network in clear.

const isLoopback = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
};

export function checkTransport(url: URL, what: string): void {
  if (url.protocol === "https:") return;
  if (url.protocol === "http:" && isLoopback(url.hostname)) return;
  throw new TypeError(`${what} must use https: (plain http: is allowed only for loopback hosts), got "${url.protocol}//${url.host}"`);
}

export function resolveBaseUrl<E extends string>(
  servers: Readonly<Record<E, string>>,
  environment: string | undefined,
  baseUrl: string | undefined,
): string {
  if (baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new TypeError(`baseUrl must be an absolute URL, got "${baseUrl}"`);
    }
    if (url.username || url.password) throw new TypeError("baseUrl must not contain credentials");
    // Paths are appended to the base URL: after a query or a fragment they would be part of it, and the request
    // would go to another path (`...?x=1` + `/transactions`).
    if (baseUrl.includes("?") || baseUrl.includes("#")) throw new TypeError("baseUrl must not contain a query (?) or a fragment (#)");
    checkTransport(url, "baseUrl");
    return url.toString().replace(/\/+$/, "");
  }
  const name = environment ?? "support";
  if (!Object.hasOwn(servers, name)) {
    throw new TypeError(`environment must be one of ${Object.keys(servers).map((e) => `"${e}"`).join(", ")}, got "${name}"`);
  }
  return servers[name as E];
}
