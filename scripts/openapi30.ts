// Step 2b: an OpenAPI 3.0.3 variant of each bundle (generated/<api>/openapi.3.0.json and .yaml), for code generators
// that read only 3.0 (oapi-codegen, and older versions of others). The 3.1 bundle stays the source of truth; this is a
// mechanical translation of it, and its `info` says what it cannot carry.
//
// Not a general converter: it translates the 3.1 features the bundles use (scripts/openapi30.ts is checked by
// test/openapi30.test.ts against two 3.0.3 validators and against a list of keywords nothing may leave behind).
// @apiture/openapi-down-convert was tried first: it leaves `type: [number, string]`, `{type: "null"}` branches and
// `info.summary`, which both validators reject, and it pins TypeScript 4 at run time.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import { APIS, generatedPath, step, writeFileAtomic } from "./lib.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the translation had to drop or weaken, by kind, with the schema locations (JSON pointers) affected. */
export interface Losses {
  conditionalRules: string[];
  closedModelsOpened: string[];
  webhooks: string[];
  /** Nullable schemas without a single `type` (see schema30). */
  nullableWithoutType: string[];
  /** Reference Objects (parameters, responses, examples) whose `summary`/`description` had to go. */
  refSiblings: string[];
  /** Unions of strings (open code lists) written as one `type: string`: same values, but no generated enum type. */
  codeListsAsStrings: string[];
  /** Request-side unions of scalars written as their one non-string type: the string form is no longer described. */
  scalarsNarrowed: string[];
  /** Response-side unions of scalars of different types written without `type`: any value is described. */
  scalarsUntyped: string[];
  /** `oneOf` members that were themselves a `oneOf`, now one model with every property of their members (see mergeNestedOneOfs). */
  nestedOneOfsMerged: string[];
  /** Their former members, and what only those referenced: no longer in components.schemas. */
  nestedOneOfMembersRemoved: string[];
}

const SCHEMA_MAPS = ["properties", "patternProperties", "dependentSchemas", "$defs"] as const;
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"] as const;
const SCHEMA_ONE = ["items", "not", "additionalProperties", "contains", "propertyNames"] as const;
/** Keywords that evaluate properties in place: with any of them, `unevaluatedProperties` is not `additionalProperties`. */
const IN_PLACE = ["allOf", "anyOf", "oneOf", "if", "then", "else", "$ref", "dependentSchemas"];

const jsonType = (v: Json): string => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v === "number" ? "number" : typeof v);

