// Our own lint rules in redocly.yaml: a small valid description passes, and each rule catches its own mistake.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { QUIET_ENV, ROOT } from "../scripts/lib.ts";

const dir = mkdtempSync(join(tmpdir(), "lint-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(join(dir, "components", "responses"), { recursive: true });
writeFileSync(
  join(dir, "components", "responses", "NotFound.yaml"),
  stringify({ description: "Not found.", content: { "application/json": { schema: { type: "object" } } } }),
);
mkdirSync(join(dir, "components", "schemas"), { recursive: true });
// A split-layout schema file: `redocly bundle` names the component after the file, here the global `Blob`.
writeFileSync(join(dir, "components", "schemas", "Blob.yaml"), stringify({ type: "object" }));

function description(mutate: (op: any, doc: any) => void = () => {}) {
  const op: any = {
    operationId: "getThing",
    tags: ["Things"],
    summary: "Get a thing",
    description: "Returns a thing.",
    "x-evidence": "documented",
    "x-retry": { afterNoAnswer: true, after429Or503: true, after502Or504: true, conflictOnResend: "error" },
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, example: "T1" }],
    responses: {
      "200": { description: "The thing.", content: { "application/json": { schema: { type: "object" } } } },
      "404": { $ref: "./components/responses/NotFound.yaml" },
    },
  };
  const doc: any = {
    openapi: "3.1.0",
    info: { title: "T", version: "1", description: "D", license: { name: "MIT", identifier: "MIT" } },
    servers: [{ url: "https://api.example.invalid/v1" }],
    security: [{ basic: [] }],
    tags: [{ name: "Things", description: "Things." }],
    paths: { "/things/{id}": { get: op } },
    components: { securitySchemes: { basic: { type: "http", scheme: "basic" } } },
  };
  mutate(op, doc);
  return doc;
}

