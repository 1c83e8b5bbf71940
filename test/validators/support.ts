// Shared by the validator tests: the request models with their examples, and which schema facts (required fields,
// enums, types, closedness) apply to an example value, found by walking the bundled description.
import * as paymentsplus from "../../generated/paymentsplus/validators.ts";
import * as quickstream from "../../generated/quickstream/validators.ts";
import { createAjv, DOC_ID } from "../../scripts/ajv.ts";
import type { ApiName } from "../../scripts/lib.ts";
import { listTargets } from "../../scripts/targets.ts";
import { deref, listOperations, loadDoc, mediaExamples, resolvePointer, type Doc } from "../support/spec.ts";

export interface Sample {
  api: ApiName;
  target: string;
  name: string;
  value: unknown;
}

/** Every JSON request and response example, by target ("POST /transactions request", "GET /x 200"). */
export function examples(api: ApiName, kind: "request" | "response" | "all" = "all"): Sample[] {
  const doc = loadDoc(api);
  const out: Sample[] = [];
  for (const op of listOperations(doc)) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    if (kind !== "response") {
      const body = deref(doc, op.operation.requestBody);
      for (const ex of mediaExamples(doc, body?.content?.["application/json"])) {
        out.push({ api, target: `${label} request`, name: ex.name, value: ex.value });
      }
    }
    if (kind !== "request") {
      for (const [status, ref] of Object.entries<any>(op.operation.responses ?? {})) {
        for (const ex of mediaExamples(doc, deref(doc, ref)?.content?.["application/json"])) {
          out.push({ api, target: `${label} ${status}`, name: ex.name, value: ex.value });
        }
      }
    }
  }
  return out;
}

/** Pointer (with '#') of a target's schema in the bundled document, as the validators step names it. */
const pointers = new Map<ApiName, Map<string, string>>();
export function targetPointer(api: ApiName, target: string): string {
  if (!pointers.has(api)) pointers.set(api, new Map(listTargets(loadDoc(api), api).map((t) => [t.name, t.pointer])));
  const pointer = pointers.get(api)!.get(target);
  if (!pointer) throw new Error(`${api}: no target "${target}"`);
  return pointer;
}

const ajvs = new Map<ApiName, ReturnType<typeof createAjv>>();
const compiled = new Map<string, (data: unknown) => boolean>();
/** Run-time ajv check of a value against a schema pointer (tests only: the library itself never compiles). */
export function matches(api: ApiName, pointer: string, value: unknown): boolean {
  const key = `${api}${pointer}`;
  let fn = compiled.get(key);
  if (!fn) {
    if (!ajvs.has(api)) ajvs.set(api, createAjv(loadDoc(api), api, false));
    fn = ajvs.get(api)!.compile({ $ref: `${DOC_ID(api)}${pointer}` });
    compiled.set(key, fn);
  }
  return fn(value);
}

export interface ObjectFacts {
  required: Set<string>;
  /** Property name → pointers of the schemas that apply to it. */
  properties: Map<string, string[]>;
  /** unevaluatedProperties/additionalProperties false somewhere at this object's level. */
  closed: boolean;
  /** Discriminator property names that select a variant here. */
  discriminators: Set<string>;
}

