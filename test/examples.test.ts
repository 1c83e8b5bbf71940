// Every example in both descriptions validates against its schema: request and response examples with the
// generated validators, parameter and schema examples with the same ajv set-up compiled here.
import { describe, expect, it } from "vitest";
import { createAjv, DOC_ID } from "../scripts/ajv.ts";
import { APIS, type ApiName } from "../scripts/lib.ts";
import { check, describeErrors } from "./support/validators.ts";
import {
  deref,
  listOperations,
  loadDoc,
  mediaExamples,
  operationParameters,
  type Doc,
} from "./support/spec.ts";

interface Case {
  where: string;
  target?: string;
  pointer?: string;
  value: unknown;
}

function collectCases(api: ApiName, doc: Doc): Case[] {
  const cases: Case[] = [];
  for (const op of listOperations(doc)) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    const body = deref(doc, op.operation.requestBody);
    for (const ex of mediaExamples(doc, body?.content?.["application/json"])) {
      cases.push({ where: `${label} request example "${ex.name}"`, target: `${label} request`, value: ex.value });
    }
    for (const [status, ref] of Object.entries<any>(op.operation.responses ?? {})) {
      const response = deref(doc, ref);
      for (const ex of mediaExamples(doc, response?.content?.["application/json"])) {
        cases.push({ where: `${label} ${status} example "${ex.name}"`, target: `${label} ${status}`, value: ex.value });
      }
    }
    for (const param of operationParameters(doc, op)) {
      const values = [
        ...("example" in param ? [param.example] : []),
        ...Object.values<any>(param.examples ?? {}).map((e) => deref(doc, e).value),
      ];
      for (const value of values) cases.push({ where: `${label} parameter ${param.name}`, pointer: `${param.pointer}/schema`, value });
    }
  }
  // Webhook payload examples (what QuickStream sends to the receiver).
  for (const [name, item] of Object.entries<any>(doc.webhooks ?? {})) {
    for (const operation of Object.values<any>(item)) {
      const body = deref(doc, operation?.requestBody);
      for (const ex of mediaExamples(doc, body?.content?.["application/json"])) {
        cases.push({ where: `WEBHOOK ${name} example "${ex.name}"`, target: `WEBHOOK ${name}`, value: ex.value });
      }
    }
  }
  // Schema-level examples anywhere under components.schemas.
  const walk = (node: any, pointer: string) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node.examples) && !Array.isArray(node)) {
      node.examples.forEach((value: unknown, i: number) =>
        cases.push({ where: `${pointer} examples[${i}]`, pointer, value }),
      );
    }
    for (const [key, child] of Object.entries<any>(node)) {
      if (key === "examples" || key === "example" || key === "const" || key === "enum" || key === "default") continue;
      walk(child, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
    }
  };
  walk(doc.components?.schemas, "#/components/schemas");
  return cases;
}

for (const api of APIS) {
  describe(`${api} examples`, () => {
    const doc = loadDoc(api);
    const ajv = createAjv(doc, api, false);
    const cases = collectCases(api, doc);

    it("has examples to check", () => {
      expect(cases.length).toBeGreaterThan(5);
    });

    it.each(cases.map((c) => [c.where, c] as const))("%s", (_where, c) => {
      if (c.target) {
        const errors = check(api, c.target, c.value);
        expect(errors, describeErrors(errors)).toEqual([]);
        return;
      }
      const validate = ajv.compile({ $ref: `${DOC_ID(api)}${c.pointer}` });
      expect(validate(c.value), JSON.stringify(validate.errors)).toBe(true);
    });
  });
}
