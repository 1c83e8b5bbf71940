// Code samples for every operation (`x-codeSamples` on the docs pages): curl, and TypeScript with this package's
// client, each built from the description's own examples (parameter examples, the first request example), so that a
// sample is as right as the examples are. test/code-samples.test.ts runs every sample, as printed, against the sandbox.
//
// Both read the server and the key from the environment, under the names the README and the examples use:
//   QUICKSTREAM_URL, QUICKSTREAM_SECRET_KEY, QUICKSTREAM_PUBLISHABLE_KEY, PAYMENTSPLUS_URL, PAYMENTSPLUS_API_KEY.
import type { ApiName } from "./lib.ts";
import { deref } from "./pointer.ts";
import { mediaExamples, operationSchemes, parameterExample } from "./postman.ts";
import { listOperations } from "./targets.ts";

type Operation = ReturnType<typeof listOperations>[number];

/** The environment variable holding each security scheme's key, and each API's base URL. */
export const KEY_VARIABLES: Record<string, string> = {
  apiKey: "PAYMENTSPLUS_API_KEY",
  secretKey: "QUICKSTREAM_SECRET_KEY",
  publishableKey: "QUICKSTREAM_PUBLISHABLE_KEY",
};
export const URL_VARIABLES: Record<ApiName, string> = { paymentsplus: "PAYMENTSPLUS_URL", quickstream: "QUICKSTREAM_URL" };
const CLIENTS: Record<ApiName, { factory: string; variable: string }> = {
  paymentsplus: { factory: "createPaymentsPlusClient", variable: "pp" },
  quickstream: { factory: "createQuickStreamClient", variable: "qs" },
};

/** A file part of a multipart example: written to `fileName` before the sample runs. */
export interface SampleFile {
  part: string;
  fileName: string;
  content: string;
  contentType: string;
}

/** What a sample sends, from the description's examples. */
export interface SampleRequest {
  method: string;
  /** The path template, and the path with the example values in it (URL-encoded). */
  template: string;
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** Header parameters the operation requires (other than Idempotency-Key), with their example values. */
  headers: Record<string, string>;
  idempotencyKey: boolean;
  scheme: string;
  /** The media type of the operation's success answer: application/json, or another (a CSV report). */
  accept: string;
  json?: unknown;
  form?: { fields: Record<string, string>; files: SampleFile[] };
}

const EXTENSIONS: Record<string, string> = { "text/csv": "csv", "application/json": "json", "text/plain": "txt" };

export function sampleRequest(doc: any, op: Operation): SampleRequest {
  const params = [...(doc.paths[op.path].parameters ?? []), ...(op.operation.parameters ?? [])].map((p: any) => deref(doc, p));
  const value = (p: any) => {
    const v = parameterExample(doc, p) ?? p.schema?.const ?? p.schema?.enum?.[0];
    if (v === undefined) throw new Error(`${op.method.toUpperCase()} ${op.path}: parameter ${p.name} has no example`);
    return String(v);
  };
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  let idempotencyKey = false;
  for (const p of params) {
    if (p.in === "path") pathParams[p.name] = value(p);
    else if (p.in === "query" && p.required) query[p.name] = value(p);
    else if (p.in === "header" && p.name.toLowerCase() === "idempotency-key") idempotencyKey = true;
    else if (p.in === "header" && p.required) headers[p.name] = value(p);
  }
  const path = op.path.replace(/\{([^{}]+)\}/g, (_, name) => encodeURIComponent(pathParams[name] ?? ""));
  const content = deref(doc, op.operation.requestBody)?.content ?? {};
  const request: SampleRequest = {
    method: op.method.toUpperCase(),
    template: op.path,
    path,
    pathParams,
    query,
    headers,
    idempotencyKey,
    scheme: operationSchemes(op.operation, doc)[0] ?? "apiKey",
    accept: successMediaType(doc, op),
  };
  if (content["application/json"]) {
    const example = mediaExamples(doc, content["application/json"])[0];
    if (!example) throw new Error(`${request.method} ${op.path}: a JSON body needs a request example`);
    request.json = example.value;
  } else if (content["multipart/form-data"]) {
    const media = content["multipart/form-data"];
    const example = mediaExamples(doc, media)[0]?.value as Record<string, unknown> | undefined;
    if (!example) throw new Error(`${request.method} ${op.path}: a multipart body needs a request example`);
    const schema = deref(doc, media.schema);
    const fields: Record<string, string> = {};
    const files: SampleFile[] = [];
    for (const [part, partValue] of Object.entries(example)) {
      const property = deref(doc, schema?.properties?.[part]) ?? {};
      const isFile = property.format === "binary" || "contentMediaType" in property || "contentEncoding" in property;
      if (!isFile) fields[part] = String(partValue);
      else {
        const contentType = media.encoding?.[part]?.contentType ?? property.contentMediaType ?? "application/octet-stream";
        files.push({ part, fileName: `${part}.${EXTENSIONS[contentType] ?? "txt"}`, content: String(partValue), contentType });
      }
    }
    request.form = { fields, files };
  }
  return request;
}

