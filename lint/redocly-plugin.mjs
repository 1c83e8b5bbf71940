// Our Redocly rules that a configurable rule in redocly.yaml cannot express. Loaded by `plugins:` in redocly.yaml.
//
// westpac/no-global-component-names: no component may be named after a JavaScript or DOM global (`File`, `Error`,
// `Response`, ...). Code generators declare a type per component, which then shadows the global in the generated
// module: orval's upload code passed our `File` model to `FormData.append` and failed to compile (DECISIONS.md P45).
// The names are read from TypeScript's own lib files (ECMAScript, DOM, web workers), so the list is complete
// rather than remembered. In the split sources a component is named by its file (`schemas/File.yaml` becomes
// `File`, as `redocly bundle` names it), so file references are checked as well as `components` keys.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import ts from "typescript";

const COMPONENT_TYPES = new Set(["Schema", "Response", "Parameter", "RequestBody", "Header"]);
const COMPONENT_KINDS = ["schemas", "responses", "parameters", "requestBodies", "headers"];

let globals;
/** Every name TypeScript's lib files declare at the top level: values, interfaces, type aliases, namespaces. */
function globalNames() {
  if (globals) return globals;
  const libDir = dirname(createRequire(import.meta.url).resolve("typescript/lib/lib.d.ts"));
  globals = new Set();
  for (const file of readdirSync(libDir).filter((f) => /^lib\..+\.d\.ts$/.test(f))) {
    const source = ts.createSourceFile(file, readFileSync(join(libDir, file), "utf8"), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) globals.add(d.name.text);
      } else if ("name" in statement && statement.name && ts.isIdentifier(statement.name)) {
        globals.add(statement.name.text);
      }
    }
  }
  return globals;
}

const message = (name) =>
  `Component name "${name}" is a JavaScript or DOM global; generated code would shadow it. ` +
  `Rename it (e.g. "Payment${name}") and record the rename in CHANGELOG.md.`;

function NoGlobalComponentNames() {
  return {
    Components: {
      enter(components, ctx) {
        for (const kind of COMPONENT_KINDS) {
          for (const name of Object.keys(components[kind] ?? {})) {
            if (globalNames().has(name)) ctx.report({ message: message(name), location: ctx.location.child([kind, name]).key() });
          }
        }
      },
    },
    ref: {
      enter(ref, ctx) {
        const [file, pointer] = String(ref.$ref).split("#");
        if (!file || !COMPONENT_TYPES.has(ctx.type?.name)) return; // local refs point at components checked above
        const name = pointer ? pointer.split("/").pop() : basename(file).replace(/\.(ya?ml|json)$/i, "");
        if (globalNames().has(name)) ctx.report({ message: message(name), location: ctx.location.child("$ref") });
      },
    },
  };
}

/** Whether a `$ref` points at the shared schema of an unlisted code (P47), in split sources or in a bundle. */
const isUnlistedCode = (ref) => typeof ref === "string" && /(^|\/)UnlistedCode(\.ya?ml)?$/.test(ref.split("#").pop() || ref.split("#")[0]);

/** Whether a schema's location is the root of a component: a split-layout schema file, or `#/components/schemas/X`. */
const isComponentRoot = (pointer) => pointer === "#/" || pointer === "#" || /^#\/components\/schemas\/[^/]+$/.test(pointer);

// westpac/open-code-list-named: an open code list (`anyOf` with `UnlistedCode`, P47) is a component of its own
// (`<List>OrUnlisted`, P113), never written inline in a property: generators name an inline one after its model and
// property (`Transaction` + `status`), which is the list's own name, and openapi-generator then writes an enum class
// that contains itself.
function OpenCodeListNamed() {
  return {
    Schema: {
      enter(schema, ctx) {
        if (!Array.isArray(schema.anyOf) || !schema.anyOf.some((s) => isUnlistedCode(s?.$ref))) return;
        if (isComponentRoot(ctx.location.pointer)) return;
        ctx.report({
          message:
            "An open code list (anyOf with UnlistedCode) must be a component of its own, named <List>OrUnlisted, and " +
            "the property must $ref it (P113): generators name an inline one after the list it wraps.",
          location: ctx.location.child("anyOf"),
        });
      },
    },
  };
}

/** A component's name from a `$ref`: the last pointer segment, or the file's name in the split layout. */
const refName = (ref) => {
  const [file, pointer] = String(ref).split("#");
  return pointer ? pointer.split("/").pop() : basename(file).replace(/\.(ya?ml|json)$/i, "");
};

