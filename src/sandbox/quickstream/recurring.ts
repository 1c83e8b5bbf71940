// QuickStream recurring payments: schedules of instalments from a customer's account.
import { MAX_CENTS, money } from "../money.js";
import { page } from "../pages.js";
import type { Handler, RequestContext } from "../types.js";
import { nextId } from "../state.js";
import { centsOf, created, findCustomer, invalid, link, notFound, type QuickStreamFacility } from "./common.js";
import { findAccount } from "./customers.js";

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
    return { status: 200, body: page(ctx, []) };
  },
};
