// Auto-pagination: yield every item of every page, following `next` links (D10). Links are followed only on the
// client's own origin, so that the key is never sent anywhere else; a link elsewhere is an error, not a silent stop.
import { ApiError, RequestRefusedError } from "./errors.js";
import type { OperationPolicy } from "./retry.js";
import { callInfo, send, type Transport } from "./transport.js";

interface Page {
  data?: unknown[];
  links?: { rel?: string; href?: string }[];
}
interface Result {
  data?: unknown;
  error?: unknown;
  response: Response;
}

function nextLink(page: Page | undefined, current: string, origin: string): string | undefined {
  const href = page?.links?.find((l) => l?.rel === "next")?.href;
  if (!href) return undefined;
  const url = new URL(href, current);
  if (url.origin !== origin) {
    throw new RequestRefusedError(`pagination stopped: the next link points to ${url.origin}, not the client's origin ${origin}; it was not followed`, "link");
  }
  return url.toString();
}

export async function* paginate(args: {
  transport: Transport;
  origin: string;
  first: () => Promise<Result>;
  policy: OperationPolicy;
  signal?: AbortSignal;
}): AsyncGenerator<never, void, undefined> {
  let result = await args.first();
  let current = callInfo(result.response)?.url ?? args.origin;
  const seen = new Set<string>();
  for (;;) {
    if (!result.response.ok) throw apiError(result.response, result.error, current);
    const page = result.data as Page | undefined;
    for (const item of page?.data ?? []) yield item as never;
    const next = nextLink(page, current, args.origin);
    if (!next || seen.has(next)) return;
    seen.add(next);
    current = next;
    const response = await send(args.transport, {
      method: "GET",
      url: next,
      headers: { accept: "application/json" },
      signal: args.signal,
      policy: args.policy,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    result = response.ok ? { data: body, response } : { error: body, response };
  }
}

function apiError(response: Response, body: unknown, url: string): ApiError {
  const info = callInfo(response);
  return new ApiError({ status: response.status, method: "GET", url: info?.url ?? url, attempts: info?.attempts ?? 1, body });
}
