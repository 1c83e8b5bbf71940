// Contract tests, generic over every operation of a description: start Prism on a free port, call each operation
// through the typed client with the description's own examples, and check what comes back.
//  - every documented status (Prism's `Prefer: code=N`) is answered, and its JSON body passes the generated validator;
//  - every named request example is accepted;
//  - a broken request (a required field removed from the default example) is rejected by Prism AND by our
//    validators, both naming the field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiName } from "../../scripts/lib.ts";
import { coverageCells, descriptionHash, exerciseKey, writeRecord } from "../../scripts/coverage.ts";
import { startPrism, type MockServer } from "../../scripts/prism.ts";
import {
  deref,
  listOperations,
  loadDoc,
  mediaExamples,
  operationParameters,
  parameterExample,
  resolvePointer,
  successStatus,
  type Doc,
  type OperationRef,
} from "../support/spec.ts";
import { check, describeErrors, hasTarget } from "../support/validators.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/index.ts";
import { sandboxScenarios } from "./sandbox-scenarios.ts";

type AnyClient = { request: (method: any, path: any, init: any) => Promise<{ data?: any; error?: any; response: Response }> };

export interface BuiltRequest {
  params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> };
  body?: unknown;
  bodySerializer?: (body: any) => any;
}

/** Parameters from their examples (required query and header parameters only) and the default body. */
export function buildRequest(doc: Doc, op: OperationRef, body?: unknown): BuiltRequest {
  const params: BuiltRequest["params"] = { path: {}, query: {}, header: {} };
  for (const param of operationParameters(doc, op)) {
    if (param.in === "path" || param.required) {
      const value = parameterExample(doc, param);
      if (value === undefined) throw new Error(`${op.method} ${op.path}: parameter ${param.name} has no example`);
      if (param.in in params) params[param.in as keyof BuiltRequest["params"]][param.name] = value;
    }
  }
  const requestBody = deref(doc, op.operation.requestBody);
  const content = requestBody?.content ?? {};
  if (content["application/json"]) {
    return { params, body: body ?? defaultExample(doc, op)?.value };
  }
  if (content["multipart/form-data"]) {
    return { params, body: multipartBody(doc, content["multipart/form-data"]), bodySerializer: (b) => b };
  }
  return { params };
}

export function defaultExample(doc: Doc, op: OperationRef) {
  const requestBody = deref(doc, op.operation.requestBody);
  return mediaExamples(doc, requestBody?.content?.["application/json"])[0];
}

/** A multipart body: a small text file for binary parts, examples (or a placeholder string) for other fields. */
function multipartBody(doc: Doc, media: any): FormData {
  const schema = deref(doc, media.schema);
  const form = new FormData();
  for (const [name, prop] of Object.entries<any>(schema.properties ?? {})) {
    const p = deref(doc, prop);
    if (p.format === "binary" || p.contentMediaType || p.contentEncoding) {
      form.append(name, new Blob(["H,REF-1,100.00\n"], { type: "text/plain" }), "payments.csv");
    } else if ((schema.required ?? []).includes(name)) {
      form.append(name, String(p.example ?? p.examples?.[0] ?? "x"));
    }
  }
  return form;
}

/** The schema that a request example is checked against: the variant its discriminator selects, if any. */
function selectedSchema(doc: Doc, schema: any, value: any): any {
  schema = deref(doc, schema);
  const d = schema?.discriminator;
  if (d?.mapping && value && typeof value === "object") {
    const ref = d.mapping[value[d.propertyName]];
    if (ref) return deref(doc, { $ref: ref });
  }
  return schema;
}

/** The required properties of a schema, including those its allOf parts require. */
function requiredOf(doc: Doc, schema: any): string[] {
  schema = deref(doc, schema);
  const own: string[] = schema?.required ?? [];
  const parts = (schema?.allOf ?? []).flatMap((s: any) => requiredOf(doc, s));
  return [...new Set([...own, ...parts])];
}

/** The field a broken request leaves out: a required one that is not the discriminator, if there is one. */
export function fieldToRemove(doc: Doc, op: OperationRef, value: any): string | undefined {
  const media = deref(doc, op.operation.requestBody)?.content?.["application/json"];
  if (!media || !value || typeof value !== "object") return undefined;
  const union = deref(doc, media.schema);
  const variant = selectedSchema(doc, union, value);
  const required = requiredOf(doc, variant).filter((f) => f in value);
  const discriminator = union?.discriminator?.propertyName;
  return required.find((f) => f !== discriminator) ?? required[0];
}

