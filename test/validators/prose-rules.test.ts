// Rules the descriptions state in words are in the schemas (issue 22, P114): each rule is read here from the
// description's own text, never from a list in this file, and checked with validate() (the compiled validators,
// which the clients' validateRequests and the sandbox use too) and, for the sandbox, over HTTP.
//   "Send exactly one of `a`, `b` ... or `e`"  -> none is refused, each alone is accepted, any two are refused
//   "at most two decimal places"                -> 10.001 and 0.005 are refused, as a number and as a string, in
//                                                  every request property that takes that schema
//   "up to N digits", "N to M digits", "N or M digits" (request schemas) -> the longest count is accepted, one more
//                                                  digit (and one fewer, for a range) is refused
import { describe, expect, it } from "vitest";
import { APIS, validate, type ApiName } from "../../src/validators/index.ts";
import { call, SECRET, useSandbox } from "../sandbox/support.ts";
import { loadDoc, type Doc } from "../support/spec.ts";
import { examples, matches } from "./support.ts";

const REF = "#/components/schemas/";
const valid = (api: ApiName, target: string, value: unknown) => validate(api, target as never, value);
const pointersOf = (result: ReturnType<typeof valid>) => (result.valid ? [] : result.errors.map((e) => e.pointer));

/** Every schema object of the bundle with its pointer (properties, compositions, items, conditions). */
function walk(node: unknown, at: string, out: [string, Doc][] = []): [string, Doc][] {
  if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`, out));
  else if (node && typeof node === "object") {
    out.push([at, node as Doc]);
    for (const [k, v] of Object.entries(node)) if (k !== "example" && k !== "examples") walk(v, `${at}/${k.replaceAll("~", "~0").replaceAll("/", "~1")}`, out);
  }
  return out;
}

/** "Send exactly one of `a`, `b` or `c`": the schemas that say so, and the names. */
function exactlyOneRules(api: ApiName): { schema: string; names: string[] }[] {
  return Object.entries<Doc>(loadDoc(api).components.schemas).flatMap(([schema, s]) => {
    const m = /exactly one of ((?:`\w+`(?:,? (?:or )?)?)+)/.exec(String(s.description ?? ""));
    return m ? [{ schema, names: [...m[1]!.matchAll(/`(\w+)`/g)].map((n) => n[1]!) }] : [];
  });
}

/** Component schemas that include `schema` through `allOf`. */
const usersOf = (api: ApiName, schema: string) =>
  Object.entries<Doc>(loadDoc(api).components.schemas)
    .filter(([, s]) => (s.allOf ?? []).some((m: Doc) => m.$ref === `${REF}${schema}`))
    .map(([name]) => name);

describe("exactly one payer, as the descriptions say", () => {
  const rules = APIS.flatMap((api) => exactlyOneRules(api).map((r) => ({ api, ...r })));
  it("the rule is found in the descriptions", () => {
    expect(rules.map((r) => `${r.api} ${r.schema}`)).toContain("quickstream TransactionAccountFields");
    for (const r of rules) expect(r.names.length, r.schema).toBeGreaterThan(1);
  });

  for (const { api, schema, names } of rules) {
    const requests = examples(api, "request").map((s) => s.value as Record<string, unknown>);
    // A value for each way, from the description's own request examples.
    const sample = Object.fromEntries(names.map((n) => [n, requests.find((r) => r && r[n] != null)?.[n]]));
    const users = usersOf(api, schema);

    it(`${schema}: every way has an example value, and the models that include it are found`, () => {
      for (const n of names) expect(sample[n], n).toBeDefined();
      expect(users.length).toBeGreaterThan(0);
    });

    for (const target of users) {
      it(`${target}: none is refused at a payer field, each alone is accepted, any two are refused at one of them`, () => {
        const base = requests.find((r) => valid(api, target, r).valid);
        expect(base, `a request example that is a valid ${target}`).toBeDefined();
        const without = Object.fromEntries(Object.entries(base!).filter(([k]) => !names.includes(k)));
        const none = valid(api, target, without);
        expect(none.valid).toBe(false);
        expect(pointersOf(none).some((p) => names.some((n) => p === `/${n}`)), JSON.stringify(none)).toBe(true);
        for (const a of names) {
          expect(valid(api, target, { ...without, [a]: sample[a] }).valid, a).toBe(true);
          // A null one counts as not sent.
          expect(valid(api, target, { ...without, [a]: sample[a], ...Object.fromEntries(names.filter((n) => n !== a).map((n) => [n, null])) }).valid, a).toBe(true);
          for (const b of names.filter((n) => n !== a)) {
            const two = valid(api, target, { ...without, [a]: sample[a], [b]: sample[b] });
            expect(two.valid, `${a} and ${b}`).toBe(false);
            expect(pointersOf(two).some((p) => p === `/${a}` || p === `/${b}`), JSON.stringify(two)).toBe(true);
          }
        }
      });
    }
  }
});

describe("amounts with at most two decimal places, as the descriptions say", () => {
  for (const api of APIS) {
    const doc = loadDoc(api);
    const amounts = Object.keys(doc.components.schemas).filter((n) => /at most two decimal places/.test(String(doc.components.schemas[n].description ?? "")));
    // Every request property whose schema is one of them (directly or as the non-null branch).
    const isAmount = (s: Doc) => [s, ...(s.oneOf ?? []), ...(s.anyOf ?? [])].some((b: Doc) => amounts.some((a) => b?.$ref === `${REF}${a}`));
    const requests = examples(api, "request");

    it(`${api}: the amount schemas are found, and refuse a third decimal place in either form`, () => {
      expect(amounts.length).toBeGreaterThan(0);
      for (const a of amounts) {
        for (const ok of [0, 10, 10.01, 1005.25, 0.1, 12345678901234.56, "10.01", "0.5", "1005"]) expect(valid(api, a, ok).valid, `${a} ${ok}`).toBe(true);
        for (const bad of [10.001, 0.005, 1e-7, 1005.251, "10.001", "0.005"]) expect(valid(api, a, bad).valid, `${a} ${bad}`).toBe(false);
      }
    });

    it(`${api}: every request example's amount, given a third decimal place, is refused at that field`, () => {
      let checked = 0;
      for (const sample of requests) {
        const value = sample.value as Record<string, unknown>;
        if (!value || typeof value !== "object") continue;
        const schemas = walk(doc.components.schemas, "#/components/schemas").filter(([, s]) => s.properties);
        const names = new Set(schemas.flatMap(([, s]) => Object.entries<Doc>(s.properties).filter(([, p]) => isAmount(p)).map(([n]) => n)));
        for (const [name, amount] of Object.entries(value)) {
          if (!names.has(name) || amount == null || !valid(api, sample.target, value).valid) continue;
          for (const bad of [10.001, 0.005, "10.001"]) {
            const result = valid(api, sample.target, { ...value, [name]: bad });
            expect(result.valid, `${sample.target} "${sample.name}" ${name}: ${bad}`).toBe(false);
            expect(pointersOf(result), `${sample.target} "${sample.name}" ${name}: ${bad}`).toContain(`/${name}`);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(api === "quickstream" ? 10 : 3);
    });
  }
});

