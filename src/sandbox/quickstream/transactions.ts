// QuickStream transactions: payments (card, bank account, PayTo), refunds, pre-authorisations with capture and
// cancel, account verifications, voids, and the transaction lists and CSV report.
import { money } from "../money.js";
import { page } from "../pages.js";
import type { Handler, RequestContext } from "../types.js";
import { nextId } from "../state.js";
import { APPROVED_00, cardNumberProblem, cardOutcome, tokenView } from "./cards.js";
import { centsOf, created, date, findCustomer, invalid, isoSeconds, link, notFound, strip, TOKEN_FIELD, type QuickStreamFacility, type TransactionRecord } from "./common.js";
import { findAccount } from "./customers.js";
import { useToken } from "./tokens.js";

function findTransaction(ctx: RequestContext<QuickStreamFacility>, receiptNumber: string): TransactionRecord {
  return ctx.facility.transactions.get(receiptNumber) ?? notFound(ctx, "Transaction");
}

function originalOf(ctx: RequestContext<QuickStreamFacility>, receiptNumber: string): TransactionRecord {
  const t = ctx.facility.transactions.get(receiptNumber);
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
    const account = ctx.facility.accounts.first("customer", body.customerId, (a) => a.view.defaultAccount);
    if (!account) invalid(ctx, "customerId", "The customer has no default account.", body.customerId);
    return { kind: account.view.accountType, view: account.view, outcomeDigits: account.outcomeDigits, accountToken: account.view.accountToken, customerId: body.customerId };
  }
  if (body.creditCard) {
    const problem = cardNumberProblem(String(body.creditCard.cardNumber));
    if (problem) invalid(ctx, "creditCard.cardNumber", problem);
    const { view, outcomeDigits } = tokenView({ accountType: "CREDIT_CARD", ...body.creditCard });
    return { kind: "CREDIT_CARD", view: { accountType: "CREDIT_CARD", ...view }, outcomeDigits };
  }
  if (body.bankAccount) {
    const b = body.bankAccount;
    return { kind: "DIRECT_DEBIT", view: { accountType: "DIRECT_DEBIT", accountName: b.accountName, bsb: b.bsb, accountNumber: b.accountNumber } };
  }
  return invalid(ctx, "singleUseTokenId", "Name the payer: singleUseTokenId, accountToken, customerId, creditCard or bankAccount.");
}

export function newTransaction(
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
  ctx.facility.transactions.insert(record);
  return record;
}

