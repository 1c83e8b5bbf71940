// `advise(api, target, data)`: warnings for what the payment schemes' published rules say will fail later (a
// direct-entry return, a bounced transfer), where Westpac's own docs do not refuse it. It refuses nothing: a payload
// `validate()` accepts stays accepted (Westpac's own examples break some of these rules, P126). The rules apply by
// the account's kind, wherever such an account sits in the payload: PaymentsPlus recipient accounts by `type`
// (AU_DOMESTIC, RTGS, BPAY, INTERNATIONAL, NZ_DOMESTIC), the Osko BBAN account, a direct-entry or Osko payment's lodgement
// reference and remittance information; QuickStream bank accounts (`bsb`, the four parts of a New Zealand account), PayTo PayIDs (`payIdType` with `payId`)
// and a PayTo payment's NPP fields (`endToEndId`, `remittanceInformation1`).
import {
  checkBic,
  checkBpayBillerCode,
  checkBpayCrn,
  checkBsb,
  checkEndToEndId,
  checkIban,
  checkLodgementReference,
  checkNzAccount,
  checkPayId,
  checkRemittanceInformation,
  type IdentifierProblem,
  type PayIdType,
} from "./identifiers.js";

/** One piece of advice: the JSON pointer of the field, a stable code, and a sentence. */
export interface Advice {
  pointer: string;
  code: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
const PAY_ID_TYPES = new Set(["EMAL", "TELI", "AUBN", "ORGN"]);

/**
 * Advice for `data` as a payload of `api` (`target` is checked by the caller, `advise` in index.ts). Walks the whole
 * payload once; never throws for any data (a cycle is visited once).
 */
export function adviseData(api: "paymentsplus" | "quickstream", data: unknown): Advice[] {
  const out: Advice[] = [];
  const seen = new Set<object>();
  const add = (pointer: string, p: IdentifierProblem | null) => {
    if (p) out.push({ pointer, code: p.code, message: p.message });
  };
  const visit = (value: unknown, at: string, depth: number) => {
    if (typeof value !== "object" || value === null || seen.has(value) || depth > 64) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${at}/${i}`, depth + 1));
      return;
    }
    const o = value as Obj;
    if (api === "paymentsplus") paymentsPlusRules(o, at, add, out);
    else quickStreamRules(o, at, add);
    for (const [key, child] of Object.entries(o)) visit(child, `${at}/${escape(key)}`, depth + 1);
  };
  try {
    visit(data, "", 0);
  } catch {
    // A getter or proxy that throws: the advice found so far stands (validate() reports the payload itself).
  }
  return out;
}

type Add = (pointer: string, p: IdentifierProblem | null) => void;

function paymentsPlusRules(o: Obj, at: string, add: Add, out: Advice[]) {
  const has = (k: string) => typeof o[k] === "string";
  switch (o.type) {
    case "AU_DOMESTIC":
    case "RTGS":
      if (has("bsbNumber")) add(`${at}/bsbNumber`, checkBsb(o.bsbNumber));
      break;
    case "BPAY":
      if (has("billerNumber")) add(`${at}/billerNumber`, checkBpayBillerCode(o.billerNumber));
      if (has("crn")) add(`${at}/crn`, checkBpayCrn(o.crn));
      break;
    case "INTERNATIONAL":
      if (has("iban")) add(`${at}/iban`, checkIban(o.iban));
      if (has("swiftCode")) add(`${at}/swiftCode`, checkBic(o.swiftCode));
      if (has("intermediarySwiftCode")) add(`${at}/intermediarySwiftCode`, checkBic(o.intermediarySwiftCode));
      break;
    case "NZ_DOMESTIC":
      for (const { part, problem } of checkNzAccount(o as never)) if (has(part)) add(`${at}/${part}`, problem);
      break;
  }
  // The Osko account by scheme: a BBAN is a BSB's six digits and the account number.
  if (o.schemeName === "BBAN" && has("identification") && !/^\d{7,}$/.test(o.identification as string)) {
    out.push({ pointer: `${at}/identification`, code: "bban.format", message: "a BBAN is the BSB's six digits followed by the account number, digits only" });
  }
  // A direct-entry payment's lodgement reference goes into the direct-entry file's 18-character field.
  if (o.paymentMethod === "DIRECT_ENTRY" && has("lodgementReference")) add(`${at}/lodgementReference`, checkLodgementReference(o.lodgementReference));
  // An Osko payment's lodgement reference is its end-to-end ID (Westpac's page), ISO 20022's Max35Text.
  if (o.paymentMethod === "OSKO" && has("lodgementReference")) add(`${at}/lodgementReference`, checkEndToEndId(o.lodgementReference));
  // Osko remittance information: ISO 20022 unstructured remittance information, 140 characters a field.
  for (const k of ["oskoRemittanceInformation1", "oskoRemittanceInformation2"]) if (has(k)) add(`${at}/${k}`, checkRemittanceInformation(o[k]));
}

/** QuickStream's names for the four parts of a New Zealand account (bank accounts, tokens, direct debit). */
const QUICKSTREAM_NZ_PARTS = { bankCode: "nzBankCode", branchCode: "nzBranchCode", accountNumber: "nzAccountNumber", accountSuffix: "nzAccountSuffix" } as const;

function quickStreamRules(o: Obj, at: string, add: Add) {
  if (typeof o.bsb === "string") add(`${at}/bsb`, checkBsb(o.bsb));
  // A New Zealand account, when all four parts are given (a token request may leave out the last two).
  const nz = QUICKSTREAM_NZ_PARTS;
  if (Object.values(nz).every((k) => typeof o[k] === "string")) {
    const parts = { bankCode: o[nz.bankCode], branchCode: o[nz.branchCode], accountNumber: o[nz.accountNumber], accountSuffix: o[nz.accountSuffix] };
    for (const { part, problem } of checkNzAccount(parts)) add(`${at}/${nz[part]}`, problem);
  }
  // A PayTo payment's NPP fields (payToData): the end-to-end ID and the remittance information.
  if (typeof o.endToEndId === "string") add(`${at}/endToEndId`, checkEndToEndId(o.endToEndId));
  if (typeof o.remittanceInformation1 === "string") add(`${at}/remittanceInformation1`, checkRemittanceInformation(o.remittanceInformation1));
  if (typeof o.payIdType === "string" && PAY_ID_TYPES.has(o.payIdType) && typeof o.payId === "string") {
    add(`${at}/payId`, checkPayId(o.payIdType as PayIdType, o.payId));
  }
}
