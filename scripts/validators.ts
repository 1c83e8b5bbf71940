// Step 4: validators for every target of each API, compiled at build time into plain JavaScript.
//   generated/<api>/checks/            the compiled checks (not committed: `npm run setup`, prepare and prepack
//                                      build them), CommonJS so that each part loads synchronously at its first use:
//     part<k>.cjs                      the functions (one per schema) in the order they were finished, about 24 kB
//                                      a part; a call into another part requires that part at its first call
//     runtime.cjs                      the helpers they share (formats, pattern loops, the issue record `R`)
//     constants.cjs                    every issue constant, read only when a first problem is collected
//   generated/checks.cjs, .d.cts       `parts[api](k)`: requires part k of an API (a bundler reads each template as
//                                      the pattern ./<api>/checks/part*.cjs and includes every part)
//   generated/<api>/validators.ts      typed map from target name to check (its part and function, required at the
//                                      first call), plus discriminator facts
// Importing the validators compiles none of the checks: a part is read and compiled when it is first required, so
// a start-up pays for the targets it uses, not for all 520 kB of both APIs (issue 25 item 5, P136). The one CommonJS
// file an ES module imports is checks.cjs, kept tiny: Node scans every CommonJS file that `import` loads for its
// export names, at about a microsecond for every four characters.
//
// Each function serves both paths. `check(data)` answers valid/invalid and returns at the first failure (the hot
// path: nothing is allocated). `check(data, issues, "")` checks everything and collects, for each problem, the
// pointer and a constant written here at build time that already holds the message in words
// (src/validators/words.ts: "must be a code of 3 upper-case letters", "is required (when ...)"); only unions,
// discriminator values and unknown property names are put into words at run time (src/validators/messages.ts).
// The checks use no `eval` and no Node API: `require` of their own files is all they need of the runtime.
//
// Semantics are JSON Schema 2020-12 as ajv (scripts/ajv.ts) applies them to these documents, for the keywords the
// documents use (any other keyword fails the build). Two rewrites keep the code simple and fast:
//  - `unevaluatedProperties: false` is a fixed list of property names where every property any in-place
//    subschema can evaluate is one the schema always evaluates (see closedModels); otherwise the build fails;
//  - a discriminated `oneOf` selects its variant by the discriminator's value (as ajv's `discriminator` does).
// test/validators/ checks validity against ajv and @cfworker/json-schema, and both paths against each other.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { conditionOf, describePattern, describeSchema, formatPhrase, list, show, typePhrase, valueList } from "../src/validators/words.ts";
import { FORMATS_SOURCE } from "./ajv.ts";
import { PATTERN_HELPERS, patternCheck } from "./patterns.ts";
import { APIS, fail, generatedPath, ROOT, step, writeFileAtomic } from "./lib.ts";
import { escapeToken, resolvePointer, unescapeToken } from "./pointer.ts";
import { listTargets } from "./targets.ts";

const CHECKS = "checks";
/**
 * Characters of checks per part file: big enough that a target's checks are in a few parts (each file costs Node
 * about 0.1 ms to resolve and read), small enough that a start-up validating one small target compiles little.
 */
const PART_SIZE = 24_000;

