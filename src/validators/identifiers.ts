// Pure checks of the identifiers a payment carries (BSB, IBAN, SWIFT/BIC, ABN, ACN, New Zealand account numbers,
// PayIDs, BPAY codes, the direct-entry lodgement reference, NPP references), each from a published rule named beside it and in
// openapi/DECISIONS.md (P126). No network, no data file: shapes and check digits only. A value that passes is
// well formed, not known to exist (no BSB or BIC directory is consulted).
// Each `checkX` returns null when the value is well formed, else one problem `{ code, message }`; `isX` says the same
// as a boolean.

/** Why an identifier is malformed: a stable code and a sentence a person can act on. */
export interface IdentifierProblem {
  code: string;
  message: string;
}

type Check = (value: unknown) => IdentifierProblem | null;
const problem = (code: string, message: string): IdentifierProblem => ({ code, message });
const is = (check: Check) => (value: unknown) => check(value) === null;
const text = (value: unknown): value is string => typeof value === "string";

/** BSB: six digits, written `NNN-NNN` or `NNNNNN` (AusPayNet, BSB numbers). */
export function checkBsb(value: unknown): IdentifierProblem | null {
  if (!text(value) || !/^\d{3}-?\d{3}$/.test(value)) return problem("bsb.format", "a BSB is six digits, written NNN-NNN or NNNNNN");
  return null;
}
export const isBsb = is(checkBsb);

/**
 * IBAN lengths by country (ISO 13616-1; the SWIFT IBAN Registry, which the ISO 13616 registration authority
 * publishes). A country that is not listed has no registered IBAN.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
});

/**
 * IBAN in its electronic form (no spaces, capitals): a registered country code, its length, and check digits that
 * pass ISO 7064 MOD 97-10 (ISO 13616-1).
 */
export function checkIban(value: unknown): IdentifierProblem | null {
  if (!text(value) || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(value)) {
    return problem("iban.format", "an IBAN is a two-letter country code, two check digits and the account, in capitals and digits without spaces");
  }
  const country = value.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return problem("iban.country", `${country} has no IBAN in the IBAN registry`);
  if (value.length !== length) return problem("iban.length", `an IBAN of ${country} has ${length} characters, not ${value.length}`);
  if (mod97(value.slice(4) + value.slice(0, 4)) !== 1) return problem("iban.checkDigits", "the IBAN's check digits do not match (ISO 7064 MOD 97-10)");
  return null;
}
export const isIban = is(checkIban);

/** The remainder mod 97 of a string of digits and capitals, each capital read as 10..35 (ISO 7064 MOD 97-10). */
function mod97(s: string): number {
  let r = 0;
  for (const c of s) {
    const n = c >= "A" ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    r = (n >= 10 ? r * 100 + n : r * 10 + n) % 97;
  }
  return r;
}

/**
 * SWIFT/BIC (ISO 9362:2014): a four-character party prefix (letters or digits), a two-letter country code, a
 * two-character suffix (letters or digits), and optionally a three-character branch code: 8 or 11 characters.
 */
export function checkBic(value: unknown): IdentifierProblem | null {
  if (!text(value) || !/^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(value)) {
    return problem("bic.format", "a SWIFT/BIC code is 8 or 11 capitals and digits: 4 for the bank, a 2-letter country code, 2 for the location, and optionally 3 for the branch");
  }
  return null;
}
export const isBic = is(checkBic);

const ABN_WEIGHTS = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];

/**
 * ABN: 11 digits (spaces allowed between them); subtract 1 from the first digit, weight the digits 10, 1, 3, 5, ...,
 * 19, and the sum divides by 89 (Australian Taxation Office, Format of the ABN).
 */
export function checkAbn(value: unknown): IdentifierProblem | null {
  const digits = text(value) ? value.replace(/ /g, "") : "";
  if (!/^\d{11}$/.test(digits)) return problem("abn.format", "an ABN is 11 digits");
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (Number(digits[i]) - (i === 0 ? 1 : 0)) * ABN_WEIGHTS[i];
  if (sum % 89 !== 0) return problem("abn.checkDigits", "the ABN's check digits do not match (the ATO's weighted sum is not a multiple of 89)");
  return null;
}
export const isAbn = is(checkAbn);

/**
 * ACN: 9 digits (spaces allowed between them); the first eight weighted 8, 7, ..., 1, and the ninth is 10 minus the
 * sum's remainder by 10, 0 for 10 (ASIC, Australian Company Number check digit).
 */
export function checkAcn(value: unknown): IdentifierProblem | null {
  const digits = text(value) ? value.replace(/ /g, "") : "";
  if (!/^\d{9}$/.test(digits)) return problem("acn.format", "an ACN is 9 digits");
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (8 - i);
  if ((10 - (sum % 10)) % 10 !== Number(digits[8])) return problem("acn.checkDigit", "the ACN's check digit does not match (ASIC's weighted sum)");
  return null;
}
export const isAcn = is(checkAcn);

