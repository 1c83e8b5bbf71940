// Mutations of every request example are rejected, with the error at the field that was broken: each required field
// removed, each enum (and discriminator constant) replaced by an unknown value, each typed field given a value of
// another JSON type, and an extra property on closed models. Nested objects (a payment's recipient account, a
// transaction's card) are mutated too, down to three levels.
import { describe, expect, it } from "vitest";
import { APIS, type ApiName } from "../../scripts/lib.ts";
import { validate, type TargetName } from "../../src/validators/index.ts";
import { loadDoc } from "../support/spec.ts";
import { examples, fastAgreesWithFull, isPlainObject, objectFacts, oracleValid, propertyFacts, targetPointer } from "./support.ts";

interface Mutation {
  label: string;
  /** Where the error must be reported. */
  pointer: string;
  data: unknown;
}

const UNKNOWN = "NOT_A_DOCUMENTED_VALUE";
const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** A value of a JSON type the property does not allow. */
function wrongTypeValue(types: Set<string>): unknown {
  const numeric = types.has("number") || types.has("integer");
  const candidates: [boolean, unknown][] = [
    [!types.has("object"), { unexpected: true }],
    [!types.has("boolean"), true],
    [!numeric, 12345],
    [!types.has("string"), "not the right type"],
    [!types.has("array"), ["not the right type"]],
  ];
  return candidates.find(([ok]) => ok)?.[1];
}

function mutations(api: ApiName, root: unknown, schemaPointers: string[], at: string[], depth: number): Mutation[] {
  const doc = loadDoc(api);
  const value = at.reduce((v: any, k) => v?.[k], root);
  if (!isPlainObject(value)) return [];
  const facts = objectFacts(api, schemaPointers, value);
  const out: Mutation[] = [];
  const where = (k: string) => `/${[...at, k].map(esc).join("/")}`;
  const edit = (fn: (obj: Record<string, unknown>) => void) => {
    const copy = structuredClone(root);
    fn(at.reduce((v: any, k) => v[k], copy));
    return copy;
  };
  for (const name of facts.required) {
    if (!Object.hasOwn(value, name)) continue;
    out.push({ label: `without required ${where(name)}`, pointer: where(name), data: edit((o) => delete o[name]) });
  }
  for (const [name, pointers] of facts.properties) {
    if (!Object.hasOwn(value, name)) continue;
    const prop = propertyFacts(doc, pointers);
    if (prop.enums.length || prop.consts.length || facts.discriminators.has(name)) {
      if (typeof value[name] === "string") {
        out.push({ label: `unknown value at ${where(name)}`, pointer: where(name), data: edit((o) => (o[name] = UNKNOWN)) });
      }
    }
    if (!prop.unknown) {
      const wrong = wrongTypeValue(prop.types);
      if (wrong !== undefined) {
        out.push({ label: `wrong type at ${where(name)}`, pointer: where(name), data: edit((o) => (o[name] = wrong)) });
      }
    }
    if (depth < 3 && isPlainObject(value[name])) out.push(...mutations(api, root, pointers, [...at, name], depth + 1));
  }
  if (facts.closed) {
    out.push({ label: `extra property at ${where("unexpectedProperty")}`, pointer: where("unexpectedProperty"), data: edit((o) => (o.unexpectedProperty = 1)) });
  }
  return out;
}

for (const api of APIS) {
  describe(`${api}: mutated request examples are rejected at the broken field`, () => {
    const samples = examples(api, "request");
    const cases = samples.flatMap((s) =>
      mutations(api, s.value, [targetPointer(api, s.target)], [], 0).map((m) => [`${s.target} "${s.name}": ${m.label}`, s.target, m] as const),
    );

    it("has request examples and mutations", () => {
      expect(samples.length).toBeGreaterThan(5);
      expect(cases.length).toBeGreaterThan(samples.length * 3);
    });

    it.each(cases)("%s", (_label, target, m) => {
      fastAgreesWithFull(api, target, m.data);
      // A field that only selects one of several open variants may be removable: then an independent validator
      // accepts the result too, and there is nothing to reject.
      if (oracleValid(api, targetPointer(api, target), m.data)) {
        expect(validate(api, target as TargetName<typeof api>, m.data).valid).toBe(true);
        return;
      }
      const result = validate(api, target as TargetName<typeof api>, m.data);
      expect(result.valid, "the mutation must be rejected").toBe(false);
      const pointers = result.errors?.map((e) => `${e.pointer} ${e.keyword}: ${e.message}`) ?? [];
      const at = (e: { pointer: string; params: Record<string, unknown> }) =>
        e.pointer === m.pointer || (e.params.alternatives as string[][] | undefined)?.flat().includes(m.pointer);
      expect(result.errors?.some(at), `expected an error at ${m.pointer}; got\n${pointers.join("\n")}`).toBe(true);
      for (const e of result.errors ?? []) {
        expect(e.message.length).toBeGreaterThan(3);
        expect(e.message).not.toMatch(/must match exactly one schema|must match "then"|tag ".*" must be/);
      }
    });
  });
}