function main(): void {
  for (const api of APIS) {
    const doc = objectTypedUnions(JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8")));
    const targets = listTargets(doc, api);
    const roots = targets.map((t) => resolvePointer(doc, t.pointer));
    const compiler = new Compiler(doc, closedModels(doc, roots), exclusiveUnions(doc, roots));
    const names = roots.map((schema, i) => {
      try {
        return compiler.fn(schema);
      } catch (error) {
        return fail(`${api}: cannot compile "${targets[i].name}" (${targets[i].pointer}): ${(error as Error).message}`);
      }
    });
    const dir = generatedPath(api, CHECKS);
    const { files, located } = compiler.files(names);
    mkdirSync(dir, { recursive: true });
    // A function that no longer exists must not stay behind as a file.
    for (const old of readdirSync(dir)) if (!(old in files)) rmSync(join(dir, old));
    for (const [name, text] of Object.entries(files)) writeFileAtomic(join(dir, name), text);
    // The single module that held every check before P136.
    for (const old of ["compiled-validators.js", "compiled-validators.d.ts"]) rmSync(generatedPath(api, old), { force: true });
    writeFileAtomic(generatedPath(api, "validators.ts"), typedEntry(api, targets, located, doc));
    step("validators", `${api}: ${targets.length} targets, ${compiler.functionCount} functions, ${Math.round(compiler.size / 1000)} kB in ${Object.keys(files).length} files`);
  }
  writeFileAtomic(join(ROOT, "generated", "checks.cjs"), [
    GENERATED,
    `// \`parts[api](k)\`: part k of an API's compiled checks (scripts/validators.ts), read and compiled at its first use.`,
    `"use strict";`,
    `module.exports = {`,
    ...APIS.map((api) => `  ${api}: (k) => require(\`./${api}/${CHECKS}/part\${k}.cjs\`),`),
    `};`,
    ``,
  ].join("\n"));
  writeFileAtomic(join(ROOT, "generated", "checks.d.cts"), DECLARATION);
}

const GENERATED = `// Generated by scripts/validators.ts. Do not edit: run \`npm run build:validators\`.`;

const DECLARATION = `${GENERATED}
/** A compiled check: true when valid; given an array, it collects what is wrong into it (src/validators/messages.ts). */
type Check = (data: unknown, issues?: unknown[], at?: string) => boolean;
/** \`parts[api](k)\`: part k of an API's compiled checks, by function name (\`s12\`). */
declare const parts: Readonly<Record<${APIS.map((api) => JSON.stringify(api)).join(" | ")}, (k: number) => Readonly<Record<string, Check>>>>;
export = parts;
`;

/** Keywords that only annotate: no check is emitted for them. */
const ANNOTATIONS = new Set([
  "description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly", "default", "externalDocs", "xml",
  "contentMediaType", "contentEncoding", "$comment", "discriminator",
]);
const CHECKED = new Set([
  "$ref", "type", "enum", "const", "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "required", "properties", "additionalProperties", "unevaluatedProperties", "items", "minItems",
  "maxItems", "allOf", "anyOf", "oneOf", "if", "then", "else", "not",
]);
/** Formats that are checked (FORMATS_SOURCE), and for which JSON type; the others are annotations. */
const FORMAT_TYPES: Record<string, string> = { date: "string", int32: "number", int64: "number", "two-decimals": "number" };
const ANNOTATION_FORMATS = new Set(["binary", "float", "double", "password"]);

const q = (s: unknown) => JSON.stringify(s);

const TYPE_TESTS: Record<string, (d: string) => string> = {
  string: (d) => `typeof ${d} === "string"`,
  number: (d) => `(typeof ${d} === "number" && isFinite(${d}))`,
  integer: (d) => `Number.isInteger(${d})`,
  boolean: (d) => `typeof ${d} === "boolean"`,
  null: (d) => `${d} === null`,
  object: (d) => `(${d} !== null && typeof ${d} === "object" && !Array.isArray(${d}))`,
  array: (d) => `Array.isArray(${d})`,
};
const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const valueHasType = (v: unknown, types: string[]) =>
  types.some((t) => t === jsonType(v) || (t === "integer" && Number.isInteger(v)));

class Compiler {
  /** Each function's name and body, in the order they were finished. */
  private readonly functions: { name: string; body: string }[] = [];
  private readonly names = new Map<any, string>();
  /** Issue constants: the arguments of `I` as JSON → number in constants.cjs. */
  private readonly issues = new Map<string, number>();
  /** Regular expressions: source (`new RegExp(...)`) → name; each part that uses one makes its own. */
  private readonly regexps = new Map<string, string>();
  private counter = 0;
  /** The locals that hold an item of a list (see `call`). */
  private readonly items = new Set<string>();
  size = 0;

  constructor(
    private readonly doc: any,
    private readonly closed: Map<any, string[]>,
    private readonly exclusive: Set<any>,
  ) {}

  get functionCount(): number {
    return this.functions.length;
  }

  /** The function that checks `schema` (one per schema object; a bare `$ref` is the function of its target). */
  fn(schema: any): string {
    while (schema && typeof schema === "object" && typeof schema.$ref === "string" && Object.keys(schema).every((k) => k === "$ref" || ANNOTATIONS.has(k) || k.startsWith("x-"))) {
      schema = this.resolve(schema.$ref);
    }
    const known = this.names.get(schema);
    if (known) return known;
    const name = `s${this.names.size}`;
    this.names.set(schema, name);
    const body = this.checks(schema, "data", "at");
    this.functions.push({ name, body: `function ${name}(data, errs, at) {\n  let valid = true;\n${body}  return valid;\n}` });
    return name;
  }

  /**
   * The files of generated/<api>/checks/ (see the top of this file), and where each target's function is: its part
   * and name (`targetFunctions[i]` checks target i).
   */
  files(targetFunctions: string[]): { files: Record<string, string>; located: [part: number, name: string][] } {
    const files: Record<string, string> = {};
    // What runtime.cjs shares; each part takes the ones its code names.
    const helpers: Record<string, string> = {
      formats: `const formats = ${FORMATS_SOURCE};`,
      len: `/** Length in code points (JSON Schema counts characters, not UTF-16 units). */\nfunction len(s) { let n = 0; for (let i = 0; i < s.length; i++) { n++; const c = s.charCodeAt(i); if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++; } return n; }`,
      ...PATTERN_HELPERS,
      esc: `const esc = (k) => (k.includes("~") || k.includes("/") ? k.replace(/~/g, "~0").replace(/\\//g, "~1") : k);`,
      R: [
        `/** A raw issue: the value's pointer, its constant (a number in constants.cjs), what it needs from the data, a`,
        ` * condition, the parent's pointer. Only the error path makes one: the constants load at the first problem. */`,
        `let constants;`,
        `const R = (at, c, v, o) => ({ at, c: (constants ??= require("./constants.cjs"))[c], v, w: undefined, o });`,
      ].join("\n"),
    };
    const uses = (code: string, helper: string) => new RegExp(`(?<![\\w.$])${helper}[(\\[]`).test(code);
    files["runtime.cjs"] = [
      GENERATED,
      `// What the compiled checks (part<k>.cjs) share.`,
      `"use strict";`,
      ...Object.values(helpers),
      `module.exports = { ${Object.keys(helpers).join(", ")} };`,
      ``,
    ].join("\n");
    // JSON text: V8 reads it far faster than the same 250 objects written as code. null stands for "none".
    const constants = [...this.issues.keys()];
    files["constants.cjs"] = [
      GENERATED,
      `// Every issue constant of the compiled checks, by number (see scripts/validators.ts Compiler.issue).`,
      `"use strict";`,
      `/** A constant issue: all built by one function, so that all have one shape (property reads stay fast). */`,
      `const I = (kind, keyword, message, params, phrase, extra) => ({ kind, keyword, message, params, phrase: phrase ?? undefined, extra: extra ?? undefined });`,
      `module.exports = JSON.parse(${q(`[${constants.join(",")}]`)}).map((c) => I(...c));`,
      ``,
    ].join("\n");
    // Parts: the functions in the order they were finished, cut into files of about PART_SIZE characters. A function
    // is finished after the functions it calls, so a target's checks are mostly in one or two neighbouring parts.
    const parts: { name: string; body: string }[][] = [[]];
    let size = 0;
    for (const f of this.functions) {
      if (size > 0 && size + f.body.length > PART_SIZE) {
        parts.push([]);
        size = 0;
      }
      parts.at(-1)!.push(f);
      size += f.body.length;
    }
    const partOf = new Map(parts.flatMap((part, i) => part.map((f) => [f.name, i] as const)));
    const regexpSource = new Map([...this.regexps].map(([source, name]) => [name, source]));
    parts.forEach((part, i) => {
      const code = part.map((f) => f.body).join("\n");
      const shared = Object.keys(helpers).filter((h) => uses(code, h));
      const own = new Set(part.map((f) => f.name));
      const called = [...new Set([...code.matchAll(/(?<![\w.$])(s\d+)\(/g)].map((m) => m[1]))].filter((f) => !own.has(f));
      const regexps = [...new Set([...code.matchAll(/(?<![\w.$])(re\d+)\./g)].map((m) => m[1]))];
      files[`part${i}.cjs`] = [
        GENERATED,
        `"use strict";`,
        ...(shared.length ? [`const { ${shared.join(", ")} } = require("./runtime.cjs");`] : []),
        ...(called.length ? [`// Functions of other parts: each binding requires its part at the first call, then is the function itself.`] : []),
        ...called.map((f) => `let ${f} = (data, errs, at) => (${f} = require("./part${partOf.get(f)}.cjs").${f})(data, errs, at);`),
        ...regexps.map((r) => `const ${r} = ${regexpSource.get(r)};`),
        code,
        `module.exports = { ${part.map((f) => f.name).join(", ")} };`,
        ``,
      ].join("\n");
    });
    this.size = Object.values(files).reduce((n, text) => n + text.length, 0);
    return { files, located: targetFunctions.map((f) => [partOf.get(f)!, f]) };
  }

  private resolve(ref: string): any {
    if (!ref.startsWith("#")) throw new Error(`only local $ref are supported: ${ref}`);
    const target = resolvePointer(this.doc, ref);
    if (target === undefined) throw new Error(`$ref ${ref} points nowhere`);
    return target;
  }

  /** A regular expression (its source: `new RegExp(...)`): the name the code uses for it. */
  private regexp(source: string): string {
    let name = this.regexps.get(source);
    if (!name) this.regexps.set(source, (name = `re${this.regexps.size}`));
    return name;
  }

  /**
   * A constant issue: its kind (0 a plain issue, 1 an unknown property, 2 a union, 3 a discriminator), the keyword
   * and params (ajv's names), the message in words, the phrase unions can reuse, and what the kind needs besides.
   * Returns its number in constants.cjs, which is what the code passes to `R`.
   */
  private issue(keyword: string, message: string, params: Record<string, unknown>, phrase?: string, kind = 0, extra?: unknown): string {
    const arguments_ = q([kind, keyword, message, params, phrase ?? null, extra ?? null]);
    let n = this.issues.get(arguments_);
    if (n === undefined) this.issues.set(arguments_, (n = this.issues.size));
    return String(n);
  }

  private local(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  /** The pointer expression of the object whose property is being checked ("undefined" at a function's root). */
  private parentAt = "undefined";

  /**
   * Fail (expressions: the value's pointer, the issue constant, what it needs from the data, the pointer of the
   * object the value is a property or item of): return at once on the fast path, else record the issue.
   */
  private fail(at: string, c: string, v = "undefined", o = this.parentAt): string {
    return `{ if (errs === undefined) return false; errs.push(R(${at}, ${c}, ${v}, ${o})); valid = false; }\n`;
  }

  /**
   * Check with another function. Collecting, an item of a list is checked fast first: an item that passes (most of
   * a list, usually) costs no pointer string and no issue, and only one that fails is checked again to collect.
   */
  private call(fn: string, d: string, at: string): string {
    if (!this.items.has(d)) return `if (!${fn}(${d}, errs, errs && ${at})) { if (errs === undefined) return false; valid = false; }\n`;
    return `if (!${fn}(${d})) { if (errs === undefined) return false; ${fn}(${d}, errs, ${at}); valid = false; }\n`;
  }

  /** Statements that check `d` (a local) against `schema`; `at` is an expression for d's JSON pointer. */
  private checks(schema: any, d: string, at: string, parent = "undefined"): string {
    const outer = this.parentAt;
    this.parentAt = parent;
    try {
      return this.schemaChecks(schema, d, at);
    } finally {
      this.parentAt = outer;
    }
  }

  private schemaChecks(schema: any, d: string, at: string): string {
    if (schema === true) return "";
    if (schema === false) return this.fail(at, this.issue("false schema", "is not allowed here", {}));
    if (!schema || typeof schema !== "object") throw new Error(`not a schema: ${q(schema)}`);
    for (const k of Object.keys(schema)) {
      if (!CHECKED.has(k) && !ANNOTATIONS.has(k) && !k.startsWith("x-")) throw new Error(`keyword "${k}" is not supported by scripts/validators.ts`);
    }
    const s = schema;
    let code = "";
    if (typeof s.$ref === "string") code += this.call(this.fn(this.resolve(s.$ref)), d, at);

    const types: string[] | undefined = s.type === undefined ? undefined : [s.type].flat();
    const values: unknown[] | undefined = "const" in s ? [s.const] : s.enum;
    const applies = (t: string) => !types || types.includes(t) || (t === "number" && types.includes("integer"));
    if (values) {
      if (values.some((v) => v !== null && typeof v === "object")) throw new Error("enum/const of objects or arrays is not supported");
      const c = "const" in s
        ? this.issue("const", `must be ${show(s.const)}`, { allowedValue: s.const }, show(s.const))
        : (() => {
            const phrase = values.length === 1 ? show(values[0]) : `one of ${valueList(values)}`;
            return this.issue("enum", `must be ${phrase}`, { allowedValues: values }, phrase);
          })();
      code += `switch (${d}) { ${values.map((v) => `case ${q(v)}: `).join("")}break; default: ${this.fail(at, c)}}\n`;
    }

    const groups: Record<string, string> = {
      string: this.stringChecks(s, d, at),
      number: this.numberChecks(s, d, at),
      object: this.objectChecks(s, d, at),
      array: this.arrayChecks(s, d, at),
    };
    const GUARDS: Record<string, string> = { string: TYPE_TESTS.string(d), number: `typeof ${d} === "number"`, object: TYPE_TESTS.object(d), array: TYPE_TESTS.array(d) };
    // With enum/const values that all have an allowed type, the enum check already says what is allowed.
    const typeImplied = values !== undefined && types !== undefined && values.every((v) => valueHasType(v, types));
    if (types && !typeImplied) {
      const phrase = typePhrase(types);
      const c = this.issue("type", `must be ${phrase}`, { type: types.join(",") }, phrase);
      const test = types.map((t) => {
        if (!TYPE_TESTS[t]) throw new Error(`unknown type ${t}`);
        return TYPE_TESTS[t](d);
      }).join(" || ");
      const single = types.length === 1 ? (types[0] === "integer" ? "number" : types[0]) : undefined;
      if (single && groups[single]) {
        // One type: its keywords run where the type test passed.
        code += `if (!(${test})) ${this.fail(at, c)}else {\n${groups[single]}}\n`;
        groups[single] = "";
      } else {
        code += `if (!(${test})) ${this.fail(at, c)}`;
      }
    }
    for (const [type, body] of Object.entries(groups)) {
      if (body && applies(type)) code += `if (${GUARDS[type]}) {\n${body}}\n`;
    }

    for (const sub of s.allOf ?? []) code += this.checks(sub, d, at, this.parentAt);
    if (Array.isArray(s.anyOf) && Array.isArray(s.oneOf)) throw new Error("anyOf beside oneOf is not supported");
    if (Array.isArray(s.anyOf)) code += this.union("anyOf", s.anyOf, d, at);
    if (Array.isArray(s.oneOf) && !s.discriminator) code += this.union(this.exclusive.has(s) ? "oneOf exclusive" : "oneOf", s.oneOf, d, at);
    if (s.if !== undefined) code += this.conditional(s, d, at);
    else if (s.then !== undefined || s.else !== undefined) throw new Error("then/else without if");
    if (s.not !== undefined) code += this.not(s, d, at);
    return code;
  }

  private stringChecks(s: any, d: string, at: string): string {
    let code = "";
    if (s.minLength !== undefined) {
      const n = s.minLength;
      const c = this.issue("minLength", n === 1 ? "must not be empty" : `must be at least ${n} characters long`, { limit: n });
      // A string of k UTF-16 units has between k/2 and k code points: `.length` decides most strings.
      const test = n === 1 ? `${d}.length === 0` : `${d}.length < ${2 * n} && len(${d}) < ${n}`;
      if (n > 0) code += `if (${test}) ${this.fail(at, c)}`;
    }
    if (s.maxLength !== undefined) {
      const n = s.maxLength;
      const c = this.issue("maxLength", `must be at most ${n} characters long`, { limit: n });
      code += `if (${d}.length > ${n} && len(${d}) > ${n}) ${this.fail(at, c)}`;
    }
    if (typeof s.pattern === "string") {
      const phrase = describePattern(s.pattern);
      const c = this.issue("pattern", `must be ${phrase}`, { pattern: s.pattern }, phrase);
      const loop = patternCheck(s.pattern, d);
      const test = loop ? loop.test : `${this.regexp(`new RegExp(${q(s.pattern)}${sameWithoutUnicodeFlag(s.pattern) ? "" : `, "u"`})`)}.test(${d})`;
      code += `if (!${test}) ${this.fail(at, c)}`;
    }
    code += this.format(s, d, at, "string");
    return code;
  }

  private format(s: any, d: string, at: string, type: string): string {
    if (s.format === undefined || ANNOTATION_FORMATS.has(s.format)) return "";
    if (!FORMAT_TYPES[s.format]) throw new Error(`format "${s.format}" has no check in scripts/ajv.ts FORMATS_SOURCE`);
    if (FORMAT_TYPES[s.format] !== type) return "";
    const phrase = formatPhrase(s.format);
    const c = this.issue("format", `must be ${phrase}`, { format: s.format }, phrase);
    const fn = type === "string" ? `formats[${q(s.format)}]` : `formats[${q(s.format)}].validate`;
    return `if (!${fn}(${d})) ${this.fail(at, c)}`;
  }

  private numberChecks(s: any, d: string, at: string): string {
    const bounds: [string, string, (n: number) => string][] = [
      ["minimum", "<", (n) => `must be ${n} or more`],
      ["maximum", ">", (n) => `must be ${n} or less`],
      ["exclusiveMinimum", "<=", (n) => `must be greater than ${n}`],
      ["exclusiveMaximum", ">=", (n) => `must be less than ${n}`],
    ];
    let code = "";
    for (const [keyword, op, message] of bounds) {
      if (typeof s[keyword] !== "number") continue;
      const comparison = { minimum: ">=", maximum: "<=", exclusiveMinimum: ">", exclusiveMaximum: "<" }[keyword];
      const c = this.issue(keyword, message(s[keyword]), { comparison, limit: s[keyword] });
      code += `if (${d} ${op} ${s[keyword]}) ${this.fail(at, c)}`;
    }
    return code + this.format(s, d, at, "number");
  }

  private objectChecks(s: any, d: string, at: string): string {
    let code = "";
    const required: string[] = s.required ?? [];
    const properties: Record<string, any> = s.properties ?? {};
    const child = (name: string) => `${at} + ${q(`/${escapeToken(name)}`)}`;
    const missing = (name: string) =>
      this.fail(child(name), this.issue("required", "is required", { missingProperty: name }), "undefined", at);
    for (const name of required) if (!(name in properties)) code += `if (${d}[${q(name)}] === undefined) ${missing(name)}`;
    for (const [name, sub] of Object.entries(properties)) {
      const v = this.local(`${d}p`);
      const inner = this.checks(sub, v, child(name), at);
      if (required.includes(name)) code += `const ${v} = ${d}[${q(name)}];\nif (${v} === undefined) ${missing(name)}else {\n${inner}}\n`;
      else if (inner) code += `const ${v} = ${d}[${q(name)}];\nif (${v} !== undefined) {\n${inner}}\n`;
    }
    if (s.discriminator) code += this.discriminated(s, d, at);
    // Closed models: every property name must be one the model knows.
    const closedNames = s.unevaluatedProperties === false ? this.closed.get(s) : s.additionalProperties === false ? Object.keys(properties) : undefined;
    if (s.unevaluatedProperties !== undefined && s.unevaluatedProperties !== false) throw new Error("unevaluatedProperties other than false is not supported");
    if (s.unevaluatedProperties === false && !closedNames) {
      throw new Error("unevaluatedProperties: false where a subschema may evaluate a property the schema does not always evaluate (closedModels)");
    }
    if (s.unevaluatedProperties === false && s.additionalProperties !== undefined) throw new Error("unevaluatedProperties beside additionalProperties is not supported");
    const extra = s.additionalProperties;
    if (closedNames || (extra !== undefined && extra !== true)) {
      const k = this.local("k");
      const keyword = s.unevaluatedProperties === false ? "unevaluatedProperties" : "additionalProperties";
      const known = closedNames ?? Object.keys(properties);
      const cases = known.map((n) => `case ${q(n)}: `).join("");
      let otherwise: string;
      if (closedNames) {
        const c = this.issue(keyword, "is not a property of this model (unknown properties are not allowed here)", {}, undefined, 1, keyword === "unevaluatedProperties" ? "unevaluatedProperty" : "additionalProperty");
        // The pointer (parent + name) is made only if the issue is reported (explain() does it).
        otherwise = this.fail("undefined", c, k, at);
      } else {
        const v = this.local(`${d}a`);
        otherwise = `{ const ${v} = ${d}[${k}];\n${this.checks(extra, v, `${at} + "/" + esc(${k})`, at)}}\n`;
      }
      code += `for (const ${k} in ${d}) {\n${cases ? `switch (${k}) { ${cases}break; default: ${otherwise}}` : otherwise}\n}\n`;
    }
    return code;
  }

  private arrayChecks(s: any, d: string, at: string): string {
    let code = "";
    if (typeof s.minItems === "number" && s.minItems > 0) {
      const c = this.issue("minItems", s.minItems === 1 ? "must not be empty" : `must have at least ${s.minItems} items`, { limit: s.minItems });
      code += `if (${d}.length < ${s.minItems}) ${this.fail(at, c)}`;
    }
    if (typeof s.maxItems === "number") {
      const c = this.issue("maxItems", `must have at most ${s.maxItems} items`, { limit: s.maxItems });
      code += `if (${d}.length > ${s.maxItems}) ${this.fail(at, c)}`;
    }
    if (s.items !== undefined && s.items !== true) {
      const i = this.local("i");
      const v = this.local(`${d}i`);
      this.items.add(v);
      code += `for (let ${i} = 0; ${i} < ${d}.length; ${i}++) {\nconst ${v} = ${d}[${i}];\n${this.checks(s.items, v, `${at} + "/" + ${i}`, at)}}\n`;
    }
    return code;
  }

  /**
   * anyOf/oneOf: on the fast path stop at the first passing branch (or count them); collecting, keep every branch's
   * issues. A union of a property or item (not of the function's own data, checked because it or a schema beside
   * it failed) decides with the fast checks first, so that one that passes allocates nothing.
   */
  private union(kind: "anyOf" | "oneOf" | "oneOf exclusive", branches: any[], d: string, at: string): string {
    const fns = branches.map((b) => this.fn(b));
    const keyword = kind === "anyOf" ? "anyOf" : "oneOf";
    const forms = branches.map((b) => ({ phrase: describeSchema(b), name: componentName(b) }));
    const phrases = forms.map((f) => f.phrase);
    const params = keyword === "oneOf" ? { passingSchemas: null } : {};
    // When every branch fails on the form of the value, the message is known now: "must be a number or ...".
    const all = phrases.every((p) => p !== undefined) ? { phrase: list(phrases as string[]), message: `must be ${list(phrases as string[])}` } : {};
    const c = this.issue(keyword, "", params, undefined, 2, { forms, ...all });
    const fast = kind === "oneOf" ? `${fns.map((f) => `(${f}(${d}) ? 1 : 0)`).join(" + ")} !== 1` : `!(${fns.map((f) => `${f}(${d})`).join(" || ")})`;
    const b = this.local("b");
    const n = this.local("n");
    const a = this.local("a");
    // One pointer string for the union and its branches: explain() compares them by identity first. A branch that
    // passed collected nothing: its list stays empty (the issue needs no list of passing branches).
    const collect =
      `const ${a} = ${at}, ${b} = [${fns.map(() => "[]").join(", ")}];\nlet ${n} = 0;\n` +
      fns.map((f, i) => `if (${f}(${d}, ${b}[${i}], ${a})) ${n}++;\n`).join("") +
      `if (${n} ${keyword === "anyOf" ? "=== 0" : "!== 1"}) { errs.push(R(${a}, ${c}, ${b}, ${this.parentAt})); valid = false; }\n`;
    if (d === "data") return `if (errs === undefined) { if (${fast}) return false; }\nelse {\n${collect}}\n`;
    return `if (${fast}) {\nif (errs === undefined) return false;\n${collect}}\n`;
  }

  /** A discriminated union (ajv's `discriminator`): the value of the property selects the one variant to check. */
  private discriminated(s: any, d: string, at: string): string {
    const tag: string = s.discriminator.propertyName;
    const branches: any[] = s.oneOf ?? s.anyOf;
    if (!Array.isArray(branches)) throw new Error("discriminator without oneOf");
    const cases: string[] = [];
    const values: string[] = [];
    for (const branch of branches) {
      const variant = typeof branch.$ref === "string" ? this.resolve(branch.$ref) : branch;
      const property = variant?.properties?.[tag];
      const own: unknown[] = property && "const" in property ? [property.const] : (property?.enum ?? []);
      if (!own.length || !own.every((v) => typeof v === "string")) throw new Error(`a variant of the ${tag} union has no string const/enum for it`);
      values.push(...(own as string[]));
      cases.push(`${own.map((v) => `case ${q(v)}:`).join(" ")}\n${this.call(this.fn(branch), d, at)}break;\n`);
    }
    const mapped = Object.keys(s.discriminator.mapping ?? {});
    if (mapped.length && (mapped.length !== values.length || !mapped.every((v) => values.includes(v)))) {
      throw new Error(`the ${tag} discriminator's mapping (${mapped.join(", ")}) does not name the variants' values (${values.join(", ")})`);
    }
    const allowed = `one of ${valueList(values)}`;
    const c = this.issue("discriminator", "", {}, undefined, 3, {
      tag,
      allowedValues: values,
      missing: `is required: it selects the kind of body and must be ${allowed}`,
      unknown: ` is not a known ${tag}: must be ${allowed}`,
    });
    const t = this.local("t");
    return `const ${t} = ${d}[${q(tag)}];\nswitch (${t}) {\n${cases.join("")}default: ${this.fail(`${at} + ${q(`/${escapeToken(tag)}`)}`, c, t, at)}}\n`;
  }

  /** if/then/else: the branch that applies; its issues say the condition ("is required (when statusCode is ...)"). */
  private conditional(s: any, d: string, at: string): string {
    const condition = conditionOf(s.if);
    const branch = (sub: any, when: string | undefined) => {
      if (sub === undefined || sub === true) return "";
      const fn = this.fn(sub);
      if (!when) return this.call(fn, d, at);
      const t = this.local("w");
      return (
        `if (errs === undefined) { if (!${fn}(${d})) return false; }\n` +
        `else { const ${t} = []; if (!${fn}(${d}, ${t}, ${at})) { valid = false; for (const x of ${t}) { if (x.w === undefined) x.w = ${q(when)}; errs.push(x); } } }\n`
      );
    };
    const then = branch(s.then, condition);
    const otherwise = branch(s.else, undefined);
    if (!then && !otherwise) return "";
    return `if (${this.fn(s.if)}(${d})) {\n${then}}${otherwise ? ` else {\n${otherwise}}` : ""}\n`;
  }

  /** `not`; not(A and not B) is "if A then B": the issue is B at its field, with A as the condition. */
  private not(s: any, d: string, at: string): string {
    const not = s.not;
    const condition = conditionOf(not);
    const inner = not?.not;
    const names = Object.keys(inner?.properties ?? {});
    if (condition && names.length === 1) {
      const name = names[0];
      const pointer = `${at} + ${q(`/${escapeToken(name)}`)}`;
      const phrase = describeSchema(inner.properties[name]);
      const present = phrase ? this.issue("not", `must be ${phrase} (when ${condition})`, {}) : this.issue("not", `is not allowed (when ${condition})`, {});
      const absent = (inner.required ?? []).includes(name) ? this.issue("not", `is required (when ${condition})`, {}) : present;
      const isAbsent = `(${d} === null || typeof ${d} !== "object" || ${d}[${q(name)}] === undefined)`;
      return `if (${this.fn(not)}(${d})) ${this.fail(pointer, `${isAbsent} ? ${absent} : ${present}`, "undefined", at)}`;
    }
    const phrase = describeSchema(not);
    const rule = typeof s.description === "string" ? s.description : undefined;
    const message = phrase ? `must not be ${phrase}` : rule ? `breaks the rule: ${rule}` : "is not allowed in this combination of fields";
    return `if (${this.fn(not)}(${d})) ${this.fail(at, this.issue("not", message, {}))}`;
  }
}

function componentName(branch: any): string | undefined {
  const m = typeof branch?.$ref === "string" ? /^#\/components\/schemas\/([^/]+)$/.exec(branch.$ref) : null;
  return m ? unescapeToken(m[1]) : undefined;
}

const SCHEMA_MAPS = ["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_VALUES = ["items", "contains", "not", "if", "then", "else", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "propertyNames"];

/** Every schema object reachable from `roots` through schema keywords and local `$ref`s, each once. */
function eachSchema(doc: any, roots: any[], visit: (schema: any) => void): void {
  const seen = new Set<any>();
  const walk = (s: any): void => {
    if (!s || typeof s !== "object" || Array.isArray(s) || seen.has(s)) return;
    seen.add(s);
    visit(s);
    if (typeof s.$ref === "string") walk(resolvePointer(doc, s.$ref));
    for (const k of SCHEMA_MAPS) if (s[k] && typeof s[k] === "object") Object.values(s[k]).forEach(walk);
    for (const k of SCHEMA_LISTS) if (Array.isArray(s[k])) s[k].forEach(walk);
    for (const k of SCHEMA_VALUES) walk(s[k]);
  };
  roots.forEach(walk);
}

/**
 * Closed models (`unevaluatedProperties: false`) whose evaluated properties are known at build time: every property
 * any in-place subschema (`$ref`, `allOf`, `anyOf`, `oneOf`, `if`, `then`, `else`, `not`) can evaluate is one that the
 * schema itself or its always-applied `$ref`/`allOf` subschemas list in `properties`, and none of them has
 * `additionalProperties`, `patternProperties`, `dependentSchemas`, `unevaluatedProperties` or `$dynamicRef` (nor a
 * cycle). Then the evaluated properties of any data that passes the rest are exactly its properties with those
 * names, and "no unevaluated property" is "no other name". Also why an unknown property is reported on its own and
 * not again for every property of a variant that failed (ajv passes no annotations up from a failed subschema).
 */
function closedModels(doc: any, roots: any[]): Map<any, string[]> {
  const ref = (s: any) => (typeof s.$ref === "string" ? [resolvePointer(doc, s.$ref)] : []);
  const UNBOUNDED = ["additionalProperties", "patternProperties", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef"];
  /** Property names a passing schema always evaluates (`sure`) and may evaluate (`possible`); null: cannot tell. */
  const names = (s: any, stack: Set<any>, self = false): { sure: Set<string>; possible: Set<string> } | null => {
    if (typeof s === "boolean") return { sure: new Set(), possible: new Set() };
    if (!s || typeof s !== "object" || stack.has(s)) return null;
    if (UNBOUNDED.some((k) => k in s && !(self && k === "unevaluatedProperties"))) return null;
    stack.add(s);
    try {
      const sure = new Set(Object.keys(s.properties ?? {}));
      const possible = new Set(sure);
      for (const sub of [...ref(s), ...(s.allOf ?? [])]) {
        const n = names(sub, stack);
        if (!n) return null;
        n.sure.forEach((x) => sure.add(x));
        n.possible.forEach((x) => possible.add(x));
      }
      for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...["if", "then", "else", "not"].filter((k) => k in s).map((k) => s[k])]) {
        const n = names(sub, stack);
        if (!n) return null;
        n.possible.forEach((x) => possible.add(x));
      }
      return { sure, possible };
    } finally {
      stack.delete(s);
    }
  };
  const closed = new Map<any, string[]>();
  eachSchema(doc, roots, (s) => {
    if (s.unevaluatedProperties !== false) return;
    const n = names(s, new Set(), true);
    if (n && [...n.possible].every((x) => n.sure.has(x))) closed.set(s, [...n.sure]);
  });
  return closed;
}

/**
 * `oneOf`s whose branches accept disjoint JSON types (a number or a decimal string; a model or `null`): at most one
 * branch can pass, so "exactly one" is "at least one", and the fast path can stop at the first that passes.
 */
function exclusiveUnions(doc: any, roots: any[]): Set<any> {
  const ALL = ["null", "boolean", "object", "array", "number", "string"];
  const ref = (s: any) => (typeof s.$ref === "string" ? [resolvePointer(doc, s.$ref)] : []);
  /** A superset of the JSON types of the values a schema accepts. */
  const types = (s: any, stack: Set<any>): Set<string> => {
    if (s === false) return new Set();
    if (!s || typeof s !== "object" || stack.has(s)) return new Set(ALL);
    stack.add(s);
    let t = new Set(ALL);
    const only = (allowed: Iterable<string>) => {
      const a = new Set(allowed);
      t = new Set([...t].filter((x) => a.has(x)));
    };
    if (s.type !== undefined) only((Array.isArray(s.type) ? s.type : [s.type]).map((x: string) => (x === "integer" ? "number" : x)));
    if ("const" in s) only([jsonType(s.const)]);
    if (Array.isArray(s.enum)) only(s.enum.map(jsonType));
    for (const sub of [...ref(s), ...(s.allOf ?? [])]) only(types(sub, stack));
    for (const k of ["anyOf", "oneOf"]) if (Array.isArray(s[k])) only(s[k].flatMap((b: any) => [...types(b, stack)]));
    stack.delete(s);
    return t;
  };
  const exclusive = new Set<any>();
  eachSchema(doc, roots, (s) => {
    if (!Array.isArray(s.oneOf) || s.discriminator !== undefined) return;
    const seen = new Set<string>();
    const branchTypes = s.oneOf.map((b: any) => types(b, new Set()));
    if (branchTypes.every((t: Set<string>) => [...t].every((x) => !seen.has(x) && (seen.add(x), true)))) exclusive.add(s);
  });
  return exclusive;
}

/**
 * Whether a regular expression matches the same strings with and without the `u` flag: printable ASCII only, and
 * none of the constructs whose meaning depends on it (`.`, negated classes `[^`, `\D`, `\S`, `\W` match one UTF-16
 * unit without it and a whole code point with it; `\p`, `\P`, `\u{}`, `\c`, `\k` parse differently).
 */
function sameWithoutUnicodeFlag(pattern: string): boolean {
  if (!/^[\x20-\x7e]*$/.test(pattern)) return false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      if ("DSWpPuck".includes(pattern[i + 1] ?? "")) return false;
      i++;
    } else if (c === "." || (c === "[" && pattern[i + 1] === "^")) return false;
  }
  return true;
}

/**
 * ajv's `discriminator` keyword applies to objects only and replaces `oneOf`: a union schema without `type` would
 * then accept a string, a number, an array or null. JSON Schema's `oneOf` rejects them (every variant is an
 * object), so where every variant is object-typed, say so on the union itself: same meaning. Returns a copy.
 */
function objectTypedUnions(source: any): any {
  const doc = structuredClone(source);
  const isObjectTyped = (schema: any, seen = new Set<any>()): boolean => {
    while (schema?.$ref && !seen.has(schema)) {
      seen.add(schema);
      schema = resolvePointer(doc, schema.$ref);
    }
    if (!schema || typeof schema !== "object") return false;
    if (schema.type === "object") return true;
    if (Array.isArray(schema.allOf) && schema.allOf.some((s: any) => isObjectTyped(s, seen))) return true;
    const branches = schema.oneOf ?? schema.anyOf;
    return Array.isArray(branches) && branches.length > 0 && branches.every((s: any) => isObjectTyped(s, seen));
  };
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.discriminator && node.type === undefined) {
      const branches = node.oneOf ?? node.anyOf;
      if (!Array.isArray(branches) || !branches.every((b: any) => isObjectTyped(b))) {
        fail(`a discriminated union has a variant that is not an object: ${JSON.stringify(branches)}`);
      }
      node.type = "object";
    }
    for (const [key, child] of Object.entries<any>(node)) {
      if (key !== "example" && key !== "examples" && key !== "const" && key !== "enum") walk(child);
    }
  };
  walk(doc.components);
  walk(doc.paths);
  walk(doc.webhooks);
  return doc;
}

