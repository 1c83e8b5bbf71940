// QuickStream, stateful: single-use tokens, customers and their accounts, transactions (payments, refunds,
// pre-authorisations with capture and cancel, voids), recurring payments and PayTo agreements, per facility.
// Card outcomes follow the official test-card rule (P72); what the docs leave open is said where it is decided.
import { maskKey } from "./keys.js";
import { MAX_CENTS, money, toCents } from "./money.js";
import { page } from "./pages.js";
import type { ApiModule, Handler, RequestContext } from "./server.js";
import { responseExample, type Operation } from "./spec.js";
import { nextId, type FacilityBase } from "./state.js";

interface TokenRecord {
  singleUseTokenId: string;
  createdAt: number;
  used: boolean;
  /** The token as POST /single-use-tokens answered it (masked card number, no CVN). */
  view: any;
  /** Last two digits of the card number: they pick the test outcome. */
  outcomeDigits?: string;
}

interface AccountRecord {
  view: any; // CreditCardAccount | BankAccount, as the API shows it
  enabled: boolean;
  outcomeDigits?: string;
}

interface TransactionRecord {
  view: any;
  /** The business the request named; the transaction model does not carry it, but list filters select by it. */
  supplierBusinessCode?: string;
  customerId?: string;
  accountToken?: string;
  /** Principal in cents and what later transactions took from it (refunds, captures, cancellations). */
  principalCents: number;
  refundedCents: number;
  capturedCents: number;
  cancelled: boolean;
}

export interface QuickStreamFacility extends FacilityBase {
  tokens: TokenRecord[];
  customers: any[];
  accounts: AccountRecord[];
  transactions: TransactionRecord[];
  recurringPayments: { view: any; customerId: string }[];
  agreements: { view: any; customerId?: string }[];
}

const TOKEN_LIFETIME_MS = 10 * 60 * 1000;
const TOKEN_QUOTA = 1000;

