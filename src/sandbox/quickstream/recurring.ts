// QuickStream recurring payments: schedules of instalments from a customer's account.
import { MAX_CENTS, money } from "../money.js";
import { page } from "../pages.js";
import type { Handler, RequestContext } from "../types.js";
import { nextId } from "../state.js";
import { centsOf, created, findCustomer, invalid, link, notFound, type QuickStreamFacility } from "./common.js";
import { APPROVED_00, cardOutcome } from "./cards.js";
import { findAccount } from "./customers.js";
import { listTransactions, newTransaction } from "./transactions.js";

function recurringView(ctx: RequestContext<QuickStreamFacility>, body: any, customerId: string, id: string, previous?: any): any {
  const account = body.accountToken
    ? findAccount(ctx, body.accountToken)
    : ctx.facility.accounts.first("customer", customerId, (a) => a.view.defaultAccount);
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

function findSchedule(ctx: RequestContext<QuickStreamFacility>, id: string) {
  return ctx.facility.recurringPayments.get(id) ?? notFound(ctx, "Recurring payment");
}

const MONTHS: Record<string, number> = { MONTHLY: 1, QUARTERLY: 3, SIXMONTHLY: 6, YEARLY: 12 };

/** The date one `frequency` after `day` (YYYY-MM-DD); a month step keeps the day, or the month's last day. */
function nextDate(day: string, frequency: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  if (frequency === "WEEKLY" || frequency === "FORTNIGHTLY") d.setUTCDate(d.getUTCDate() + (frequency === "WEEKLY" ? 7 : 14));
  else {
    const dayOfMonth = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + (MONTHS[frequency] ?? 1));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(dayOfMonth, last));
  }
  return d.toISOString().slice(0, 10);
}

/**
 * Take the instalments that are due by `now` (the test-control clock moved forward): each is a PAYMENT transaction
 * from the schedule's account (card outcomes by the test-card rule), listed by the schedule's transactions. A
 * declined instalment is not retried and pays nothing; the schedule moves on to its next date (the sandbox's choice:
 * the docs say nothing of retries). Returns the receipt numbers taken.
 */
export function takeInstalments(facility: QuickStreamFacility, now: Date, baseUrl: string): string[] {
  const today = now.toISOString().slice(0, 10);
  const taken: string[] = [];
  const ctx = { facility, now, baseUrl } as RequestContext<QuickStreamFacility>;
  for (const schedule of facility.recurringPayments.values()) {
    const v = schedule.view;
    if (!(v.status === "ACTIVE" && v.nextPaymentDate <= today)) continue;
    facility.recurringPayments.touch(schedule);
    for (let guard = 0; v.status === "ACTIVE" && v.nextPaymentDate <= today && guard < 1000; guard++) {
      if (v.scheduleEndDate && v.nextPaymentDate > v.scheduleEndDate) {
        v.status = "COMPLETE";
        break;
      }
      const currency = v.instalmentAmount.principalAmount.currency;
      const paidCents = Math.round(v.totalPaidAmount.principalAmount.amount * 100);
      const expectedCents = v.expectedTotalPaymentAmount ? Math.round(v.expectedTotalPaymentAmount.principalAmount.amount * 100) : undefined;
      const instalmentCents = Math.round(v.instalmentAmount.principalAmount.amount * 100);
      const cents = v.scheduleType === "STOP_AFTER_SET_AMOUNT" && expectedCents !== undefined ? Math.min(instalmentCents, expectedCents - paidCents) : instalmentCents;
      const accountToken = (v.creditCard ?? v.bankAccount)?.accountToken;
      const account = accountToken === undefined ? undefined : facility.accounts.get(accountToken);
      const card = v.creditCard !== undefined;
      const outcome = card ? cardOutcome(account?.outcomeDigits) : APPROVED_00;
      const from = { kind: card ? "CREDIT_CARD" : "DIRECT_DEBIT", view: v.creditCard ?? v.bankAccount };
      const body = { transactionType: "PAYMENT", currency, supplierBusinessCode: v.supplierBusinessCode, customerReferenceNumber: v.paymentScheduleCode };
      const record = newTransaction({ ...ctx, now: new Date(`${v.nextPaymentDate}T00:00:00Z`) } as RequestContext<QuickStreamFacility>, body, outcome, cents, {}, from);
      record.customerId = schedule.customerId;
      record.accountToken = accountToken;
      record.paymentScheduleId = v.paymentScheduleId;
      taken.push(record.view.receiptNumber);
      if (outcome.summaryCode === "0") {
        v.totalPaidAmount = withSurcharge(paidCents + cents, currency);
      }
      if (v.remainingInstalments != null) v.remainingInstalments = Math.max(0, v.remainingInstalments - 1);
      const done =
        v.scheduleType === "ONE_OFF" ||
        (v.scheduleType === "STOP_AFTER_SET_NUMBER_OF_PAYMENTS" && v.remainingInstalments === 0) ||
        (v.scheduleType === "STOP_AFTER_SET_AMOUNT" && expectedCents !== undefined && Math.round(v.totalPaidAmount.principalAmount.amount * 100) >= expectedCents);
      if (done) v.status = "COMPLETE";
      else v.nextPaymentDate = nextDate(v.nextPaymentDate, v.frequency);
    }
  }
  return taken;
}

const withSurcharge = (cents: number, currency: string) => ({ principalAmount: money(cents, currency), surchargeAmount: money(0, currency), totalAmount: money(cents, currency) });

export const recurringHandlers: Record<string, Handler> = {
  "GET /customers/{customerId}/recurring-payments": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    return { status: 200, body: page(ctx, ctx.facility.recurringPayments.inOrder("customer", ctx.params.customerId), (r) => r.view) };
  },
  "POST /customers/{customerId}/recurring-payments": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const id = nextId(ctx.facility, "", 8);
    const view = recurringView(ctx, ctx.body, ctx.params.customerId, id);
    ctx.facility.recurringPayments.insert({ view, customerId: ctx.params.customerId });
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
    return listTransactions("schedule", (c) => c.params.paymentScheduleId)(ctx);
  },
};