/** Discriminated bodies: for each target whose schema is one, its property and the target of each variant. */
function discriminatorsOf(doc: any, targets: ReturnType<typeof listTargets>) {
  const byPointer = new Map(targets.map((t) => [t.pointer, t.name]));
  const result: Record<string, { propertyName: string; mapping: Record<string, string> }> = {};
  for (const target of targets) {
    let schema = resolvePointer(doc, target.pointer);
    while (schema?.$ref) schema = resolvePointer(doc, schema.$ref);
    const d = schema?.discriminator;
    if (!d?.mapping) continue;
    const mapping: Record<string, string> = {};
    for (const [value, ref] of Object.entries<string>(d.mapping)) mapping[value] = byPointer.get(ref) ?? ref;
    result[target.name] = { propertyName: d.propertyName, mapping };
  }
  return result;
}

function typedEntry(api: string, targets: ReturnType<typeof listTargets>, located: [number, string][], doc: any): string {
  const lines = [
    `// Generated by scripts/validators.ts from openapi/${api}/. Do not edit: run \`npm run build\`.`,
    `import parts from "../checks.cjs";`,
    `import type { components, paths, webhooks } from "./types.js";`,
    ``,
    `/** A compiled check: true when valid; given an issues array, it collects every problem (src/validators/messages.ts). */`,
    `export type Check = (data: unknown, issues?: unknown[], at?: string) => boolean;`,
    ``,
    `/** The check named \`name\` in part \`part\` of ${CHECKS}/, required at the first call: importing this module compiles no check. */`,
    `function lazy(part: number, name: string): Check {`,
    `  let check: Check | undefined;`,
    `  return (data, issues, at) => (check ??= parts.${api}(part)[name])(data, issues, at);`,
    `}`,
    ``,
    `/** Every validation target of this API and the TypeScript type of data that passes it. */`,
    `export interface Targets {`,
    ...targets.map((t) => `  ${JSON.stringify(t.name)}: ${t.type};`),
    `}`,
    `export type TargetName = keyof Targets;`,
    ``,
    // Start-up cost (issue 25 item 5, P136): the tables are JSON text, which V8 reads far faster than the same data
    // written as code, read at their first use, so that importing the validators of both APIs builds neither. A check
    // is made when its target is first asked for.
    `/** Every target, in document order: its name → the part of ${CHECKS}/ that holds its check and the check's name there. */`,
    `const LOCATED = ${q(JSON.stringify(Object.fromEntries(targets.map((t, i) => [t.name, located[i]]))))};`,
    `let table: Readonly<Record<string, [number, string]>> | undefined;`,
    `const made = new Map<string, Check>();`,
    ``,
    `/** Every target name, in document order. */`,
    `export function targetNames(): TargetName[] {`,
    `  return Object.keys((table ??= JSON.parse(LOCATED))) as TargetName[];`,
    `}`,
    ``,
    `/** The check of a target (undefined for a name that is none). */`,
    `export function check(name: string): Check | undefined {`,
    `  let found = made.get(name);`,
    `  const located = (table ??= JSON.parse(LOCATED) as NonNullable<typeof table>);`,
    `  if (found === undefined && Object.hasOwn(located, name)) made.set(name, (found = lazy(...located[name])));`,
    `  return found;`,
    `}`,
    ``,
    `const DISCRIMINATORS = ${q(JSON.stringify(discriminatorsOf(doc, targets)))};`,
    `let discriminatorTable: Readonly<Partial<Record<TargetName, { propertyName: string; mapping: Readonly<Record<string, TargetName>> }>>> | undefined;`,
    ``,
    `/** Bodies chosen by a discriminator: its property, and the target that validates each variant. */`,
    `export function discriminators(): NonNullable<typeof discriminatorTable> {`,
    `  return (discriminatorTable ??= JSON.parse(DISCRIMINATORS));`,
    `}`,
    ``,
    `export type _Unused = paths | webhooks | components;`,
    ``,
  ];
  return lines.join("\n");
}

main();