describe("digit counts, as the request descriptions say", () => {
  /** Schemas reachable from request bodies and parameters: the rules a caller's input must meet. */
  function requestSchemas(api: ApiName): [string, Doc][] {
    const doc = loadDoc(api);
    const seen = new Set<string>();
    const roots = walk(doc.paths, "#/paths").filter(([p]) => /\/(requestBody|parameters)\//.test(p) && p.endsWith("/schema"));
    const queue = [...roots];
    const out: [string, Doc][] = [];
    while (queue.length) {
      const [at, s] = queue.shift()!;
      if (seen.has(at)) continue;
      seen.add(at);
      out.push([at, s]);
      for (const [p, sub] of walk(s, at)) {
        if (p !== at && !seen.has(p)) queue.push([p, sub]);
        if (typeof sub.$ref === "string" && sub.$ref.startsWith(REF)) {
          const name = sub.$ref.slice(REF.length);
          queue.push([`${REF}${name}`, doc.components.schemas[name]]);
        }
      }
    }
    return out;
  }

  for (const api of APIS) {
    it(`${api}: every stated digit count is what the schema accepts, in the longest and the next count`, () => {
      const rules = requestSchemas(api).flatMap(([at, s]) => {
        const text = String(s.description ?? "");
        const m = /\bup to (\d+) digits/.exec(text) ?? /\b(\d+) (?:to|or) (\d+) digits/.exec(text);
        return m ? [{ at, s, min: m[2] ? Number(m[1]) : 1, max: Number(m[2] ?? m[1]) }] : [];
      });
      if (api === "quickstream") expect(rules.length).toBeGreaterThanOrEqual(3);
      for (const { at, s, min, max } of rules) {
        const types = [s.type].flat();
        // A JSON number when the schema takes integers (parsed as the JSON text would be), else a string of digits.
        const of = (n: number) => (types.includes("integer") ? JSON.parse("9".repeat(n)) : "9".repeat(n));
        expect(matches(api, at, of(max)), `${at}: ${max} digits`).toBe(true);
        expect(matches(api, at, of(min)), `${at}: ${min} digits`).toBe(true);
        expect(matches(api, at, of(max + 1)), `${at}: ${max + 1} digits`).toBe(false);
        if (min > 1) expect(matches(api, at, of(min - 1)), `${at}: ${min - 1} digits`).toBe(false);
      }
    });
  }

  it("an 18-digit numberOfPaymentsPermitted passes validate() in a PayTo agreement request", () => {
    const request = examples("quickstream", "request").find((s) => s.target === "POST /payto-agreements request" && (s.value as any).paymentTerms?.frequency === "ADHO")
      ?? examples("quickstream", "request").find((s) => s.target === "POST /payto-agreements request" && (s.value as any).paymentTerms?.numberOfPaymentsPermitted != null);
    expect(request).toBeDefined();
    const value = request!.value as any;
    expect(valid("quickstream", request!.target, value).valid).toBe(true);
    const terms = (n: string) => ({ ...value, paymentTerms: { ...value.paymentTerms, numberOfPaymentsPermitted: JSON.parse(n) } });
    expect(valid("quickstream", request!.target, terms("999999999999999999")).valid).toBe(true);
    expect(pointersOf(valid("quickstream", request!.target, terms("9999999999999999999")))).toContain("/paymentTerms/numberOfPaymentsPermitted");
  });
});

// The sandbox validates with the same compiled validators: it answers 422 with the field named.
describe("the sandbox answers these rules with 422 naming the field", () => {
  const { qs } = useSandbox();
  const payment = { transactionType: "PAYMENT", supplierBusinessCode: "DEMO", principalAmount: "10.00", currency: "AUD" };
  const fields = (body: any): string[] => (body?.errors ?? []).map((e: any) => e.fieldName);

  it("no payer, two payers, a third decimal place", async () => {
    const none = await call(qs(), "POST", "/transactions", SECRET, payment);
    expect(none.status).toBe(422);
    expect(fields(none.body)).toContain("singleUseTokenId");
    const two = await call(qs(), "POST", "/transactions", SECRET, { ...payment, accountToken: "T1", customerId: "C1" });
    expect(two.status).toBe(422);
    expect(fields(two.body)).toContain("customerId");
    for (const principalAmount of [10.001, 0.005]) {
      const cents = await call(qs(), "POST", "/transactions", SECRET, { ...payment, accountToken: "T1", principalAmount });
      expect(cents.status, String(principalAmount)).toBe(422);
      expect(fields(cents.body)).toContain("principalAmount");
    }
  });
});