/** The official Visa test table (last two digits 90-99); 00-89 approve with 08 (P72). */
const DECLINES: Record<string, [string, string]> = {
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

function cardOutcome(digits: string | undefined) {
  const decline = digits ? DECLINES[digits] : undefined;
  if (decline) return { status: "Declined", responseCode: decline[0], responseDescription: decline[1], summaryCode: "1" };
  return { status: "Approved", responseCode: "08", responseDescription: "Honour with identification", summaryCode: "0" };
}

/** Bank accounts and PayTo: no test table could be read; the sandbox approves with 00 (P72). */
const APPROVED_00 = { status: "Approved", responseCode: "00", responseDescription: "Approved or completed successfully", summaryCode: "0" };

function cardScheme(number: string): string {
  if (/^4/.test(number)) return "VISA";
  if (/^(5[1-5]|2[2-7])/.test(number)) return "MASTERCARD";
  if (/^3[47]/.test(number)) return "AMEX";
  if (/^3(0|6|8)/.test(number)) return "DINERS";
  if (/^35/.test(number)) return "JCB";
  if (/^62/.test(number)) return "UNIONPAY";
  return "VISA";
}

const mask = (n: string) => `${n.slice(0, 6)}...${n.slice(-3)}`;
const mask4 = (n: string) => `${n.slice(0, 6)}...${n.slice(-4)}`;
const twoDigitYear = (y: string) => y.slice(-2);
const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
const date = (d: Date) => d.toISOString().slice(0, 10);

function link(ctx: RequestContext, rel: string, path: string, method = "GET") {
  return { rel, href: `${ctx.baseUrl}${path}`, requestMethod: method };
}

/** The card or bank account details of a single-use-token request, as the token shows them. */
function tokenView(body: any): { view: any; outcomeDigits?: string } {
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

const TOKEN_FIELD = { CREDIT_CARD: "creditCard", DIRECT_DEBIT: "bankAccount", DIRECT_DEBIT_NZ: "nzBankAccount" } as const;

function notFound(ctx: RequestContext, what: string): never {
  return ctx.fail([404, 422], `${what} not found.`, `No ${what.toLowerCase()} with this identifier in this facility.`);
}

function invalid(ctx: RequestContext, fieldName: string, message: string, fieldValue?: string): never {
  return ctx.fail([422, 400], "Invalid request.", message, [{ fieldName, messages: [message], ...(fieldValue ? { fieldValue } : {}) }]);
}

/** A request amount in whole cents, or 422 naming the field when it is beyond what the sandbox keeps exactly. */
function centsOf(ctx: RequestContext, fieldName: string, amount: unknown): number {
  const value = toCents(amount);
  if (!(value <= MAX_CENTS)) {
    invalid(ctx, fieldName, `The sandbox keeps amounts up to ${money(MAX_CENTS).displayAmount} exactly; this one is larger (a limit of the sandbox, not of the API).`, String(amount).slice(0, 40));
  }
  return value;
}

function findCustomer(ctx: RequestContext<QuickStreamFacility>, id: string) {
  return ctx.facility.customers.find((c) => c.customerId === id) ?? notFound(ctx, "Customer");
}

/** Use up a single-use token (once, within 10 minutes). */
function useToken(ctx: RequestContext<QuickStreamFacility>, id: string): TokenRecord {
  const token = ctx.facility.tokens.find((t) => t.singleUseTokenId === id);
  if (!token) invalid(ctx, "singleUseTokenId", "The single-use token does not exist.", id);
  if (token.used) invalid(ctx, "singleUseTokenId", "The single-use token has already been used.", id);
  if (ctx.now.getTime() - token.createdAt > TOKEN_LIFETIME_MS) invalid(ctx, "singleUseTokenId", "The single-use token has expired.", id);
  token.used = true;
  return token;
}

/** Register the account a token names (for a customer or none). */
function registerAccount(ctx: RequestContext<QuickStreamFacility>, token: TokenRecord, customerId?: string): AccountRecord {
  const f = ctx.facility;
  const accountToken = nextId(f, "ACC");
  const first = customerId !== undefined && !f.accounts.some((a) => a.view.customerId === customerId && a.enabled);
  const kind = token.view.accountType as keyof typeof TOKEN_FIELD;
  const details = token.view[TOKEN_FIELD[kind]];
  let view: any;
  if (kind === "CREDIT_CARD") view = { accountType: "CREDIT_CARD", accountToken, ...details };
  else if (kind === "DIRECT_DEBIT") {
    view = {
      accountType: "DIRECT_DEBIT",
      accountToken,
      accountName: details.accountName,
      displayName: `${details.accountName} ${details.bsb} ...${String(details.accountNumber).slice(-3)}`,
      currency: "AUD",
      bsb: details.bsb,
      accountNumber: `...${String(details.accountNumber).slice(-3)}`,
    };
  } else view = { accountType: "DIRECT_DEBIT_NZ", accountToken, ...details, currency: "NZD" };
  if (customerId !== undefined) view.customerId = customerId;
  view.defaultAccount = first;
  view.links = [link(ctx, "self", `/accounts/${accountToken}`)];
  const record: AccountRecord = { view, enabled: true, outcomeDigits: token.outcomeDigits };
  f.accounts.push(record);
  return record;
}

function findAccount(ctx: RequestContext<QuickStreamFacility>, token: string, field = "accountToken"): AccountRecord {
  const account = ctx.facility.accounts.find((a) => a.view.accountToken === token && a.enabled);
  return account ?? invalid(ctx, field, "No enabled account with this account token.", token);
}

function findTransaction(ctx: RequestContext<QuickStreamFacility>, receiptNumber: string): TransactionRecord {
  return ctx.facility.transactions.find((t) => t.view.receiptNumber === receiptNumber) ?? notFound(ctx, "Transaction");
}

function originalOf(ctx: RequestContext<QuickStreamFacility>, receiptNumber: string): TransactionRecord {
  const t = ctx.facility.transactions.find((x) => x.view.receiptNumber === receiptNumber);
  return t ?? invalid(ctx, "originalReceiptNumber", "No transaction with this receipt number.", receiptNumber);
}

/** Where a payment takes money from: the account view to show and the digits that pick a card outcome. */
function payer(ctx: RequestContext<QuickStreamFacility>, body: any) {
  if (body.singleUseTokenId) {
    const token = useToken(ctx, body.singleUseTokenId);
    const kind = token.view.accountType as keyof typeof TOKEN_FIELD;
    const details = token.view[TOKEN_FIELD[kind]];
    const view = kind === "CREDIT_CARD" ? { accountType: "CREDIT_CARD", ...details } : { accountType: kind, ...details };
    return { kind, view, outcomeDigits: token.outcomeDigits };
  }
  if (body.accountToken) {
    const account = findAccount(ctx, body.accountToken);
    return { kind: account.view.accountType, view: account.view, outcomeDigits: account.outcomeDigits, accountToken: body.accountToken, customerId: account.view.customerId };
  }
  if (body.customerId) {
    findCustomer(ctx, body.customerId);
    const account = ctx.facility.accounts.find((a) => a.enabled && a.view.customerId === body.customerId && a.view.defaultAccount);
    if (!account) invalid(ctx, "customerId", "The customer has no default account.", body.customerId);
    return { kind: account.view.accountType, view: account.view, outcomeDigits: account.outcomeDigits, accountToken: account.view.accountToken, customerId: body.customerId };
  }
  if (body.creditCard) {
    const { view, outcomeDigits } = tokenView({ accountType: "CREDIT_CARD", ...body.creditCard });
    return { kind: "CREDIT_CARD", view: { accountType: "CREDIT_CARD", ...view }, outcomeDigits };
  }
  if (body.bankAccount) {
    const b = body.bankAccount;
    return { kind: "DIRECT_DEBIT", view: { accountType: "DIRECT_DEBIT", accountName: b.accountName, bsb: b.bsb, accountNumber: b.accountNumber } };
  }
  return invalid(ctx, "singleUseTokenId", "Name the payer: singleUseTokenId, accountToken, customerId, creditCard or bankAccount.");
}

function newTransaction(
  ctx: RequestContext<QuickStreamFacility>,
  body: any,
  outcome: { status: string; responseCode: string; responseDescription: string; summaryCode: string },
  principalCents: number,
  extra: Record<string, unknown> = {},
  payerView?: { kind: string; view: any },
): TransactionRecord {
  const receiptNumber = nextId(ctx.facility, "", 10);
  const currency = body.currency ?? extra.currency ?? "AUD";
  const approved = outcome.summaryCode === "0";
  const view: any = {
    links: [link(ctx, "self", `/transactions/${receiptNumber}`)],
    receiptNumber,
    transactionType: body.transactionType,
    status: outcome.status,
    responseCode: outcome.responseCode,
    responseDescription: outcome.responseDescription,
    summaryCode: outcome.summaryCode,
    fraudGuardResult: null,
    ...(body.customerReferenceNumber ? { customerReferenceNumber: body.customerReferenceNumber } : {}),
    ...(body.paymentReferenceNumber ? { paymentReferenceNumber: body.paymentReferenceNumber } : {}),
    ...(body.comment ? { comment: body.comment } : {}),
    ...(body.metadata ? { metadata: body.metadata } : {}),
    ...(body.ipAddress ? { ipAddress: body.ipAddress } : {}),
    source: "RESTAPI",
    settlementDate: date(ctx.now),
    transactionTime: isoSeconds(ctx.now),
    voidable: approved && (body.transactionType === "PAYMENT" || body.transactionType === "REFUND"),
    refundable: approved && (body.transactionType === "PAYMENT" || body.transactionType === "CAPTURE"),
    principalAmount: money(principalCents, currency),
    surchargeAmount: money(0, currency),
    totalAmount: money(principalCents, currency),
    ...extra,
  };
  delete view.currency;
  if (payerView) {
    if (payerView.kind === "CREDIT_CARD") view.creditCard = strip(payerView.view);
    else if (payerView.kind === "DIRECT_DEBIT") view.bankAccount = strip(payerView.view);
    else if (payerView.kind === "DIRECT_DEBIT_NZ") view.nzBankAccount = strip(payerView.view);
  }
  const record: TransactionRecord = { view, principalCents, refundedCents: 0, capturedCents: 0, cancelled: false };
  if (typeof body.supplierBusinessCode === "string") record.supplierBusinessCode = body.supplierBusinessCode;
  ctx.facility.transactions.push(record);
  return record;
}

const strip = (view: any) => {
  const { links, ...rest } = view;
  void links;
  return rest;
};

const created = (ctx: RequestContext, path: string, body: unknown) => ({
  status: 201,
  body,
  headers: { Location: `${ctx.baseUrl}${path}` },
});

/** POST /transactions: one handler per transactionType (and PREAUTH operation). */
const createTransaction: Handler = (ctx: RequestContext<QuickStreamFacility>) => {
  const body = ctx.body;
  const type = body.transactionType;
  let record: TransactionRecord;
  if (type === "PAYMENT" && body.payToData) {
    const token = body.payToData.agreementToken;
    const agreement = ctx.facility.agreements.find((a) => a.view.agreementToken === token);
    if (!agreement) invalid(ctx, "payToData.agreementToken", "No PayTo agreement with this token.", token);
    if (agreement.view.status !== "ACTIVE") invalid(ctx, "payToData.agreementToken", "The PayTo agreement is not ACTIVE.", token);
    record = newTransaction(ctx, body, APPROVED_00, centsOf(ctx, "principalAmount", body.principalAmount));
    record.customerId = agreement.customerId;
  } else if (type === "PAYMENT" || type === "ACCOUNT_VERIFICATION" || (type === "PREAUTH" && !body.originalReceiptNumber)) {
    const from = payer(ctx, body);
    if (type === "PREAUTH" && from.kind !== "CREDIT_CARD") invalid(ctx, "transactionType", "Pre-authorisations are for cards only.");
    const outcome = from.kind === "CREDIT_CARD" ? cardOutcome(from.outcomeDigits) : APPROVED_00;
    const cents = type === "ACCOUNT_VERIFICATION" ? 0 : centsOf(ctx, "principalAmount", body.principalAmount);
    record = newTransaction(ctx, body, outcome, cents, {}, from);
    record.accountToken = from.accountToken;
    record.customerId = from.customerId;
  } else if (type === "REFUND") {
    const original = originalOf(ctx, body.originalReceiptNumber);
    const refundable = original.principalCents - original.refundedCents;
    if (!original.view.refundable) invalid(ctx, "originalReceiptNumber", "This transaction cannot be refunded.", body.originalReceiptNumber);
    const cents = centsOf(ctx, "principalAmount", body.principalAmount);
    if (cents > refundable) {
      invalid(ctx, "principalAmount", `The refund is more than the refundable amount (${money(refundable).displayAmount}).`, String(body.principalAmount));
    }
    original.refundedCents += cents;
    if (original.refundedCents >= original.principalCents) original.view.refundable = false;
    original.view.voidable = false;
    record = newTransaction(ctx, { ...body, currency: original.view.principalAmount.currency }, APPROVED_00, cents, {
      originalReceiptNumber: original.view.receiptNumber,
    }, accountOf(original));
  } else if (type === "CAPTURE" || type === "PREAUTH") {
    const original = originalOf(ctx, body.originalReceiptNumber);
    const isPreauth = original.view.transactionType === "PREAUTH" && !original.view.cancellationType && !original.view.authorisationType;
    if (!isPreauth || original.view.status !== "Approved") {
      invalid(ctx, "originalReceiptNumber", "The original transaction is not an approved pre-authorisation.", body.originalReceiptNumber);
    }
    const remaining = original.principalCents - original.capturedCents;
    if (original.cancelled || remaining <= 0) invalid(ctx, "originalReceiptNumber", "The pre-authorisation has been captured or cancelled.", body.originalReceiptNumber);
    const currency = original.view.principalAmount.currency;
    const extra = { originalReceiptNumber: original.view.receiptNumber, currency };
    if (type === "CAPTURE") {
      const cents = body.principalAmount === undefined || body.principalAmount === null ? remaining : centsOf(ctx, "principalAmount", body.principalAmount);
      if (cents > remaining) invalid(ctx, "principalAmount", "The capture is more than the pre-authorised amount left.", String(body.principalAmount));
      original.capturedCents += cents;
      record = newTransaction(ctx, body, APPROVED_00, cents, extra, accountOf(original));
    } else if (body.cancellationType) {
      const cents = body.cancellationType === "FULL" || body.principalAmount == null ? remaining : centsOf(ctx, "principalAmount", body.principalAmount);
      if (cents > remaining) invalid(ctx, "principalAmount", "The cancellation is more than the pre-authorised amount left.", String(body.principalAmount));
      original.capturedCents += cents; // what is cancelled can no longer be captured
      if (original.capturedCents >= original.principalCents) original.cancelled = true;
      record = newTransaction(ctx, body, APPROVED_00, cents, { ...extra, cancellationType: body.cancellationType }, accountOf(original));
    } else {
      // INCREMENTAL raises the amount that can be captured; EXTENSION and REAUTHORISATION keep it (P73).
      const cents = body.principalAmount == null ? 0 : centsOf(ctx, "principalAmount", body.principalAmount);
      if (body.authorisationType === "INCREMENTAL") original.principalCents += cents;
      record = newTransaction(ctx, body, APPROVED_00, cents, { ...extra, authorisationType: body.authorisationType }, accountOf(original));
    }
    record.customerId = original.customerId;
    record.accountToken = original.accountToken;
  } else {
    return invalid(ctx, "transactionType", "Unknown transaction type.", String(type));
  }
  const answer = created(ctx, `/transactions/${record.view.receiptNumber}`, record.view);
  if (ctx.preferred === 202) {
    // A slow bank network, asked for with `Prefer: code=202`: the answer shows the transaction `Pending`, without an
    // outcome (as the official pending example does); the transaction keeps its outcome, which a later GET shows.
    const pending = { ...record.view, status: "Pending", voidable: false, refundable: false };
    delete pending.responseCode;
    delete pending.responseDescription;
    delete pending.summaryCode;
    return { ...answer, status: 202, body: pending };
  }
  return answer;
};

function accountOf(t: TransactionRecord) {
  if (t.view.creditCard) return { kind: "CREDIT_CARD", view: t.view.creditCard };
  if (t.view.bankAccount) return { kind: "DIRECT_DEBIT", view: t.view.bankAccount };
  if (t.view.nzBankAccount) return { kind: "DIRECT_DEBIT_NZ", view: t.view.nzBankAccount };
  return undefined;
}

const listTransactions =
  (filter: (t: TransactionRecord, ctx: RequestContext<QuickStreamFacility>) => boolean): Handler =>
  (ctx: RequestContext<QuickStreamFacility>) => {
    const matching = ctx.facility.transactions
      .filter((t) => filter(t, ctx))
      .filter((t) => ctx.query.supplierBusinessCode === undefined || t.supplierBusinessCode === ctx.query.supplierBusinessCode)
      .map((t) => t.view);
    return { status: 200, body: page(ctx, matching.reverse()) };
  };

function amountTerms(ctx: RequestContext, request: any) {
  const out: any = { ...request };
  for (const key of ["firstPaymentAmount", "lastPaymentAmount", "paymentAmount", "maximumPaymentAmount"]) {
    out[key] = request[key] == null ? null : money(centsOf(ctx, `paymentTerms.${key}`, request[key]), request.currency ?? "AUD");
  }
  delete out.currency;
  for (const key of ["numberOfPaymentsPermitted", "pointInTime", "firstPaymentDue", "lastPaymentDue"]) out[key] ??= null;
  return out;
}

/** A PayTo agreement as GET answers it, built from a create request; the payee side is the example's (P73). */
function agreementView(ctx: RequestContext<QuickStreamFacility>, body: any, customerId: string | undefined, op: Operation): any {
  const example: any = responseExample(op, "201");
  const agreementToken = nextId(ctx.facility, `${ctx.caller.facility.slice(0, 5)}`, 8);
  const minutes = Number(body.respondByTimeMinutes ?? 7200);
  const payer = body.payerDetails;
  const payerDetails: any = {
    ...(customerId ? { customerId } : {}),
    payerType: payer.payerType,
    payerId: payer.payerId,
    payerName: payer.payerName,
    ultimatePayerName: payer.ultimatePayerName ?? payer.payerName,
    ...(payer.payerReference ? { paymentReference: payer.payerReference } : {}),
  };
  if (payer.payId) {
    payerDetails.payIdType = payer.payIdType;
    payerDetails.maskedPayId = `${String(payer.payId).slice(0, 1)}****`;
  } else if (payer.accountNumber) {
    payerDetails.maskedBsb = `***${String(payer.bsb).slice(-3)}`;
    payerDetails.maskedAccountNumber = `******${String(payer.accountNumber).slice(-3)}`;
  }
  return {
    agreementToken,
    status: "PENDING",
    respondByTime: isoSeconds(new Date(ctx.now.getTime() + minutes * 60_000)),
    payeeReference: body.payeeReference ?? null,
    hasPendingBilateralAmendment: false,
    paymentDetails: { endDate: null, additionalInformation: null, ...body.paymentDetails },
    paymentTerms: amountTerms(ctx, body.paymentTerms),
    payerDetails,
    payeeDetails: { ...example.payeeDetails, supplierBusinessCode: body.supplierBusinessCode },
  };
}

function recurringView(ctx: RequestContext<QuickStreamFacility>, body: any, customerId: string, id: string, previous?: any): any {
  const account = body.accountToken
    ? findAccount(ctx, body.accountToken)
    : ctx.facility.accounts.find((a) => a.enabled && a.view.customerId === customerId && a.view.defaultAccount);
  if (!account) invalid(ctx, "accountToken", "The customer has no default account: name one with accountToken.");
  if (account.view.customerId !== customerId) invalid(ctx, "accountToken", "The account belongs to another customer.", body.accountToken);
  const currency = body.currency ?? "AUD";
  const instalment = centsOf(ctx, "instalmentAmount", body.instalmentAmount);
  const withSurcharge = (cents: number) => ({ principalAmount: money(cents, currency), surchargeAmount: money(0, currency), totalAmount: money(cents, currency) });
  const total = body.scheduleType === "STOP_AFTER_SET_NUMBER_OF_PAYMENTS" ? instalment * body.remainingInstalments : body.totalPaymentAmount != null ? centsOf(ctx, "totalPaymentAmount", body.totalPaymentAmount) : undefined;
  if (total !== undefined && !(total <= MAX_CENTS)) {
    invalid(ctx, "remainingInstalments", `The schedule's total is more than the sandbox keeps exactly (${money(MAX_CENTS).displayAmount}).`, String(body.remainingInstalments));
  }
  const view: any = {
    links: [link(ctx, "self", `/recurring-payments/${id}`)],
    paymentScheduleId: id,
    paymentScheduleCode: body.paymentScheduleCode ?? previous?.paymentScheduleCode ?? id,
    supplierBusinessCode: body.supplierBusinessCode ?? previous?.supplierBusinessCode,
    status: previous?.status ?? "ACTIVE",
    scheduleType: body.scheduleType,
    frequency: body.frequency,
    nextPaymentDate: body.nextPaymentDate,
    ...(body.scheduleEndDate ? { scheduleEndDate: body.scheduleEndDate } : {}),
    ...(body.remainingInstalments != null ? { remainingInstalments: body.remainingInstalments, totalInstalments: body.remainingInstalments } : {}),
    instalmentAmount: withSurcharge(instalment),
    nextInstalmentAmount: withSurcharge(instalment),
    totalPaidAmount: withSurcharge(0),
    ...(total !== undefined ? { expectedTotalPaymentAmount: withSurcharge(total) } : {}),
  };
  if (account.view.accountType === "CREDIT_CARD") view.creditCard = account.view;
  else view.bankAccount = account.view;
  return view;
}

function findAgreement(ctx: RequestContext<QuickStreamFacility>, token: string) {
  return ctx.facility.agreements.find((a) => a.view.agreementToken === token) ?? notFound(ctx, "PayTo agreement");
}

function findSchedule(ctx: RequestContext<QuickStreamFacility>, id: string) {
  return ctx.facility.recurringPayments.find((r) => r.view.paymentScheduleId === id) ?? notFound(ctx, "Recurring payment");
}

const handlers: Record<string, Handler> = {
  "GET /": (ctx) => ({
    status: 200,
    body: { links: [], communityCode: ctx.caller.facility, communityName: `${ctx.caller.facility} (sandbox)`, keyName: maskKey(ctx.caller.key) },
  }),
  "GET /api-keys/latest": (ctx) => ({
    status: 200,
    body: {
      links: [],
      keyName: maskKey(ctx.caller.key),
      key: ctx.caller.key,
      expiryDate: isoSeconds(new Date(ctx.now.getTime() + 365 * 86_400_000)),
    },
  }),

  "POST /single-use-tokens": (ctx: RequestContext<QuickStreamFacility>) => {
    // The documented quota: 1000 unused, unexpired tokens per facility (the per-IP half is moot on loopback).
    const live = ctx.facility.tokens.filter((t) => !t.used && ctx.now.getTime() - t.createdAt <= TOKEN_LIFETIME_MS).length;
    if (live >= TOKEN_QUOTA) ctx.fail([429], "Token quota exceeded.", `More than ${TOKEN_QUOTA} unused single-use tokens; they expire after 10 minutes.`);
    ctx.facility.tokens = ctx.facility.tokens.filter((t) => ctx.now.getTime() - t.createdAt <= TOKEN_LIFETIME_MS);
    const { view, outcomeDigits } = tokenView(ctx.body);
    const singleUseTokenId = `TOKEN_${nextId(ctx.facility, "", 12)}`;
    const token = {
      links: [],
      singleUseTokenId,
      accountType: ctx.body.accountType,
      [TOKEN_FIELD[ctx.body.accountType as keyof typeof TOKEN_FIELD]]: view,
    };
    ctx.facility.tokens.push({ singleUseTokenId, createdAt: ctx.now.getTime(), used: false, view: token, outcomeDigits });
    return { status: 201, body: token };
  },

  "GET /customers": (ctx: RequestContext<QuickStreamFacility>) => {
    const q = ctx.query;
    const found = ctx.facility.customers.filter(
      (c) =>
        (!q.customerNumber || c.customerNumber === q.customerNumber) &&
        (!q.customerName || String(c.customerName ?? "").toLowerCase().includes(q.customerName.toLowerCase())) &&
        (!q.emailAddress || c.emailAddress === q.emailAddress),
    );
    return { status: 200, body: page(ctx, found) };
  },
  "POST /customers": (ctx: RequestContext<QuickStreamFacility>) => {
    const body = ctx.body;
    if (ctx.facility.customers.some((c) => c.customerNumber === body.customerNumber)) {
      invalid(ctx, "customerNumber", "A customer with this customer number already exists.", body.customerNumber);
    }
    const customerId = nextId(ctx.facility, "", 7);
    const customer = customerView(ctx, customerId, body, "ENABLED");
    ctx.facility.customers.push(customer);
    return created(ctx, `/customers/${customerId}`, customer);
  },
  "GET /customers/{customerId}": (ctx) => ({ status: 200, body: findCustomer(ctx, ctx.params.customerId) }),
  "PUT /customers/{customerId}": (ctx: RequestContext<QuickStreamFacility>) => {
    const old = findCustomer(ctx, ctx.params.customerId);
    if (ctx.facility.customers.some((c) => c !== old && c.customerNumber === ctx.body.customerNumber)) {
      invalid(ctx, "customerNumber", "A customer with this customer number already exists.", ctx.body.customerNumber);
    }
    const status = ctx.body.enabled === false ? "DISABLED" : ctx.body.enabled === true ? "ENABLED" : old.status;
    const updated = customerView(ctx, old.customerId, ctx.body, status);
    ctx.facility.customers[ctx.facility.customers.indexOf(old)] = updated;
    return { status: 200, body: updated };
  },
  "PATCH /customers/{customerId}": (ctx) => {
    const customer = findCustomer(ctx, ctx.params.customerId);
    customer.status = ctx.body.enabled ? "ENABLED" : "DISABLED";
    return { status: 200, body: customer };
  },
  "GET /customers/{customerId}/accounts": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const accounts = ctx.facility.accounts.filter((a) => a.enabled && a.view.customerId === ctx.params.customerId).map((a) => a.view);
    return { status: 200, body: page(ctx, accounts) };
  },
  "POST /customers/{customerId}/accounts": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const account = registerAccount(ctx, useToken(ctx, ctx.body.singleUseTokenId), ctx.params.customerId);
    return created(ctx, `/accounts/${account.view.accountToken}`, account.view);
  },
  "GET /customers/{customerId}/transactions": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    return listTransactions((t) => t.customerId === ctx.params.customerId)(ctx);
  },
  "POST /accounts": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = registerAccount(ctx, useToken(ctx, ctx.body.singleUseTokenId));
    return created(ctx, `/accounts/${account.view.accountToken}`, account.view);
  },
  "GET /accounts/{accountToken}": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = ctx.facility.accounts.find((a) => a.view.accountToken === ctx.params.accountToken);
    return { status: 200, body: (account ?? notFound(ctx, "Account")).view };
  },
  "PATCH /accounts/{accountToken}": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = ctx.facility.accounts.find((a) => a.view.accountToken === ctx.params.accountToken && a.enabled) ?? notFound(ctx, "Account");
    for (const key of ["cardholderName", "expiryDateMonth", "accountName", "nzAccountName"]) {
      if (ctx.body[key] != null && key in account.view) account.view[key] = ctx.body[key];
    }
    if (ctx.body.expiryDateYear != null && "expiryDateYear" in account.view) account.view.expiryDateYear = twoDigitYear(ctx.body.expiryDateYear);
    return { status: 200, body: account.view };
  },
  "DELETE /accounts/{accountToken}": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = ctx.facility.accounts.find((a) => a.view.accountToken === ctx.params.accountToken && a.enabled) ?? notFound(ctx, "Account");
    account.enabled = false;
    return { status: 200, body: account.view };
  },

  "GET /transactions": (ctx: RequestContext<QuickStreamFacility>) => {
    const matching = (t: TransactionRecord) => !ctx.query.settlementDate || t.view.settlementDate === ctx.query.settlementDate;
    if (!ctx.accept.includes("text/csv")) return listTransactions(matching)(ctx);
    // The CSV report: the report's real columns could not be read, so the sandbox writes a few of its own (P70).
    const rows = ctx.facility.transactions.filter(matching).map((t) =>
      [t.view.receiptNumber, t.view.transactionType, t.view.status, t.view.principalAmount.amount.toFixed(2), t.view.settlementDate].join(","),
    );
    return { status: 200, body: ["Receipt Number,Transaction Type,Status,Principal Amount,Settlement Date", ...rows].join("\n") + "\n", contentType: "text/csv" };
  },
  "POST /transactions": createTransaction,
  "GET /transactions/{receiptNumber}": (ctx) => ({ status: 200, body: findTransaction(ctx, ctx.params.receiptNumber).view }),
  "GET /transactions/for-reference-number": listTransactions(
    (t, ctx) => t.view.customerReferenceNumber === ctx.query.referenceNumber || t.view.paymentReferenceNumber === ctx.query.referenceNumber,
  ),
  "GET /transactions/for-settlement-date": listTransactions((t, ctx) => t.view.settlementDate === ctx.query.settlementDate),
  "GET /transactions/for-account-token/{accountToken}": listTransactions((t, ctx) => t.accountToken === ctx.params.accountToken),
  "GET /transactions/for-credit-card": listTransactions(
    (t, ctx) => !!t.view.creditCard && String(t.view.creditCard.cardNumber).startsWith(String(ctx.query.cardNumber ?? "").slice(0, 6)),
  ),
  "GET /transactions/for-bank-account": listTransactions(
    (t, ctx) => !!t.view.bankAccount && t.view.bankAccount.bsb === ctx.query.bsb && String(t.view.bankAccount.accountNumber).endsWith(String(ctx.query.accountNumber ?? "").slice(-3)),
  ),
  "GET /transactions/for-nz-bank-account": listTransactions(
    (t, ctx) => !!t.view.nzBankAccount && t.view.nzBankAccount.nzAccountNumber === ctx.query.nzAccountNumber,
  ),
  "GET /transactions/suspended": listTransactions((t) => t.view.status === "Suspended"),
  "GET /transactions/{receiptNumber}/refunds": (ctx: RequestContext<QuickStreamFacility>) => {
    findTransaction(ctx, ctx.params.receiptNumber);
    return listTransactions((t) => t.view.transactionType === "REFUND" && t.view.originalReceiptNumber === ctx.params.receiptNumber)(ctx);
  },
  "GET /transactions/{receiptNumber}/retries": (ctx: RequestContext<QuickStreamFacility>) => {
    findTransaction(ctx, ctx.params.receiptNumber);
    return { status: 200, body: page(ctx, []) };
  },
  "POST /transactions/{receiptNumber}/void": (ctx: RequestContext<QuickStreamFacility>) => {
    const t = findTransaction(ctx, ctx.params.receiptNumber);
    if (!t.view.voidable) invalid(ctx, "receiptNumber", "This transaction cannot be voided.", ctx.params.receiptNumber);
    t.view.status = "Voided";
    t.view.voidable = false;
    t.view.refundable = false;
    return { status: 200, body: t.view };
  },

  "GET /customers/{customerId}/recurring-payments": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const list = ctx.facility.recurringPayments.filter((r) => r.customerId === ctx.params.customerId).map((r) => r.view);
    return { status: 200, body: page(ctx, list) };
  },
  "POST /customers/{customerId}/recurring-payments": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const id = nextId(ctx.facility, "", 8);
    const view = recurringView(ctx, ctx.body, ctx.params.customerId, id);
    ctx.facility.recurringPayments.push({ view, customerId: ctx.params.customerId });
    return created(ctx, `/recurring-payments/${id}`, view);
  },
  "GET /recurring-payments/{paymentScheduleId}": (ctx) => ({ status: 200, body: findSchedule(ctx, ctx.params.paymentScheduleId).view }),
  "PUT /recurring-payments/{paymentScheduleId}": (ctx) => {
    const schedule = findSchedule(ctx, ctx.params.paymentScheduleId);
    if (schedule.view.status !== "ACTIVE") invalid(ctx, "paymentScheduleId", "Only an ACTIVE recurring payment can be changed.", ctx.params.paymentScheduleId);
    schedule.view = recurringView(ctx, ctx.body, schedule.customerId, schedule.view.paymentScheduleId, schedule.view);
    return { status: 200, body: schedule.view };
  },
  "PATCH /recurring-payments/{paymentScheduleId}": (ctx) => {
    const schedule = findSchedule(ctx, ctx.params.paymentScheduleId);
    schedule.view.status = "STOPPED";
    return { status: 200, body: schedule.view };
  },
  "GET /recurring-payments/{paymentScheduleId}/transactions": (ctx: RequestContext<QuickStreamFacility>) => {
    findSchedule(ctx, ctx.params.paymentScheduleId);
    return { status: 200, body: page(ctx, []) };
  },

  "GET /customers/{customerId}/payto-agreements": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    return listAgreements(ctx, (a) => a.customerId === ctx.params.customerId);
  },
  "POST /customers/{customerId}/payto-agreements": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const view = agreementView(ctx, ctx.body, ctx.params.customerId, ctx.op);
    ctx.facility.agreements.push({ view, customerId: ctx.params.customerId });
    return created(ctx, `/payto-agreements/${view.agreementToken}`, view);
  },
  "GET /payto-agreements": (ctx) => listAgreements(ctx, () => true),
  "POST /payto-agreements": (ctx: RequestContext<QuickStreamFacility>) => {
    const view = agreementView(ctx, ctx.body, undefined, ctx.op);
    ctx.facility.agreements.push({ view });
    return created(ctx, `/payto-agreements/${view.agreementToken}`, view);
  },
  "GET /payto-agreements/{agreementToken}": (ctx) => ({ status: 200, body: findAgreement(ctx, ctx.params.agreementToken).view }),
  "PATCH /payto-agreements/{agreementToken}": (ctx) => {
    const agreement = findAgreement(ctx, ctx.params.agreementToken);
    const v = agreement.view;
    const body = ctx.body;
    const finalState = v.status === "CANCELLED" || v.status === "REJECTED";
    if (finalState) invalid(ctx, "agreementToken", `The agreement is ${v.status}: it can no longer be changed.`, v.agreementToken);
    switch (body.updateType) {
      case "RECALL_PAYTO_AGREEMENT":
        if (v.status !== "PENDING" && v.status !== "CREATED") invalid(ctx, "updateType", "Only an agreement the payer has not answered can be recalled.");
        v.status = "CANCELLED";
        ctx.emit(PAYER_ACTIONS.recall.eventType, v); // "you recalled it before the payer answered"
        break;
      case "STATUS_AMENDMENT":
        v.status = body.statusAmendment.statusCode;
        break;
      case "UNILATERAL_AMENDMENT":
        if (body.unilateralAmendment.description != null) v.paymentDetails.description = body.unilateralAmendment.description;
        if (body.unilateralAmendment.payeeReference != null) v.payeeReference = body.unilateralAmendment.payeeReference;
        break;
      case "BILATERAL_AMENDMENT":
        v.hasPendingBilateralAmendment = true;
        break;
      case "RECALL_BILATERAL_AMENDMENT":
        v.hasPendingBilateralAmendment = false;
        break;
    }
    return { status: 204 };
  },
};

