// The one ajv set-up used for OpenAPI 3.1 documents: run-time compilation in the tests (the reference the compiled
// validators are checked against) and the benchmarks (the peer they are measured against): JSON Schema 2020-12,
// ajv-formats, OpenAPI's own formats, and OpenAPI keywords as annotations. Also the format checks that
// scripts/validators.ts writes into the compiled validators (FORMATS_SOURCE).
import { Ajv2020, Name, type Options } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its function is the module's `default`.
const addFormats = addFormatsModule.default;

export const DOC_ID = (api: string) => `https://westpac-payments-openapi.invalid/${api}/openapi.json`;

/** Clone the document for ajv: ajv's discriminator keyword rejects `mapping`, which only names the variants. */
export function prepareForAjv<T>(doc: T): T {
  return JSON.parse(JSON.stringify(doc), (key, value) => {
    if (key === "discriminator" && value && typeof value === "object") return { propertyName: value.propertyName };
    return value;
  });
}

function extensionKeywords(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => extensionKeywords(n, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith("x-")) found.add(key);
      extensionKeywords(value, found);
    }
  }
  return found;
}

/**
 * The format checks that the compiled validators call, as JavaScript source of an object literal that
 * scripts/validators.ts writes into each API's generated/<api>/checks/runtime.cjs as `const formats = ...` (so the
 * package needs no other package at run time). Same shapes as registered with ajv: a function checks a string, `{ type, validate }`
 * checks another type.
 *   date   exactly ajv-formats' full-mode `date` (RFC 3339 full-date: /^(\d\d\d\d)-(\d\d)-(\d\d)$/, month 1-12, day
 *          within the month, 29 February in leap years only) without the regular expression and its match array:
 *          that check was a quarter of the validation time of date-heavy models.
 *   int32, int64  OpenAPI's integer formats.
 *   two-decimals  a JSON number with at most two decimal places (a request amount, D3): the value read back from its
 *          cents is the same double. Exact for every amount below 2^53 cents; `multipleOf: 0.01` is not (1005.25).
 * test/validators/fast.test.ts checks `date` against ajv-formats on every date shape of years 0000-9999 and on malformed input.
 */
export const FORMATS_VAR = "westpacFormats";
export const FORMATS_SOURCE = `{
  date: function date(s) {
    if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
    var y0 = s.charCodeAt(0) - 48, y1 = s.charCodeAt(1) - 48, y2 = s.charCodeAt(2) - 48, y3 = s.charCodeAt(3) - 48;
    var m0 = s.charCodeAt(5) - 48, m1 = s.charCodeAt(6) - 48, d0 = s.charCodeAt(8) - 48, d1 = s.charCodeAt(9) - 48;
    if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return false;
    var month = m0 * 10 + m1, day = d0 * 10 + d1;
    if (month < 1 || month > 12 || day < 1) return false;
    if (month === 2) {
      var year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      return day <= (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28);
    }
    return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
  },
  int32: { type: "number", validate: function int32(n) { return Number.isInteger(n) && n >= -2147483648 && n < 2147483648; } },
  int64: { type: "number", validate: function int64(n) { return Number.isInteger(n); } },
  "two-decimals": { type: "number", validate: function twoDecimals(n) { return Number.isInteger(n) || Math.round(n * 100) / 100 === n; } },
}`;
const FORMATS = new Function(`return ${FORMATS_SOURCE}`)() as Record<string, any>;
export const formatFunctions = FORMATS as { date: (s: string) => boolean };
/** The formats FORMATS_SOURCE defines: standalone code that calls another one could not run. */
export const FORMAT_NAMES: readonly string[] = Object.keys(FORMATS);

export function createAjv(doc: object, api: string, standalone: boolean, options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    // Compile each referenced schema once as its own function instead of inlining it into every target.
    inlineRefs: false,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    discriminator: true,
    ...options,
    // Standalone code reaches every non-regex format through FORMATS_VAR (see FORMATS_SOURCE).
    code: standalone ? { source: true, esm: false, lines: false, formats: new Name(FORMATS_VAR), ...options.code } : options.code,
  });
  addFormats(ajv);
  // OpenAPI's numeric formats are checked; the others are annotations (`true`: ajv emits no check).
  ajv.addFormat("int32", FORMATS.int32);
  ajv.addFormat("int64", FORMATS.int64);
  ajv.addFormat("two-decimals", FORMATS["two-decimals"]);
  for (const name of ["float", "double", "binary", "password"]) ajv.addFormat(name, true);
  // The precompiled code uses the faster `date`; run-time compilation (the tests' reference validators) keeps
  // ajv-formats' own, so that the tests compare the two.
  if (standalone) ajv.addFormat("date", FORMATS.date);
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  // The document root holds OpenAPI sections, not schema keywords.
  const sections = ["openapi", "info", "servers", "paths", "components", "tags", "security", "webhooks", "jsonSchemaDialect"];
  ajv.addVocabulary([...sections, "example", "xml", "externalDocs", ...extensionKeywords(doc)]);
  ajv.addSchema(prepareForAjv(doc) as object, DOC_ID(api));
  return ajv;
}
