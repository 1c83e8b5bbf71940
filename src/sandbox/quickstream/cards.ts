// QuickStream cards: the test-card outcomes (P72), card schemes by BIN range, the card number checks, how a card or
// bank account shows in a token, and the card look-ups.
import { loadOperations, responseExample } from "../spec.js";
import type { Handler } from "../types.js";
import { invalid, notFound } from "./common.js";
/** The official Visa test table (last two digits 90-99); 00-89 approve with 08 (P72). */
export const DECLINES: Record<string, [string, string]> = {
  "90": ["01", "Refer to card issuer"],
  "91": ["04", "Pick-up card"],
  "92": ["05", "Do not honour"],
  "93": ["91", "Issuer or switch is inoperative"],
  "94": ["54", "Expired card"],
  "95": ["42", "No universal account"],
  "96": ["51", "Not sufficient funds"],
  "97": ["62", "Restricted card"],
  "98": ["43", "Stolen card, pick up"],
  "99": ["01", "Refer to card issuer"],
};

export function cardOutcome(digits: string | undefined) {
  const decline = digits ? DECLINES[digits] : undefined;
  if (decline) return { status: "Declined", responseCode: decline[0], responseDescription: decline[1], summaryCode: "1" };
  return { status: "Approved", responseCode: "08", responseDescription: "Honour with identification", summaryCode: "0" };
}

/** Bank accounts and PayTo: no test table could be read; the sandbox approves with 00 (P72). */
export const APPROVED_00 = { status: "Approved", responseCode: "00", responseDescription: "Approved or completed successfully", summaryCode: "0" };

/**
 * The card schemes the description names (CardScheme), by the issuer identification number ranges each scheme
 * publishes (docs/mock-and-sandbox.md gives the table and its sources). Longer prefixes first where ranges nest.
 */
export const BIN_RANGES: { scheme: string; from: string; to: string }[] = [
  { scheme: "VISA", from: "4", to: "4" },
  { scheme: "MASTERCARD", from: "51", to: "55" },
  { scheme: "MASTERCARD", from: "2221", to: "2720" },
  { scheme: "AMEX", from: "34", to: "34" },
  { scheme: "AMEX", from: "37", to: "37" },
  { scheme: "DINERS", from: "300", to: "305" },
  { scheme: "DINERS", from: "3095", to: "3095" },
  { scheme: "DINERS", from: "36", to: "36" },
  { scheme: "DINERS", from: "38", to: "39" },
  { scheme: "JCB", from: "3528", to: "3589" },
  { scheme: "UNIONPAY", from: "62", to: "62" },
  { scheme: "UNIONPAY", from: "81", to: "81" },
];

/** The scheme of a card number or BIN, or undefined when no published range holds it. */
export function cardScheme(number: string): string | undefined {
  for (const r of BIN_RANGES) {
    const prefix = number.slice(0, r.from.length);
    if (prefix.length === r.from.length && prefix >= r.from && prefix <= r.to) return r.scheme;
  }
  return undefined;
}

/** The Luhn (mod 10) check digit test every scheme above uses. */
export function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = number.charCodeAt(number.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Why a card number cannot be a card's (digits only, 12 to 19 of them, the Luhn check, a known scheme), or undefined. */
export function cardNumberProblem(number: string): string | undefined {
  if (!/^\d+$/.test(number)) return "A card number is digits only.";
  if (number.length < 12 || number.length > 19) return `A card number has 12 to 19 digits; this one has ${number.length}.`;
  if (!luhn(number)) return "The card number fails the Luhn check: a digit is wrong.";
  if (!cardScheme(number)) return `No card scheme the API names (${[...new Set(BIN_RANGES.map((r) => r.scheme))].join(", ")}) issues numbers starting ${number.slice(0, 6)}.`;
  return undefined;
}

export const mask = (n: string) => `${n.slice(0, 6)}...${n.slice(-3)}`;
export const mask4 = (n: string) => `${n.slice(0, 6)}...${n.slice(-4)}`;
export const twoDigitYear = (y: string) => y.slice(-2);

/** The card or bank account details of a single-use-token request, as the token shows them. */
export function tokenView(body: any): { view: any; outcomeDigits?: string } {
  if (body.accountType === "CREDIT_CARD") {
    const number: string = body.cardNumber;
    return {
      outcomeDigits: number.slice(-2),
      view: {
        cardholderName: body.cardholderName,
        cardNumber: mask(number),
        expiryDateMonth: body.expiryDateMonth,
        expiryDateYear: twoDigitYear(body.expiryDateYear),
        cardScheme: cardScheme(number)!, // checked by cardNumberProblem before
        cardType: "CREDIT",
        maskedCardNumber4Digits: mask4(number),
      },
    };
  }
  if (body.accountType === "DIRECT_DEBIT") {
    return { view: { accountName: body.accountName, bsb: body.bsb, accountNumber: body.accountNumber } };
  }
  return {
    view: {
      nzAccountName: body.nzAccountName,
      nzBankCode: body.nzBankCode,
      nzBranchCode: body.nzBranchCode,
      nzAccountNumber: body.nzAccountNumber,
      nzAccountSuffix: body.nzAccountSuffix,
    },
  };
}

let surcharges: any[] | undefined;
/** The business's surcharge rates: the description's example list (the sandbox cannot know a real business's). */
function surchargeRates(): any[] {
  surcharges ??= (responseExample(loadOperations("quickstream").find((op) => op.label === "GET /businesses/{supplierBusinessCode}/card-surcharges")!, "200") as any).data;
  return surcharges!;
}

/** Card look-ups: the scheme from the BIN ranges above, the same answer as the token endpoint gives. */
export const cardHandlers: Record<string, Handler> = {
  "GET /credit-cards/card-schemes/{cardBIN}": (ctx) => {
    const scheme = cardScheme(ctx.params.cardBIN);
    if (!scheme) notFound(ctx, "Card scheme");
    return { status: 200, body: { links: [], cardScheme: scheme } };
  },
  "POST /businesses/{supplierBusinessCode}/query-card-surcharge": (ctx) => {
    const number = String(ctx.body.cardNumber);
    const problem = cardNumberProblem(number);
    if (problem) invalid(ctx, "cardNumber", problem);
    const scheme = cardScheme(number)!;
    const rate = surchargeRates().find((r) => r.cardScheme === scheme && (r.cardType === undefined || r.cardType === "CREDIT"));
    return { status: 200, body: { links: [], cardScheme: scheme, cardType: "CREDIT", surchargePercentage: rate?.surchargePercentage ?? "0.00" } };
  },
};
