// advise(api, target, data): warnings from the payment schemes' rules (P126), by account kind, that refuse nothing.
import { describe, expect, it } from "vitest";
import { advise, UnknownTargetError, validate } from "../../src/validators/index.ts";
import { examples } from "./support.ts";

const PUT = "PUT /files/{fileIdentifier}/payments/{paymentIdentifier} request";
const example = (api: "paymentsplus" | "quickstream", target: string, name: string) =>
  structuredClone(examples(api, "request").find((s) => s.target === target && s.name === name)!.value) as any;

describe("advise", () => {
  it("warns on Westpac's own New Zealand example (check digits), which validate() keeps accepting", () => {
    const nz = example("paymentsplus", PUT, "nzDirectEntry");
    expect(validate("paymentsplus", PUT, nz).valid).toBe(true);
    expect(advise("paymentsplus", PUT, nz)).toEqual([{ pointer: "/recipientAccount/accountNumber", code: "nzAccount.checkDigits", message: expect.stringContaining("check digits") }]);
    Object.assign(nz.recipientAccount, { bankCode: "01", branchCode: "0242", accountNumber: "0100194", accountSuffix: "000" });
    expect(advise("paymentsplus", PUT, nz)).toEqual([]);
  });

  it("warns on Westpac's own OTT example, which validate() keeps accepting", () => {
    const ott = example("paymentsplus", PUT, "auOtt");
    expect(validate("paymentsplus", PUT, ott).valid).toBe(true);
    expect(advise("paymentsplus", PUT, ott)).toEqual([
      { pointer: "/recipientAccount/iban", code: "iban.format", message: expect.stringContaining("IBAN") },
      { pointer: "/recipientAccount/swiftCode", code: "bic.format", message: expect.stringContaining("SWIFT/BIC") },
      { pointer: "/recipientAccount/intermediarySwiftCode", code: "bic.format", message: expect.stringContaining("SWIFT/BIC") },
    ]);
  });

  it("checks a QuickStream New Zealand account by its four parts, and not while a token request leaves some out", () => {
    const target = "POST /single-use-tokens request";
    const token = {
      supplierBusinessCode: "MYBUSINESS",
      accountType: "DIRECT_DEBIT_NZ",
      nzAccountName: "A Payer",
      nzBankCode: "01",
      nzBranchCode: "902",
      nzAccountNumber: "0068389",
      nzAccountSuffix: "00",
    };
    expect(validate("quickstream", target, token).valid).toBe(true);
    expect(advise("quickstream", target, token)).toEqual([]);
    expect(advise("quickstream", target, { ...token, nzAccountNumber: "0068388" })).toEqual([
      { pointer: "/nzAccountNumber", code: "nzAccount.checkDigits", message: expect.stringContaining("check digits") },
    ]);
    expect(advise("quickstream", target, { ...token, nzBankCode: "001" }).map((a) => [a.pointer, a.code])).toEqual([["/nzBankCode", "nzAccount.bank"]]);
    const { nzAccountNumber: _n, nzAccountSuffix: _s, ...partial } = token;
    expect(advise("quickstream", target, { ...partial, nzBranchCode: "99999" })).toEqual([]);
  });

  it("has nothing to say about the other request examples of either API", () => {
    const advised: string[] = [];
    for (const api of ["paymentsplus", "quickstream"] as const) {
      for (const s of examples(api, "request")) {
        if (!s.target.startsWith("PUT") && !s.target.startsWith("POST")) continue;
        for (const a of advise(api, s.target as never, s.value)) advised.push(`${api} ${s.name} ${a.pointer} ${a.code}`);
      }
    }
    expect(advised).toEqual([
      "paymentsplus auOtt /recipientAccount/iban iban.format",
      "paymentsplus auOtt /recipientAccount/swiftCode bic.format",
      "paymentsplus auOtt /recipientAccount/intermediarySwiftCode bic.format",
      "paymentsplus nzDirectEntry /recipientAccount/accountNumber nzAccount.checkDigits",
      "paymentsplus nzOtt /recipientAccount/swiftCode bic.format",
    ]);
  });

  it("checks an IBAN's check digits and a SWIFT code's shape for an overseas account", () => {
    const ott = example("paymentsplus", PUT, "auOtt");
    Object.assign(ott.recipientAccount, { iban: "DE89370400440532013000", swiftCode: "DEUTDEFF", intermediarySwiftCode: "WPACAU2SXXX" });
    expect(advise("paymentsplus", PUT, ott)).toEqual([]);
    ott.recipientAccount.iban = "DE89370400440532013001";
    expect(advise("paymentsplus", PUT, ott).map((a) => [a.pointer, a.code])).toEqual([["/recipientAccount/iban", "iban.checkDigits"]]);
  });

  it("a direct-entry lodgement reference longer than 18 characters, an Osko one longer than 35", () => {
    const de = example("paymentsplus", PUT, "directEntry");
    de.lodgementReference = "INVOICE-2024-100231";
    expect(validate("paymentsplus", PUT, de).valid).toBe(true);
    expect(advise("paymentsplus", PUT, de)).toEqual([
      { pointer: "/lodgementReference", code: "becs.lodgementReference", message: "a direct-entry lodgement reference has at most 18 characters, not 19" },
    ]);
    // An Osko payment's lodgement reference is its end-to-end ID: 35 characters.
    const osko = example("paymentsplus", "POST /payments/{paymentIdentifier} request", "osko");
    osko.lodgementReference = "INVOICE-2024-100231";
    expect(advise("paymentsplus", "POST /payments/{paymentIdentifier} request", osko)).toEqual([]);
    osko.lodgementReference = "E".repeat(36);
    expect(validate("paymentsplus", "POST /payments/{paymentIdentifier} request", osko).valid).toBe(true);
    expect(advise("paymentsplus", "POST /payments/{paymentIdentifier} request", osko).map((a) => [a.pointer, a.code])).toEqual([["/lodgementReference", "npp.endToEndId"]]);
    // Neither direct entry nor Osko: no length applies.
    const rtgs = example("paymentsplus", PUT, "rtgs");
    rtgs.lodgementReference = "INVOICE-2024-100231";
    expect(advise("paymentsplus", PUT, rtgs)).toEqual([]);
  });

  it("Osko remittance information longer than 140 characters a field, in either Osko request", () => {
    const osko = example("paymentsplus", "POST /payments/{paymentIdentifier} request", "osko");
    Object.assign(osko, { oskoRemittanceInformation1: "R".repeat(140), oskoRemittanceInformation2: "R".repeat(140) });
    expect(advise("paymentsplus", "POST /payments/{paymentIdentifier} request", osko)).toEqual([]);
    osko.oskoRemittanceInformation2 = "R".repeat(141);
    expect(validate("paymentsplus", "POST /payments/{paymentIdentifier} request", osko).valid).toBe(true);
    expect(advise("paymentsplus", "POST /payments/{paymentIdentifier} request", osko)).toEqual([
      { pointer: "/oskoRemittanceInformation2", code: "npp.remittanceInformation", message: "NPP remittance information has at most 140 characters a field (ISO 20022), not 141" },
    ]);
    const inFile = example("paymentsplus", PUT, "osko");
    inFile.oskoRemittanceInformation1 = "R".repeat(141);
    expect(validate("paymentsplus", PUT, inFile).valid).toBe(true);
    expect(advise("paymentsplus", PUT, inFile).map((a) => [a.pointer, a.code])).toEqual([["/oskoRemittanceInformation1", "npp.remittanceInformation"]]);
  });

  it("a QuickStream PayTo payment's end-to-end ID (35) and remittance information (140)", () => {
    const payto = example("quickstream", "POST /transactions request", "takePaymentPayTo");
    expect(advise("quickstream", "POST /transactions request", payto)).toEqual([]);
    Object.assign(payto.payToData, { endToEndId: "E".repeat(36), remittanceInformation1: "R".repeat(141) });
    expect(validate("quickstream", "POST /transactions request", payto).valid).toBe(true);
    expect(advise("quickstream", "POST /transactions request", payto).map((a) => [a.pointer, a.code])).toEqual([
      ["/payToData/endToEndId", "npp.endToEndId"],
      ["/payToData/remittanceInformation1", "npp.remittanceInformation"],
    ]);
  });

  it("BPAY: validate() refuses what PaymentsPlus's response codes reject; advise() checks the CRN's length", () => {
    const bpay = example("paymentsplus", PUT, "bpay");
    // B06 biller code not numeric, E23 zero biller code, B16 CRN other than numbers and spaces, B15 CRN not present.
    for (const [field, value] of [["billerNumber", "12-3456"], ["billerNumber", "0000"], ["billerNumber", ""], ["crn", "1234-5678"], ["crn", "   "], ["crn", ""]]) {
      const bad = structuredClone(bpay);
      bad.recipientAccount[field] = value;
      const result = validate("paymentsplus", PUT, bad);
      expect(result.valid, `${field} ${JSON.stringify(value)}`).toBe(false);
      expect(result.valid ? [] : result.errors.map((e) => e.pointer), `${field} ${JSON.stringify(value)}`).toEqual([`/recipientAccount/${field}`]);
    }
    Object.assign(bpay.recipientAccount, { billerNumber: "0012", crn: " 1234 5678 " });
    expect(validate("paymentsplus", PUT, bpay).valid).toBe(true);
    expect(advise("paymentsplus", PUT, bpay)).toEqual([]);
    bpay.recipientAccount.crn = "1";
    expect(validate("paymentsplus", PUT, bpay).valid).toBe(true);
    expect(advise("paymentsplus", PUT, bpay).map((a) => [a.pointer, a.code])).toEqual([["/recipientAccount/crn", "bpay.crn"]]);
    // advise() reads any payload, valid or not: a non-numeric biller code is advice too.
    bpay.recipientAccount.billerNumber = "12-3456";
    expect(advise("paymentsplus", PUT, bpay).map((a) => [a.pointer, a.code])).toEqual([
      ["/recipientAccount/billerNumber", "bpay.billerCode"],
      ["/recipientAccount/crn", "bpay.crn"],
    ]);
  });

  it("New Zealand account parts and an Osko BBAN", () => {
    const nz = example("paymentsplus", PUT, "nzDirectEntry");
    Object.assign(nz.recipientAccount, { bankCode: "003", accountSuffix: "00002" });
    expect(validate("paymentsplus", PUT, nz).valid).toBe(true);
    expect(advise("paymentsplus", PUT, nz).map((a) => [a.pointer, a.code])).toEqual([
      ["/recipientAccount/bankCode", "nzAccount.bank"],
      ["/recipientAccount/accountSuffix", "nzAccount.suffix"],
    ]);
    const osko = example("paymentsplus", "POST /payments/{paymentIdentifier} request", "osko");
    osko.recipientAccount.identification = "032000";
    expect(validate("paymentsplus", "POST /payments/{paymentIdentifier} request", osko).valid).toBe(true);
    expect(advise("paymentsplus", "POST /payments/{paymentIdentifier} request", osko).map((a) => a.code)).toEqual(["bban.format"]);
  });

  it("a QuickStream bank account's BSB and a PayTo PayID by its type", () => {
    const tx = example("quickstream", "POST /transactions request", "takePaymentBankAccountDetails");
    tx.bankAccount.bsb = "32-002";
    expect(validate("quickstream", "POST /transactions request", tx).valid).toBe(true);
    expect(advise("quickstream", "POST /transactions request", tx)).toEqual([{ pointer: "/bankAccount/bsb", code: "bsb.format", message: expect.any(String) }]);
    const payto = example("quickstream", "POST /payto-agreements request", "minimalPayId");
    Object.assign(payto.payerDetails, { payIdType: "TELI", payId: "0412345678" });
    expect(validate("quickstream", "POST /payto-agreements request", payto).valid).toBe(true);
    expect(advise("quickstream", "POST /payto-agreements request", payto)).toEqual([
      { pointer: "/payerDetails/payId", code: "payId.phone", message: "a mobile phone PayID is written +61-4XXXXXXXX" },
    ]);
    payto.payerDetails.payId = "+61-412345678";
    expect(advise("quickstream", "POST /payto-agreements request", payto)).toEqual([]);
  });

  it("applies PaymentsPlus rules to PaymentsPlus payloads only", () => {
    const ott = example("paymentsplus", PUT, "auOtt");
    expect(advise("quickstream", "POST /transactions request", ott)).toEqual([]);
  });

  it("throws for an unknown target like validate, and never for odd data", () => {
    expect(() => advise("paymentsplus", "PUT /nowhere request" as never, {})).toThrow(UnknownTargetError);
    const cyclic: any = { type: "BPAY", crn: "1" };
    cyclic.self = cyclic;
    expect(advise("paymentsplus", PUT, cyclic).map((a) => a.pointer)).toEqual(["/crn"]);
    for (const v of [null, 1, "x", [], [[{ type: "RTGS", bsbNumber: "1" }]]]) expect(() => advise("paymentsplus", PUT, v)).not.toThrow();
    expect(advise("paymentsplus", PUT, [[{ type: "RTGS", bsbNumber: "1" }]])).toEqual([{ pointer: "/0/0/bsbNumber", code: "bsb.format", message: expect.any(String) }]);
  });
});
