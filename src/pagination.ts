// Auto-pagination: yield every item of every page, following `next` links (D10). Links are followed only under the
// client's base URL (its origin and base path), so that the key never goes elsewhere; a link elsewhere, a page seen
// before, more than `maxPages` pages, or a page that is not `{links, data}` ends it with an error, never silently.
import { PaginationError, RequestRefusedError, ResponseBodyError } from "./errors.js";
import { toResult, type Result } from "./result.js";
import type { Resends, RetrySettings } from "./retry.js";
import { callInfo, send, type Transport } from "./transport.js";
import { unwrap } from "./unwrap.js";

// `data` and `links` may be null, like any optional response field (P47).
interface Page {
  data?: unknown[] | null;
  links?: { rel?: unknown; href?: unknown }[] | null;
}

/** The page in a successful result, or a ResponseBodyError: the same check on every page, the first included. */
function pageOf(result: Result): Page {
  const page = unwrap(result) as Page | undefined; // ApiError for an error status
  const ok =
    page !== null &&
    typeof page === "object" &&
    !Array.isArray(page) &&
    (page.data === undefined || page.data === null || Array.isArray(page.data)) &&
    (page.links === undefined || page.links === null || Array.isArray(page.links));
  if (ok) return page;
  const info = callInfo(result.response)!;
  throw new ResponseBodyError({
    ...info,
    status: result.response.status,
    reason: "not-a-page",
    detail: "its body is not a list page ({links: [...], data: [...]})",
  });
}

function nextLink(page: Page, current: string, base: URL): string | undefined {
  const href = page.links?.find((l) => l?.rel === "next")?.href;
  if (href === undefined || href === null || href === "") return undefined;
  let url: URL;
  try {
    url = new URL(String(href), current);
  } catch {
    throw new RequestRefusedError(`pagination stopped: the next link "${String(href).slice(0, 200)}" is not a URL; it was not followed`, "link");
  }
  const basePath = base.pathname.replace(/\/$/, "");
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`) || url.username || url.password) {
    throw new RequestRefusedError(
      `pagination stopped: the next link points to ${url.origin}${url.pathname}, outside the client's base URL ${base.href}; it was not followed`,
      "link",
    );
  }
  url.hash = "";
  return url.href;
}

export async function* paginate(args: {
  transport: Transport;
  baseUrl: string;
  first: () => Promise<Result>;
  resends: Resends;
  signal?: AbortSignal;
  maxPages: number;
  /** The list's path, the call's own timeout and resends: every page is sent like the first. */
  path: string;
  timeoutMs: number | undefined;
  retry: RetrySettings | undefined;
}): AsyncGenerator<never, void, undefined> {
  const base = new URL(args.baseUrl);
  let result = await args.first();
  let current = new URL(callInfo(result.response)?.url ?? args.baseUrl).href;
  const seen = new Set([current]);
  for (;;) {
    const page = pageOf(result);
    for (const item of page.data ?? []) yield item as never;
    const next = nextLink(page, current, base);
    if (next === undefined) return;
    if (seen.has(next)) {
      throw new PaginationError(`pagination stopped: the next link repeats a page already read (${next}) after ${seen.size} pages`, "cycle", seen.size, next);
    }
    if (seen.size >= args.maxPages) {
      throw new PaginationError(`pagination stopped after maxPages (${args.maxPages}) pages; the next one was ${next}`, "page-cap", seen.size, next);
    }
    seen.add(next);
    current = next;
    const answer = await send(args.transport, {
      method: "GET",
      url: next,
      headers: { accept: "application/json" },
      signal: args.signal,
      resends: args.resends,
      text: true,
      path: args.path,
      timeoutMs: args.timeoutMs,
      retry: args.retry,
    });
    result = toResult(answer, "json");
  }
}
