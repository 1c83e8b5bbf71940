// Lists: at most 20 items a page, newest first where the caller sorted them so, with `next` / `prev` links on the
// sandbox's own base URL. The docs name no page parameter; the sandbox's links carry `page=N` (P70), which the
// sandbox alone reads: follow the links, never build them.
import { apiPath } from "./spec.js";
import type { RequestContext } from "./types.js";
import type { Rows } from "./state.js";

export const PAGE_SIZE = 20;

/** One page of `items` (an array, or a store's newest-first Rows: only the page's rows are read), each through `show`. */
export function page<T, V = T>(ctx: RequestContext, items: Rows<T>, show: (item: T) => V = (item) => item as unknown as V): { links: { rel: string; href: string; requestMethod: string }[]; data: V[] } {
  const requested = Number(ctx.query.page ?? "1");
  const current = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const data: V[] = [];
  for (let i = (current - 1) * PAGE_SIZE; i < Math.min(current * PAGE_SIZE, items.length); i++) data.push(show(items.at(i)!));
  const links = [];
  const href = (n: number) => {
    const url = new URL(ctx.requestUrl);
    const target = new URL(`${ctx.baseUrl}${apiPath(url.pathname)}`);
    url.searchParams.forEach((value, key) => key !== "page" && target.searchParams.append(key, value));
    target.searchParams.set("page", String(n));
    return target.href;
  };
  if (current * PAGE_SIZE < items.length) links.push({ rel: "next", href: href(current + 1), requestMethod: "GET" });
  if (current > 1) links.push({ rel: "prev", href: href(current - 1), requestMethod: "GET" });
  return { links, data };
}