/** The parts of a New Zealand bank account number as the PaymentsPlus NZ_DOMESTIC account gives them. */
export interface NzAccountParts {
  bankCode: unknown;
  branchCode: unknown;
  accountNumber: unknown;
  accountSuffix: unknown;
}

/**
 * The parts of a New Zealand account written as one text, `BB-bbbb-AAAAAAA-SSS` (hyphens or spaces between the parts,
 * as it is printed on statements and cheques). Anything else is four missing parts.
 */
function nzAccountParts(written: string): NzAccountParts {
  const split = written.trim().split(/[-\s]+/);
  if (split.length !== 4) return { bankCode: undefined, branchCode: undefined, accountNumber: undefined, accountSuffix: undefined };
  const [bankCode, branchCode, accountNumber, accountSuffix] = split;
  return { bankCode, branchCode, accountNumber, accountSuffix };
}

/**
 * New Zealand bank account number, as Inland Revenue's Non-Resident Withholding Tax and Resident Withholding Tax
 * Specification Document (31 March 2016, "Bank account number validation") gives it: digits, bank ID at most 2,
 * branch at most 4, account base at most 8, suffix at most 4 (a shorter part is read right-justified with leading
 * zeros), and the check digits of the algorithm that document assigns to the bank ID. A bank ID the document does
 * not list gets no check-digit advice; its branch ranges are not checked (a 2016 list: banks add branches) (P126).
 * Returns every part that is malformed, each with the name of its part, or the whole account's check digits.
 */
export function checkNzAccount(account: NzAccountParts | string): { part: keyof NzAccountParts; problem: IdentifierProblem }[] {
  const found: { part: keyof NzAccountParts; problem: IdentifierProblem }[] = [];
  const parts = typeof account === "string" ? nzAccountParts(account) : account;
  const rule = (part: keyof NzAccountParts, re: RegExp, code: string, message: string) => {
    const v = parts[part];
    if (!text(v) || !re.test(v)) found.push({ part, problem: problem(code, message) });
  };
  rule("bankCode", /^\d{1,2}$/, "nzAccount.bank", "a New Zealand bank ID is at most 2 digits");
  rule("branchCode", /^\d{1,4}$/, "nzAccount.branch", "a New Zealand branch number is at most 4 digits");
  rule("accountNumber", /^\d{1,8}$/, "nzAccount.account", "a New Zealand account base number is at most 8 digits");
  rule("accountSuffix", /^\d{1,4}$/, "nzAccount.suffix", "a New Zealand account suffix is at most 4 digits");
  if (found.length === 0) {
    const p = (v: unknown, n: number) => (v as string).padStart(n, "0");
    const digits = p(parts.bankCode, 2) + p(parts.branchCode, 4) + p(parts.accountNumber, 8) + p(parts.accountSuffix, 4);
    if (!nzCheckDigitsHold(digits)) {
      found.push({ part: "accountNumber", problem: problem("nzAccount.checkDigits", "the New Zealand account number's check digits do not match (Inland Revenue's algorithm for its bank ID)") });
    }
  }
  return found;
}

// Inland Revenue's table (2016): algorithm per bank ID; "A" is A below account base 00990000 and B from it.
const NZ_ALGORITHM_OF_BANK: Readonly<Record<string, "A" | "D" | "E" | "F" | "G" | "X">> = {
  "01": "A", "02": "A", "03": "A", "06": "A", "08": "D", "09": "E", "11": "A", "12": "A", "13": "A", "14": "A",
  "15": "A", "16": "A", "17": "A", "18": "A", "19": "A", "20": "A", "21": "A", "22": "A", "23": "A", "24": "A",
  "25": "F", "26": "G", "27": "A", "28": "G", "29": "G", "30": "A", "31": "X", "33": "F", "35": "A", "38": "A",
};
// Weights for the 18 digits (bank 2, branch 4, account base 8, suffix 4) and the modulus; E and G add the digits of
// each product, twice, before summing.
const NZ_WEIGHTS: Readonly<Record<string, { weights: number[]; modulo: number; digitSum?: true }>> = {
  A: { weights: [0, 0, 6, 3, 7, 9, 0, 0, 10, 5, 8, 4, 2, 1, 0, 0, 0, 0], modulo: 11 },
  B: { weights: [0, 0, 0, 0, 0, 0, 0, 0, 10, 5, 8, 4, 2, 1, 0, 0, 0, 0], modulo: 11 },
  D: { weights: [0, 0, 0, 0, 0, 0, 0, 7, 6, 5, 4, 3, 2, 1, 0, 0, 0, 0], modulo: 11 },
  E: { weights: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 4, 3, 2, 0, 0, 0, 1], modulo: 11, digitSum: true },
  F: { weights: [0, 0, 0, 0, 0, 0, 0, 1, 7, 3, 1, 7, 3, 1, 0, 0, 0, 0], modulo: 10 },
  G: { weights: [0, 0, 0, 0, 0, 0, 0, 1, 3, 7, 1, 3, 7, 1, 0, 3, 7, 1], modulo: 10, digitSum: true },
};

