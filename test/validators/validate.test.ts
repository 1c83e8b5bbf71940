// validate(api, target, data): typed targets, the data back typed on success, and errors a person can act on —
// at the field's pointer, derived from the schema, one per problem, discriminated bodies reporting their variant only.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Targets as QuickStreamTargets } from "../../generated/quickstream/validators.ts";
import {
  APIS,
  assertValid,
  discriminatorsOf,
  formatErrors,
  isTarget,
  listTargets,
  PayloadValidationError,
  suggestTargets,
  UnknownTargetError,
  validate,
  type TargetName,
} from "../../src/validators/index.ts";
import { examples } from "./support.ts";

const TX = "POST /transactions request";
const payment = () => structuredClone(examples("quickstream", "request").find((s) => s.target === TX && (s.value as any).transactionType === "PAYMENT" && !(s.value as any).payToData)!.value) as Record<string, any>;

describe("validate", () => {
  it("returns the same data, typed as the target's type, when valid", () => {
    const data = payment();
    const result = validate("quickstream", TX, data);
    expect(result).toEqual({ valid: true, data });
    if (result.valid) {
      expect(result.data).toBe(data);
      expectTypeOf(result.data).toEqualTypeOf<QuickStreamTargets[typeof TX]>();
    }
    expectTypeOf<TargetName<"quickstream">>().toEqualTypeOf<keyof QuickStreamTargets & string>();
  });

  it("does not compile a misspelled target, and throws for one at run time with the closest names", () => {
    // @ts-expect-error: not a target
    expect(() => validate("quickstream", "POST /transaction request", {})).toThrow(UnknownTargetError);
    // @ts-expect-error: a PaymentsPlus target is not a QuickStream one
    expect(() => validate("quickstream", "PUT /files/{fileIdentifier} request", {})).toThrow(/no target/);
    // @ts-expect-error: not an API
    expect(() => validate("westpac", "Link", {})).toThrow(/unknown API/);
    expect(suggestTargets("quickstream", "POST /transaction request")[0]).toBe(TX);
    expect(suggestTargets("quickstream", "paymenttransactionrequest")[0]).toBe("PaymentTransactionRequest");
    try {
      validate("quickstream", "POST /transaction request" as never, {});
    } catch (e) {
      expect((e as UnknownTargetError).suggestions).toContain(TX);
      expect((e as Error).message).toContain(`did you mean "${TX}"`);
    }
  });

  it("lists and checks target names", () => {
    for (const api of APIS) {
      const names = listTargets(api);
      expect(names.length).toBeGreaterThan(50);
      expect(names.every((n) => isTarget(api, n))).toBe(true);
    }
    expect(isTarget("quickstream", TX)).toBe(true);
    expect(isTarget("paymentsplus", TX)).toBe(false);
  });

  it("reports a missing property at the pointer of the missing field", () => {
    const data = payment();
    delete data.currency;
    const result = validate("quickstream", TX, data);
    expect(result.errors).toEqual([
      { pointer: "/currency", message: "is required", keyword: "required", params: { missingProperty: "currency" } },
    ]);
  });

  it("says which forms an amount may take, derived from the schema", () => {
    for (const bad of ["abc", "100.055", true, { amount: 1 }]) {
      const result = validate("quickstream", TX, { ...payment(), principalAmount: bad });
      expect(result.errors, JSON.stringify(bad)).toEqual([
        expect.objectContaining({ pointer: "/principalAmount", keyword: "oneOf", message: "must be a number or a decimal string with at most 2 decimals" }),
      ]);
      expect(formatErrors(result.errors!)).toBe("/principalAmount: must be a number or a decimal string with at most 2 decimals");
    }
    const negative = validate("quickstream", TX, { ...payment(), principalAmount: -5 });
    expect(negative.errors).toEqual([expect.objectContaining({ pointer: "/principalAmount", keyword: "minimum", message: "must be 0 or more" })]);
    expect(validate("quickstream", "RequestAmount", "1.5").valid).toBe(true);
    expect(validate("paymentsplus", "RequestAmount", null).errors?.[0]).toMatchObject({ pointer: "", message: "must be a number or a decimal string with at most 2 decimals" });
  });

  it("names the types, patterns and lengths in words", () => {
    const result = validate("quickstream", TX, { ...payment(), currency: "aud", customerReferenceNumber: 5 });
    expect(result.errors?.map((e) => `${e.pointer}: ${e.message}`).sort()).toEqual([
      "/currency: must be a code of 3 upper-case letters",
      "/customerReferenceNumber: must be a string or null",
    ]);
  });

  it("assertValid returns the typed data or throws every error", () => {
    expect(assertValid("quickstream", TX, payment()).transactionType).toBe("PAYMENT");
    expect(() => assertValid("quickstream", TX, { transactionType: "PAYMENT" })).toThrow(PayloadValidationError);
  });
});