export interface Breakage {
  what: string;
  field: string;
  body: Record<string, unknown>;
}

/** The ways a request example can be broken at its top level, as far as its (selected variant's) schema says. */
export function breakages(doc: Doc, op: OperationRef, value: unknown): Breakage[] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  const example = value as Record<string, unknown>;
  const media = deref(doc, op.operation.requestBody)?.content?.["application/json"];
  const union = deref(doc, media?.schema);
  const variant = selectedSchema(doc, union, example);
  const discriminator = union?.discriminator?.propertyName;
  const out: Breakage[] = [];
  const missing = fieldToRemove(doc, op, example);
  if (missing) {
    const body = { ...example };
    delete body[missing];
    out.push({ what: `required "${missing}" removed`, field: missing, body });
  }
  const properties = propertiesOf(doc, variant);
  const enumField = Object.keys(example).find(
    (name) => name !== discriminator && typeof example[name] === "string" && Array.isArray(deref(doc, properties[name])?.enum),
  );
  if (enumField) {
    out.push({ what: `"${enumField}" not one of its values`, field: enumField, body: { ...example, [enumField]: "NOT_A_LISTED_VALUE" } });
  }
  if (isClosed(doc, variant)) {
    out.push({ what: "an unknown field on a closed model", field: "notAFieldOfThisModel", body: { ...example, notAFieldOfThisModel: "x" } });
  }
  return out;
}

/** Properties a schema declares itself and through its allOf parts. */
function propertiesOf(doc: Doc, schema: any): Record<string, any> {
  schema = deref(doc, schema);
  const parts = (schema?.allOf ?? []).map((s: any) => propertiesOf(doc, s));
  return Object.assign({}, ...parts, schema?.properties ?? {});
}

function isClosed(doc: Doc, schema: any): boolean {
  schema = deref(doc, schema);
  return schema?.unevaluatedProperties === false || schema?.additionalProperties === false;
}

const label = (op: OperationRef) => `${op.method.toUpperCase()} ${op.path}`;

/**
 * The contract suite of one API against Prism (the default) or the sandbox. Against the sandbox, successes are real:
 * each request first gets the state it names (sandbox-scenarios.ts); error statuses that Prism selects with
 * `Prefer: code=N` are asked for with the sandbox's fault injection (`X-Sandbox-Fault: N`), which answers in the
 * API's error model without processing; a success other than an operation's usual one (a 202 pending transaction, a
 * 204 or a 200 beside a 201) the sandbox gives for the same `Prefer: code=N`. Every response body is validated either
 * way, and the sandbox runs strict (a body that does not conform is a 500).
 */