/** Whether 18 digits (bank, branch, base, suffix, zero-padded) pass Inland Revenue's check; true for an unlisted bank. */
function nzCheckDigitsHold(digits: string): boolean {
  let algorithm: string | undefined = NZ_ALGORITHM_OF_BANK[digits.slice(0, 2)];
  if (algorithm === undefined || algorithm === "X") return true;
  if (algorithm === "A" && digits.slice(6, 14) >= "00990000") algorithm = "B";
  const { weights, modulo, digitSum } = NZ_WEIGHTS[algorithm]!;
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    let product = weights[i]! * Number(digits[i]);
    if (digitSum) {
      product = Math.floor(product / 10) + (product % 10);
      product = Math.floor(product / 10) + (product % 10);
    }
    sum += product;
  }
  return sum % modulo === 0;
}
export const isNzAccount = (account: NzAccountParts | string) => checkNzAccount(account).length === 0;

/** The PayID types as NPP names them (and QuickStream's PayTo `payIdType` codes). */
export type PayIdType = "EMAL" | "TELI" | "AUBN" | "ORGN";

/**
 * A PayID of a type: EMAL an e-mail address (one `@`, a dotted domain, no spaces); TELI a mobile number as NPP writes
 * it, `+61-4` and eight more digits; AUBN an ABN with valid check digits; ORGN any non-blank text (the scheme's
 * format for organisation identifiers is not checked: see P126).
 */
export function checkPayId(type: PayIdType, value: unknown): IdentifierProblem | null {
  if (!text(value)) return problem("payId.format", "a PayID is text");
  switch (type) {
    case "EMAL":
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : problem("payId.email", "an e-mail PayID is an address like name@example.com.au");
    case "TELI":
      return /^\+61-4\d{8}$/.test(value) ? null : problem("payId.phone", "a mobile phone PayID is written +61-4XXXXXXXX");
    case "AUBN": {
      const p = checkAbn(value);
      return p && problem("payId.abn", `an ABN PayID must be a valid ABN: ${p.message}`);
    }
    case "ORGN":
      return value.trim() === "" ? problem("payId.organisation", "an organisation PayID is not blank") : null;
    default:
      return null;
  }
}
export const isPayId = (type: PayIdType, value: unknown) => checkPayId(type, value) === null;

/** BECS direct-entry lodgement reference: at most 18 characters (the field's width in the direct-entry file). */
export function checkLodgementReference(value: unknown): IdentifierProblem | null {
  if (text(value) && value.length > 18) {
    return problem("becs.lodgementReference", `a direct-entry lodgement reference has at most 18 characters, not ${value.length}`);
  }
  return null;
}
export const isLodgementReference = (value: unknown) => text(value) && checkLodgementReference(value) === null;

/**
 * An NPP payment's end-to-end ID (an Osko payment's lodgement reference in PaymentsPlus, a PayTo payment's
 * `endToEndId` in QuickStream): at most 35 characters, the ISO 20022 EndToEndIdentification (Max35Text) of the NPP's
 * payment messages.
 */
export function checkEndToEndId(value: unknown): IdentifierProblem | null {
  if (text(value) && value.length > 35) return problem("npp.endToEndId", `an NPP end-to-end ID has at most 35 characters (ISO 20022), not ${value.length}`);
  return null;
}
export const isEndToEndId = (value: unknown) => text(value) && checkEndToEndId(value) === null;

/**
 * One field of an NPP payment's unstructured remittance information (PaymentsPlus `oskoRemittanceInformation1` and
 * `2`, QuickStream PayTo `remittanceInformation1`): at most 140 characters, the ISO 20022 Unstructured remittance
 * information (Max140Text); two such fields are the 280 characters the NPP carries with a payment.
 */
export function checkRemittanceInformation(value: unknown): IdentifierProblem | null {
  if (text(value) && value.length > 140) {
    return problem("npp.remittanceInformation", `NPP remittance information has at most 140 characters a field (ISO 20022), not ${value.length}`);
  }
  return null;
}
export const isRemittanceInformation = (value: unknown) => text(value) && checkRemittanceInformation(value) === null;

/** BPAY biller code: digits only. */
export function checkBpayBillerCode(value: unknown): IdentifierProblem | null {
  return text(value) && /^\d+$/.test(value) ? null : problem("bpay.billerCode", "a BPAY biller code is digits only");
}
export const isBpayBillerCode = is(checkBpayBillerCode);

/**
 * BPAY customer reference number: 2 to 20 digits (up to 19 of the biller's own and a check digit). Spaces are not
 * counted: PaymentsPlus takes a CRN of digits and spaces (P128).
 */
export function checkBpayCrn(value: unknown): IdentifierProblem | null {
  return text(value) && /^\d{2,20}$/.test(value.replace(/ /g, "")) ? null : problem("bpay.crn", "a BPAY customer reference number is 2 to 20 digits");
}
export const isBpayCrn = is(checkBpayCrn);