function listAgreements(ctx: RequestContext<QuickStreamFacility>, filter: (a: { view: any; customerId?: string }) => boolean) {
  const q = ctx.query;
  const list = ctx.facility.agreements
    .filter(filter)
    .filter((a) => (q.status === undefined || a.view.status === q.status) && (q.supplierBusinessCode === undefined || a.view.payeeDetails?.supplierBusinessCode === q.supplierBusinessCode))
    .map((a) => a.view);
  return { status: 200, body: page(ctx, list) };
}

function customerView(ctx: RequestContext, customerId: string, body: any, status: string) {
  const customer: any = { links: [link(ctx, "self", `/customers/${customerId}`)], customerId, status };
  for (const key of ["customerNumber", "customerName", "supplierBusinessCode", "phoneNumber", "emailAddress", "preferredNotificationMedium", "address"]) {
    if (body[key] != null) customer[key] = body[key];
  }
  return customer;
}


/** The payer's answer to a PayTo agreement (the sandbox's control call): new status and the webhook event type. */
export const PAYER_ACTIONS = {
  confirm: { from: ["PENDING"], to: "ACTIVE", eventType: "payto.agreement.confirmed" },
  decline: { from: ["PENDING"], to: "CANCELLED", eventType: "payto.agreement.declined" },
  expire: { from: ["PENDING"], to: "CANCELLED", eventType: "payto.agreement.expired" },
  recall: { from: ["PENDING", "CREATED"], to: "CANCELLED", eventType: "payto.agreement.recalled" },
} as const;

export const quickstream: ApiModule<QuickStreamFacility> = {
  api: "quickstream",
  emptyFacility: () => ({ tokens: [], customers: [], accounts: [], transactions: [], recurringPayments: [], agreements: [] }),
  handlers,
};
