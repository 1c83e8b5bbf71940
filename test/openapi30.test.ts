// The OpenAPI 3.0.3 variants (generated/<api>/openapi.3.0.json and .yaml, scripts/openapi30.ts): valid 3.0.3 for
// @apidevtools/swagger-parser (and for openapi-spec-validator, in test/tools/openapi30-validator.test.ts), the same API
// as the 3.1 bundle (every path, operation and component), no 3.1-only keyword left, every example of the 3.1 bundle
// still valid against the 3.0 schemas, and `info` listing what was lost.
import SwaggerParser from "@apidevtools/swagger-parser";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { APIS, generatedPath, ROOT } from "../scripts/lib.ts";
import { toOpenApi30 } from "../scripts/openapi30.ts";
import { deref, listOperations, loadDoc, mediaExamples, resolvePointer, type Doc } from "./support/spec.ts";

const addFormats = addFormatsModule.default;
const load30 = (api: string): Doc => JSON.parse(readFileSync(join(ROOT, "generated", api, "openapi.3.0.json"), "utf8"));

/** Every Schema Object in a document with its pointer: components.schemas and every `schema`, and their subschemas. */
function schemas(node: unknown, pointer: string, out: [string, Doc][] = []): [string, Doc][] {
  const schema = (s: unknown, at: string): void => {
    if (!s || typeof s !== "object" || Array.isArray(s)) return;
    out.push([at, s as Doc]);
    for (const [key, value] of Object.entries(s as Doc)) {
      if (key === "properties") for (const [name, p] of Object.entries<any>(value)) schema(p, `${at}/properties/${name}`);
      else if (["allOf", "anyOf", "oneOf"].includes(key)) (value as unknown[]).forEach((b, i) => schema(b, `${at}/${key}/${i}`));
      else if (["items", "not", "additionalProperties"].includes(key)) schema(value, `${at}/${key}`);
    }
  };
  if (Array.isArray(node)) node.forEach((n, i) => schemas(n, `${pointer}/${i}`, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "example" || key === "examples") continue;
      if (pointer === "#/components" && key === "schemas") for (const [n, s] of Object.entries<any>(value)) schema(s, `#/components/schemas/${n}`);
      else if (key === "schema") schema(value, `${pointer}/schema`);
      else schemas(value, `${pointer}/${key}`, out);
    }
  }
  return out;
}