/** Translate one JSON Schema (3.1 dialect) into a 3.0.3 Schema Object. `at` is its JSON pointer, for the loss list. */
function schema30(input: Json, at: string, losses: Losses): Json {
  // Boolean schemas are 3.1 only: `false` (nothing is valid, e.g. a property that must be absent) is `not: {}`.
  if (input === false) return { not: {} };
  if (input === true) return {};
  if (!isObj(input)) return input;
  const s: Obj = {};
  const source = extendsOne(input);
  for (const [key, value] of Object.entries(source)) {
    if ((SCHEMA_MAPS as readonly string[]).includes(key) && isObj(value)) {
      s[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schema30(v, `${at}/${key}/${k}`, losses)]));
    } else if ((SCHEMA_LISTS as readonly string[]).includes(key) && Array.isArray(value)) {
      s[key] = value.map((v, i) => schema30(v, `${at}/${key}/${i}`, losses));
      // An `allOf` member left with nothing but words (a conditional rule's description, once `if`/`then` are
      // dropped) constrains nothing: kept, it makes generators treat the model as composed (`...AllOf...` classes,
      // a map for a typed property, enums written twice). It goes, and an `allOf` left empty goes with it.
      if (key === "allOf") {
        s[key] = (s[key] as Json[]).filter((m) => !annotationOnly(m));
        if (!(s[key] as Json[]).length) delete s[key];
      }
    } else if ((SCHEMA_ONE as readonly string[]).includes(key) && (isObj(value) || (key !== "additionalProperties" && typeof value === "boolean"))) {
      s[key] = schema30(value, `${at}/${key}`, losses);
    } else {
      s[key] = value;
    }
  }

  // A property that must be absent (`false`) -> `not: {required: [name]}` beside the properties. The same rule, but
  // generators ignore `not`, where they turn a property schema `not: {}` into a field they serialise as `null`.
  if (isObj(source.properties)) {
    const absent = Object.entries(source.properties).filter(([, v]) => v === false).map(([k]) => k);
    if (absent.length) {
      const props = s.properties as Obj;
      for (const k of absent) delete props[k];
      const rules: Obj[] = absent.map((k) => ({ required: [k] }));
      if (isObj(s.not)) rules.unshift(s.not);
      s.not = rules.length === 1 ? rules[0]! : { anyOf: rules };
    }
  }
  // `const` -> a one-value `enum` with the value's type.
  if ("const" in s) {
    const value = s.const as Json;
    delete s.const;
    s.enum = [value];
    if (!("type" in s) && value !== null) s.type = jsonType(value) === "integer" ? "integer" : jsonType(value);
  }
  // `examples: [...]` -> `example` (3.0 schemas have one example).
  if (Array.isArray(s.examples)) {
    if (s.examples.length && !("example" in s)) s.example = s.examples[0];
    delete s.examples;
  }
  // Numeric exclusive bounds -> 3.0's boolean form.
  for (const [exclusive, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof s[exclusive] === "number") {
      if (!(bound in s) || (exclusive === "exclusiveMaximum" ? (s[bound] as number) >= (s[exclusive] as number) : (s[bound] as number) <= (s[exclusive] as number))) {
        s[bound] = s[exclusive];
        s[exclusive] = true;
      } else {
        delete s[exclusive]; // the inclusive bound is the stricter one
      }
    }
  }
  // A binary part (`contentMediaType`) -> `format: binary`.
  if ("contentMediaType" in s) {
    delete s.contentMediaType;
    delete s.contentEncoding;
    if (s.type === "string" && !("format" in s)) s.format = "binary";
  }
  // `type: [T, "null"]` -> `type: T, nullable: true`; several non-null types -> `anyOf` of one type each.
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t) => t !== "null") as string[];
    const nullable = types.length < s.type.length;
    delete s.type;
    if (types.length === 1) {
      s.type = types[0]!;
      if (nullable) s.nullable = true;
    } else {
      // A format belongs to the branch of its type (a number's `double` to the number): generators read it there only.
      const format = s.format;
      const formatType = typeof format === "string" && NUMBER_FORMATS.has(format) ? ["number", "integer"] : ["string"];
      delete s.format;
      const branch = (t: string): Obj => ({ type: t, ...(format !== undefined && formatType.includes(t) ? { format } : {}) });
      s.anyOf = [...types.map(branch), ...((s.anyOf as Json[]) ?? [])];
      // `nullable` on the union, not on its branches: openapi-generator Java reads a union whose own schema is not
      // nullable as "never null" and refused `numberOfPaymentsPermitted: null` in a PayTo agreement.
      if (nullable) {
        s.nullable = true;
        losses.nullableWithoutType.push(at);
      }
    }
  }
  // `oneOf`/`anyOf` with a `{type: "null"}` branch -> the other branches, nullable.
  for (const union of ["oneOf", "anyOf"] as const) {
    const branches = s[union];
    if (!Array.isArray(branches) || !branches.some((b) => isObj(b) && b.type === "null")) continue;
    const rest = branches.filter((b) => !(isObj(b) && b.type === "null"));
    delete s[union];
    if (rest.length === 1 && isObj(rest[0]) && "$ref" in rest[0]) {
      // 3.0.3 applies `nullable` only beside a `type`, but a `type` there makes openapi-python-client ignore
      // `nullable` (and read `null` as an error): `{allOf: [$ref], nullable: true}` is the form every 3.0 generator
      // tried reads as "this model or null", so the strict reading is the loss (nullableWithoutType).
      s.allOf = [...((s.allOf as Json[]) ?? []), rest[0]];
    } else if (rest.length === 1 && isObj(rest[0])) {
      Object.assign(s, rest[0]);
    } else {
      s[union] = rest;
    }
    s.nullable = true;
    // Without a single `type` (a reference, or a money amount: a number or a string), `nullable` stands alone:
    // generators read it as "or null", a strict 3.0.3 reader ignores it.
    if (!("type" in s)) losses.nullableWithoutType.push(at);
    // 3.0.3: `nullable` does not widen an `enum`, so a list that may be null names `null` among its values.
    if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
  }
  // A `oneOf` of inline branches of distinct JSON types (a boolean or its string, a number or its decimal string)
  // -> `anyOf`: no value can match two such branches, so the meaning is the same, but generators that coerce
  // scalars (openapi-generator Java reads "true" as a boolean too) find two matches and refuse a `oneOf`.
  if (Array.isArray(s.oneOf) && disjointScalars(s.oneOf)) {
    s.anyOf = [...s.oneOf, ...((s.anyOf as Json[]) ?? [])];
    delete s.oneOf;
  }
  // Conditional rules have no 3.0 form: dropped (the 3.1 bundle and the validators keep them).
  if ("if" in s || "then" in s || "else" in s) {
    delete s.if;
    delete s.then;
    delete s.else;
    losses.conditionalRules.push(at);
  }
  // A closed model: `additionalProperties: false` says the same thing when nothing else evaluates properties in place.
  if (s.unevaluatedProperties === false) {
    delete s.unevaluatedProperties;
    if (IN_PLACE.some((k) => k in input)) losses.closedModelsOpened.push(at);
    else s.additionalProperties = false;
  }
  return s;
}

const NUMBER_FORMATS = new Set(["double", "float", "int32", "int64", "two-decimals"]);