export function contractSuite(api: ApiName, makeClient: (baseUrl: string) => unknown, target: "prism" | "sandbox" = "prism"): void {
  const doc = loadDoc(api);
  const operations = listOperations(doc);
  const onSandbox = target === "sandbox";

  describe(`${api} contract (${onSandbox ? "sandbox" : "Prism"})`, () => {
    let server: MockServer | undefined;
    let sandbox: Sandbox | undefined;
    let client: AnyClient;
    const scenarios = sandboxScenarios(api, () => sandbox!.urls[api]);
    // Each (operation, status, media type) whose test passed: the coverage matrix (scripts/coverage.ts) reads it.
    const exercised = new Set<string>();
    beforeAll(async () => {
      if (onSandbox) {
        sandbox = await startSandbox({ strictResponses: true });
        client = makeClient(sandbox.urls[api]) as AnyClient;
      } else {
        server = await startPrism(api);
        client = makeClient(server.url) as AnyClient;
      }
    });
    afterAll(async () => {
      await server?.stop();
      if (sandbox) {
        await sandbox.stop();
        expect(sandbox.violations, "sandbox responses that do not conform").toEqual([]);
      } else writeRecord({ api, description: descriptionHash(api), exercised: [...exercised] });
    });
    /** Against the sandbox: the request with the state it needs (a success) or the fault that answers `status`. */
    const prepare = async (op: OperationRef, req: BuiltRequest, status: string, headers: Record<string, string>) => {
      if (!onSandbox) return { req, headers };
      // A success keeps `Prefer: code=N` (the sandbox gives an operation's other success statuses for it).
      if (/^2/.test(status)) return { req: await scenarios.prepare(label(op), status, req), headers };
      const { Prefer: _prefer, ...rest } = headers;
      return { req, headers: { ...rest, "X-Sandbox-Fault": status } };
    };

    const call = (op: OperationRef, req: BuiltRequest, headers: Record<string, string>, parseAs: string = "json") =>
      client.request(op.method.toUpperCase(), op.path, {
        params: { ...req.params, header: { ...req.params.header, ...headers } },
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.bodySerializer ? { bodySerializer: req.bodySerializer } : {}),
        parseAs,
      });

    for (const op of operations) {
      describe(label(op), () => {
        for (const [status, ref] of Object.entries<any>(op.operation.responses)) {
          const response = deref(doc, ref);
          const mediaTypes = Object.keys(response?.content ?? {});
          const variants = mediaTypes.length ? mediaTypes : [undefined];
          for (const media of variants) {
            it(`answers ${status}${media ? ` ${media}` : ""}`, async () => {
              const built = buildRequest(doc, op);
              const asked: Record<string, string> = { Prefer: `code=${status}` };
              // Ask for the variant under test: the client's own default Accept is the operation's first media type.
              if (media) asked.Accept = media;
              const isJson = media === "application/json";
              const { req, headers } = await prepare(op, built, status, asked);
              const result = await call(op, req, headers, isJson ? "json" : "text");
              expect(result.response.status, `${label(op)} Prefer code=${status}`).toBe(Number(status));
              if (!media) return void exercised.add(exerciseKey(op.method, op.path, status));
              expect(result.response.headers.get("content-type") ?? "").toContain(media.split(";")[0]);
              const body = result.data ?? result.error;
              if (isJson) {
                const target = `${label(op)} ${status}`;
                expect(hasTarget(api, target), `validator for ${target}`).toBe(true);
                const errors = check(api, target, body);
                expect(errors, describeErrors(errors)).toEqual([]);
              } else {
                expect(typeof body).toBe("string");
              }
              exercised.add(exerciseKey(op.method, op.path, status, media));
            });
          }
        }

        const media = deref(doc, op.operation.requestBody)?.content?.["application/json"];
        const examples = mediaExamples(doc, media);
        if (media) {
          it("has a request example", () => expect(examples.length).toBeGreaterThan(0));
        }
        for (const ex of examples) {
          it(`accepts request example "${ex.name}"`, async () => {
            const status = successStatus(op);
            const { req, headers } = await prepare(op, buildRequest(doc, op, ex.value), status, { Prefer: `code=${status}` });
            const result = await call(op, req, headers);
            expect(result.response.status, JSON.stringify(result.error)).toBe(Number(status));
          });
        }
        // Each request variant (one per named example) broken three ways where its schema allows: a required field
        // removed, an enum given a value it does not list, and an unknown field on a closed model. Prism and our
        // validators must both reject it, naming the field.
        for (const ex of examples) {
          for (const breakage of breakages(doc, op, ex.value)) {
            it(`rejects example "${ex.name}" with ${breakage.what}`, async () => {
              const ours = check(api, `${label(op)} request`, breakage.body);
              expect(ours.length, "our validator rejects it").toBeGreaterThan(0);
              expect(describeErrors(ours)).toContain(breakage.field);
              const result = await call(op, buildRequest(doc, op, breakage.body), {});
              expect([400, 422], JSON.stringify(result.error)).toContain(result.response.status);
              const detail = `${result.response.headers.get("sl-violations") ?? ""} ${JSON.stringify(result.error ?? "")}`;
              expect(detail, `${target} names the field`).toContain(breakage.field);
            });
          }
        }
      });
    }

    // Runs last: every status the description documents must have been answered and checked above.
    it("exercised every documented status of every operation", () => {
      const uncovered = coverageCells(doc, exercised)
        .filter((c) => !c.covered)
        .map((c) => `${c.operation} ${c.status}`);
      expect(uncovered, "not exercised (`npm run coverage:contract` prints the matrix)").toEqual([]);
    });
  });
}

export { resolvePointer };
