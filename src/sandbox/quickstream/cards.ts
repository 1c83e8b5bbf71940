// QuickStream cards: the test-card outcomes (P72), card schemes and how a card or bank account shows in a token.
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

export function cardScheme(number: string): string {
  if (/^4/.test(number)) return "VISA";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "MASTERCARD";
  if (/^3[47]/.test(number)) return "AMEX";
  if (/^3(0|6|8)/.test(number)) return "DINERS";
  if (/^35/.test(number)) return "JCB";
  if (/^62/.test(number)) return "UNIONPAY";
  return "VISA";
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
        cardScheme: cardScheme(number),
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
