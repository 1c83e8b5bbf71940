// orval's fetch mutator (`override.mutator` in orval.config.ts): every generated function calls it with the path and
// its RequestInit. It adds the base URL and the key, which the client does not know until run time, and returns what
// orval's fetch client returns: `{ data, status, headers }`, the parsed body beside the HTTP status.
export const westpac = { baseUrl: "", key: "" };

/** The Authorization header of a Westpac key: HTTP Basic, the key as the user name, an empty password. */
export const basicAuth = (key: string) => ({ Authorization: `Basic ${btoa(`${key}:`)}` });

export async function westpacFetch<T>(url: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has("Authorization")) headers.set("Authorization", basicAuth(westpac.key).Authorization);
  const response = await fetch(`${westpac.baseUrl}${url}`, { ...init, headers });
  const body = [204, 205, 304].includes(response.status) ? "" : await response.text();
  return { data: body ? JSON.parse(body) : undefined, status: response.status, headers: response.headers } as T;
}
