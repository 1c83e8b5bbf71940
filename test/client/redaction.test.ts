// Redaction after decoding: an error body may echo the key or its Basic credentials in any legal form (raw, JSON
// escapes such as `\/` as PHP writes them or `\u002B` as .NET writes them, URL encoding, or a mix), and none of those
// forms may reach result.error, an ApiError's message, fields or JSON, or its inspect output. A property test draws
// the key, the secret (the key, base64 of `key:`, base64 of `key`), an encoding for each character and where in the
// body it goes; the check decodes what the caller can see (JSON escapes and URL encoding, repeatedly) and looks for
// the secret there.
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ApiError, createPaymentsPlusClient, createQuickStreamClient, ResponseBodyError, unwrap } from "../../src/index.ts";

const hex = (c: string, upper: boolean) => {
  const h = c.charCodeAt(0).toString(16).padStart(2, "0");
  return upper ? h.toUpperCase() : h;
};
type Form = "raw" | "percent" | "PERCENT" | "unicode" | "UNICODE" | "unicode-percent" | "short";
const FORMS: Form[] = ["raw", "percent", "PERCENT", "unicode", "UNICODE", "unicode-percent", "short"];
/** One character as a body could carry it inside a JSON string (`"` and `\` must be escaped there). */
function encode(c: string, form: Form, inJson: boolean): string {
  switch (form) {
    case "percent":
    case "PERCENT":
      return `%${hex(c, form === "PERCENT")}`;
    case "unicode":
    case "UNICODE":
      return `\\u00${hex(c, form === "UNICODE")}`;
    case "unicode-percent":
      return `\\u0025${hex(c, false)}`;
    case "short":
      if (c === "/" || c === '"' || c === "\\") return `\\${c}`;
      break;
  }
  return inJson && (c === '"' || c === "\\") ? `\\${c}` : c;
}

/** Everything a caller can see decoded: JSON escapes and percent-encoding undone, three times over. */
function decoded(text: string): string {
  let out = text;
  for (let i = 0; i < 3; i++) {
    out = out
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
      .replace(/\\([\/"\\])/g, "$1")
      .replace(/%([0-9a-fA-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
  }
  return out;
}

const keyArb = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).filter((c) => c !== 0x3a).map((c) => String.fromCharCode(c)), minLength: 12, maxLength: 40 });
const SPOTS = ["developerMessage", "customerMessage", "fieldName", "traceCode", "propertyName", "unknownField", "text"] as const;

/** What a fetch that answers `status` with `body` gives back to the client. */
const answering = (status: number, body: string, json: boolean) => async () =>
  new Response(body, { status, headers: { "content-type": json ? "application/json" : "text/plain" } });

function bodyWith(spot: (typeof SPOTS)[number], secretText: string): { body: string; json: boolean } {
  if (spot === "text") return { body: `upstream said: key=${secretText}; bye`, json: false };
  const s = `"prefix ${secretText} suffix"`;
  const fields: Record<string, string> = {
    developerMessage: `{"developerMessage":${s},"customerMessage":"bad key"}`,
    customerMessage: `{"customerMessage":${s}}`,
    fieldName: `{"developerMessage":"invalid","errors":[{"fieldName":${s},"messages":[${s}]}]}`,
    traceCode: `{"developerMessage":"no","traceCode":${s}}`,
    propertyName: `{"developerMessage":"no",${s}:1}`,
    unknownField: `{"developerMessage":"no","echo":{"authorization":[${s}]}}`,
  };
  return { body: fields[spot]!, json: true };
}

async function seen(make: (fetch: () => Promise<Response>) => Promise<{ error?: unknown; response: Response }>, fetch: () => Promise<Response>): Promise<string> {
  const result = await make(fetch);
  let error: unknown;
  try {
    unwrap(result);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ApiError);
  const e = error as ApiError;
  return [
    JSON.stringify(result.error),
    String(result.error),
    e.message,
    String(e.stack),
    JSON.stringify(e),
    e.rawBody ?? "",
    JSON.stringify(e.body),
    inspect(e, { depth: 10, showHidden: true }),
  ].join("\n");
}

describe("an error body that echoes a secret in any form", () => {
  it("never shows it, once decoded (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        keyArb,
        fc.constantFrom("key", "credentials", "key-base64"),
        fc.constantFrom(...SPOTS),
        fc.array(fc.constantFrom(...FORMS), { minLength: 1, maxLength: 60 }),
        fc.constantFrom("quickstream", "paymentsplus"),
        fc.constantFrom(400, 401, 403, 422, 500),
        async (key, which, spot, forms, api, status) => {
          const secret = which === "key" ? key : which === "credentials" ? btoa(`${key}:`) : btoa(key);
          const json = spot !== "text";
          const secretText = [...secret].map((c, i) => encode(c, forms[i % forms.length]!, json)).join("");
          const { body } = bodyWith(spot, secretText);
          const fetch = answering(status, body, json);
          const make = (f: () => Promise<Response>) =>
            api === "quickstream"
              ? createQuickStreamClient({ secretKey: key, baseUrl: "http://127.0.0.1:1", fetch: f, retry: false }).GET("/transactions", {})
              : createPaymentsPlusClient({ apiKey: key, baseUrl: "http://127.0.0.1:1", fetch: f, retry: false }).GET("/accounts", {});
          const text = await seen(make as never, fetch);
          for (const s of [key, btoa(`${key}:`), btoa(key)]) {
            expect(text).not.toContain(s);
            expect(decoded(text)).not.toContain(s);
          }
          expect(text).toContain("[redacted]");
        },
      ),
      { seed: 20261206, numRuns: 200 },
    );
  });

  it("the cases the issue names: \\/ (PHP), \\u002B (.NET), \\u0041 and URL encoding", async () => {
    const key = "sk/live+AB_12345";
    const credentials = btoa(`${key}:`);
    const bodies = [
      JSON.stringify({ developerMessage: `key ${key}` }).replaceAll("/", "\\/"),
      JSON.stringify({ developerMessage: `key ${key}` }).replace("+", "\\u002B"),
      JSON.stringify({ developerMessage: `key ${key}` }).replace("A", "\\u0041"),
      JSON.stringify({ developerMessage: `auth Basic ${credentials}` }).replaceAll("/", "\\/").replaceAll("+", "\\u002b"),
      JSON.stringify({ developerMessage: `url ?key=${encodeURIComponent(key)}` }),
      JSON.stringify({ developerMessage: `url ?key=${encodeURIComponent(key)}` }).replaceAll("%", "\\u0025"),
    ];
    for (const body of bodies) {
      const qs = createQuickStreamClient({ secretKey: key, baseUrl: "http://127.0.0.1:1", fetch: answering(401, body, true), retry: false });
      const text = await seen(() => qs.GET("/transactions", {}), answering(401, body, true));
      expect(decoded(text), body).not.toContain(key);
      expect(decoded(text), body).not.toContain(credentials);
      expect(text).toContain("[redacted]");
    }
  });

  it("a success body that is not JSON: the error's cause does not quote it", async () => {
    const key = "sk_live_quoted_1234";
    const qs = createQuickStreamClient({ secretKey: key, baseUrl: "http://127.0.0.1:1", fetch: answering(200, key, true), retry: false });
    const error = await qs.GET("/transactions", {}).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseBodyError);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(key);
  });
});