/** Keywords that only annotate a schema. */
const ANNOTATIONS = new Set(["description", "title", "$comment", "example", "examples", "deprecated", "readOnly", "writeOnly", "default", "externalDocs"]);
const annotationOnly = (s: Json): boolean => isObj(s) && !("$ref" in s) && Object.keys(s).every((k) => ANNOTATIONS.has(k) || k.startsWith("x-"));

/** Branches of a union that each have one JSON type (not null), all different, `integer` and `number` counted as one. */
function disjointScalars(branches: Json[]): boolean {
  const types = branches.map((b) => (isObj(b) && typeof b.type === "string" && !("$ref" in b) && !("nullable" in b) ? (b.type === "integer" ? "number" : b.type) : undefined));
  return types.every((t) => t !== undefined && t !== "null") && new Set(types).size === types.length;
}

/**
 * A model that extends one other (`allOf: [$ref]` beside its own `properties`) -> its own properties and `required`
 * as a second `allOf` member, which means the same. openapi-python-client reads an `allOf` of a single `$ref` as that
 * model itself and drops the siblings (P106). Done before the translation, so loss pointers name the new places.
 */
function extendsOne(input: Obj): Obj {
  const parts = input.allOf;
  if (!(Array.isArray(parts) && parts.length === 1 && isObj(parts[0]) && "$ref" in parts[0] && isObj(input.properties))) return input;
  if ("anyOf" in input || "oneOf" in input) return input;
  const { properties, required, ...rest } = input;
  const own: Obj = { type: "object", properties };
  if (required !== undefined) own.required = required;
  return { ...rest, allOf: [parts[0], own] };
}

/** Every Schema Object outside components.schemas: parameters, headers, media types (also in callbacks/webhooks). */
function walkOperations(node: Json, at: string, convert: (s: Json, at: string) => Json, refSiblings: string[]): Json {
  if (Array.isArray(node)) return node.map((v, i) => walkOperations(v, `${at}/${i}`, convert, refSiblings));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) {
    const here = `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    if (key === "schema" && isObj(value)) out[key] = convert(value, here);
    else if (key === "examples" || key === "example") out[key] = value; // example values are data, not schemas
    else out[key] = walkOperations(value, here, convert, refSiblings);
  }
  // 3.1 lets a Reference Object carry `summary`/`description`; 3.0 does not.
  if ("$ref" in out && Object.keys(out).length > 1) {
    for (const k of Object.keys(out)) if (k !== "$ref") delete out[k];
    refSiblings.push(at);
  }
  return out;
}

/**
 * Each member of a discriminated `oneOf` whose discriminator property is one string (`enum: [v]`) also gets
 * `pattern: ^v$` there: the same rule, which openapi-generator go checks where it does not check `enum`. By default it
 * ignores the discriminator and tries every member, so two members with the same fields (PaymentsPlus AU_DOMESTIC and
 * RTGS recipient accounts) both matched and it refused every payment it read ("data matches more than one schema in
 * oneOf(RecipientAccount)") unless given `useOneOfDiscriminatorLookup=true`.
 */
function patternDiscriminators(schemas: Obj): void {
  const target = (m: Json): Json | undefined => (isObj(m) && typeof m.$ref === "string" ? schemas[m.$ref.replace("#/components/schemas/", "")] : undefined);
  const done = new Set<Json>();
  const addPattern = (s: Json | undefined, prop: string): void => {
    if (!isObj(s) || done.has(s)) return;
    done.add(s);
    addPattern(target(s), prop);
    ((s.allOf as Json[]) ?? []).forEach((part) => addPattern(part, prop));
    const p = isObj(s.properties) ? s.properties[prop] : undefined;
    if (isObj(p) && Array.isArray(p.enum) && p.enum.length === 1 && typeof p.enum[0] === "string" && !("pattern" in p)) {
      p.pattern = `^${p.enum[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
    }
  };
  const visit = (s: Json): void => {
    if (Array.isArray(s)) return s.forEach(visit);
    if (!isObj(s)) return;
    if (isObj(s.discriminator) && Array.isArray(s.oneOf)) s.oneOf.forEach((m) => addPattern(m, (s.discriminator as Obj).propertyName as string));
    Object.values(s).forEach(visit);
  };
  visit(schemas);
}

type Direction = "request" | "response";

/** Give `s` exactly the keys of `shape`, in its order (the object stays where it is referenced). */
const reshape = (s: Obj, shape: Obj): void => {
  for (const k of Object.keys(s)) delete s[k];
  Object.assign(s, shape);
};
const SCALARS = new Set(["string", "number", "integer", "boolean"]);

/**
 * Unions of scalars (`anyOf`, after the translation, of strings, numbers, integers, booleans) in the form every
 * generator tried can hold a value of (P132). openapi-generator kotlin and rust write such a union as a class or
 * struct with no field, which holds nothing: no amount could be sent, no open code list (`<List>OrUnlisted`, P113)
 * read. So:
 * - a union of strings only (an open code list: the list and `UnlistedCode`) is `type: string`, with the same values
 *   (a `pattern` only where one branch has one that every listed value matches); the known values stay readable in
 *   `x-extensible-enum` and the description, and the list itself stays a component;
 * - a union read only in requests (a number or its decimal string) is its one type that is not a string: a client
 *   sends the number;
 * - any other union of scalars of different types (in a response) has no `type`: any value.
 * A union that fits none of these stops the build, so that a new one is decided, not guessed.
 */
