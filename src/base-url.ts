// Choosing the server: a named environment from the description's servers, or an explicit base URL.

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
    return url.toString().replace(/\/+$/, "");
  }
  const name = environment ?? "support";
  if (!Object.hasOwn(servers, name)) {
    throw new TypeError(`environment must be one of ${Object.keys(servers).map((e) => `"${e}"`).join(", ")}, got "${name}"`);
  }
  return servers[name as E];
}
