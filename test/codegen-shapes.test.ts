// Shapes that code generators used to get wrong, now written so that they cannot (issue 14, DECISIONS.md P45-P46,
// P111: the blank PayTo agreement creation type is `enum: ['']`, which orval types `""`, where `const: ''` became `string`):
// the accountNumber-or-iban rule is an allOf branch (it was a sibling anyOf, which openapi-typescript turned into a
// union that accepted `{ iban }` alone), and the recurring-payment bases declare `scheduleType` as a plain string (an
// enum there, intersected with each variant's literal, became `never` in swagger-typescript-api). The validators
// must judge exactly as before; the type checks at the bottom are compiled by `tsc` in `npm test`. They also pin the
// open response code lists (P47) as the types show them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { components as PaymentsPlus } from "../generated/paymentsplus/types.ts";
import type { components as QuickStream } from "../generated/quickstream/types.ts";
import { generatedPath } from "../scripts/lib.ts";
import { check } from "./support/validators.ts";

const international = {
  type: "INTERNATIONAL",
  accountName: "Account One",
  currency: "EUR",
  swiftCode: "WBC12345XXX",
} as const;

describe("accountNumber or iban", () => {
  it("an international account needs one of them, and either one will do", () => {
    expect(check("paymentsplus", "RecipientAccountRequest", international)).not.toEqual([]);
    expect(check("paymentsplus", "RecipientAccountRequest", { ...international, iban: null })).not.toEqual([]);
    expect(check("paymentsplus", "RecipientAccountRequest", { ...international, iban: "DE00123" })).toEqual([]);
    expect(check("paymentsplus", "RecipientAccountRequest", { ...international, accountNumber: "12345" })).toEqual([]);
  });
  it("is still a closed model", () => {
    expect(check("paymentsplus", "RecipientAccountRequest", { ...international, iban: "DE00123", bic: "X" })).not.toEqual([]);
  });
});

describe("recurring payment requests", () => {
  const oneOff = {
    supplierBusinessCode: "MYCOMPANY",
    scheduleType: "ONE_OFF",
    frequency: "WEEKLY",
    nextPaymentDate: "2017-01-01",
    instalmentAmount: "125.00",
    currency: "AUD",
  };
  it("still accept only the five schedule types, each with its own ending field", () => {
    expect(check("quickstream", "CreateRecurringPaymentRequest", oneOff)).toEqual([]);
    expect(check("quickstream", "CreateRecurringPaymentRequest", { ...oneOff, scheduleType: "SOMETIMES" })).not.toEqual([]);
    expect(check("quickstream", "CreateRecurringPaymentRequest", { ...oneOff, remainingInstalments: 3 })).not.toEqual([]);
    expect(check("quickstream", "UpdateRecurringPaymentRequest", { ...oneOff, scheduleType: "SOMETIMES" })).not.toEqual([]);
  });
});

describe("the blank agreementCreationType (P111: enum [''], not const '')", () => {
  // The official minimal PayTo agreement request (POST /payto-agreements).
  const doc = JSON.parse(readFileSync(generatedPath("quickstream", "openapi.json"), "utf8"));
  const base = doc.paths["/payto-agreements"].post.requestBody.content["application/json"].examples.minimalPayId.value;
  it("accepts the listed values, blank and null, and nothing else, as the const did", () => {
    for (const ok of ["AUTHORISED", "", null]) {
      expect(check("quickstream", "CreateCustomerPayToAgreementRequest", { ...base, agreementCreationType: ok }), String(ok)).toEqual([]);
    }
    for (const bad of [" ", "authorised", "OTHER"]) {
      expect(check("quickstream", "CreateCustomerPayToAgreementRequest", { ...base, agreementCreationType: bad }), bad).not.toEqual([]);
    }
  });
});

// Money is a double for generators (P114): without a format, oapi-codegen and openapi-generator Go read a number
// into float32, which turns 1234567.89 into 1.2345679e+06.
describe("numbers carry format double", () => {
  it.each(["paymentsplus", "quickstream"] as const)("%s: every schema that takes a number says `format: double`", (api) => {
    const found: string[] = [];
    const bad: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (!node || typeof node !== "object") return;
      const s = node as Record<string, unknown>;
      if ([s.type].flat().includes("number")) (s.format === "double" ? found : bad).push(at);
      // An `if` only tests a value (RequestAmount: `if: {type: number}`); generators type nothing from it.
      for (const [k, v] of Object.entries(s)) if (k !== "example" && k !== "examples" && k !== "if") walk(v, `${at}/${k}`);
    };
    const doc = JSON.parse(readFileSync(generatedPath(api, "openapi.json"), "utf8"));
    walk(doc.components, "#/components");
    walk(doc.paths, "#/paths");
    expect(bad).toEqual([]);
    expect(found.length).toBeGreaterThan(1);
  });
});

// Type-level checks: never called, only compiled. Each @ts-expect-error must be a real error, or tsc fails.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

export function typeChecks(account: PaymentsPlus["schemas"]["RecipientAccountRequest"]): void {
  // @ts-expect-error `{ iban }` alone is not a recipient account (it was, through the sibling anyOf)
  const ibanOnly: PaymentsPlus["schemas"]["RecipientAccountRequest"] = { iban: "DE00" };
  // @ts-expect-error an international account without accountNumber or iban
  const neither: PaymentsPlus["schemas"]["RecipientAccountRequest"] = { ...international };
  const withIban: PaymentsPlus["schemas"]["RecipientAccountRequest"] = { ...international, iban: "DE00" };
  void [ibanOnly, neither, withIban];
  // The union narrows on `type`.
  if (account.type === "INTERNATIONAL") {
    const swift: string = account.swiftCode;
    void swift;
  }
  // Each variant keeps its literal: not `never`, not the whole enum.
  assertType<Equal<QuickStream["schemas"]["CreateRecurringPaymentOneOff"]["scheduleType"], "ONE_OFF">>();
  assertType<Equal<QuickStream["schemas"]["UpdateRecurringPaymentContinueUntilDate"]["scheduleType"], "CONTINUE_UNTIL_DATE">>();
  const request: QuickStream["schemas"]["CreateRecurringPaymentRequest"] = {
    supplierBusinessCode: "MYCOMPANY",
    scheduleType: "STOP_AFTER_SET_NUMBER_OF_PAYMENTS",
    remainingInstalments: 3,
    frequency: "WEEKLY",
    nextPaymentDate: "2017-01-01",
    instalmentAmount: "125.00",
    currency: "AUD",
  };
  void request;
  // The blank creation type is the literal "" in the types, as it was as a const (P111).
  assertType<
    Equal<
      QuickStream["schemas"]["CreatePayToAgreementFields"]["agreementCreationType"],
      QuickStream["schemas"]["PayToAgreementCreationType"] | "" | null | undefined
    >
  >();
  // Response code lists name the known values and accept any other string (P47, P110); the list itself stays closed.
  type Status = QuickStream["schemas"]["Transaction"]["status"];
  assertType<Equal<Status, QuickStream["schemas"]["TransactionStatus"] | (string & {})>>();
  assertType<Equal<QuickStream["schemas"]["TransactionStatus"], "Approved" | "Approved*" | "Pending" | "Declined" | "Voided" | "Suspended">>();
  const unlisted: Status = "A_STATUS_ADDED_SINCE";
  // Optional response fields may be null.
  const noMessage: QuickStream["schemas"]["ErrorResponse"]["customerMessage"] = null;
  const echoed: QuickStream["schemas"]["FieldError"]["fieldValue"] = null;
  void [unlisted, noMessage, echoed];
}
