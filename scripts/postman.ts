// Step 7: Postman files for trying the APIs by hand, generated from each bundled description (openapi-to-postmanv2):
//   build/postman/<api>.postman_collection.json             one request per operation, in one folder per tag, with
//                                                           example bodies and responses, and HTTP Basic auth
//   build/postman/<api>.<environment>.postman_environment.json  one per server: baseUrl and empty key variables, and
//                                                           `mock` and `sandbox` for the local servers, keys filled in
//   build/postman/files/                                    the files the upload requests send (from the examples)
// Every request is tested by the collection's test script (scripts/postman-tests.ts).
// Auth: the key is the Basic user name with an empty password, taken from a variable named after the operation's
// security scheme: {{apiKey}} (PaymentsPlus), {{secretKey}} or {{publishableKey}} (QuickStream, per operation).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { APIS, BUILD_DIR, fail, generatedPath, step, writeFileAtomic, type ApiName } from "./lib.ts";
import { listOperations } from "./targets.ts";
import { deref } from "./pointer.ts";
import { MOCK_PORTS } from "./prism.ts";
import { collectionTestScript, operationScript } from "./postman-tests.ts";

const Converter = createRequire(import.meta.url)("openapi-to-postmanv2") as {
  convert(
    input: { type: "json"; data: unknown },
    options: Record<string, unknown>,
    cb: (err: Error | null, result: { result: boolean; reason?: string; output?: { type: string; data: any }[] }) => void,
  ): void;
};

export const POSTMAN_DIR = join(BUILD_DIR, "postman");
/** The local servers an environment is written for, on their default ports (`npm run mock`, `npm run sandbox`). */
export const LOCAL_SERVERS = { mock: MOCK_PORTS, sandbox: { paymentsplus: 4020, quickstream: 4021 } } as const;
/**
 * Keys for the local servers, in the form the real keys take (`<FACILITY>_SEC_...`, `<FACILITY>_PUB...`): the sandbox
 * reads the facility and the kind from them; Prism accepts any. Not secrets: they open nothing but a local server.
 */
export const LOCAL_KEYS: Record<string, string> = {
  apiKey: "MYFACILITY_SEC_sandbox",
  secretKey: "MYFACILITY_SEC_sandbox",
  publishableKey: "MYFACILITY_PUB_sandbox",
};
export const collectionPath = (api: ApiName) => join(POSTMAN_DIR, `${api}.postman_collection.json`);
export const environmentPath = (api: ApiName, environment: string) =>
  join(POSTMAN_DIR, `${api}.${environment}.postman_environment.json`);

/** The request name marker put into each summary before conversion, to find each operation's request after it. */
const marker = (i: number) => `@@op${i}@@`;
const IDEMPOTENCY_HEADER = "idempotency-key";

/** The security schemes an operation accepts, in the order its description lists them. */
export function operationSchemes(operation: any, doc: any): string[] {
  const security: Record<string, unknown>[] = operation.security ?? doc.security ?? [];
  return [...new Set(security.flatMap((req) => Object.keys(req)))];
}

/**
 * The converter warns with a stack trace when it cannot merge an allOf whose parts both define a property named like a
 * JSON Schema keyword (`type`); it then fakes that body, which fillFromExamples replaces with the description's example.
 */
async function convert(doc: unknown): Promise<any> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("Error while resolving allOf schema")) return;
    warn(...args);
  };
  try {
    return await convertRaw(doc);
  } finally {
    console.warn = warn;
  }
}

function convertRaw(doc: unknown): Promise<any> {
  return new Promise((resolve, reject) =>
    Converter.convert(
      { type: "json", data: doc },
      {
        folderStrategy: "Tags",
        parametersResolution: "Example",
        requestNameSource: "Fallback",
        includeAuthInfoInExample: false,
        enableOptionalParameters: false,
        includeWebhooks: false,
        schemaFaker: true,
      },
      (err, result) => {
        if (err) return reject(err);
        if (!result.result) return reject(new Error(result.reason ?? "conversion failed"));
        const collection = result.output?.find((o) => o.type === "collection")?.data;
        return collection ? resolve(collection) : reject(new Error("no collection in the converter's output"));
      },
    ),
  );
}

/** Every request of a collection, however deeply its folders nest. */
export function collectionRequests(items: any[]): any[] {
  return items.flatMap((item) => (Array.isArray(item.item) ? collectionRequests(item.item) : item.request ? [item] : []));
}

const basicAuth = (variable: string) => ({
  type: "basic",
  basic: [
    { key: "username", value: `{{${variable}}}`, type: "string" },
    { key: "password", value: "", type: "string" },
  ],
});


export function parameterExample(doc: any, param: any): unknown {
  if ("example" in param) return param.example;
  const first = Object.values<any>(param.examples ?? {})[0];
  if (first) return deref(doc, first).value;
  if (param.schema && "example" in param.schema) return param.schema.example;
  return param.schema?.examples?.[0];
}