function scalarUnions(doc: Obj, losses: Losses): void {
  const schemas = (isObj(doc.components) && isObj(doc.components.schemas) ? doc.components.schemas : {}) as Obj;
  const named = (ref: Json): string | undefined => (typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice(21) : undefined);
  const resolve = (s: Json, seen = new Set<string>()): Obj | undefined => {
    if (!isObj(s)) return undefined;
    const name = named(s.$ref);
    if (name === undefined) return s;
    if (seen.has(name)) return undefined;
    return resolve(schemas[name] as Json, seen.add(name));
  };
  const scalar = (b: Json): Obj | undefined => {
    const r = resolve(b);
    return r && typeof r.type === "string" && SCALARS.has(r.type) && !["anyOf", "oneOf", "allOf", "not", "nullable"].some((k) => k in r) ? r : undefined;
  };
  const branchesOf = (s: Obj): Obj[] | undefined => {
    if (!Array.isArray(s.anyOf) || "oneOf" in s || "allOf" in s || "type" in s || s.anyOf.length < 2) return undefined;
    const found = s.anyOf.map(scalar);
    return found.every((b) => b !== undefined) ? (found as Obj[]) : undefined;
  };

  // Which component schemas requests and responses reach (a webhook's payload is read like a response).
  const reach: Record<Direction, Set<string>> = { request: new Set(), response: new Set() };
  const mark = (node: Json, dir: Direction): void => {
    if (Array.isArray(node)) return node.forEach((n) => mark(n, dir));
    if (!isObj(node)) return;
    const name = named(node.$ref);
    if (name !== undefined && !reach[dir].has(name)) {
      reach[dir].add(name);
      mark(schemas[name] as Json, dir);
    }
    for (const [k, v] of Object.entries(node)) if (k !== "example" && k !== "examples") mark(v, dir);
  };
  /** Every Schema Object outside components.schemas, with its direction and pointer. */
  const within = (node: Json, dir: Direction | undefined, at: string, visit: (n: Json, dir: Direction, at: string) => void): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => within(n, dir, `${at}/${i}`, visit));
    if (!isObj(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === "example" || k === "examples") continue;
      const here: Direction | undefined =
        dir === undefined && (k === "requestBody" || k === "parameters") ? "request" : k === "responses" || k === "callbacks" ? "response" : dir;
      const pointer = `${at}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (k === "schema" && here) visit(v, here, pointer);
      else within(v, here, pointer, visit);
    }
  };
  const components = isObj(doc.components) ? doc.components : {};
  const roots: [Json, Direction | undefined, string][] = [
    [doc.paths ?? {}, undefined, "#/paths"],
    [doc["x-webhooks"] ?? {}, "response", "#/x-webhooks"],
    [components.requestBodies ?? {}, "request", "#/components/requestBodies"],
    [components.parameters ?? {}, "request", "#/components/parameters"],
    [components.responses ?? {}, "response", "#/components/responses"],
    [components.headers ?? {}, "response", "#/components/headers"],
  ];
  for (const [root, dir, at] of roots) within(root, dir, at, mark);

  const rewrite = (s: Json, at: string, dirs: Set<Direction>): void => {
    if (Array.isArray(s)) return s.forEach((v, i) => rewrite(v, `${at}/${i}`, dirs));
    if (!isObj(s)) return;
    for (const [k, v] of Object.entries(s)) if (k !== "example" && k !== "examples" && k !== "enum") rewrite(v, `${at}/${k}`, dirs);
    const branches = branchesOf(s);
    if (!branches) return;
    delete s.anyOf;
    const kept = branches.filter((b) => b.type !== "string");
    if (!kept.length) {
      const known = [...new Set(branches.flatMap((b) => (Array.isArray(b.enum) ? b.enum : [])))];
      const plain = branches.some((b) => Object.keys(b).every((k) => k === "type" || ANNOTATIONS.has(k) || k.startsWith("x-")));
      const patterned = branches.filter((b) => typeof b.pattern === "string");
      const open = patterned.length === 1 && Object.keys(patterned[0]!).every((k) => k === "type" || k === "pattern" || ANNOTATIONS.has(k)) ? patterned[0]! : undefined;
      const exact =
        plain || (open !== undefined && branches.every((b) => b === open || (Array.isArray(b.enum) && b.enum.every((e) => typeof e === "string" && new RegExp(open.pattern as string, "u").test(e)))));
      if (!exact) throw new Error(`${at}: a union of strings with no exact single form; decide one in scripts/openapi30.ts (P132)`);
      const typed: Obj = { type: "string", ...(!plain && open ? { pattern: open.pattern } : {}) };
      if (known.length) {
        typed["x-extensible-enum"] = known;
        const listed = known.map((v) => `\`${v}\``).join(", ");
        if (typeof s.description === "string" && !known.every((v) => (s.description as string).includes(`\`${v}\``))) s.description = `${s.description} Known values: ${listed}.`;
      }
      reshape(s, { ...typed, ...s });
      losses.codeListsAsStrings.push(at);
    } else if (dirs.size === 1 && dirs.has("request")) {
      if (kept.length !== 1) throw new Error(`${at}: a request union of several non-string scalars; decide one in scripts/openapi30.ts (P132)`);
      const { description: _, example: __, ...branch } = kept[0]!;
      if ("example" in s && jsonType(s.example as Json).replace("integer", "number") !== String(branch.type).replace("integer", "number")) delete s.example;
      if (typeof s.description === "string") s.description = `${s.description} (The OpenAPI 3.0.3 variant describes the ${branch.type} only.)`;
      reshape(s, { ...branch, ...s });
      losses.scalarsNarrowed.push(at);
    } else {
      const types = [...new Set(branches.map((b) => b.type as string))].map((t) => `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`).join(" or ");
      s.description = `${typeof s.description === "string" ? `${s.description} ` : ""}(${types[0]!.toUpperCase()}${types.slice(1)}: the OpenAPI 3.0.3 variant gives it no type.)`;
      losses.scalarsUntyped.push(at);
      return;
    }
    // It has a `type` now: `nullable` is no longer without one.
    losses.nullableWithoutType = losses.nullableWithoutType.filter((p) => p !== at);
  };
  for (const [name, s] of Object.entries(schemas)) {
    const dirs = new Set((["request", "response"] as const).filter((d) => reach[d].has(name)));
    rewrite(s, `#/components/schemas/${name}`, dirs.size ? dirs : new Set<Direction>(["response"]));
  }
  for (const [root, dir, at] of roots) within(root, dir, at, (schema, d, pointer) => rewrite(schema, pointer, new Set([d])));
}

