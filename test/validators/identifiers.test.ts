// The pure identifier checks, each with the examples its source publishes (P126) and values one change away.
import { describe, expect, it } from "vitest";
import {
  checkAbn,
  checkAcn,
  checkBic,
  checkEndToEndId,
  checkIban,
  checkNzAccount,
  checkPayId,
  checkRemittanceInformation,
  IBAN_LENGTHS,
  isAbn,
  isAcn,
  isBic,
  isBpayBillerCode,
  isBpayCrn,
  isBsb,
  isEndToEndId,
  isIban,
  isLodgementReference,
  isNzAccount,
  isPayId,
  isRemittanceInformation,
} from "../../src/validators/index.ts";

describe("BSB", () => {
  it("is six digits with or without the hyphen", () => {
    for (const v of ["032-000", "032000", "064-001"]) expect(isBsb(v), v).toBe(true);
    for (const v of ["32-000", "0320001", "032 000", "03A-000", "", 32000]) expect(isBsb(v), String(v)).toBe(false);
  });
});

describe("IBAN (ISO 13616, ISO 7064 MOD 97-10)", () => {
  // ISO 13616's example and the IBAN registry's examples for Great Britain, Germany, France and the Netherlands.
  const published = ["GB82WEST12345698765432", "GB29NWBK60161331926819", "DE89370400440532013000", "FR1420041010050500013M02606", "NL91ABNA0417164300"];
  it("accepts the published examples", () => {
    for (const v of published) expect(checkIban(v), v).toBeNull();
  });
  it("finds a changed digit, swapped digits, a wrong length, an unknown country, spaces", () => {
    expect(checkIban("GB82WEST12345698765433")?.code).toBe("iban.checkDigits");
    expect(checkIban("GB82WEST12345698765423")?.code).toBe("iban.checkDigits");
    expect(checkIban("DE8937040044053201300")?.code).toBe("iban.length");
    expect(checkIban("AU82WEST12345698765432")?.code).toBe("iban.country");
    expect(checkIban("GB82 WEST 1234 5698 7654 32")?.code).toBe("iban.format");
    expect(checkIban("12354678")?.code).toBe("iban.format");
  });
  it("has a length for each registered country, at most 34", () => {
    for (const [cc, n] of Object.entries(IBAN_LENGTHS)) {
      expect(cc).toMatch(/^[A-Z]{2}$/);
      expect(n).toBeGreaterThanOrEqual(15);
      expect(n).toBeLessThanOrEqual(34);
    }
    expect(IBAN_LENGTHS).toMatchObject({ GB: 22, DE: 22, FR: 27, NL: 18, NO: 15, LC: 32 });
  });
});

describe("SWIFT/BIC (ISO 9362)", () => {
  it("accepts 8 and 11 characters", () => {
    for (const v of ["WPACAU2S", "WPACAU2SXXX", "DEUTDEFF", "DEUTDEFF500"]) expect(isBic(v), v).toBe(true);
  });
  it("refuses Westpac's OTT example values and other shapes", () => {
    expect(checkBic("WBC12345XXX")?.code).toBe("bic.format");
    for (const v of ["ABC123", "WPACAU2", "WPACAU2SXX", "wpacau2s", "WPAC1U2S"]) expect(isBic(v), v).toBe(false);
  });
});

describe("ABN (ATO)", () => {
  it("accepts the ATO's example, with or without spaces", () => {
    expect(checkAbn("51 824 753 556")).toBeNull();
    expect(isAbn("51824753556")).toBe(true);
  });
  it("finds a changed digit and a wrong length", () => {
    expect(checkAbn("51824753557")?.code).toBe("abn.checkDigits");
    expect(checkAbn("61824753556")?.code).toBe("abn.checkDigits");
    expect(checkAbn("5182475355")?.code).toBe("abn.format");
  });
});

