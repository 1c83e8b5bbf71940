// Responses tolerate what the real server sends, requests stay strict (DECISIONS.md P47). Built from every response
// and webhook example of both descriptions (the official examples first, D13), checked with the generated validators:
// - every optional field (one the body is valid without) may be null instead;
// - every code-list field (one whose schema lists known codes in an `enum`) may hold a code added since, except a
//   discriminator (a new variant would be a new shape, P47);
// - all of that at once;
// and in every request example, a code-list field with an unlisted code is refused.
import { describe, expect, it } from "vitest";
import { APIS, type ApiName } from "../../scripts/lib.ts";
import { check, describeErrors } from "../support/validators.ts";
import { deref, listOperations, loadDoc, mediaExamples, type Doc } from "../support/spec.ts";

const UNLISTED = "A_CODE_ADDED_SINCE";
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Example {
  where: string;
  target: string;
  schema: unknown;
  value: Json;
}

function examples(doc: Doc, direction: "request" | "response"): Example[] {
  const out: Example[] = [];
  const add = (media: any, where: string, target: string) => {
    for (const ex of mediaExamples(doc, media))
      out.push({ where: `${where} "${ex.name}"`, target, schema: media.schema, value: ex.value as Json });
  };
  for (const op of listOperations(doc)) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    if (direction === "request") add(deref(doc, op.operation.requestBody)?.content?.["application/json"], label, `${label} request`);
    else
      for (const [status, ref] of Object.entries<any>(op.operation.responses ?? {}))
        add(deref(doc, ref)?.content?.["application/json"], `${label} ${status}`, `${label} ${status}`);
  }
  if (direction === "response")
    for (const [name, item] of Object.entries<any>(doc.webhooks ?? {}))
      for (const operation of Object.values<any>(item))
        add(deref(doc, operation?.requestBody)?.content?.["application/json"], `WEBHOOK ${name}`, `WEBHOOK ${name}`);
  return out;
}

/** The schemas that may govern the value at `path` (JSON pointer into the example), through $ref, allOf, anyOf,
 * oneOf and items: every branch is taken, so a field counts when any variant declares it. */
function schemasAt(doc: Doc, schema: unknown, path: string[]): any[] {
  const expand = (node: any, seen = new Set<any>()): any[] => {
    node = deref(doc, node);
    if (!node || typeof node !== "object" || seen.has(node)) return [];
    seen.add(node);
    return [node, ...["allOf", "anyOf", "oneOf"].flatMap((k) => (node[k] ?? []).flatMap((n: any) => expand(n, seen)))];
  };
  let current = expand(schema);
  for (const step of path) {
    current = current.flatMap((n) =>
      /^\d+$/.test(step) ? (n.items ? expand(n.items) : []) : n.properties?.[step] ? expand(n.properties[step]) : [],
    );
  }
  return current;
}

/** A field whose schema lists codes in a string enum (a boolean-like "true"/"false" list is not a code list). */
const isCodeList = (schemas: any[]) =>
  schemas.some((n) => Array.isArray(n.enum) && n.enum.some((v: unknown) => typeof v === "string" && v !== "true" && v !== "false"));

/** Properties that select a variant of a union. */
function discriminators(doc: Doc): Set<string> {
  const names = new Set<string>();
  const walk = (node: any) => {
    if (!node || typeof node !== "object") return;
    if (node.discriminator?.propertyName) names.add(node.discriminator.propertyName);
    Object.values(node).forEach(walk);
  };
  walk(doc);
  return names;
}

interface Field {
  parent: { [key: string]: Json };
  key: string;
  path: string;
}
function fields(value: Json, path = ""): Field[] {
  const out: Field[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...fields(v, `${path}/${i}`)));
  else if (value && typeof value === "object")
    for (const [key, v] of Object.entries(value)) {
      out.push({ parent: value, key, path: `${path}/${key}` });
      out.push(...fields(v, `${path}/${key}`));
    }
  return out;
}

/** Run `check` on the example after `change` (applied to a deep copy; the field is found again by its path). */
function withChange(api: ApiName, ex: Example, path: string, change: (parent: any, key: string) => void) {
  const copy = structuredClone(ex.value);
  const field = fields(copy).find((f) => f.path === path)!;
  change(field.parent, field.key);
  return { copy, errors: check(api, ex.target, copy) };
}

for (const api of APIS) {
  describe(`${api}: responses tolerate nulls and new codes`, () => {
    const doc = loadDoc(api);
    const selectors = discriminators(doc);
    const responses = examples(doc, "response");
    const codeField = (ex: Example, f: Field) =>
      typeof f.parent[f.key] === "string" &&
      !selectors.has(f.key) &&
      isCodeList(schemasAt(doc, ex.schema, f.path.split("/").slice(1)));

    it("has response examples with optional and code-list fields", () => {
      expect(responses.length).toBeGreaterThan(20);
      const codes = responses.flatMap((ex) => fields(ex.value).filter((f) => codeField(ex, f)));
      expect(codes.length).toBeGreaterThan(10);
    });

    it.each(responses.map((ex) => [ex.where, ex] as const))("%s", (_where, ex) => {
      expect(check(api, ex.target, ex.value), "the example itself").toEqual([]);
      const optional: string[] = [];
      const codeFields: string[] = [];
      const problems: string[] = [];
      for (const f of fields(ex.value)) {
        if (withChange(api, ex, f.path, (parent, key) => delete parent[key]).errors.length === 0) {
          optional.push(f.path);
          const { errors } = withChange(api, ex, f.path, (parent, key) => (parent[key] = null));
          if (errors.length) problems.push(`${f.path} = null: ${describeErrors(errors)}`);
        }
        if (codeField(ex, f)) {
          codeFields.push(f.path);
          const { errors } = withChange(api, ex, f.path, (parent, key) => (parent[key] = UNLISTED));
          if (errors.length) problems.push(`${f.path} = "${UNLISTED}": ${describeErrors(errors)}`);
        }
      }
      expect(problems).toEqual([]);
      // Everything at once: code-list fields unlisted, then optional fields null (outermost first, so that a
      // nulled object is not visited again).
      const copy = structuredClone(ex.value);
      for (const f of fields(copy)) if (codeFields.includes(f.path)) f.parent[f.key] = UNLISTED;
      const byPath = new Map(fields(copy).map((f) => [f.path, f]));
      const nulled: string[] = [];
      for (const path of optional) {
        if (nulled.some((p) => path.startsWith(`${p}/`))) continue;
        const f = byPath.get(path)!;
        f.parent[f.key] = null;
        nulled.push(path);
      }
      const errors = check(api, ex.target, copy);
      expect(errors, describeErrors(errors)).toEqual([]);
    });
  });

  describe(`${api}: requests stay strict`, () => {
    const doc = loadDoc(api);
    const requests = examples(doc, "request");
    const cases = requests.flatMap((ex) =>
      fields(ex.value)
        .filter((f) => typeof f.parent[f.key] === "string" && isCodeList(schemasAt(doc, ex.schema, f.path.split("/").slice(1))))
        .map((f) => [`${ex.where} ${f.path}`, ex, f.path] as const),
    );
    it("has request examples with code-list fields", () => expect(cases.length).toBeGreaterThan(10));
    it.each(cases)("%s refuses an unlisted code", (_where, ex, path) => {
      expect(withChange(api, ex, path, (parent, key) => (parent[key] = UNLISTED)).errors).not.toEqual([]);
    });
  });
}