/**
 * A `oneOf` member that is itself a `oneOf` of models (QuickStream `PaymentTransactionRequest` and
 * `PreauthTransactionRequest` inside `TransactionRequest`, PaymentsPlus `RecipientAccountRequest` inside
 * `CreatePaymentRequest.recipientAccount`) -> ONE model with every property of its members, required where every
 * member requires it (P133). openapi-generator typescript-fetch (default options) calls an `instanceOf` function per
 * member of a `oneOf` and writes none for a member that is itself a `oneOf`, so its client did not compile and sent no
 * PaymentsPlus payment; `typescript` writes no serialiser for such a member; Kotlin did not compile PaymentsPlus.
 * Flattening into the outer `oneOf` does not work with them (P127). The loss: "exactly one of these shapes" (which
 * fields go together, and fields a member forbids), listed in `x-openapi-3-1-losses.nestedOneOfsMerged`. The former members,
 * and what only they referenced, leave components.schemas (`nestedOneOfMembersRemoved`): nothing takes them any more,
 * and kept, `NewPreauthTransactionRequest` collided in openapi-generator go with the constructor of the merged
 * `PreauthTransactionRequest` (`NewPreauthTransactionRequest(...)`).
 */
function mergeNestedOneOfs(doc: Obj, schemas: Obj, losses: Losses): void {
  const name = (ref: Json): string | undefined =>
    typeof ref === "string" && ref.startsWith("#/components/schemas/") ? ref.slice("#/components/schemas/".length) : undefined;
  const inner = new Set<string>();
  const visit = (s: Json): void => {
    if (Array.isArray(s)) return s.forEach(visit);
    if (!isObj(s)) return;
    for (const m of Array.isArray(s.oneOf) ? s.oneOf : []) {
      const n = isObj(m) ? name(m.$ref) : undefined;
      if (n && isObj(schemas[n]) && Array.isArray(schemas[n].oneOf)) inner.add(n);
    }
    Object.values(s).forEach(visit);
  };
  visit(schemas);
  const former = new Set<string>();
  for (const n of inner) {
    const union = schemas[n] as Obj;
    const members = (union.oneOf as Json[]).map((m, i) => {
      const ref = isObj(m) ? name(m.$ref) : undefined;
      if (ref) former.add(ref);
      return { label: ref ?? `${n}/oneOf/${i}`, ...memberModel(ref ? schemas[ref]! : m, schemas, `${n}/oneOf/${i}`) };
    });
    const own = memberModel({ ...union, oneOf: [] as Json[] }, schemas, n);
    const properties: Obj = {};
    for (const key of new Set(members.flatMap((m) => Object.keys(m.properties)))) {
      const declared = members.filter((m) => key in m.properties);
      properties[key] = declared.slice(1).reduce<Json>((a, m) => eitherProperty(a, m.properties[key]!, `${n}.${key}`), declared[0]!.properties[key]!);
      // Members that describe the property differently: each description, after the members it belongs to.
      const words = new Map<string, string[]>();
      for (const m of declared) {
        const d = (m.properties[key] as Obj).description;
        if (typeof d === "string") words.set(d, [...(words.get(d) ?? []), `\`${m.label}\``]);
      }
      if (words.size > 1) (properties[key] as Obj).description = [...words].map(([d, labels]) => `${labels.join(", ")}: ${d}`).join(" ");
      if (key in own.properties) properties[key] = bothProperty(properties[key]!, own.properties[key]!);
    }
    const required = [...new Set([...own.required, ...members.map((m) => m.required).reduce((a, r) => a.filter((k) => r.includes(k)))])];
    const merged: Obj = {};
    for (const [k, v] of Object.entries(union)) if (ANNOTATIONS.has(k) || k.startsWith("x-")) merged[k] = v;
    Object.assign(merged, { type: "object", properties, ...(required.length ? { required } : {}) });
    schemas[n] = merged;
    losses.nestedOneOfsMerged.push(`#/components/schemas/${n}`);
  }
  // The former members go, then whatever only removed schemas referenced (RecipientAccountRequestBase), until none is left.
  const refs = (node: Json, found: Set<string>): Set<string> => {
    if (Array.isArray(node)) node.forEach((v) => refs(v, found));
    else if (isObj(node)) for (const [k, v] of Object.entries(node)) k === "$ref" && name(v) ? found.add(name(v)!) : refs(v, found);
    return found;
  };
  const candidates = new Set(former);
  for (const c of candidates) for (const r of refs(schemas[c]!, new Set())) candidates.add(r);
  for (let removed = true; removed; ) {
    removed = false;
    const used = refs(Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, k === "components" && isObj(v) ? { ...v, schemas: Object.fromEntries(Object.entries(schemas).map(([n, x]) => [n, candidates.has(n) ? null : x])) } : v])), new Set());
    for (const c of candidates) {
      if (c in schemas && !used.has(c)) {
        delete schemas[c];
        candidates.delete(c);
        losses.nestedOneOfMembersRemoved.push(`#/components/schemas/${c}`);
        removed = true;
      }
    }
  }
  // What was lost inside a removed schema is no longer in this document (the merged model's loss covers it).
  const gone = (p: string) => losses.nestedOneOfMembersRemoved.some((r) => p === r || p.startsWith(`${r}/`));
  for (const list of [losses.conditionalRules, losses.closedModelsOpened, losses.nullableWithoutType]) list.splice(0, list.length, ...list.filter((p) => !gone(p)));
}

