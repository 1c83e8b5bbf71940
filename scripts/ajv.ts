// The one ajv set-up used for OpenAPI 3.1 documents (build-time standalone code, and run-time compilation in
// benchmarks): JSON Schema 2020-12, ajv-formats, OpenAPI's own formats, and OpenAPI keywords as annotations.
import { Ajv2020 } from "ajv/dist/2020.js";
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

export function createAjv(doc: object, api: string, standalone: boolean): Ajv2020 {
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
    code: standalone ? { source: true, esm: false, lines: false } : undefined,
  });
  addFormats(ajv);
  // OpenAPI's numeric formats are checked; the others are annotations.
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  for (const name of ["float", "double"]) ajv.addFormat(name, { type: "number", validate: () => true });
  for (const name of ["binary", "password"]) ajv.addFormat(name, () => true);
  ajv.addFormat("byte", /^[A-Za-z0-9+/]*={0,2}$/);
  // The document root holds OpenAPI sections, not schema keywords.
  const sections = ["openapi", "info", "servers", "paths", "components", "tags", "security", "webhooks", "jsonSchemaDialect"];
  ajv.addVocabulary([...sections, "example", "xml", "externalDocs", ...extensionKeywords(doc)]);
  ajv.addSchema(prepareForAjv(doc) as object, DOC_ID(api));
  return ajv;
}