describe("ACN (ASIC)", () => {
  // ASIC's published examples of valid ACNs.
  const published = "000000019 000250000 000500005 000750005 001000004 001250004 001500009 001749999 001999999 002249998 002499998 002749993 002999993 003249992 003499992 003749988 003999988 004249987 004499987 004749982 004999982 005249981 005499981 005749986 005999977 006249976 006499976 006749980 006999980 007249989 007499989 007749975 007999975 008249974 008499974 008749979 008999979 009249969 009499969 009749964 009999964 010249966 010499966 010749961".split(" ");
  it("accepts every published example, with or without spaces", () => {
    for (const v of published) expect(checkAcn(v), v).toBeNull();
    expect(isAcn("010 749 961")).toBe(true);
  });
  it("finds each wrong check digit and a wrong length", () => {
    for (const v of published) {
      for (let d = 0; d <= 9; d++) if (String(d) !== v[8]) expect(isAcn(v.slice(0, 8) + d), v).toBe(false);
    }
    expect(checkAcn("00000001")?.code).toBe("acn.format");
  });
});

describe("New Zealand account numbers (Inland Revenue's specification)", () => {
  const nz = (bankCode: string, branchCode: string, accountNumber: string, accountSuffix: string) => ({ bankCode, branchCode, accountNumber, accountSuffix });
  it("accepts numbers whose check digits hold, for each algorithm, and parts at their longest", () => {
    // A (base below 00990000), B, D, E, F, G; also checked against an independent implementation's weights.
    for (const parts of [
      nz("01", "0242", "0100194", "000"),
      nz("01", "5670", "0026587", "551"),
      nz("11", "1500", "9244734", "816"),
      nz("08", "3614", "8667101", "461"),
      nz("09", "8972", "5768842", "936"),
      nz("25", "9255", "4233866", "133"),
      nz("26", "8818", "3573013", "274"),
      nz("01", "0242", "00100194", "0000"),
    ]) expect(checkNzAccount(parts), JSON.stringify(parts)).toEqual([]);
  });
  it("finds a changed digit in each algorithm's weighted part", () => {
    for (const parts of [nz("01", "0242", "0100195", "000"), nz("01", "0243", "0100194", "000"), nz("11", "1500", "9244735", "816"), nz("08", "3614", "8667102", "461"), nz("09", "8972", "5768842", "937"), nz("25", "9255", "4233867", "133"), nz("26", "8818", "3573013", "275")]) {
      expect(checkNzAccount(parts).map((f) => [f.part, f.problem.code]), JSON.stringify(parts)).toEqual([["accountNumber", "nzAccount.checkDigits"]]);
    }
  });
  it("the document's own worked examples: 01-902-0068389-00 (A), 08-6523-1954512-001 (D), 26-2600-0320871-032 (G)", () => {
    // Inland Revenue's document works these three through (weighted sums 176 and 121 for A and D, both multiples of
    // 11); a changed digit of each account base fails.
    for (const parts of [nz("01", "902", "0068389", "00"), nz("08", "6523", "1954512", "001"), nz("26", "2600", "0320871", "032")]) {
      expect(checkNzAccount(parts), JSON.stringify(parts)).toEqual([]);
      const changed = { ...parts, accountNumber: parts.accountNumber.slice(0, -1) + String((Number(parts.accountNumber.slice(-1)) + 1) % 10) };
      expect(checkNzAccount(changed).map((f) => f.problem.code), JSON.stringify(changed)).toEqual(["nzAccount.checkDigits"]);
    }
  });
  it("reads an account written as one text, with hyphens or spaces, the same as its parts", () => {
    for (const written of ["01-902-0068389-00", "08 6523 1954512 001", " 26-2600-0320871-032 "]) {
      expect(checkNzAccount(written), written).toEqual([]);
      expect(isNzAccount(written), written).toBe(true);
    }
    expect(checkNzAccount("01-902-0068388-00").map((f) => f.problem.code)).toEqual(["nzAccount.checkDigits"]);
    // Not four parts: every part is reported, nothing is guessed.
    for (const written of ["01902006838900", "01-902-0068389", "01-902-0068389-00-1", ""]) {
      expect(checkNzAccount(written).map((f) => f.part), written).toEqual(["bankCode", "branchCode", "accountNumber", "accountSuffix"]);
    }
  });
  it("Westpac's own example fails the check digits; bank 31 (X) and an unlisted bank ID always pass", () => {
    expect(checkNzAccount(nz("03", "2000", "100001", "02")).map((f) => f.problem.code)).toEqual(["nzAccount.checkDigits"]);
    expect(isNzAccount(nz("31", "2800", "1234567", "000"))).toBe(true);
    expect(isNzAccount(nz("99", "2800", "1234567", "000"))).toBe(true);
  });
  it("names each malformed part, and checks digits only when the parts are well formed", () => {
    const found = checkNzAccount(nz("003", "20000", "123456789", "00002"));
    expect(found.map((f) => [f.part, f.problem.code])).toEqual([
      ["bankCode", "nzAccount.bank"],
      ["branchCode", "nzAccount.branch"],
      ["accountNumber", "nzAccount.account"],
      ["accountSuffix", "nzAccount.suffix"],
    ]);
    expect(checkNzAccount({ bankCode: "03", branchCode: "20-0", accountNumber: "", accountSuffix: 2 }).map((f) => f.part)).toEqual(["branchCode", "accountNumber", "accountSuffix"]);
  });
});