/** A media type object's examples in order: named `examples` first, then a lone `example`. */
export function mediaExamples(doc: any, media: any): { name: string; value: unknown; summary?: string }[] {
  const out = Object.entries<any>(media?.examples ?? {}).map(([name, ex]) => {
    const example = deref(doc, ex);
    return { name, value: example?.value, summary: example?.summary };
  });
  if (media && "example" in media) out.push({ name: "example", value: media.example, summary: undefined });
  return out;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The converter fakes values from schemas, and gives up on deep unions. Use the description's own examples instead,
 * the same ones the mock and the contract tests use: parameter examples, the first request example as the body (the
 * other variants in the description), and each response's example.
 */
function fillFromExamples(doc: any, op: ReturnType<typeof listOperations>[number], request: any, item: any): void {
  const item0 = doc.paths[op.path];
  const params = new Map<string, any>();
  for (const p of [...(item0.parameters ?? []), ...(op.operation.parameters ?? [])]) {
    const param = deref(doc, p);
    params.set(`${param.in}:${param.name}`, param);
  }
  const example = (where: string, name: string) => {
    const param = params.get(`${where}:${name}`);
    const value = param ? parameterExample(doc, param) : undefined;
    return value === undefined ? undefined : String(value);
  };
  // A parameter inside a segment ("{bsbNumber}-{accountNumber}") becomes a {{variable}} that no environment defines:
  // put the example in the URL itself, where the user edits it.
  if (Array.isArray(request.url?.path)) {
    request.url.path = request.url.path.map((segment: string) =>
      segment.replace(/\{\{([^{}]+)\}\}/g, (whole, name) => example("path", name) ?? whole),
    );
  }
  for (const variable of request.url?.variable ?? []) {
    const value = example("path", variable.key);
    if (value !== undefined) variable.value = value;
  }
  for (const query of request.url?.query ?? []) {
    const value = example("query", query.key);
    if (value !== undefined) query.value = value;
  }
  for (const header of request.header ?? []) {
    const key = String(header.key);
    if (key.toLowerCase() === IDEMPOTENCY_HEADER) {
      // A fresh key on every send: reusing one makes QuickStream replay the first response.
      header.value = "{{$guid}}";
      header.disabled = false;
    } else {
      const value = example("header", key);
      if (value !== undefined) header.value = value;
    }
  }
  const content = deref(doc, op.operation.requestBody)?.content;
  if (content?.["multipart/form-data"]) formFromExample(doc, op, request, content["multipart/form-data"]);
  const media = content?.["application/json"];
  const examples = mediaExamples(doc, media);
  if (examples.length) {
    request.body = { mode: "raw", raw: json(examples[0].value), options: { raw: { language: "json" } } };
    if (examples.length > 1) {
      const others = examples
        .slice(1)
        .map((ex) => `**${ex.name}**${ex.summary ? `: ${ex.summary}` : ""}\n\n\`\`\`json\n${json(ex.value)}\n\`\`\``)
        .join("\n\n");
      request.description.content += `\n\nThe body is the example "${examples[0].name}". Other request examples:\n\n${others}`;
    }
  }
  for (const response of item.response ?? []) {
    const documented = deref(doc, op.operation.responses?.[String(response.code)]);
    const responseExample = mediaExamples(doc, documented?.content?.["application/json"])[0];
    if (responseExample) response.body = json(responseExample.value);
    response.originalRequest = {
      method: request.method,
      url: structuredClone(request.url),
      header: structuredClone(request.header ?? []),
      ...(request.body ? { body: structuredClone(request.body) } : {}),
    };
  }
}

/** Where a multipart example's file parts are written, relative to POSTMAN_DIR (newman's working directory). */
export const uploadFile = (operationId: string, part: string) => `files/${operationId}-${part}.txt`;

/**
 * A multipart body from the first request example: text parts carry the example's value; a file part (a binary or
 * content-typed string) is read from a file holding the example's value, written beside the collection, since
 * Postman sends a file part only from a file. No explicit Content-Type header: Postman adds it with its boundary.
 */
function formFromExample(doc: any, op: ReturnType<typeof listOperations>[number], request: any, media: any): void {
  const example = mediaExamples(doc, media)[0];
  if (!example || typeof example.value !== "object" || example.value === null) {
    fail(`${op.method.toUpperCase()} ${op.path}: a multipart body needs a request example to fill the Postman form from`);
  }
  const schema = deref(doc, media.schema);
  request.header = (request.header ?? []).filter((h: any) => String(h.key).toLowerCase() !== "content-type");
  request.body = {
    mode: "formdata",
    formdata: Object.entries<unknown>(example.value as Record<string, unknown>).map(([key, value]) => {
      const property = deref(doc, schema?.properties?.[key]) ?? {};
      const isFile = property.format === "binary" || "contentMediaType" in property || "contentEncoding" in property;
      if (!isFile) return { key, value: String(value), type: "text" };
      const src = uploadFile(op.operation.operationId, key);
      writeFileAtomic(join(POSTMAN_DIR, src), String(value));
      return { key, type: "file", src };
    }),
  };
}

function dropEmptyFolders(items: any[]): any[] {
  return items.filter((item) => {
    if (!Array.isArray(item.item)) return true;
    item.item = dropEmptyFolders(item.item);
    return item.item.length > 0;
  });
}

export async function buildCollection(api: ApiName): Promise<void> {
  const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
  const operations = listOperations(doc);
  // Convert a copy whose summaries are markers, then give each request its operation's real name back.
  const marked = structuredClone(doc);
  const markedOps = listOperations(marked);
  markedOps.forEach(({ operation }, i) => (operation.summary = marker(i)));
  const collection = await convert(marked);

  const schemes = Object.keys(doc.components?.securitySchemes ?? {});
  const single = schemes.length === 1 ? schemes[0] : undefined;
  const seen = new Set<number>();
  const fix = (item: any): void => {
    if (Array.isArray(item.item)) return item.item.forEach(fix);
    if (!item.request) return;
    const match = /@@op(\d+)@@/.exec(item.name ?? "");
    if (!match) fail(`${api}: a Postman request "${item.name}" does not come from an operation`);
    const i = Number(match[1]);
    if (seen.has(i)) fail(`${api}: two Postman requests for ${operations[i].method.toUpperCase()} ${operations[i].path}`);
    seen.add(i);
    const { operation, method, path } = operations[i];
    const name = operation.summary ?? operation.operationId;
    item.name = name;
    item.request.name = name;
    const request = item.request;
    const evidence = operation["x-evidence"] ? `\n\nEvidence: ${operation["x-evidence"]}.` : "";
    request.description = {
      content: `${method.toUpperCase()} ${path} (operationId ${operation.operationId}).\n\n${operation.description ?? ""}${evidence}`,
      type: "text/markdown",
    };
    // One key per request: PaymentsPlus inherits the collection's {{apiKey}}; QuickStream names its own.
    const keys = operationSchemes(operation, doc);
    if (single && keys.every((k) => k === single)) delete request.auth;
    else if (keys.length) request.auth = basicAuth(keys[0]);
    else request.auth = { type: "noauth" };
    fillFromExamples(doc, operations[i], request, item);
    item.event = [{ listen: "prerequest", script: { type: "text/javascript", exec: operationScript(operation.operationId) } }];
  };
  (collection.item ?? []).forEach(fix);
  collection.item = dropEmptyFolders(collection.item ?? []);
  const missing = operations.filter((_, i) => !seen.has(i)).map((op) => `${op.method.toUpperCase()} ${op.path}`);
  if (missing.length) fail(`${api}: no Postman request for ${missing.join(", ")}`);

  collection.info.name = doc.info.title;
  collection.info.description = {
    content: `${doc.info.description ?? ""}\n\nGenerated from generated/${api}/openapi.json by scripts/postman.ts. Pick one of the ${api}.*.postman_environment.json environments and fill in the key variables (${schemes.join(", ")}).`,
    type: "text/markdown",
  };
  collection.auth = single ? basicAuth(single) : { type: "noauth" };
  collection.event = [{ listen: "test", script: { type: "text/javascript", exec: collectionTestScript(doc, doc.info.title) } }];
  // baseUrl comes from the chosen environment; the collection's own default is the first (test) server.
  collection.variable = [{ key: "baseUrl", value: doc.servers?.[0]?.url ?? "", type: "string" }];
  writeFileAtomic(collectionPath(api), `${JSON.stringify(collection, null, 2)}\n`);

  const environments: string[] = [];
  const servers = [
    ...(doc.servers ?? []).map((server: any) => ({ environment: server["x-environment"], url: server.url, keys: {} })),
    ...Object.entries(LOCAL_SERVERS).map(([environment, ports]) => ({
      environment,
      url: `http://127.0.0.1:${ports[api]}`,
      keys: LOCAL_KEYS,
    })),
  ];
  for (const server of servers) {
    const environment = server.environment;
    if (!environment) fail(`${api}: server ${server.url} has no x-environment name`);
    environments.push(environment);
    writeFileAtomic(
      environmentPath(api, environment),
      `${JSON.stringify(
        {
          id: `westpac-${api}-${environment}`,
          name: `${doc.info.title}: ${environment}`,
          values: [
            { key: "baseUrl", value: server.url, type: "default", enabled: true },
            ...schemes.map((key) => ({ key, value: (server.keys as Record<string, string>)[key] ?? "", type: "secret", enabled: true })),
          ],
          _postman_variable_scope: "environment",
        },
        null,
        2,
      )}\n`,
    );
  }
  step("postman", `${api}: ${operations.length} requests, environments ${environments.join(", ")} in ${POSTMAN_DIR}`);
}

// Build when run as a script; the tests import the helpers above without building.
export async function buildPostman(): Promise<void> {
  for (const api of APIS) await buildCollection(api);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await buildPostman();