describe("discriminated bodies", () => {
  const cases = APIS.flatMap((api) =>
    Object.entries(discriminatorsOf(api)).flatMap(([target, d]) =>
      examples(api)
        .filter((s) => s.target === target && (s.value as any)?.[d!.propertyName] !== undefined)
        .slice(0, 2)
        .map((s) => [`${api} ${target} "${s.name}"`, api, target, d!, s.value] as const),
    ),
  );

  it("covers transactionType, updateType, accountType and scheduleType bodies", () => {
    const properties = new Set(cases.map((c) => c[3].propertyName));
    for (const p of ["transactionType", "updateType", "accountType", "scheduleType"]) expect(properties).toContain(p);
  });

  it.each(cases)("%s: an unknown value is one error listing the allowed values", (_l, api, target, d, value) => {
    const data = { ...(value as object), [d.propertyName]: "NOT_A_KIND" };
    const result = validate(api, target as never, data);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error).toMatchObject({ pointer: `/${d.propertyName}`, keyword: "discriminator" });
    expect(error.params.allowedValues).toEqual(Object.keys(d.mapping));
    for (const allowed of Object.keys(d.mapping)) expect(error.message).toContain(`"${allowed}"`);
    expect(error.message).toContain('"NOT_A_KIND"');
  });

  it.each(cases)("%s: a missing discriminator is one error at that property", (_l, api, target, d, value) => {
    const data: Record<string, unknown> = { ...(value as object) };
    delete data[d.propertyName];
    const result = validate(api, target as never, data);
    expect(result.errors).toEqual([expect.objectContaining({ pointer: `/${d.propertyName}`, keyword: "discriminator" })]);
    expect(result.errors![0].message).toMatch(/^is required/);
  });

  it.each(cases)("%s: a broken field reports the selected variant's error only", (_l, api, target, d, value) => {
    const data: Record<string, unknown> = { ...(value as object), unexpectedProperty: { nested: true } };
    const field = Object.keys(value as object).find((k) => k !== d.propertyName && typeof (value as any)[k] === "string");
    if (field) data[field] = { not: "a string" };
    const result = validate(api, target as never, data);
    // Open variants accept the extra property; a closed one rejects it. Either way: only this variant's findings.
    const pointers = (result.errors ?? []).map((e) => e.pointer);
    expect(pointers.every((p) => p === "/unexpectedProperty" || p === `/${field}`), pointers.join(", ")).toBe(true);
    if (field) expect(pointers).toContain(`/${field}`);
  });

  it("handles a union nested inside a body (a payment's recipient account, selected by type)", () => {
    const target = "PUT /files/{fileIdentifier}/payments/{paymentIdentifier} request";
    const sample = examples("paymentsplus", "request").find((s) => s.target === target && (s.value as any).recipientAccount?.type === "AU_DOMESTIC")!;
    const data = structuredClone(sample.value) as any;
    data.recipientAccount.type = "MOON";
    const result = validate("paymentsplus", target, data);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ pointer: "/recipientAccount/type", keyword: "discriminator" });
    expect(result.errors![0].message).toMatch(/"MOON" is not a known type: must be one of "AU_DOMESTIC", "RTGS", "BPAY"/);

    delete data.recipientAccount.type;
    expect(validate("paymentsplus", target, data).errors).toEqual([expect.objectContaining({ pointer: "/recipientAccount/type", keyword: "discriminator" })]);

    data.recipientAccount.type = "AU_DOMESTIC";
    data.recipientAccount.bsbNumber = 650000;
    expect(validate("paymentsplus", target, data).errors).toEqual([expect.objectContaining({ pointer: "/recipientAccount/bsbNumber", message: "must be a string" })]);
  });

  it("states the condition of a conditional rule", () => {
    const target = "PATCH /payto-agreements/{agreementToken} request";
    const sample = examples("quickstream", "request").find((s) => s.target === target && (s.value as any).updateType === "STATUS_AMENDMENT");
    if (!sample) return;
    const data = structuredClone(sample.value) as any;
    const body = data.statusAmendment ?? data;
    body.statusCode = "SUSPENDED";
    delete body.reasonCode;
    const result = validate("quickstream", target, data);
    expect(result.errors?.some((e) => /reasonCode$/.test(e.pointer) && /is required \(when statusCode is one of "SUSPENDED", "CANCELLED"\)|must be a string \(when statusCode is one of "SUSPENDED", "CANCELLED"\)/.test(e.message)), formatErrors(result.errors ?? [])).toBe(true);
  });
});

