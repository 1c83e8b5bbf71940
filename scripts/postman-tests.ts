// The tests every Postman request runs (scripts/postman.ts puts them in each collection's test script): the status is
// one the operation documents, the body has a documented media type, and a JSON body validates against that status's
// response schema. Each request's pre-request script names its operation (`operationId`); the schemas are embedded.
//
// Postman's script sandbox (and newman's) offers ajv 6, a JSON Schema draft-07 validator. The embedded schemas are the
// bundle's own, with the one construct whose meaning differs rewritten (a `$ref` beside other keywords, which draft-07
// ignores, becomes `allOf`); a keyword that only 2019-09/2020-12 define would be ignored there, so the build refuses it.
import { listOperations } from "./targets.ts";
import { deref, resolvePointer } from "./pointer.ts";

/** Keywords draft-07 does not know and ajv 6 would silently skip: a response schema using one cannot be checked. */
const NEWER_KEYWORDS = [
  "unevaluatedProperties",
  "unevaluatedItems",
  "prefixItems",
  "dependentRequired",
  "dependentSchemas",
  "minContains",
  "maxContains",
  "$dynamicRef",
  "$recursiveRef",
];
/** Formats ajv 6 checks ("full" mode); others used by the description are only annotations there and here. */
const AJV6_FORMATS = new Set(["date", "time", "date-time", "uri", "uri-reference", "uri-template", "url", "email", "hostname", "ipv4", "ipv6", "regex", "uuid", "json-pointer", "relative-json-pointer"]);
const SCHEMA_KEYS_WITH_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependencies"]);

interface ResponseSpec {
  /** Media types documented for the status (none: the body must be empty). */
  media: string[];
}

/** What the test script checks for one API: per operation and status, the media types; the schemas in `root`. */
export function responseSpec(doc: any): { operations: Record<string, Record<string, ResponseSpec>>; root: any; unknownFormats: string[] } {
  const operations: Record<string, Record<string, ResponseSpec>> = {};
  const responses: Record<string, any> = {};
  const used = new Set<string>();
  const formats = new Set<string>();
  const problems: string[] = [];

  /** Copy a schema for draft-07, noting the component schemas it refers to. */
  const convert = (schema: any, where: string): any => {
    if (Array.isArray(schema)) return schema.map((s, i) => convert(s, `${where}/${i}`));
    if (!schema || typeof schema !== "object") return schema;
    const out: any = {};
    for (const [key, value] of Object.entries<any>(schema)) {
      if (key.startsWith("x-") || key === "discriminator" || key === "example" || key === "examples") continue;
      if (NEWER_KEYWORDS.includes(key)) problems.push(`${where}: ${key}`);
      if (key === "format" && typeof value === "string") formats.add(value);
      if (key === "$ref") {
        if (!String(value).startsWith("#/components/schemas/")) problems.push(`${where}: $ref ${value}`);
        used.add(String(value));
        out.$ref = value;
      } else if (SCHEMA_KEYS_WITH_MAPS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, `${where}/${key}/${k}`)]));
      } else if (key === "enum" || key === "const" || key === "required" || key === "type" || key === "default") {
        out[key] = value;
      } else {
        out[key] = convert(value, `${where}/${key}`);
      }
    }
    // draft-07 ignores every keyword beside a $ref; 2020-12 applies them all.
    if (out.$ref && Object.keys(out).some((k) => k !== "$ref" && k !== "description" && k !== "title")) {
      const { $ref, ...rest } = out;
      return { ...rest, allOf: [{ $ref }, ...(rest.allOf ?? [])] };
    }
    return out;
  };

  for (const { operation, pointer } of listOperations(doc)) {
    const id = operation.operationId as string;
    operations[id] = {};
    for (const [status, ref] of Object.entries<any>(operation.responses ?? {})) {
      const response = deref(doc, ref);
      const media = Object.keys(response.content ?? {});
      operations[id][status] = { media };
      const json = response.content?.["application/json"]?.schema;
      if (json) {
        responses[id] ??= {};
        responses[id][status] = convert(json, `${pointer}/responses/${status}`);
      }
    }
  }
  // The component schemas the responses reach, converted too.
  const schemas: Record<string, any> = {};
  const done = new Set<string>();
  while ([...used].some((r) => !done.has(r))) {
    for (const ref of [...used]) {
      if (done.has(ref)) continue;
      done.add(ref);
      const name = ref.slice("#/components/schemas/".length);
      const schema = resolvePointer(doc, ref);
      if (schema === undefined) problems.push(`${ref}: no such schema`);
      else schemas[name] = convert(schema, ref);
    }
  }
  if (problems.length) {
    throw new Error(`response schemas the Postman tests (ajv 6, draft-07) cannot check:\n  ${problems.join("\n  ")}`);
  }
  return { operations, root: { components: { schemas }, responses }, unknownFormats: [...formats].filter((f) => !AJV6_FORMATS.has(f)).sort() };
}

/** The collection's test script (lines), with the API's response spec embedded. */
export function collectionTestScript(doc: any, title: string): string[] {
  const { operations, root, unknownFormats } = responseSpec(doc);
  const data = JSON.stringify({ operations, root, unknownFormats });
  return [
    `// Checks every response against ${title}'s description (generated by scripts/postman.ts; do not edit).`,
    `// Each request's pre-request script sets the variable operationId. The schemas are the description's response`,
    `// schemas for JSON Schema draft-07, the dialect of the ajv 6 that Postman's sandbox provides.`,
    `const spec = ${data};`,
    `const operationId = pm.variables.get("operationId");`,
    `const operation = spec.operations[operationId];`,
    `pm.test("the request names an operation of the description", () => {`,
    `  pm.expect(operation, "operationId " + operationId).to.be.an("object");`,
    `});`,
    `if (operation) {`,
    `  const code = String(pm.response.code);`,
    `  const status = code in operation ? code : code[0] + "XX" in operation ? code[0] + "XX" : "default" in operation ? "default" : undefined;`,
    `  pm.test("status " + code + " is documented for " + operationId, () => {`,
    `    pm.expect(status, "documented: " + Object.keys(operation).join(", ")).to.be.a("string");`,
    `  });`,
    `  if (status) {`,
    `    const documented = operation[status].media;`,
    `    const type = (pm.response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();`,
    `    const body = pm.response.text();`,
    `    pm.test("the " + status + " body has a documented media type", () => {`,
    `      if (documented.length === 0) pm.expect(body, "no body is documented").to.equal("");`,
    `      else pm.expect(documented, "Content-Type " + type).to.include(type);`,
    `    });`,
    `    const schema = (spec.root.responses[operationId] || {})[status];`,
    `    if (schema && type === "application/json") {`,
    `      pm.test("the body validates against the " + status + " response schema", () => {`,
    `        const Ajv = require("ajv");`,
    `        const ajv = new Ajv({ allErrors: true, jsonPointers: true, format: "full", unknownFormats: spec.unknownFormats });`,
    `        ajv.addSchema(spec.root, "api");`,
    `        const validate = ajv.compile({ $ref: "api#/responses/" + operationId + "/" + status });`,
    `        const valid = validate(JSON.parse(body));`,
    `        pm.expect(valid, ajv.errorsText(validate.errors, { dataVar: "body" })).to.equal(true);`,
    `      });`,
    `    }`,
    `  }`,
    `}`,
  ];
}

/** The pre-request script that tells the collection's tests which operation a request calls. */
export function operationScript(operationId: string): string[] {
  return [`pm.variables.set("operationId", ${JSON.stringify(operationId)});`];
}

