// What can be validated: every component schema and every JSON request/response body of every operation and webhook.
// Shared by the validators step, the tests and the coverage matrix, so that all name targets the same way.
import type { ApiName } from "./lib.ts";
import { derefWithPointer, escapeToken } from "./pointer.ts";

export interface Target {
  /** Public name: "Payment", "POST /transactions request", "GET /transactions/{receiptNumber} 200". */
  name: string;
  /** JSON pointer (with leading '#') to the schema inside the bundled document. */
  pointer: string;
  /** TypeScript type of valid data, written against the generated types.ts. */
  type: string;
}

type Doc = Record<string, any>;
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
const JSON_MEDIA = "application/json";

const esc = escapeToken;
const q = (s: string) => JSON.stringify(s);
const deref = derefWithPointer;

export interface OperationRef {
  method: string;
  path: string;
  operation: Doc;
  pointer: string;
}

export function listOperations(doc: Doc): OperationRef[] {
  const ops: OperationRef[] = [];
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) ops.push({ method, path, operation: item[method], pointer: `#/paths/${esc(path)}/${method}` });
    }
  }
  return ops;
}

export function listTargets(doc: Doc, _api?: ApiName): Target[] {
  const targets: Target[] = [];
  for (const name of Object.keys(doc.components?.schemas ?? {})) {
    targets.push({ name, pointer: `#/components/schemas/${esc(name)}`, type: `components["schemas"][${q(name)}]` });
  }
  for (const { method, path, operation, pointer } of listOperations(doc)) {
    const label = `${method.toUpperCase()} ${path}`;
    const opType = `paths[${q(path)}][${q(method)}]`;
    if (operation.requestBody) {
      const [body, bodyPtr] = deref(doc, operation.requestBody, `${pointer}/requestBody`);
      if (body?.content?.[JSON_MEDIA]?.schema) {
        targets.push({
          name: `${label} request`,
          pointer: `${bodyPtr}/content/${esc(JSON_MEDIA)}/schema`,
          type: `NonNullable<${opType}["requestBody"]>["content"][${q(JSON_MEDIA)}]`,
        });
      }
    }
    for (const [status, ref] of Object.entries<Doc>(operation.responses ?? {})) {
      const [response, respPtr] = deref(doc, ref, `${pointer}/responses/${status}`);
      if (!response?.content?.[JSON_MEDIA]?.schema) continue;
      const key = /^\d+$/.test(status) ? status : q(status);
      targets.push({
        name: `${label} ${status}`,
        pointer: `${respPtr}/content/${esc(JSON_MEDIA)}/schema`,
        type: `${opType}["responses"][${key}]["content"][${q(JSON_MEDIA)}]`,
      });
    }
  }
  for (const [name, item] of Object.entries<Doc>(doc.webhooks ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation?.requestBody) continue;
      const [body, bodyPtr] = deref(doc, operation.requestBody, `#/webhooks/${esc(name)}/${method}/requestBody`);
      if (!body?.content?.[JSON_MEDIA]?.schema) continue;
      targets.push({
        name: `WEBHOOK ${name}`,
        pointer: `${bodyPtr}/content/${esc(JSON_MEDIA)}/schema`,
        type: `NonNullable<webhooks[${q(name)}][${q(method)}]>["requestBody"] extends infer B ? B extends { content: { ${q(JSON_MEDIA)}: infer T } } ? T : unknown : unknown`,
      });
    }
  }
  return targets;
}