describe("the 3.0.3 translation", () => {
  const info = { title: "t", version: "1", summary: "A summary.", description: "D.", license: { name: "MIT", identifier: "MIT" } };
  const translate = (schema: unknown) => {
    const { doc } = toOpenApi30({ openapi: "3.1.0", info, paths: {}, components: { schemas: { Target: { type: "object" }, S: schema as never } } });
    return (doc.components as Doc).schemas.S;
  };

  it("turns type lists into nullable or anyOf", () => {
    expect(translate({ type: ["string", "null"], maxLength: 3 })).toEqual({ type: "string", nullable: true, maxLength: 3 });
    // `nullable` on the union itself: Java's reader asks the union, not its branches, whether null is allowed.
    expect(translate({ type: ["array", "string", "null"], items: { type: "string" } })).toEqual({
      items: { type: "string" },
      anyOf: [{ type: "array" }, { type: "string" }],
      nullable: true,
    });
    // A union of scalars is then one type or none (P132, below).
    expect(translate({ type: ["number", "string", "null"], format: "double" })).toEqual({ nullable: true, description: "(A number or a string: the OpenAPI 3.0.3 variant gives it no type.)" });
  });

  // No `type` beside it: openapi-python-client ignores `nullable` where a `type` stands (issue 20, cause 3).
  it("turns a null branch beside a reference into allOf of the reference, nullable, without a type", () => {
    const { doc, losses } = toOpenApi30({ openapi: "3.1.0", info, components: { schemas: { S: { oneOf: [{ $ref: "#/components/schemas/S" }, { type: "null" }] } } } });
    expect((doc.components as Doc).schemas.S).toEqual({ allOf: [{ $ref: "#/components/schemas/S" }], nullable: true });
    expect(losses.nullableWithoutType).toEqual(["#/components/schemas/S"]);
  });

  it("drops allOf members left with only words once their conditional rule is dropped", () => {
    const rule = { description: "With A, b is required.", if: { required: ["a"] }, then: { required: ["b"] } };
    expect(translate({ type: "object", properties: { a: {}, b: {} }, allOf: [rule, rule] })).toEqual({ type: "object", properties: { a: {}, b: {} } });
    expect(translate({ allOf: [{ $ref: "#/components/schemas/Target" }, rule] })).toEqual({ allOf: [{ $ref: "#/components/schemas/Target" }] });
    // A member that still constrains something stays.
    expect(translate({ allOf: [{ description: "d", required: ["a"] }] })).toEqual({ allOf: [{ description: "d", required: ["a"] }] });
  });

  it("writes a property that must be absent as not/required, which generators do not serialise", () => {
    expect(translate({ type: "object", properties: { a: {}, gone: false } })).toEqual({ type: "object", properties: { a: {} }, not: { required: ["gone"] } });
    expect(translate({ type: "object", properties: { x: false, y: false } })).toEqual({
      type: "object",
      properties: {},
      not: { anyOf: [{ required: ["x"] }, { required: ["y"] }] },
    });
    expect(translate({ type: "object", properties: { x: false }, not: { required: ["z"] } })).toEqual({
      type: "object",
      properties: {},
      not: { anyOf: [{ required: ["z"] }, { required: ["x"] }] },
    });
  });

  // Java's oneOf reader coerces "true" to a boolean and "1.5" to a number, finds two matches and refuses the value; a
  // oneOf of scalars of distinct types is an anyOf, which the next rewrite then makes one type or none.
  it("turns a oneOf of scalars of distinct types into anyOf, and keeps any other oneOf", () => {
    expect(translate({ oneOf: [{ type: "object" }, { type: "string", enum: ["true", "false"] }] })).toEqual({
      anyOf: [{ type: "object" }, { type: "string", enum: ["true", "false"] }],
    });
    expect(translate({ oneOf: [{ type: "boolean" }, { type: "string", enum: ["true", "false"] }] })).toEqual({
      description: "(A boolean or a string: the OpenAPI 3.0.3 variant gives it no type.)",
    });
    for (const kept of [
      { oneOf: [{ type: "integer" }, { type: "number" }] },
      { oneOf: [{ type: "string", pattern: "a" }, { type: "string", pattern: "b" }] },
      { oneOf: [{ type: "string" }, { $ref: "#/components/schemas/Target" }] },
    ]) {
      expect(translate(kept)).toEqual(kept);
    }
  });

  // openapi-generator kotlin and rust write a union of scalars as a class or struct with no field (P132).
  it("writes a union of scalars as one type, or none where a response may hold several", () => {
    const inDoc = (schema: unknown, where: "request" | "response" | "both", extra: Doc = {}) => {
      const ref = { $ref: "#/components/schemas/S" };
      const body = { content: { "application/json": { schema: ref } } };
      const op = {
        ...(where !== "response" ? { requestBody: body } : {}),
        responses: { "200": where !== "request" ? { description: "ok", ...body } : { description: "ok" } },
      };
      return toOpenApi30({ openapi: "3.1.0", info, paths: { "/s": { post: op } }, components: { schemas: { ...extra, S: schema as never } } });
    };
    const lists = { L: { type: "string", enum: ["A", "B_C"] }, U: { type: "string", description: "Any other." } };
    const list = inDoc({ description: "A list.", anyOf: [{ $ref: "#/components/schemas/L" }, { $ref: "#/components/schemas/U" }] }, "response", lists);
    expect((list.doc.components as Doc).schemas.S).toEqual({ type: "string", "x-extensible-enum": ["A", "B_C"], description: "A list. Known values: `A`, `B_C`." });
    expect((list.doc.components as Doc).schemas.L).toEqual(lists.L); // the list stays
    expect(list.losses.codeListsAsStrings).toEqual(["#/components/schemas/S"]);
    // A pattern that every listed value matches is the union; a union of strings with no exact form stops the build.
    const open = inDoc({ anyOf: [{ type: "string", enum: ["A", "B_C"] }, { type: "string", pattern: "^[A-Z_]+$" }] }, "both");
    expect((open.doc.components as Doc).schemas.S).toEqual({ type: "string", pattern: "^[A-Z_]+$", "x-extensible-enum": ["A", "B_C"] });
    expect(() => inDoc({ anyOf: [{ type: "string", enum: ["a"] }, { type: "string", pattern: "^[A-Z]+$" }] }, "response")).toThrow(/no exact single form/);

    // In a request: the one type that is not a string (a generated client sends the number), its example if it fits.
    const amount = { description: "An amount.", oneOf: [{ type: "number", format: "double", minimum: 0 }, { type: "string", pattern: "^\\d+$" }], examples: ["10"] };
    const sent = inDoc(amount, "request");
    expect((sent.doc.components as Doc).schemas.S).toEqual({
      type: "number",
      format: "double",
      minimum: 0,
      description: "An amount. (The OpenAPI 3.0.3 variant describes the number only.)",
    });
    expect(sent.losses.scalarsNarrowed).toEqual(["#/components/schemas/S"]);
    const minutes = inDoc({ oneOf: [{ type: "integer" }, { type: "string" }, { type: "null" }], examples: [5] }, "request");
    expect((minutes.doc.components as Doc).schemas.S).toEqual({ type: "integer", example: 5, nullable: true });
    expect(minutes.losses.nullableWithoutType).toEqual([]);
    expect(() => inDoc({ type: ["boolean", "number", "string"] }, "request")).toThrow(/several non-string scalars/);

    // Outside components.schemas: a parameter is sent (request), a response header is read.
    const inline = toOpenApi30({
      openapi: "3.1.0",
      info,
      paths: {
        "/p": {
          get: {
            parameters: [{ name: "n", in: "query", schema: { type: ["integer", "string"] } }],
            responses: { "200": { description: "ok", headers: { H: { schema: { type: ["integer", "string"] } } } } },
          },
        },
      },
    });
    const op = (inline.doc.paths as Doc)["/p"].get;
    expect(op.parameters[0].schema).toEqual({ type: "integer" });
    expect(op.responses["200"].headers.H.schema).toEqual({ description: "(An integer or a string: the OpenAPI 3.0.3 variant gives it no type.)" });
    expect(inline.losses.scalarsNarrowed).toEqual(["#/paths/~1p/get/parameters/0/schema"]);
    expect(inline.losses.scalarsUntyped).toEqual(["#/paths/~1p/get/responses/200/headers/H/schema"]);

    // Read in a response (or both ways): no type, any value.
    for (const where of ["response", "both"] as const) {
      const read = inDoc(amount, where);
      expect((read.doc.components as Doc).schemas.S).toEqual({ description: "An amount. (A number or a string: the OpenAPI 3.0.3 variant gives it no type.)", example: "10" });
      expect(read.losses.scalarsUntyped).toEqual(["#/components/schemas/S"]);
    }
  });

  // openapi-generator go ignores a discriminator by default and tries every member: it checks `pattern`, not `enum`, so
  // two members with the same fields (PaymentsPlus AU_DOMESTIC and RTGS accounts) both matched every account it read.
  it("gives each discriminated member's one-value discriminator property the pattern of its value", () => {
    const members = (extra: Doc) => {
      const { doc } = toOpenApi30({
        openapi: "3.1.0",
        info,
        paths: {},
        components: {
          schemas: {
            Base: { type: "object", properties: { kind: { type: "string" } }, required: ["kind"] },
            A: { allOf: [{ $ref: "#/components/schemas/Base" }, { type: "object", properties: { kind: { const: "A.1" }, x: { type: "string" } } }] },
            B: { type: "object", properties: { kind: { type: "string", enum: ["B"] }, x: { type: "string" } } },
            C: { type: "object", properties: { kind: { type: "string", enum: ["C", "D"] } } },
            U: { oneOf: [{ $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/B" }, { $ref: "#/components/schemas/C" }], ...extra },
          },
        },
      });
      return (doc.components as Doc).schemas;
    };
    const found = members({ discriminator: { propertyName: "kind" } });
    expect(found.A.allOf[1].properties.kind).toEqual({ type: "string", enum: ["A.1"], pattern: "^A\\.1$" });
    expect(found.B.properties.kind).toEqual({ type: "string", enum: ["B"], pattern: "^B$" });
    expect(found.Base.properties.kind).toEqual({ type: "string" }); // not one value
    expect(found.C.properties.kind).toEqual({ type: "string", enum: ["C", "D"] }); // not one value
    expect(members({}).B.properties.kind).toEqual({ type: "string", enum: ["B"] }); // no discriminator
    // The published variants: every discriminated member's one-value property has it (PaymentsPlus recipient accounts
    // too; its request accounts are one model, see the next test).
    for (const api of APIS) {
      const all = (load30(api).components as Doc).schemas as Record<string, Doc>;
      let checked = 0;
      for (const [, s] of schemas({ schemas: all }, "#/components")) {
        if (!s.discriminator || !Array.isArray(s.oneOf)) continue;
        for (const m of s.oneOf) {
          const target = all[(m.$ref as string).split("/").pop()!]!;
          const props = [target, ...(target.allOf ?? []).map((p: Doc) => (p.$ref ? all[p.$ref.split("/").pop()] : p))].map((p) => p?.properties?.[s.discriminator.propertyName]);
          const one = props.find((p) => Array.isArray(p?.enum) && p.enum.length === 1);
          expect(one, `${api} ${m.$ref}`).toBeDefined();
          expect(one.pattern, `${api} ${m.$ref}`).toBe(`^${one.enum[0]}$`);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(api === "paymentsplus" ? 5 : 20);
    }
  });

  // openapi-generator typescript-fetch and `typescript` call an `instanceOf` function or serialiser per union member that
  // they do not write for a member that is itself a `oneOf`: such a member is one model in the 3.0.3 variant (P133).
  it("writes a oneOf member that is itself a oneOf of models as one model with every property, required where all require it", () => {
    const { doc, losses } = toOpenApi30({
      openapi: "3.1.0",
      info,
      paths: {},
      components: {
        schemas: {
          Base: { type: "object", properties: { kind: { type: "string", description: "Kind." }, note: { type: ["string", "null"] } }, required: ["kind"] },
          Card: {
            allOf: [{ $ref: "#/components/schemas/Base" }],
            properties: { kind: { const: "PAY" }, card: { type: "string", minLength: 1, description: "A card." }, payTo: false },
            required: ["kind", "card"],
          },
          PayTo: {
            allOf: [{ $ref: "#/components/schemas/Base" }, { anyOf: [{ required: ["a"], properties: { a: { type: "string", minLength: 1 } } }, { required: ["b"] }] }],
            properties: { kind: { const: "PAY" }, card: { type: ["string", "null"] }, payTo: { $ref: "#/components/schemas/Base" }, a: { type: ["string", "null"] } },
            required: ["kind", "payTo"],
          },
          Pay: { description: "Pay.", oneOf: [{ $ref: "#/components/schemas/Card" }, { $ref: "#/components/schemas/PayTo" }] },
          Refund: { type: "object", properties: { kind: { const: "REFUND" } }, required: ["kind"] },
          Request: {
            oneOf: [{ $ref: "#/components/schemas/Pay" }, { $ref: "#/components/schemas/Refund" }],
            discriminator: { propertyName: "kind", mapping: { PAY: "#/components/schemas/Pay", REFUND: "#/components/schemas/Refund" } },
          },
          Other: { oneOf: [{ $ref: "#/components/schemas/Card" }, { $ref: "#/components/schemas/Refund" }] }, // no nested oneOf: kept
        },
      },
    });
    const schemas = (doc.components as Doc).schemas;
    expect(schemas.Pay).toEqual({
      description: "Pay.",
      type: "object",
      properties: {
        kind: { type: "string", description: "Kind.", enum: ["PAY"], pattern: "^PAY$" }, // the discriminated member's pattern (P127)
        note: { type: "string", nullable: true },
        // Both members declare it: a value of either is valid (null from PayTo), a keyword only one has goes.
        card: { type: "string", description: "A card.", nullable: true },
        payTo: { $ref: "#/components/schemas/Base" },
        a: { type: "string", nullable: true }, // its own `a` may be null, though its "at least one of" says minLength 1
      },
      required: ["kind"],
    });
    // The former members go unless something else references them (Card: Other; and Base, which Card references).
    expect(Object.keys(schemas)).toEqual(["Base", "Card", "Pay", "Refund", "Request", "Other"]);
    expect(schemas.Card.allOf[1].properties.card).toEqual({ type: "string", minLength: 1, description: "A card." });
    expect(schemas.Other.oneOf).toHaveLength(2);
    expect(losses.nestedOneOfsMerged).toEqual(["#/components/schemas/Pay"]);
    expect(losses.nestedOneOfMembersRemoved).toEqual(["#/components/schemas/PayTo"]);
    expect(doc.info).toMatchObject({ "x-openapi-3-1-losses": { nestedOneOfsMerged: ["#/components/schemas/Pay"] } });
    expect((doc.info as Doc).description).toContain("which fields go together in `Pay`");
    // Two members whose property has different types cannot be one model: the build stops and says where.
    expect(() =>
      toOpenApi30({
        openapi: "3.1.0",
        info,
        paths: {},
        components: { schemas: { A: { type: "object", properties: { x: { type: "string" } } }, B: { type: "object", properties: { x: { type: "integer" } } }, U: { oneOf: [{ $ref: "#/components/schemas/A" }, { $ref: "#/components/schemas/B" }] }, R: { oneOf: [{ $ref: "#/components/schemas/U" }, { type: "object" }] } } },
      }),
    ).toThrow("U.x has a different type in two members");
  });

  it("keeps null among the values of a code list that has a null branch", () => {
    expect(translate({ anyOf: [{ type: "string", enum: ["A", "B"] }, { type: "null" }] })).toEqual({
      type: "string",
      enum: ["A", "B", null],
      nullable: true,
    });
  });

  it("turns const, examples, numeric exclusive bounds, binary parts and boolean schemas into their 3.0 forms", () => {
    expect(translate({ const: "A" })).toEqual({ type: "string", enum: ["A"] });
    expect(translate({ type: "integer", examples: [4, 5], exclusiveMaximum: 10 })).toEqual({
      type: "integer",
      example: 4,
      maximum: 10,
      exclusiveMaximum: true,
    });
    expect(translate({ type: "string", contentMediaType: "application/octet-stream" })).toEqual({ type: "string", format: "binary" });
    expect(translate({ type: "array", items: false })).toEqual({ type: "array", items: { not: {} } });
  });

  it("closes a model with additionalProperties only where nothing else evaluates properties, and records the rest", () => {
    expect(translate({ type: "object", properties: { a: {} }, unevaluatedProperties: false })).toEqual({
      type: "object",
      properties: { a: {} },
      additionalProperties: false,
    });
    const { doc, losses } = toOpenApi30({
      openapi: "3.1.0",
      info,
      components: { schemas: { C: { allOf: [{ $ref: "#/components/schemas/C" }], if: {}, then: {}, unevaluatedProperties: false } } },
    });
    expect((doc.components as Doc).schemas.C).toEqual({ allOf: [{ $ref: "#/components/schemas/C" }] });
    expect(losses.closedModelsOpened).toEqual(["#/components/schemas/C"]);
    expect(losses.conditionalRules).toEqual(["#/components/schemas/C"]);
    expect(doc.info).not.toHaveProperty("summary");
    expect((doc.info as Doc).license).toEqual({ name: "MIT" });
  });
});

for (const api of APIS) {
  describe(`${api} openapi.3.0.json`, () => {
    const doc31 = loadDoc(api);
    const doc30 = load30(api);
    const file = generatedPath(api, "openapi.3.0.json");

    it("is what the build makes from the 3.1 bundle, and the YAML holds the same document", () => {
      expect(doc30).toEqual(toOpenApi30(doc31).doc);
      expect(parse(readFileSync(generatedPath(api, "openapi.3.0.yaml"), "utf8"))).toEqual(doc30);
      expect(doc30.openapi).toBe("3.0.3");
    });

    it("validates as 3.0.3 with @apidevtools/swagger-parser", async () => {
      await expect(SwaggerParser.validate(structuredClone(doc30) as never)).resolves.toBeTruthy();
    }, 60_000);

    it("keeps every path, operation, parameter, response and component", () => {
      const ops = (d: Doc) => listOperations(d).map((o) => `${o.method} ${o.path} ${o.operation.operationId}`).sort();
      expect(ops(doc30)).toEqual(ops(doc31));
      // Except the former members of a oneOf member that is one model now (P133), which nothing references any more.
      const removed = doc30.info["x-openapi-3-1-losses"].nestedOneOfMembersRemoved.map((p: string) => p.split("/").pop());
      expect(removed.length).toBe(api === "quickstream" ? 7 : 6);
      for (const kind of Object.keys(doc31.components)) {
        const kept = Object.keys(doc31.components[kind]).filter((n) => kind !== "schemas" || !removed.includes(n));
        expect(Object.keys(doc30.components[kind] ?? {}), kind).toEqual(kept);
      }
      expect(JSON.stringify({ ...doc30, info: {} })).not.toMatch(new RegExp(`"#/components/schemas/(${removed.join("|")})"`));
      for (const op of listOperations(doc31)) {
        const op30 = doc30.paths[op.path][op.method];
        expect(Object.keys(op30.responses), op.pointer).toEqual(Object.keys(op.operation.responses));
        expect((op30.parameters ?? []).length, op.pointer).toBe((op.operation.parameters ?? []).length);
      }
    });

    it("leaves no 3.1-only keyword in any schema", () => {
      const found = [...schemas(doc30.components, "#/components"), ...schemas(doc30.paths, "#/paths")];
      expect(found.length).toBeGreaterThan(50);
      const bad = found.flatMap(([pointer, s]) =>
        [
          Array.isArray(s.type) && "type list",
          s.type === "null" && "type null",
          ...["const", "examples", "if", "then", "else", "unevaluatedProperties", "contentMediaType", "prefixItems", "$defs"].filter((k) => k in s),
          typeof s.exclusiveMaximum === "number" && "numeric exclusiveMaximum",
          typeof s.exclusiveMinimum === "number" && "numeric exclusiveMinimum",
        ]
          .filter(Boolean)
          .map((k) => `${pointer}: ${k}`),
      );
      expect(bad).toEqual([]);
      expect(doc30).not.toHaveProperty("webhooks");
    });

    // Issue 20: shapes that generators read differently from what they mean.
    it("leaves no shape that generators misread: word-only allOf members, typed nullable references, absent properties, unions of scalars", () => {
      const found = [...schemas(doc30.components, "#/components"), ...schemas(doc30.paths, "#/paths")];
      const words = new Set(["description", "title", "example", "deprecated", "readOnly", "writeOnly", "default", "externalDocs"]);
      const scalar = (b: Doc): boolean => {
        const r = b.$ref ? doc30.components.schemas[b.$ref.split("/").pop()] : b;
        return ["string", "number", "integer", "boolean"].includes(r?.type) && !r.anyOf && !r.oneOf && !r.allOf;
      };
      const bad = found.flatMap(([pointer, s]) =>
        [
          (s.allOf ?? []).some((m: Doc) => !m.$ref && Object.keys(m).every((k) => words.has(k) || k.startsWith("x-"))) && "allOf member with only words",
          s.nullable && s.allOf?.length === 1 && "type" in s && "type beside a nullable reference",
          Object.values<Doc>(s.properties ?? {}).some((p) => p.not && !Object.keys(p.not).length) && "a property schema `not: {}`",
          (s.oneOf ?? []).every((b: Doc) => typeof b.type === "string" && !b.$ref) && new Set(s.oneOf?.map((b: Doc) => (b.type === "integer" ? "number" : b.type))).size === s.oneOf?.length && "oneOf of scalars of distinct types",
          (s.anyOf ?? []).length > 1 && s.anyOf.every((b: Doc) => scalar(b)) && "anyOf of scalars (an empty class in kotlin and rust)",
        ]
          .filter(Boolean)
          .map((k) => `${pointer}: ${k}`),
      );
      expect(bad).toEqual([]);
    });

    it("states in its info what it loses", () => {
      const losses = doc30.info["x-openapi-3-1-losses"];
      for (const pointer of losses.nullableWithoutType) {
        const s = resolvePointer(doc30, pointer) as Doc;
        expect(s, pointer).toMatchObject({ nullable: true });
        expect(s, pointer).not.toHaveProperty("type");
      }
      expect(doc30.info.description).toContain("OpenAPI 3.0.3 variant");
      expect(losses.webhooks).toEqual(Object.keys(doc31.webhooks ?? {}));
      for (const name of losses.webhooks) expect(doc30.info.description).toContain(`\`${name}\``);
      const text = JSON.stringify(doc31.components.schemas);
      expect(losses.conditionalRules.length > 0).toBe(text.includes('"if":'));
      expect(losses.closedModelsOpened.length + losses.conditionalRules.length).toBeGreaterThan(0);
      for (const pointer of losses.codeListsAsStrings) expect(resolvePointer(doc30, pointer), pointer).toMatchObject({ type: "string" });
      for (const pointer of losses.scalarsNarrowed) expect(["number", "integer", "boolean"], pointer).toContain((resolvePointer(doc30, pointer) as Doc).type);
      for (const pointer of losses.scalarsUntyped) expect(resolvePointer(doc30, pointer), pointer).not.toHaveProperty("type");
      // Each union of scalars is in exactly one of the three lists, and no other is left (kotlin and rust hold none).
      expect(losses.codeListsAsStrings.length + losses.scalarsNarrowed.length + losses.scalarsUntyped.length).toBeGreaterThan(api === "paymentsplus" ? 6 : 20);
      for (const pointer of [...losses.conditionalRules, ...losses.closedModelsOpened, ...losses.codeListsAsStrings, ...losses.scalarsNarrowed, ...losses.scalarsUntyped]) {
        expect(doc30.info.description).toContain(`\`${pointer.split("/")[3]}\``);
      }
    });

    // The translation may only lose rules, never add one: every example of the 3.1 bundle is valid under the 3.0
    // schemas (ajv's draft-07 validator). `nullable: true` is read as 3.0 generators read it, "or null", also beside
    // `allOf: [$ref]` (ajv's own `nullable` would let the referenced schema reject the null).
    it("accepts every request, response and webhook example of the 3.1 bundle", () => {
      const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
      addFormats(ajv);
      ajv.addFormat("int32", true).addFormat("int64", true).addFormat("binary", true);
      const id = `https://westpac-payments-openapi.invalid/${api}/openapi.3.0.json`;
      const orNull = (k: string, v: any) => {
        if (k === "discriminator") return undefined;
        if (v && typeof v === "object" && typeof v.exclusiveMaximum === "boolean") {
          const { exclusiveMaximum, maximum, ...rest } = v; // 3.0's boolean form -> draft-07's number
          return exclusiveMaximum ? { ...rest, exclusiveMaximum: maximum } : { ...rest, maximum };
        }
        if (v && typeof v === "object" && v.nullable === true) {
          const { nullable: _, enum: values, ...rest } = v;
          const nonNull = values ? { ...rest, enum: values.filter((e: unknown) => e !== null) } : rest;
          return { anyOf: [{ type: "null" }, nonNull] };
        }
        return v;
      };
      // A request value that may be a number or its string is the number only in the 3.0.3 variant (listed in
      // `scalarsNarrowed`, P132): there, the 3.1 bundle's branches of the other types are added back, and nowhere else.
      const checked30 = structuredClone(doc30);
      const narrowed: string[] = doc30.info["x-openapi-3-1-losses"].scalarsNarrowed;
      expect(narrowed.length).toBeGreaterThan(0);
      for (const pointer of narrowed) {
        const at = resolvePointer(checked30, pointer) as Doc;
        const dropped = ((resolvePointer(doc31, pointer) as Doc).oneOf as Doc[]).filter((b) => b.type !== at.type && b.type !== "null");
        expect(dropped.map((b) => b.type), pointer).toEqual(["string"]);
        const { description: _, example: __, nullable, ...kept } = structuredClone(at);
        for (const k of Object.keys(at)) delete at[k];
        Object.assign(at, { anyOf: [kept, ...dropped], ...(nullable ? { nullable } : {}) });
      }
      ajv.addSchema(JSON.parse(JSON.stringify({ ...checked30, $id: id }), orNull), id);
      const cases: [string, string, unknown][] = [];
      const add = (where: string, pointer: string, media: any) =>
        mediaExamples(doc31, media).forEach((ex) => cases.push([`${where} "${ex.name}"`, pointer, ex.value]));
      const escape = (s: string) => s.replaceAll("~", "~0").replaceAll("/", "~1");
      for (const op of listOperations(doc31)) {
        const base = `#/paths/${escape(op.path)}/${op.method}`;
        if (op.operation.requestBody?.content?.["application/json"]) {
          add(`${op.method} ${op.path} request`, `${base}/requestBody/content/application~1json/schema`, op.operation.requestBody.content["application/json"]);
        }
        for (const [status, ref] of Object.entries<any>(op.operation.responses)) {
          const response = deref(doc31, ref);
          const media = response?.content?.["application/json"];
          if (!media) continue;
          const pointer = ref.$ref ? `${ref.$ref}/content/application~1json/schema` : `${base}/responses/${status}/content/application~1json/schema`;
          add(`${op.method} ${op.path} ${status}`, pointer, media);
        }
      }
      for (const [name, item] of Object.entries<any>(doc31.webhooks ?? {})) {
        for (const [method, operation] of Object.entries<any>(item)) {
          add(`WEBHOOK ${name}`, `#/x-webhooks/${escape(name)}/${method}/requestBody/content/application~1json/schema`, operation.requestBody?.content?.["application/json"]);
        }
      }
      expect(cases.length).toBeGreaterThan(20);
      const failures = cases.flatMap(([where, pointer, value]) => {
        const validate: ValidateFunction = ajv.getSchema(`${id}${pointer}`) ?? ajv.compile({ $ref: `${id}${pointer}` });
        return validate(value) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
      });
      expect(failures).toEqual([]);
    }, 120_000);
  });
}
