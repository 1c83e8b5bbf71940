// What the sandbox reads from the descriptions: the operations (method, path template, key, statuses, parameters),
// their parameter schemas compiled once with ajv (the generated validators cover bodies only), and the examples that
// answer the operations the sandbox keeps no state for. Everything comes from the bundled description the project
// publishes (`westpac-payments-openapi-descriptions/<api>/openapi.json`, ./descriptions.ts), so the sandbox never
// disagrees with it.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { descriptionPath } from "./descriptions.js";

export type ApiName = "paymentsplus" | "quickstream";
export type KeyKind = "secret" | "publishable";

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: any;
}

export interface Operation {
  api: ApiName;
  method: string; // upper case
  path: string; // the description's template, e.g. /transactions/{receiptNumber}
  /** `GET /transactions/{receiptNumber}`: also the prefix of the generated validator targets. */
  label: string;
  operation: any;
  /** Keys that may call it (QuickStream: secretKey / publishableKey; PaymentsPlus: apiKey). */
  keys: string[];
  statuses: string[];
  parameters: Parameter[];
  /** Compiled check of the path, query and header parameters (each group an object of strings, coerced). */
  checkParameters: ValidateFunction;
  requestMedia: string[];
}

const addFormats = addFormatsModule.default;
const METHODS = ["get", "put", "post", "patch", "delete"];

/** The bundled description (the descriptions package, or a checkout's generated/), its local `$ref`s resolved
 *  (shared objects; a schema that refers to itself stays a cycle of objects). */
export function loadDescription(api: ApiName): any {
  const doc = JSON.parse(readFileSync(descriptionPath(api), "utf8"));
  const resolved = new Map<string, any>();
  const at = (pointer: string) =>
    pointer
      .slice(2)
      .split("/")
      .reduce((node, part) => node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  const walk = (node: any): any => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== "object") return node;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
      const ref: string = node.$ref;
      if (!resolved.has(ref)) {
        const target: Record<string, unknown> = {};
        resolved.set(ref, target);
        Object.assign(target, walk(at(ref)));
      }
      const { $ref: _ref, ...siblings } = node;
      return Object.keys(siblings).length ? { ...resolved.get(ref), ...walk(siblings) } : resolved.get(ref);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(doc);
}

/** Every operation of a description, static paths before templated ones (so `/transactions/suspended` wins). */
export function loadOperations(api: ApiName, doc = loadDescription(api)): Operation[] {
  // OpenAPI keywords that are not JSON Schema (`example`, `x-…`, `discriminator` mappings) are annotations here.
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: true, validateFormats: true });
  addFormats(ajv);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const byKey = new Map<string, Parameter>();
      for (const p of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} });
      }
      const parameters = [...byKey.values()].filter((p) => p.in !== "header" || p.name.toLowerCase() !== "idempotency-key");
      const group = (where: string) => {
        const ps = parameters.filter((p) => p.in === where);
        return {
          type: "object",
          properties: Object.fromEntries(ps.map((p) => [p.name, p.schema])),
          required: ps.filter((p) => p.required).map((p) => p.name),
        };
      };
      const security: any[] = operation.security ?? doc.security ?? [];
      ops.push({
        api,
        method: method.toUpperCase(),
        path,
        label: `${method.toUpperCase()} ${path}`,
        operation,
        keys: security.flatMap((s) => Object.keys(s)),
        statuses: Object.keys(operation.responses ?? {}),
        parameters,
        checkParameters: ajv.compile({
          type: "object",
          properties: { path: group("path"), query: group("query"), header: group("header") },
        }),
        requestMedia: Object.keys(operation.requestBody?.content ?? {}),
      });
    }
  }
  const templated = (op: Operation) => (op.path.includes("{") ? 1 : 0);
  return ops.sort((a, b) => templated(a) - templated(b));
}

/** A route pattern for the framework: `{name}` segments become `:name`; a segment holding several parameters
 *  (`{bsbNumber}-{accountNumber}`) becomes one parameter, split again by `splitSegments`. */
export function routePattern(path: string): string {
  return path
    .split("/")
    .map((segment, i) => {
      const whole = /^\{([^}]+)\}$/.exec(segment);
      if (whole) return `:${whole[1]}`;
      if (segment.includes("{")) return `:segment${i}`;
      return segment;
    })
    .join("/");
}

/** The parameters of a multi-parameter segment, read with the separators the template puts between them. */
export function splitSegments(path: string, routeParams: Record<string, string>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const segments = path.split("/");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const whole = /^\{([^}]+)\}$/.exec(segment);
    if (whole) {
      out[whole[1]] = routeParams[whole[1]];
      continue;
    }
    if (!segment.includes("{")) continue;
    const names: string[] = [];
    const source = segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name) => {
      if (name) {
        names.push(name);
        return "([^-]+)";
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
    const match = new RegExp(`^${source}$`).exec(routeParams[`segment${i}`] ?? "");
    if (!match) return undefined;
    names.forEach((name, j) => (out[name] = match[j + 1]));
  }
  return out;
}

/** The first named example of an operation's response, as JSON (a fresh copy). */
export function responseExample(op: Operation, status: string, media = "application/json"): unknown {
  const content = op.operation.responses?.[status]?.content?.[media];
  if (!content) return undefined;
  const first = Object.values<any>(content.examples ?? {})[0];
  const value = first ? first.value : content.example;
  return value === undefined ? undefined : structuredClone(value);
}

/** The first 2xx status an operation documents. */
export function successStatus(op: Operation): string {
  return op.statuses.find((s) => /^2\d\d$/.test(s)) ?? "200";
}

/** Where the APIs live on the real hosts (the descriptions' servers end in it). */
export const BASE_PATH = "/rest/v1";

/** A request path without the /rest/v1 the real hosts put before every operation. */
export function apiPath(path: string): string {
  if (path === BASE_PATH || path === `${BASE_PATH}/`) return "/";
  return path.startsWith(`${BASE_PATH}/`) ? path.slice(BASE_PATH.length) : path;
}