/** The success answer's media type: JSON where the operation offers it, else the first it names. */
function successMediaType(doc: any, op: Operation): string {
  const success = Object.entries<any>(op.operation.responses ?? {}).find(([status]) => /^2/.test(status))?.[1];
  const types = Object.keys(deref(doc, success)?.content ?? {});
  return types.includes("application/json") || !types.length ? "application/json" : types[0]!;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const queryString = (query: Record<string, string>) => {
  const q = new URLSearchParams(query).toString();
  return q ? `?${q}` : "";
};

/** The curl sample: a shell snippet that reads the server and key from the environment. */
export function curlSample(api: ApiName, r: SampleRequest): string {
  const lines: string[] = [];
  if (r.idempotencyKey) {
    lines.push(`# A new Idempotency-Key for each new request; the same one when you resend it`);
    lines.push(`IDEMPOTENCY_KEY=$(node -p "crypto.randomUUID()")`);
  }
  for (const file of r.form?.files ?? []) lines.push(`# ${file.fileName}: the ${file.part} part (${file.contentType})`);
  const args = [`curl -sS -X ${r.method} "$${URL_VARIABLES[api]}${r.path}${queryString(r.query)}"`, `-u "$${KEY_VARIABLES[r.scheme]}:"`, `-H "Accept: ${r.accept}"`];
  for (const [name, value] of Object.entries(r.headers)) args.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (r.idempotencyKey) args.push(`-H "Idempotency-Key: $IDEMPOTENCY_KEY"`);
  let heredoc = "";
  if (r.json !== undefined) {
    args.push(`-H "Content-Type: application/json"`, `--data-binary @-`);
    heredoc = ` <<'JSON'\n${JSON.stringify(r.json, null, 2)}\nJSON`;
  }
  for (const [name, value] of Object.entries(r.form?.fields ?? {})) args.push(`-F ${shellQuote(`${name}=${value}`)}`);
  for (const file of r.form?.files ?? []) args.push(`-F "${file.part}=@${file.fileName};type=${file.contentType}"`);
  lines.push(args.join(" \\\n  ") + heredoc);
  return lines.join("\n");
}

const isIdentifier = (k: string) => /^[A-Za-z_$][\w$]*$/.test(k);
const key = (k: string) => (isIdentifier(k) ? k : JSON.stringify(k));
const member = (k: string) => (isIdentifier(k) ? `.${k}` : `[${JSON.stringify(k)}]`);

/** A JSON value as a TypeScript literal, as a person writes one: identifier keys unquoted, short objects on one line. */
export function literal(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const inner = indent + "  ";
  const entries = Array.isArray(value)
    ? value.map((v) => literal(v, inner))
    : Object.entries(value).map(([k, v]) => `${key(k)}: ${literal(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (!entries.length) return `${open}${close}`;
  const line = Array.isArray(value) ? `[${entries.join(", ")}]` : `{ ${entries.join(", ")} }`;
  if (line.length <= 60 && !line.includes("\n")) return line;
  return `${open}\n${entries.map((e) => `${inner}${e},`).join("\n")}\n${indent}${close}`;
}

/** The TypeScript sample: this package's client, configured from the environment. */
export function typescriptSample(api: ApiName, r: SampleRequest): string {
  const { factory, variable } = CLIENTS[api];
  const keyOption = r.scheme === "apiKey" ? "apiKey" : r.scheme;
  const init: string[] = [];
  const params: string[] = [];
  if (Object.keys(r.pathParams).length) params.push(`path: ${literal(r.pathParams, "    ")}`);
  if (Object.keys(r.query).length) params.push(`query: ${literal(r.query, "    ")}`);
  if (Object.keys(r.headers).length) params.push(`header: ${literal(r.headers, "    ")}`);
  if (params.length) init.push(`  params: {\n${params.map((p) => `    ${p},`).join("\n")}\n  },`);
  // A CSV report needs no Accept or parseAs: the client asks for and reads the description's media type (operationMedia).
  const prelude: string[] = [];
  if (r.json !== undefined) init.push(`  body: ${literal(r.json, "  ")},`);
  if (r.form) {
    prelude.push(`import { readFileSync } from "node:fs";`);
    const parts = [
      ...Object.entries(r.form.fields).map(([name, value]) => `${key(name)}: ${JSON.stringify(value)}`),
      ...r.form.files.map((f) => `${key(f.part)}: readFileSync(${JSON.stringify(f.fileName)}, "utf8")`),
    ];
    init.push(`  body: {\n${parts.map((p) => `    ${p},`).join("\n")}\n  },`);
    const appends = [
      ...Object.keys(r.form.fields).map((name) => `    form.append(${JSON.stringify(name)}, body${member(name)});`),
      ...r.form.files.map(
        (f) => `    form.append(${JSON.stringify(f.part)}, new Blob([body${member(f.part)}], { type: ${JSON.stringify(f.contentType)} }), ${JSON.stringify(f.fileName)});`,
      ),
    ];
    init.push(`  // Sent as multipart/form-data: the parts, with the file's own name and type.`);
    init.push(`  bodySerializer: (body) => {\n    const form = new FormData();\n${appends.join("\n")}\n    return form;\n  },`);
  }
  return [
    ...prelude,
    `import { ${factory} } from "westpac-payments-openapi";`,
    ``,
    `const ${variable} = ${factory}({`,
    `  ${keyOption}: process.env.${KEY_VARIABLES[r.scheme]}!,`,
    `  baseUrl: process.env.${URL_VARIABLES[api]},`,
    `});`,
    ...(r.idempotencyKey ? [`// The client sends an Idempotency-Key, and resends only where that cannot pay twice.`] : []),
    `const { data, error, response } = await ${variable}.${r.method}(${JSON.stringify(r.template)}${init.length ? `, {\n${init.join("\n")}\n}` : ""});`,
    `console.log(response.status, error ?? data);`,
  ].join("\n");
}

/** Every operation of `doc` with its two samples (changed in place). */
export function addCodeSamples(doc: any, api: ApiName): any {
  for (const op of listOperations(doc)) {
    const request = sampleRequest(doc, op);
    op.operation["x-codeSamples"] = [
      { lang: "Shell", label: "curl", source: curlSample(api, request) },
      { lang: "TypeScript", label: "TypeScript", source: typescriptSample(api, request) },
    ];
  }
  return doc;
}
