// Reading the bundled descriptions in tests: load, resolve local $refs, and find what the operations document.
import { readFileSync } from "node:fs";
import { generatedPath, type ApiName } from "../../scripts/lib.ts";
import { listOperations, type OperationRef } from "../../scripts/targets.ts";
import { deref, resolvePointer } from "../../scripts/pointer.ts";

export { deref, resolvePointer };

export type Doc = Record<string, any>;
export { listOperations, type OperationRef };

const cache = new Map<ApiName, Doc>();
export function loadDoc(api: ApiName): Doc {
  if (!cache.has(api)) cache.set(api, JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8")));
  return cache.get(api)!;
}



export interface NamedExample {
  name: string;
  value: unknown;
}

/** The examples of a media type object, in order (named `examples` first, then a lone `example`). */
export function mediaExamples(doc: Doc, media: any): NamedExample[] {
  const out: NamedExample[] = [];
  for (const [name, ex] of Object.entries<any>(media?.examples ?? {})) out.push({ name, value: deref(doc, ex).value });
  if (media && "example" in media) out.push({ name: "example", value: media.example });
  return out;
}

/** The parameters of an operation (path-level ones overridden by operation-level ones), each with its pointer. */
export function operationParameters(doc: Doc, op: OperationRef): (any & { pointer: string })[] {
  const item = doc.paths[op.path];
  const pathPointer = op.pointer.replace(/\/[a-z]+$/, "");
  const byKey = new Map<string, any>();
  const add = (list: any[] | undefined, base: string) =>
    (list ?? []).forEach((p, i) => {
      const pointer = typeof p.$ref === "string" ? p.$ref : `${base}/parameters/${i}`;
      const param = deref(doc, p);
      byKey.set(`${param.in}:${param.name}`, { ...param, pointer });
    });
  add(item.parameters, pathPointer);
  add(op.operation.parameters, op.pointer);
  return [...byKey.values()];
}

export function parameterExample(doc: Doc, param: any): unknown {
  if ("example" in param) return param.example;
  const first = Object.values<any>(param.examples ?? {})[0];
  if (first) return deref(doc, first).value;
  if (param.schema && "example" in param.schema) return param.schema.example;
  return param.schema?.examples?.[0];
}

export function successStatus(op: OperationRef): string {
  const status = Object.keys(op.operation.responses).find((s) => /^2\d\d$/.test(s));
  if (!status) throw new Error(`${op.method.toUpperCase()} ${op.path} documents no 2xx response`);
  return status;
}