describe("PayID by type", () => {
  it("e-mail", () => {
    expect(isPayId("EMAL", "FIRSTNAME.SURNAME@MYCUSTOMER.COM.AU")).toBe(true);
    for (const v of ["FIRSTNAME.SURNAME", "a@b", "a b@c.com", "a@@b.com"]) expect(checkPayId("EMAL", v)?.code, v).toBe("payId.email");
  });
  it("mobile phone as NPP writes it", () => {
    expect(isPayId("TELI", "+61-412345678")).toBe(true);
    for (const v of ["0412345678", "+61412345678", "+61-41234567", "+61-212345678"]) expect(checkPayId("TELI", v)?.code, v).toBe("payId.phone");
  });
  it("ABN with its check digits", () => {
    expect(isPayId("AUBN", "51824753556")).toBe(true);
    expect(checkPayId("AUBN", "51824753557")?.code).toBe("payId.abn");
  });
  it("organisation identifier: not blank", () => {
    expect(isPayId("ORGN", "MYCOMPANY")).toBe(true);
    expect(checkPayId("ORGN", "  ")?.code).toBe("payId.organisation");
  });
});

describe("BECS lodgement reference and BPAY", () => {
  it("a lodgement reference has at most 18 characters", () => {
    expect(isLodgementReference("A".repeat(18))).toBe(true);
    expect(isLodgementReference("A".repeat(19))).toBe(false);
  });
  it("an NPP end-to-end ID has at most 35 characters", () => {
    expect(isEndToEndId("E".repeat(35))).toBe(true);
    expect(isEndToEndId("E".repeat(36))).toBe(false);
    expect(checkEndToEndId("E".repeat(36))?.code).toBe("npp.endToEndId");
  });
  it("NPP remittance information has at most 140 characters a field", () => {
    expect(isRemittanceInformation("R".repeat(140))).toBe(true);
    expect(isRemittanceInformation("R".repeat(141))).toBe(false);
    expect(checkRemittanceInformation("R".repeat(141))).toEqual({ code: "npp.remittanceInformation", message: expect.stringContaining("not 141") });
  });
  it("biller codes are digits, CRNs 2 to 20 digits", () => {
    expect(isBpayBillerCode("123456")).toBe(true);
    expect(isBpayBillerCode("12A456")).toBe(false);
    expect(isBpayCrn("12345678")).toBe(true);
    expect(isBpayCrn("1".repeat(20))).toBe(true);
    for (const v of ["1", "1".repeat(21), "1234-5678", " ", "1 ".repeat(21)]) expect(isBpayCrn(v), v).toBe(false);
    // PaymentsPlus takes spaces in a CRN (its code B16 rejects "other than numbers and spaces"): not counted.
    expect(isBpayCrn("1234 5678")).toBe(true);
    expect(isBpayCrn(" " + "1".repeat(20) + " ")).toBe(true);
  });
});
