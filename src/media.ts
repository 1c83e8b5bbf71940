// Media types: which are JSON, and how an answer of a given media type is read. Shared by the client (the Accept it
// sends) and scripts/client-meta.ts (which operations offer more than JSON), so both draw the line in the same place.
import type { ParseAs } from "./result.js";

/** `application/json` or a `+json` type, with or without parameters. */
export const isJsonMediaType = (type: string): boolean => /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i.test(type.trim());

/** How to read an answer to this `Accept` (its first media range): JSON parsed, `text/*` as text, anything else a Blob. */
export function parseAsFor(accept: string): ParseAs {
  const first = accept.split(",")[0]!.trim();
  return isJsonMediaType(first) || first === "*/*" ? "json" : /^text\//i.test(first) ? "text" : "blob";
}