/**
 * A model's properties and required names with its `allOf` applied (later parts, then its own, are the more
 * specific). Properties that only an `anyOf` part declares ("at least one of these") are `optional`: they count only
 * where nothing else declares the name.
 */
function flatModel(s: Json, schemas: Obj, at: string): { properties: Obj; required: string[]; optional: Obj } {
  if (!isObj(s)) throw new Error(`openapi30: ${at} is not a model`);
  if (typeof s.$ref === "string") return flatModel(schemas[s.$ref.replace("#/components/schemas/", "")]!, schemas, s.$ref);
  if (Array.isArray(s.oneOf) && s.oneOf.length) throw new Error(`openapi30: ${at} nests a oneOf two levels deep`);
  const properties: Obj = {};
  const required: string[] = [];
  const optional: Obj = {};
  const add = (part: { properties: Obj; required: string[]; optional: Obj }) => {
    for (const [k, v] of Object.entries(part.properties)) properties[k] = k in properties ? bothProperty(properties[k]!, v) : v;
    required.push(...part.required.filter((r) => !required.includes(r)));
    for (const [k, v] of Object.entries(part.optional)) optional[k] ??= v;
  };
  for (const [i, part] of ((s.allOf as Json[]) ?? []).entries()) add(flatModel(part, schemas, `${at}/allOf/${i}`));
  for (const [i, part] of ((s.anyOf as Json[]) ?? []).entries()) {
    const branch = flatModel(part, schemas, `${at}/anyOf/${i}`);
    for (const [k, v] of Object.entries({ ...branch.optional, ...branch.properties })) optional[k] ??= v;
  }
  add({ properties: isObj(s.properties) ? s.properties : {}, required: Array.isArray(s.required) ? (s.required as string[]) : [], optional: {} });
  return { properties, required, optional: Object.fromEntries(Object.entries(optional).filter(([k]) => !(k in properties))) };
}

/** A member of a union as one model: its properties (the optional ones too) and its required names. */
function memberModel(s: Json, schemas: Obj, at: string): { properties: Obj; required: string[] } {
  const { properties, required, optional } = flatModel(s, schemas, at);
  return { properties: { ...properties, ...optional }, required };
}