// westpac/operation-request-name: a schema named `<OperationId>Request` (`createPayToAgreement` ->
// `CreatePayToAgreementRequest`) must be that operation's JSON request body. openapi-generator's typescript-fetch
// names each operation's parameters interface `<OperationId>Request`; where that is the body's own model it renames
// the interface, but any other schema of that name clashes with it and the client does not compile (P117).
function OperationRequestName() {
  const operations = [];
  const names = new Set();
  return {
    Operation: {
      enter(op, ctx) {
        if (typeof op.operationId !== "string" || !op.operationId) return;
        const body = op.requestBody?.$ref ? ctx.resolve(op.requestBody).node : op.requestBody;
        const schema = body?.content?.["application/json"]?.schema;
        operations.push({ id: op.operationId, body: schema?.$ref ? refName(schema.$ref) : undefined, location: ctx.location.child("operationId") });
      },
    },
    NamedSchemas: {
      enter(schemas) {
        for (const name of Object.keys(schemas ?? {})) names.add(name);
      },
    },
    ref: {
      enter(ref, ctx) {
        if (ctx.type?.name === "Schema") names.add(refName(ref.$ref));
      },
    },
    Root: {
      leave(_root, ctx) {
        for (const { id, body, location } of operations) {
          const name = `${id[0].toUpperCase()}${id.slice(1)}Request`;
          if (names.has(name) && body !== name) {
            ctx.report({
              message:
                `Schema "${name}" is named after operation "${id}" but is not its request body: typescript-fetch names ` +
                `the operation's parameters "${name}" too. Rename the schema after the operation whose body it is (P117).`,
              location,
            });
          }
        }
      },
    },
  };
}

/** Keywords whose subschemas only constrain a value: generators make no type of them. */
const CONSTRAINT_ONLY = new Set(["if", "then", "else", "not"]);
const VARNAME = /^[A-Z][A-Z0-9_]*$/;

// westpac/enum-varnames: every enum a generator makes a type of names its members (P124). Without names,
// generators derive them from the values (`Approved1` for `Approved*`, `TRANSACTIONSUMMARYCODE__0` and `N0` for "0").
// So `x-enum-varnames` holds one upper-case name per value (unique, the same count), `x-enum-descriptions`, where
// present, one description per value, and no enum holds `null` (P96: oapi-codegen made it a constant "<nil>").
// Enums inside `if`/`then`/`else`/`not` only constrain a value, so they are left alone. A name is also unique across
// the API's named lists (the enums at the root of a component): openapi-generator go with its default options makes
// each member a constant of the package, so two lists with one member name (`ACTIVE`) do not compile (P130).
function EnumVarnames() {
  /** Each named list's member names, by the component that holds it. */
  const lists = new Map();
  return {
    Root: {
      leave(_root, ctx) {
        const owners = new Map();
        for (const [component, { names }] of lists) for (const n of names) owners.set(n, [...(owners.get(n) ?? []), component]);
        for (const [component, { names, location }] of lists) {
          const shared = names.filter((n) => owners.get(n).length > 1);
          if (!shared.length) continue;
          const others = [...new Set(shared.flatMap((n) => owners.get(n)))].filter((c) => c !== component);
          ctx.report({
            message:
              `\`x-enum-varnames\` ${shared.join(", ")} also name members of ${others.join(", ")}: openapi-generator go declares ` +
              `every member as a constant of the package, so the client does not compile. Give one list's members a qualifier (P130).`,
            location,
          });
        }
      },
    },
    Schema: {
      enter(schema, ctx) {
        if (!Array.isArray(schema.enum)) return;
        if (String(ctx.location.pointer).split("/").some((segment) => CONSTRAINT_ONLY.has(segment))) return;
        const report = (message, key = "enum") => ctx.report({ message: `${message} (P124).`, location: ctx.location.child(key) });
        if (schema.enum.includes(null)) report("`null` is not an enum value: write it as its own `{type: 'null'}` branch beside the list");
        const names = schema["x-enum-varnames"];
        if (!Array.isArray(names)) return report("An enum needs `x-enum-varnames`, one readable member name per value");
        if (names.length !== schema.enum.length) report(`\`x-enum-varnames\` has ${names.length} names for ${schema.enum.length} values`, "x-enum-varnames");
        const bad = names.filter((n) => typeof n !== "string" || !VARNAME.test(n));
        if (bad.length) report(`\`x-enum-varnames\` must be upper-case names (A-Z, 0-9, _): ${bad.map(String).join(", ")}`, "x-enum-varnames");
        if (new Set(names).size !== names.length) report("`x-enum-varnames` names a member twice", "x-enum-varnames");
        if (isComponentRoot(ctx.location.pointer)) {
          const component = refName(`${ctx.location.source.absoluteRef}${ctx.location.pointer === "#/" ? "" : ctx.location.pointer}`);
          lists.set(component, { names: names.filter((n) => typeof n === "string"), location: ctx.location.child("x-enum-varnames") });
        }
        const descriptions = schema["x-enum-descriptions"];
        if (descriptions !== undefined && (!Array.isArray(descriptions) || descriptions.length !== schema.enum.length || descriptions.some((d) => typeof d !== "string"))) {
          report(`\`x-enum-descriptions\` needs one string per value (${schema.enum.length})`, "x-enum-descriptions");
        }
      },
    },
  };
}

export default function westpacRules() {
  return {
    id: "westpac",
    rules: {
      oas3: {
        "no-global-component-names": NoGlobalComponentNames,
        "open-code-list-named": OpenCodeListNamed,
        "operation-request-name": OperationRequestName,
        "enum-varnames": EnumVarnames,
      },
    },
  };
}