describe("any JavaScript value (issue 12)", () => {
  const invalid = (data: unknown, target: TargetName<"quickstream"> = TX) => {
    const result = validate("quickstream", target, data);
    expect(result.valid).toBe(false);
    for (const e of result.errors ?? []) expect(e.message.length, e.message).toBeLessThan(300);
    expect(() => JSON.stringify(result.errors)).not.toThrow();
    return result.errors ?? [];
  };

  it("a deeply nested discriminator value: one error, its value cut short", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const [error] = invalid({ ...payment(), transactionType: deep });
    expect(error).toMatchObject({ pointer: "/transactionType", keyword: "discriminator" });
    expect(error.message).toMatch(/^\[\[\[\[.*…/);
  });

  it("BigInt, symbols, functions and cycles where the schema expects JSON: invalid, with messages", () => {
    expect(invalid(10n, "RequestAmount")[0].message).toBe("must be a number or a decimal string with at most 2 decimals");
    expect(invalid({ ...payment(), principalAmount: 10n }).map((e) => e.pointer)).toEqual(["/principalAmount"]);
    expect(new Set(invalid({ ...payment(), currency: Symbol("AUD") }).map((e) => e.pointer))).toEqual(new Set(["/currency"]));
    const cyclic: Record<string, unknown> = payment();
    cyclic.transactionType = cyclic;
    expect(invalid(cyclic)[0].message).toContain("[circular]");
    expect(invalid(() => 1).length).toBeGreaterThan(0);
  });

  it("a value that throws when read: an invalid result that says so", () => {
    const hostile = new Proxy({}, { get: () => { throw new Error("no"); }, ownKeys: () => { throw new Error("no"); } });
    expect(invalid(hostile)).toEqual([{ pointer: "", message: "could not be read", keyword: "uncheckable", params: {} }]);
  });

  it("long values and names are cut short in messages", () => {
    const [error] = invalid({ ...payment(), transactionType: "Z".repeat(100_000) });
    expect(error.message).toMatch(/^"Z{70,80}… is not a known transactionType/);
    expect(String(error.params.tagValue).length).toBeLessThanOrEqual(201);
  });

  it("an unknown target of any length is answered at once, with the name cut short", () => {
    const name = "POST /transactions request".repeat(4_000);
    expect(suggestTargets("quickstream", name)).toEqual([]);
    expect(() => validate("quickstream", name as never, {})).toThrow(UnknownTargetError);
    try {
      validate("quickstream", name as never, {});
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(300);
    }
  });
});