/** POST /transactions: one handler per transactionType (and PREAUTH operation). */
const createTransaction: Handler = (ctx: RequestContext<QuickStreamFacility>) => {
  const body = ctx.body;
  const type = body.transactionType;
  let record: TransactionRecord;
  if (type === "PAYMENT" && body.payToData) {
    const token = body.payToData.agreementToken;
    const agreement = ctx.facility.agreements.get(token);
    if (!agreement) invalid(ctx, "payToData.agreementToken", "No PayTo agreement with this token.", token);
    if (agreement.view.status !== "ACTIVE") invalid(ctx, "payToData.agreementToken", "The PayTo agreement is not ACTIVE.", token);
    record = newTransaction(ctx, body, APPROVED_00, centsOf(ctx, "principalAmount", body.principalAmount));
    record.customerId = agreement.customerId;
    // The PayTo payment notification the description defines; `data` is the transaction (inferred, P74).
    ctx.emit("payto.payment.approved", record.view);
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
    // A slow bank network, asked for with `Prefer: code=202`: the answer shows the transaction `Pending`, without a
    // response code (as the official pending example does); the transaction keeps its outcome, which a later GET shows.
    const pending = { ...record.view, status: "Pending", voidable: false, refundable: false };
    delete pending.responseCode;
    delete pending.responseDescription;
    // Summary code 2: "the outcome is unknown; get the transaction again" (the description's TransactionSummaryCode).
    pending.summaryCode = "2";
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

type Filter = (t: TransactionRecord, ctx: RequestContext<QuickStreamFacility>) => boolean;

/**
 * A transaction list, newest first: the rows of one index key (or every row), then `filter` and the
 * `supplierBusinessCode` filter over those only. Without other filters only the page's rows are read.
 */
export const listTransactions =
  (index?: string, key: (ctx: RequestContext) => string | undefined = () => undefined, filter?: Filter): Handler =>
  (ctx: RequestContext<QuickStreamFacility>) => {
    const supplier = ctx.query.supplierBusinessCode;
    const wanted = index === undefined ? undefined : key(ctx);
    const [by, value] = index !== undefined && wanted !== undefined ? [index, wanted] : supplier !== undefined && !filter ? ["supplier", supplier] : [undefined, undefined];
    const rows = ctx.facility.transactions.newest(by, value);
    const keep = (t: TransactionRecord) => (!filter || filter(t, ctx)) && (supplier === undefined || t.supplierBusinessCode === supplier);
    if (!filter && (supplier === undefined || by === "supplier")) return { status: 200, body: page(ctx, rows, (t) => t.view) };
    const kept: TransactionRecord[] = [];
    for (let i = 0; i < rows.length; i++) if (keep(rows.at(i)!)) kept.push(rows.at(i)!);
    return { status: 200, body: page(ctx, kept, (t) => t.view) };
  };

/** The transactions' indexes (quickstream/index.ts): what the lists and searches read. */
export const transactionIndexes = {
  customer: (t: TransactionRecord) => t.customerId,
  reference: (t: TransactionRecord) => [t.view.customerReferenceNumber, t.view.paymentReferenceNumber],
  settlementDate: (t: TransactionRecord) => t.view.settlementDate,
  accountToken: (t: TransactionRecord) => t.accountToken,
  cardPrefix: (t: TransactionRecord) => (t.view.creditCard ? String(t.view.creditCard.cardNumber).slice(0, 6) : undefined),
  bsb: (t: TransactionRecord) => t.view.bankAccount?.bsb,
  nzAccountNumber: (t: TransactionRecord) => t.view.nzBankAccount?.nzAccountNumber,
  status: (t: TransactionRecord) => t.view.status,
  refundOf: (t: TransactionRecord) => (t.view.transactionType === "REFUND" ? t.view.originalReceiptNumber : undefined),
  supplier: (t: TransactionRecord) => t.supplierBusinessCode,
  schedule: (t: TransactionRecord) => t.paymentScheduleId,
};

export const transactionHandlers: Record<string, Handler> = {
  "GET /customers/{customerId}/transactions": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    return listTransactions("customer", (c) => c.params.customerId)(ctx);
  },
  "GET /transactions": (ctx: RequestContext<QuickStreamFacility>) => {
    const date = ctx.query.settlementDate || undefined;
    if (ctx.media !== "text/csv") return listTransactions("settlementDate", () => date)(ctx);
    // The CSV report (every matching transaction, oldest first): the report's real columns could not be read, so the
    // sandbox writes a few of its own (P70).
    const matching = ctx.facility.transactions.inOrder(date === undefined ? undefined : "settlementDate", date);
    const rows: string[] = [];
    for (let i = 0; i < matching.length; i++) {
      const t = matching.at(i)!;
      rows.push([t.view.receiptNumber, t.view.transactionType, t.view.status, t.view.principalAmount.amount.toFixed(2), t.view.settlementDate].join(","));
    }
    return { status: 200, body: ["Receipt Number,Transaction Type,Status,Principal Amount,Settlement Date", ...rows].join("\n") + "\n", contentType: "text/csv" };
  },
  "POST /transactions": createTransaction,
  "GET /transactions/{receiptNumber}": (ctx) => ({ status: 200, body: findTransaction(ctx, ctx.params.receiptNumber).view }),
  "GET /transactions/for-reference-number": listTransactions("reference", (ctx) => String(ctx.query.referenceNumber)),
  "GET /transactions/for-settlement-date": listTransactions("settlementDate", (ctx) => String(ctx.query.settlementDate)),
  "GET /transactions/for-account-token/{accountToken}": listTransactions("accountToken", (ctx) => ctx.params.accountToken),
  "GET /transactions/for-credit-card": (ctx: RequestContext<QuickStreamFacility>) => {
    // The card's first six digits pick the index; a shorter number is matched against every card transaction.
    const prefix = String(ctx.query.cardNumber ?? "").slice(0, 6);
    const cards: Filter = (t) => !!t.view.creditCard && String(t.view.creditCard.cardNumber).startsWith(prefix);
    return prefix.length === 6 ? listTransactions("cardPrefix", () => prefix)(ctx) : listTransactions(undefined, undefined, cards)(ctx);
  },
  "GET /transactions/for-bank-account": listTransactions("bsb", (ctx) => String(ctx.query.bsb), (t, ctx) =>
    String(t.view.bankAccount.accountNumber).endsWith(String(ctx.query.accountNumber ?? "").slice(-3)),
  ),
  "GET /transactions/for-nz-bank-account": listTransactions("nzAccountNumber", (ctx) => String(ctx.query.nzAccountNumber)),
  "GET /transactions/suspended": listTransactions("status", () => "Suspended"),
  "GET /transactions/{receiptNumber}/refunds": (ctx: RequestContext<QuickStreamFacility>) => {
    findTransaction(ctx, ctx.params.receiptNumber);
    return listTransactions("refundOf", (c) => c.params.receiptNumber)(ctx);
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
};
