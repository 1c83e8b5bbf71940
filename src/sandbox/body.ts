// Reading a request body within the sandbox's limits (P115), so that no one request can hold a facility's slots, take
// the sandbox's time or poison what is stored: a size limit (413 in the API's error model, before reading when
// Content-Length says so), a time limit for the whole body (a client that stalls mid-body is cut off and its in-flight
// slot released), and a depth limit for JSON (open fields such as `metadata` accept any value, and a value nested
// thousands deep would break every later serialisation of the state).
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";
import type { RequestContext } from "./types.js";

/** The sandbox's own limits (P115): a JSON body at most 64 KiB, an upload at most 10 MiB, all of it within 10 s, and
 *  JSON nested at most 32 deep (far deeper than any request the description defines). */
export const BODY_LIMIT = { json: 64 * 1024, multipart: 10 * 1024 * 1024 };
export const BODY_TIMEOUT_MS = 10_000;
export const MAX_DEPTH = 32;
/**
 * The request body, at most `limit` bytes (413, before reading when Content-Length says so) and all of it within
 * BODY_TIMEOUT_MS: a client that stalls mid-body is cut off, and its in-flight slot released.
 */
export async function readBody(c: Context<{ Bindings: HttpBindings }>, limit: number, timeoutMs: number, fail: RequestContext["fail"]): Promise<Uint8Array> {
  const tooLarge = (): never => fail([413], "Request too large.", `The body is larger than ${limit} bytes, the sandbox's limit for this operation.`);
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > limit) tooLarge();
  const reader = c.req.raw.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === "timeout") {
        c.env.incoming.socket?.destroy();
        // The client hears nothing (its connection is closed); 408 keeps an Idempotency-Key unrecorded (server.ts).
        return fail([408], "Request timeout.", `The body did not arrive within ${timeoutMs / 1000} s.`);
      }
      if (next.done) break;
      size += next.value.byteLength;
      if (size > limit) tooLarge();
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks);
}

/** The dotted path of the first value nested deeper than `max` (walked without recursion), or undefined. */
export function tooDeep(value: unknown, max: number): string | undefined {
  const stack: [unknown, string, number][] = [[value, "", 0]];
  while (stack.length) {
    const [node, path, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= max) return path;
    for (const [key, child] of Object.entries(node)) stack.push([child, path ? `${path}.${key}` : key, depth + 1]);
  }
  return undefined;
}