/** A property schema as a referenced model or a plain schema, and whether it may be null. */
function nullableParts(p: Obj): { core: Obj; nullable: boolean } {
  const { nullable, ...rest } = p;
  const parts = rest.allOf;
  if (Array.isArray(parts) && parts.length === 1 && isObj(parts[0]) && "$ref" in parts[0]) {
    const { allOf: _, ...words } = rest;
    return { core: { ...words, $ref: parts[0].$ref }, nullable: nullable === true };
  }
  return { core: rest, nullable: nullable === true };
}
const withNullable = (core: Obj, nullable: boolean): Obj => {
  if (!nullable) return core;
  if ("$ref" in core) {
    const { $ref, ...words } = core;
    return { ...words, allOf: [{ $ref }], nullable: true };
  }
  return { ...core, nullable: true };
};
const withoutWords = (p: Obj): Obj => Object.fromEntries(Object.entries(p).filter(([k]) => !ANNOTATIONS.has(k) && !k.startsWith("x-")));

/** One property declared twice in one model (`allOf`): both apply; `b` is the more specific. */
function bothProperty(a: Json, b: Json): Json {
  if (!isObj(a) || !isObj(b)) return b;
  const x = nullableParts(a);
  const y = nullableParts(b);
  const core: Obj = { ...x.core, ...y.core };
  if (Array.isArray(x.core.enum) && Array.isArray(y.core.enum)) core.enum = y.core.enum.filter((v) => (x.core.enum as Json[]).includes(v));
  return withNullable(core, x.nullable && y.nullable);
}

/** One property declared by two members of a union: a value of either is valid. Keywords only one of them has go. */
function eitherProperty(a: Json, b: Json, at: string): Json {
  if (!isObj(a) || !isObj(b)) throw new Error(`openapi30: ${at} is not a schema in every member`);
  const x = nullableParts(a);
  const y = nullableParts(b);
  const core: Obj = {};
  for (const [k, v] of Object.entries(x.core)) {
    if (ANNOTATIONS.has(k) || k.startsWith("x-")) core[k] = v;
    else if (k === "enum" && Array.isArray(v) && Array.isArray(y.core.enum)) core.enum = [...v, ...y.core.enum.filter((e) => !v.includes(e))];
    else if (JSON.stringify(v) === JSON.stringify(y.core[k])) core[k] = v;
    else if (k === "type" || k === "$ref") throw new Error(`openapi30: ${at} has a different ${k} in two members`);
  }
  if (Array.isArray(core.enum)) {
    // Names (and descriptions) of the members' values, in the order of the merged values.
    for (const words of ["x-enum-varnames", "x-enum-descriptions"]) {
      const of = (p: Obj) => (Array.isArray(p[words]) && Array.isArray(p.enum) ? new Map((p.enum as Json[]).map((e, i) => [e, (p[words] as Json[])[i]])) : undefined);
      const names = [of(x.core), of(y.core)];
      if (names.every(Boolean)) core[words] = core.enum.map((e) => names[0]!.get(e) ?? names[1]!.get(e)!);
      else delete core[words];
    }
  }
  if (JSON.stringify(withoutWords(core)) === "{}" && Object.keys(withoutWords(x.core)).length) throw new Error(`openapi30: ${at} has nothing in common in two members`);
  return withNullable(core, x.nullable || y.nullable);
}

/** The 3.0.3 variant of a bundled 3.1 document, and what it lost. */
export function toOpenApi30(doc: Obj): { doc: Obj; losses: Losses } {
  const losses: Losses = {
    conditionalRules: [],
    closedModelsOpened: [],
    webhooks: [],
    refSiblings: [],
    nullableWithoutType: [],
    codeListsAsStrings: [],
    scalarsNarrowed: [],
    scalarsUntyped: [],
    nestedOneOfsMerged: [],
    nestedOneOfMembersRemoved: [],
  };
  const convert = (s: Json, at: string) => schema30(s, at, losses);

  const out: Obj = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === "openapi") out.openapi = "3.0.3";
    else if (key === "jsonSchemaDialect") continue;
    else if (key === "webhooks" && isObj(value)) {
      // 3.0 has no webhooks: kept as `x-webhooks` (which Redoc renders); generators ignore it, but the payload models
      // stay in components.schemas, so their types are still generated.
      losses.webhooks = Object.keys(value);
      out["x-webhooks"] = walkOperations(value, "#/webhooks", convert, losses.refSiblings);
    } else if (key === "components" && isObj(value)) {
      const c: Obj = {};
      for (const [kind, entries] of Object.entries(value)) {
        if (kind === "pathItems") continue;
        c[kind] =
          kind === "schemas" && isObj(entries)
            ? Object.fromEntries(Object.entries(entries).map(([n, s]) => [n, convert(s, `#/components/schemas/${n}`)]))
            : walkOperations(entries, `#/components/${kind}`, convert, losses.refSiblings);
      }
      out.components = c;
    } else if (key === "paths") out.paths = walkOperations(value, "#/paths", convert, losses.refSiblings);
    else out[key] = value;
  }
  if (isObj(out.components) && isObj(out.components.schemas)) {
    mergeNestedOneOfs(out, out.components.schemas, losses);
    patternDiscriminators(out.components.schemas);
  }
  scalarUnions(out, losses);
  out.info = info30(doc.info as Obj, losses);
  return { doc: out, losses };
}