/** What the schema at `pointer` says about the object `value`: follows $ref, allOf and the oneOf/anyOf branches it matches. */
export function objectFacts(api: ApiName, pointers: string | string[], value: unknown): ObjectFacts {
  const doc = loadDoc(api);
  const facts: ObjectFacts = { required: new Set(), properties: new Map(), closed: false, discriminators: new Set() };
  const seen = new Set<string>();
  const visit = (ptr: string) => {
    if (seen.has(ptr)) return;
    seen.add(ptr);
    const node = resolvePointer(doc, ptr);
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string") visit(node.$ref);
    for (const r of node.required ?? []) facts.required.add(r);
    for (const name of Object.keys(node.properties ?? {})) {
      const list = facts.properties.get(name) ?? [];
      list.push(`${ptr}/properties/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      facts.properties.set(name, list);
    }
    if (node.unevaluatedProperties === false || node.additionalProperties === false) facts.closed = true;
    if (node.discriminator?.propertyName) facts.discriminators.add(node.discriminator.propertyName);
    (node.allOf ?? []).forEach((_: unknown, i: number) => visit(`${ptr}/allOf/${i}`));
    for (const kw of ["oneOf", "anyOf"] as const) {
      (node[kw] ?? []).forEach((_: unknown, i: number) => {
        if (matches(api, `${ptr}/${kw}/${i}`, value)) visit(`${ptr}/${kw}/${i}`);
      });
    }
  };
  [pointers].flat().forEach(visit);
  return facts;
}

/** The JSON types and enum values a property schema allows (following $ref, oneOf/anyOf and allOf). */
export function propertyFacts(doc: Doc, pointers: string[]): { types: Set<string>; enums: unknown[][]; consts: unknown[]; unknown: boolean } {
  const types = new Set<string>();
  const enums: unknown[][] = [];
  const consts: unknown[] = [];
  let unknown = false;
  const visit = (node: any, top: boolean): boolean => {
    // Returns whether this node constrains the type.
    while (node?.$ref) node = resolvePointer(doc, node.$ref);
    if (node === false) return true;
    if (!node || typeof node !== "object") return false;
    let typed = false;
    if (node.type !== undefined) {
      for (const t of [node.type].flat()) types.add(t);
      typed = true;
    }
    if (Array.isArray(node.enum)) {
      if (top) enums.push(node.enum);
      for (const v of node.enum) types.add(jsonType(v));
      typed = true;
    }
    if ("const" in node) {
      consts.push(node.const);
      types.add(jsonType(node.const));
      typed = true;
    }
    for (const kw of ["oneOf", "anyOf"]) {
      if (Array.isArray(node[kw])) {
        const all = node[kw].map((b: any) => visit(b, false)).every(Boolean);
        typed ||= all;
        if (!all) unknown = true;
      }
    }
    for (const b of node.allOf ?? []) typed = visit(b, top) || typed;
    return typed;
  };
  for (const p of pointers) if (!visit(resolvePointer(doc, p), true)) unknown = true;
  return { types, enums, consts, unknown: unknown || types.size === 0 };
}

export function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

// A second, independent JSON Schema 2020-12 implementation, as an oracle.
import { Validator } from "@cfworker/json-schema";
const oracles = new Map<string, Validator>();
export function oracleValid(api: ApiName, pointer: string, value: unknown): boolean {
  const key = `${api}${pointer}`;
  let v = oracles.get(key);
  if (!v) {
    v = new Validator({ $id: `${DOC_ID(api)}oracle/${oracles.size}`, $ref: `${DOC_ID(api)}${pointer}` } as any, "2020-12", true);
    // cfworker annotates the schemas it is given: give each validator its own copy of the document.
    v.addSchema(forOracle(withoutExamples(structuredClone(loadDoc(api)))) as any, DOC_ID(api));
    oracles.set(key, v);
  }
  return v.validate(value).valid;
}

/**
 * cfworker checks formats of strings only. Our one format of numbers that decides anything beyond the type,
 * `two-decimals` (at most two decimal places, P114), is `multipleOf: 0.01` in exact decimal arithmetic, which
 * cfworker implements (on the decimal digits, not in binary floating point): the oracle gets that instead.
 */
function forOracle(node: any): any {
  if (Array.isArray(node)) return node.map(forOracle);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "format" && value === "two-decimals") out.multipleOf = 0.01;
    else out[key] = forOracle(value);
  }
  return out;
}

/** Drop `example`/`examples` annotations (cfworker reads an example's `id` as a schema id). Keeps properties named so. */
function withoutExamples(node: any, container = ""): any {
  if (Array.isArray(node)) return node.map((n) => withoutExamples(n));
  if (!node || typeof node !== "object") return node;
  const named = ["properties", "patternProperties", "$defs", "schemas", "mapping", "paths", "responses", "parameters", "content"];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if ((key === "example" || key === "examples") && !named.includes(container)) continue;
    out[key] = withoutExamples(value, key);
  }
  return out;
}

/**
 * The two paths of a compiled check (generated/<api>/checks/, scripts/validators.ts): `check(data)`
 * decides and stops at the first failure; `check(data, issues)` checks everything and collects the problems. Throws
 * when they judge `data` differently, or when the collecting path rejects without an issue.
 */
export function fastAgreesWithFull(api: ApiName, target: string, data: unknown): void {
  const check = (api === "paymentsplus" ? paymentsplus : quickstream).check(target);
  if (!check) throw new Error(`${api}: no target "${target}"`);
  const fast = check(data);
  const issues: unknown[] = [];
  const full = check(data, issues, "");
  if (fast !== full) {
    throw new Error(`${api} ${target}: the deciding path ${fast ? "accepts" : "rejects"} but the collecting path ${full ? "accepts" : "rejects"} ${JSON.stringify(data)}`);
  }
  if (full !== (issues.length === 0)) throw new Error(`${api} ${target}: ${full ? "accepts with" : "rejects without"} issues: ${JSON.stringify(data)}`);
}
