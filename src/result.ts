// The `{ data, error, response }` result openapi-fetch's methods return, made from a complete answer: no body for
// 204, HEAD or an empty body; `data` read as `parseAs` for a success; `error` parsed as JSON if it is JSON, else
// text. A success body that is not JSON when JSON was asked for is an error that carries the call's key (the
// request was processed: resending the logical call with another key would pay twice).
import { ResponseBodyError } from "./errors.js";
import type { Answer } from "./transport.js";

export type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";
export interface Result {
  data?: unknown;
  error?: unknown;
  response: Response;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const textOf = (body: Uint8Array | string) => (typeof body === "string" ? body : decoder.decode(body));
const bytesOf = (body: Uint8Array | string) => (typeof body === "string" ? encoder.encode(body) : body);

/**
 * The cause of a not-json error: the parser's own message quotes the body, which is not redacted (a success body is
 * the caller's data, and may echo anything), so it is left out.
 */
export const notJson = () => new SyntaxError("the body is not valid JSON");

export function toResult({ response, body, info }: Answer, parseAs: ParseAs): Result {
  const status = response.status;
  const ok = status >= 200 && status <= 299;
  if (status === 204 || info.method === "HEAD" || body.length === 0) {
    return ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (!ok) {
    const text = textOf(body);
    try {
      return { error: JSON.parse(text), response };
    } catch {
      return { error: text, response };
    }
  }
  switch (parseAs) {
    case "json":
      try {
        return { data: JSON.parse(textOf(body)), response };
      } catch {
        throw new ResponseBodyError({ ...info, status, reason: "not-json", detail: "its body is not JSON", cause: notJson() });
      }
    case "text":
      return { data: textOf(body), response };
    case "arrayBuffer": {
      const bytes = bytesOf(body);
      return { data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), response };
    }
    case "blob":
      return { data: new Blob([bytesOf(body) as Uint8Array<ArrayBuffer>], { type: response.headers.get("content-type") ?? "" }), response };
    case "stream":
      return { data: new Blob([bytesOf(body) as Uint8Array<ArrayBuffer>]).stream(), response };
  }
}

/** A fresh Response with the answer's status, headers and body, for openapi-fetch to read (middleware calls). */
export function readableResponse({ response, body }: Answer): Response {
  const empty = response.status === 204 || response.status === 205 || response.status === 304;
  return new Response(empty ? null : (body as Uint8Array<ArrayBuffer> | string), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