function lint(doc: unknown): { ok: boolean; output: string } {
  const file = join(dir, `api-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify(doc));
  const result = spawnSync(
    join(ROOT, "node_modules", ".bin", "redocly"),
    ["lint", file, "--config", join(ROOT, "redocly.yaml"), "--format", "json"],
    { cwd: ROOT, env: QUIET_ENV, encoding: "utf8" },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

describe("custom lint rules", () => {
  it("a correct description passes", () => {
    const { ok, output } = lint(description());
    expect(ok, output).toBe(true);
  });

  it("a webhook needs no x-retry (the API calls it, not the clients)", () => {
    const { ok, output } = lint(
      description((op, doc) => {
        const { "x-retry": _, parameters: __, ...hook } = op;
        doc.webhooks = { thingChanged: { post: { ...hook, operationId: "thingChanged" } } };
      }),
    );
    expect(ok, output).toBe(true);
  });

  /** A response whose `status` is an open code list (P47): `open` places it inline or as a component (P113). */
  const openList = (inline: boolean) => (op: any, doc: any) => {
    const list = { anyOf: [{ $ref: "#/components/schemas/ThingStatus" }, { $ref: "#/components/schemas/UnlistedCode" }] };
    doc.components.schemas = {
      ThingStatus: { type: "string", enum: ["ON", "OFF"], "x-enum-varnames": ["ON", "OFF"] },
      UnlistedCode: { type: "string" },
      ...(inline ? {} : { ThingStatusOrUnlisted: list }),
    };
    const status = inline ? list : { $ref: "#/components/schemas/ThingStatusOrUnlisted" };
    op.responses["200"].content["application/json"].schema = { type: "object", properties: { status: { anyOf: [status, { type: "null" }] } } };
  };

  it("an open code list that is a component of its own passes", () => {
    const { ok, output } = lint(description(openList(false)));
    expect(ok, output).toBe(true);
  });

  /** A schema named after the operation (`getThing` -> `GetThingRequest`): its request body, or only a response's. */
  const requestNamed = (asBody: boolean) => (op: any, doc: any) => {
    doc.components.schemas = { GetThingRequest: { type: "object", properties: { name: { type: "string" } } } };
    const ref = { $ref: "#/components/schemas/GetThingRequest" };
    if (asBody) {
      op.requestBody = { required: true, content: { "application/json": { schema: ref } } };
      doc.paths["/things/{id}"] = { put: op };
    } else {
      op.responses["200"].content["application/json"].schema = ref;
    }
  };

  it("a schema named <OperationId>Request that is that operation's body passes", () => {
    const { ok, output } = lint(description(requestNamed(true)));
    expect(ok, output).toBe(true);
  });

  /** A response with a `status` code list; `list` overrides its keywords. */
  const enumWith = (list: Record<string, unknown>) => (op: any) =>
    (op.responses["200"].content["application/json"].schema = {
      type: "object",
      properties: { status: { type: "string", enum: ["ON", "OFF"], "x-enum-varnames": ["ON", "OFF"], ...list } },
    });

  it("an enum with a name (and a description) per value passes, and an enum in a condition needs none", () => {
    const named = lint(description(enumWith({ "x-enum-descriptions": ["Switched on.", "Switched off."] })));
    expect(named.ok, named.output).toBe(true);
    const condition = lint(
      description((op) => {
        enumWith({})(op);
        const schema = op.responses["200"].content["application/json"].schema;
        schema.if = { properties: { status: { enum: ["ON"] } } };
        schema.then = { required: ["status"] };
      }),
    );
    expect(condition.ok, condition.output).toBe(true);
  });

  /** Two named code lists (components) in one response; `second` holds the second list's member names. */
  const twoLists = (second: string[]) => (op: any, doc: any) => {
    doc.components.schemas = {
      ThingStatus: { type: "string", enum: ["ON", "OFF"], "x-enum-varnames": ["ON", "OFF"] },
      LampStatus: { type: "string", enum: ["on", "dim"], "x-enum-varnames": second },
    };
    op.responses["200"].content["application/json"].schema = {
      type: "object",
      properties: {
        thing: { $ref: "#/components/schemas/ThingStatus" },
        lamp: { $ref: "#/components/schemas/LampStatus" },
        // An inline enum is no constant of its own in any generator: it may repeat a list's names.
        switch: { type: "string", enum: ["ON", "OFF"], "x-enum-varnames": ["ON", "OFF"] },
      },
    };
  };

  it("named lists whose member names differ pass, beside an inline enum that repeats them", () => {
    const { ok, output } = lint(description(twoLists(["LAMP_ON", "LAMP_DIM"])));
    expect(ok, output).toBe(true);
  });

  it("two named lists that share a member name fail, in the split layout too (P130)", () => {
    const bundled = lint(description(twoLists(["ON", "DIM"])));
    expect(bundled.ok).toBe(false);
    expect(bundled.output).toContain("westpac/enum-varnames");
    expect(bundled.output).toContain("ON also name members of ThingStatus");
    writeFileSync(join(dir, "components", "schemas", "FanStatus.yaml"), stringify({ type: "string", enum: ["ON", "HIGH"], "x-enum-varnames": ["ON", "HIGH"] }));
    const split = lint(
      description((op, doc) => {
        twoLists(["LAMP_ON", "LAMP_DIM"])(op, doc);
        op.responses["200"].content["application/json"].schema.properties.fan = { $ref: "./components/schemas/FanStatus.yaml" };
      }),
    );
    expect(split.ok).toBe(false);
    expect(split.output).toContain("ON also name members of ThingStatus");
  });

  const cases: [string, (op: any, doc: any) => void][] = [
    ["westpac/enum-varnames", enumWith({ "x-enum-varnames": undefined })],
    ["westpac/enum-varnames", enumWith({ "x-enum-varnames": ["ON"] })],
    ["westpac/enum-varnames", enumWith({ "x-enum-varnames": ["ON", "ON"] })],
    ["westpac/enum-varnames", enumWith({ "x-enum-varnames": ["On", "off"] })],
    ["westpac/enum-varnames", enumWith({ "x-enum-descriptions": ["Switched on."] })],
    ["westpac/enum-varnames", enumWith({ type: ["string", "null"], enum: ["ON", "OFF", null], "x-enum-varnames": ["ON", "OFF", "NONE"] })],
    ["westpac/open-code-list-named", openList(true)],
    ["westpac/operation-request-name", requestNamed(false)],
    ["rule/operation-id-camel-case", (op) => (op.operationId = "get_thing")],
    ["operation-operationId-unique", (op, doc) => (doc.paths["/others/{id}"] = { get: { ...op } })],
    ["rule/operation-x-evidence", (op) => delete op["x-evidence"]],
    ["rule/operation-x-evidence", (op) => (op["x-evidence"] = "probably")],
    ["rule/operation-x-retry", (op) => delete op["x-retry"]],
    ["rule/operation-x-retry", (op) => (op["x-retry"] = true)],
    ["rule/operation-x-retry", (op) => delete op["x-retry"].after429Or503],
    ["rule/operation-x-retry", (op) => (op["x-retry"].afterNoAnswer = "yes")],
    ["rule/operation-x-retry", (op) => (op["x-retry"].conflictOnResend = "maybe")],
    ["rule/operation-x-retry", (op) => (op["x-retry"].resendForever = true)],
    ["rule/operation-tagged", (op) => delete op.tags],
    ["rule/operation-summary-defined", (op) => delete op.summary],
    ["rule/error-responses-are-shared", (op) => (op.responses["404"] = { description: "Inline, not shared." })],
    ["rule/path-parameter-example", (op) => delete op.parameters[0].example],
    [
      "westpac/no-global-component-names",
      (op, doc) => {
        doc.components.schemas = { File: { type: "object" } };
        op.responses["200"].content["application/json"].schema = { $ref: "#/components/schemas/File" };
      },
    ],
    [
      "westpac/no-global-component-names",
      (op) => (op.responses["200"].content["application/json"].schema = { $ref: "./components/schemas/Blob.yaml" }),
    ],
    [
      "rule/const-has-type",
      (op) =>
        (op.responses["200"].content["application/json"].schema = {
          type: "object",
          properties: { kind: { const: "THING" } },
        }),
    ],
    [
      "rule/const-not-empty-string",
      (op) =>
        (op.responses["200"].content["application/json"].schema = {
          type: "object",
          properties: { kind: { anyOf: [{ type: "string", const: "" }, { type: "null" }] } },
        }),
    ],
  ];
  it.each(cases)("%s catches its mistake", (rule, mutate) => {
    const { ok, output } = lint(description(mutate));
    expect(ok).toBe(false);
    expect(output).toContain(rule);
  });
});
