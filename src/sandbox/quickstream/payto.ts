// QuickStream PayTo agreements: created PENDING, answered by the payer (the sandbox's control call), amended,
// recalled; the notification webhook for each change the payer makes.
import { money } from "../money.js";
import { page } from "../pages.js";
import type { Handler, RequestContext } from "../types.js";
import { responseExample, type Operation } from "../spec.js";
import { nextId } from "../state.js";
import { centsOf, created, findCustomer, invalid, isoSeconds, notFound, type AgreementRecord, type QuickStreamFacility } from "./common.js";

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

function findAgreement(ctx: RequestContext<QuickStreamFacility>, token: string) {
  return ctx.facility.agreements.get(token) ?? notFound(ctx, "PayTo agreement");
}

/** Agreements oldest first: a customer's, else those of a status, else all (an index each); the other filters over
 *  those only. */
function listAgreements(ctx: RequestContext<QuickStreamFacility>, customerId?: string) {
  const q = ctx.query;
  const table = ctx.facility.agreements;
  const source = customerId !== undefined ? table.inOrder("customer", customerId) : q.status !== undefined ? table.inOrder("status", q.status) : table.inOrder();
  const keep = (a: AgreementRecord) =>
    (q.status === undefined || a.view.status === q.status) && (q.supplierBusinessCode === undefined || a.view.payeeDetails?.supplierBusinessCode === q.supplierBusinessCode);
  if (customerId === undefined && q.supplierBusinessCode === undefined) return { status: 200, body: page(ctx, source, (a) => a.view) };
  const list: AgreementRecord[] = [];
  for (let i = 0; i < source.length; i++) if (keep(source.at(i)!)) list.push(source.at(i)!);
  return { status: 200, body: page(ctx, list, (a) => a.view) };
}

/** The payer's answer to a PayTo agreement (the sandbox's control call): new status and the webhook event type. */
export const PAYER_ACTIONS = {
  confirm: { from: ["PENDING"], to: "ACTIVE", eventType: "payto.agreement.confirmed" },
  decline: { from: ["PENDING"], to: "CANCELLED", eventType: "payto.agreement.declined" },
  expire: { from: ["PENDING"], to: "CANCELLED", eventType: "payto.agreement.expired" },
  recall: { from: ["PENDING", "CREATED"], to: "CANCELLED", eventType: "payto.agreement.recalled" },
} as const;

/** STATUS_AMENDMENT: the statuses each new status can be reached from. */
const STATUS_AMENDMENTS = { SUSPENDED: ["ACTIVE"], ACTIVE: ["SUSPENDED"], CANCELLED: ["ACTIVE", "SUSPENDED"] } as const;

/** PENDING agreements whose payer did not answer by `respondByTime` expire (CANCELLED); returns those that did. */
export function expireAgreements(facility: QuickStreamFacility, now: Date): any[] {
  const expired = facility.agreements.by("status", "PENDING").filter((a) => Date.parse(a.view.respondByTime) <= now.getTime());
  for (const a of expired) a.view.status = PAYER_ACTIONS.expire.to;
  return expired.map((a) => a.view);
}

export const paytoHandlers: Record<string, Handler> = {
  "GET /customers/{customerId}/payto-agreements": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    return listAgreements(ctx, ctx.params.customerId);
  },
  "POST /customers/{customerId}/payto-agreements": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const view = agreementView(ctx, ctx.body, ctx.params.customerId, ctx.op);
    ctx.facility.agreements.insert({ view, customerId: ctx.params.customerId });
    return created(ctx, `/payto-agreements/${view.agreementToken}`, view);
  },
  "GET /payto-agreements": (ctx) => listAgreements(ctx),
  "POST /payto-agreements": (ctx: RequestContext<QuickStreamFacility>) => {
    const view = agreementView(ctx, ctx.body, undefined, ctx.op);
    ctx.facility.agreements.insert({ view });
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
      case "STATUS_AMENDMENT": {
        // The payer's consent is a state: only ACTIVE and SUSPENDED agreements change status this way (SUSPENDED from
        // ACTIVE, ACTIVE from SUSPENDED, CANCELLED from either); a PENDING one waits for the payer (422, documented).
        const to = body.statusAmendment.statusCode;
        const from = STATUS_AMENDMENTS[to as keyof typeof STATUS_AMENDMENTS] as readonly string[] | undefined;
        if (!from?.includes(v.status)) {
          invalid(ctx, "statusAmendment.statusCode", `The agreement is ${v.status}: a status amendment to ${to} needs an agreement that is ${(from ?? []).join(" or ")}.`, to);
        }
        v.status = to;
        break;
      }
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