/** 3.0's `info` has no `summary` and its `license` no `identifier`; the description says what this variant loses. */
function info30(info: Obj, losses: Losses): Obj {
  const { summary, license, description, ...rest } = info;
  const names = (pointers: string[]) =>
    [...new Set(pointers.map((p) => p.replace(/^#\/components\/schemas\/([^/]+).*$/, "$1").replace(/^#\/(paths|webhooks)\/.*$/, "(inline schemas of operations)")))]
      .map((n) => `\`${n}\``)
      .join(", ");
  const lost = [
    "the JSON Schema 2020-12 dialect: `type` lists become `nullable` or `anyOf`, `const` a one-value `enum`, `examples` one `example`",
    losses.webhooks.length &&
      `webhooks (3.0 has none): ${losses.webhooks.map((w) => `\`${w}\``).join(", ")} are under \`x-webhooks\`, which generators ignore; their payload models stay in \`components.schemas\``,
    losses.conditionalRules.length && `conditional rules (\`if\`/\`then\`), dropped from ${names(losses.conditionalRules)}`,
    losses.closedModelsOpened.length &&
      `closed models composed with \`allOf\`/\`oneOf\` (\`unevaluatedProperties: false\` has no 3.0 form), now open: ${names(losses.closedModelsOpened)}; closed models without composition keep \`additionalProperties: false\``,
    losses.nullableWithoutType.length &&
      `exactness where \`null\` is allowed beside a referenced model or a choice of types (${names(losses.nullableWithoutType)}): \`nullable: true\` stands without \`type\` (\`{allOf: [$ref], nullable: true}\` for a model); generators read it as "or null", a strict 3.0.3 validator ignores it`,
    losses.codeListsAsStrings.length &&
      `the enum type of open code lists (a list or any other string, P47): ${names(losses.codeListsAsStrings)} are \`type: string\` with the same values, the known ones in \`x-extensible-enum\` and the description (the lists themselves stay components)`,
    losses.scalarsNarrowed.length &&
      `the string form of request values that may be a number or its string: ${names(losses.scalarsNarrowed)} describe the number only, which is what a generated client sends`,
    losses.scalarsUntyped.length &&
      `the type of response values that may be of several JSON types (a number or a string, a boolean or a string): ${names(losses.scalarsUntyped)} have no \`type\` (any value; generators read it as their "any" type)`,
    losses.nestedOneOfsMerged.length &&
      `which fields go together in ${names(losses.nestedOneOfsMerged)}: each was a \`oneOf\` of models inside another \`oneOf\`, which some generators cannot write; it is one model with every property of its former members (required where all of them require it), and those members (${names(losses.nestedOneOfMembersRemoved)}) are not in \`components.schemas\``,
    losses.refSiblings.length &&
      `the \`summary\`/\`description\` beside ${losses.refSiblings.length} references to shared parameters, responses or examples (3.0 allows none there)`,
  ].filter(Boolean);
  return {
    ...rest,
    description:
      `${summary ? `${summary}\n\n` : ""}${description ?? ""}\n\n` +
      `**This is the OpenAPI 3.0.3 variant**, translated by \`scripts/openapi30.ts\` from the 3.1 description ` +
      `(\`openapi.json\`), which is the source of truth and which the validators use. Use it only with a tool that cannot ` +
      `read 3.1. It loses:\n\n${lost.map((l) => `- ${l}`).join("\n")}\n`,
    ...(isObj(license) ? { license: Object.fromEntries(Object.entries(license).filter(([k]) => k !== "identifier")) } : {}),
    "x-openapi-3-1-losses": {
      webhooks: losses.webhooks,
      conditionalRules: losses.conditionalRules,
      closedModelsOpened: losses.closedModelsOpened,
      nullableWithoutType: losses.nullableWithoutType,
      refSiblings: losses.refSiblings,
      codeListsAsStrings: losses.codeListsAsStrings,
      scalarsNarrowed: losses.scalarsNarrowed,
      scalarsUntyped: losses.scalarsUntyped,
      nestedOneOfsMerged: losses.nestedOneOfsMerged,
      nestedOneOfMembersRemoved: losses.nestedOneOfMembersRemoved,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  for (const api of APIS) {
    const { doc, losses } = toOpenApi30(JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8")));
    writeFileAtomic(generatedPath(api, "openapi.3.0.json"), `${JSON.stringify(doc, null, 2)}\n`);
    writeFileAtomic(generatedPath(api, "openapi.3.0.yaml"), stringify(doc, { lineWidth: 0 }));
    step(
      "openapi30",
      `${api}: openapi.3.0.json, openapi.3.0.yaml (lost: ${losses.webhooks.length} webhooks, ${losses.conditionalRules.length} conditional rules, ${losses.closedModelsOpened.length} composed closed models)`,
    );
  }
}
