// PaymentsPlus outcomes from Westpac's published test data: the PaymentsPlus support environment derives the
// response of an Australian direct entry payment from the payee's BSB (docs/mock-and-sandbox.md gives the table).
//   032-050         rejected (R): caught by PaymentsPlus/Westpac on day 1, never sent to the payee's bank
//   032-051 .. 059  declined (1-9): first reported paid, declined later by the payee's bank (a return)
//   032-999, 032-002  successful (G)
//   any other BSB   approved (the sandbox gives no response code: none is published for it)
// Other payment methods (Osko, BPAY, RTGS, OTT, NZ): no test data could be read; they are paid.

export interface BsbOutcome {
  kind: "rejected" | "declined" | "successful";
  responseCode: string;
  receiptDescription: string;
}

const DECLINES: Record<string, string> = {
  "1": "Invalid BSB Number",
  "2": "Payment stopped",
  "3": "Account Closed",
  "4": "Customer Deceased",
  "5": "No Account/Incorrect Account#",
  "6": "Refer to Customer",
  "7": "No form PDC held",
  "8": "Invalid User ID Number",
  "9": "Other",
};

/** The published outcome of a payment to this BSB (`032-050` or `032050`), or undefined for an ordinary approval. */
export function bsbOutcome(bsb: unknown): BsbOutcome | undefined {
  const digits = String(bsb ?? "").replace("-", "");
  if (digits === "032050") return { kind: "rejected", responseCode: "R", receiptDescription: "WBC Exception Processing Error" };
  const decline = /^03205([1-9])$/.exec(digits);
  if (decline) return { kind: "declined", responseCode: decline[1], receiptDescription: DECLINES[decline[1]] };
  if (digits === "032999" || digits === "032002") return { kind: "successful", responseCode: "G", receiptDescription: "WBC Exception Processing released successfully" };
  return undefined;
}

/** The outcome of a payment record: only Australian direct entry payments to an AU_DOMESTIC account have one. */
export function paymentOutcome(view: any): BsbOutcome | undefined {
  if (view.methodCode !== "DIRECT_ENTRY" || view.recipientAccount?.type !== "AU_DOMESTIC") return undefined;
  return bsbOutcome(view.recipientAccount.bsbNumber);
}
