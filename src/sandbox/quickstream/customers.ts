// QuickStream customers and their accounts (cards and bank accounts registered from single-use tokens).
import { page } from "../pages.js";
import type { Handler, RequestContext } from "../types.js";
import { nextId } from "../state.js";
import { twoDigitYear } from "./cards.js";
import { created, findCustomer, invalid, link, notFound, TOKEN_FIELD, type AccountRecord, type QuickStreamFacility, type TokenRecord } from "./common.js";
import { useToken } from "./tokens.js";

/** Register the account a token names (for a customer or none). */
export function registerAccount(ctx: RequestContext<QuickStreamFacility>, token: TokenRecord, customerId?: string): AccountRecord {
  const f = ctx.facility;
  const accountToken = nextId(f, "ACC");
  const first = customerId !== undefined && f.accounts.count("customer", customerId) === 0;
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
  f.accounts.insert(record);
  return record;
}

export function findAccount(ctx: RequestContext<QuickStreamFacility>, token: string, field = "accountToken"): AccountRecord {
  const account = enabledAccount(ctx, token);
  return account ?? invalid(ctx, field, "No enabled account with this account token.", token);
}

/** The account with this token, if it is enabled. */
function enabledAccount(ctx: RequestContext<QuickStreamFacility>, token: string): AccountRecord | undefined {
  const account = ctx.facility.accounts.get(token);
  return account?.enabled ? account : undefined;
}

function customerView(ctx: RequestContext, customerId: string, body: any, status: string) {
  const customer: any = { links: [link(ctx, "self", `/customers/${customerId}`)], customerId, status };
  for (const key of ["customerNumber", "customerName", "supplierBusinessCode", "phoneNumber", "emailAddress", "preferredNotificationMedium", "address"]) {
    if (body[key] != null) customer[key] = body[key];
  }
  return customer;
}


export const customerHandlers: Record<string, Handler> = {
  "GET /customers": (ctx: RequestContext<QuickStreamFacility>) => {
    const q = ctx.query;
    const matches = (c: any) =>
      (!q.customerNumber || c.customerNumber === q.customerNumber) &&
      (!q.customerName || String(c.customerName ?? "").toLowerCase().includes(q.customerName.toLowerCase())) &&
      (!q.emailAddress || c.emailAddress === q.emailAddress);
    // Oldest first. An exact filter reads its index; a name (a part of one) is a search of what is left.
    const customers = ctx.facility.customers;
    const source = q.customerNumber ? customers.inOrder("customerNumber", q.customerNumber) : q.emailAddress ? customers.inOrder("emailAddress", q.emailAddress) : customers.inOrder();
    if (!q.customerName && !(q.customerNumber && q.emailAddress)) return { status: 200, body: page(ctx, source) };
    const found: any[] = [];
    for (let i = 0; i < source.length; i++) if (matches(source.at(i)!)) found.push(source.at(i)!);
    return { status: 200, body: page(ctx, found) };
  },
  "POST /customers": (ctx: RequestContext<QuickStreamFacility>) => {
    const body = ctx.body;
    if (ctx.facility.customers.count("customerNumber", body.customerNumber) > 0) {
      invalid(ctx, "customerNumber", "A customer with this customer number already exists.", body.customerNumber);
    }
    const customerId = nextId(ctx.facility, "", 7);
    const customer = customerView(ctx, customerId, body, "ENABLED");
    ctx.facility.customers.insert(customer);
    return created(ctx, `/customers/${customerId}`, customer);
  },
  "GET /customers/{customerId}": (ctx) => ({ status: 200, body: findCustomer(ctx, ctx.params.customerId) }),
  "PUT /customers/{customerId}": (ctx: RequestContext<QuickStreamFacility>) => {
    const old = findCustomer(ctx, ctx.params.customerId);
    if (ctx.facility.customers.first("customerNumber", ctx.body.customerNumber, (c) => c !== old)) {
      invalid(ctx, "customerNumber", "A customer with this customer number already exists.", ctx.body.customerNumber);
    }
    const status = ctx.body.enabled === false ? "DISABLED" : ctx.body.enabled === true ? "ENABLED" : old.status;
    const updated = customerView(ctx, old.customerId, ctx.body, status);
    ctx.facility.customers.replace(old, updated);
    return { status: 200, body: updated };
  },
  "PATCH /customers/{customerId}": (ctx) => {
    const customer = findCustomer(ctx, ctx.params.customerId);
    customer.status = ctx.body.enabled ? "ENABLED" : "DISABLED";
    return { status: 200, body: customer };
  },
  "GET /customers/{customerId}/accounts": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    return { status: 200, body: page(ctx, ctx.facility.accounts.inOrder("customer", ctx.params.customerId), (a) => a.view) };
  },
  "POST /customers/{customerId}/accounts": (ctx: RequestContext<QuickStreamFacility>) => {
    findCustomer(ctx, ctx.params.customerId);
    const account = registerAccount(ctx, useToken(ctx, ctx.body.singleUseTokenId), ctx.params.customerId);
    return created(ctx, `/accounts/${account.view.accountToken}`, account.view);
  },
  "POST /accounts": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = registerAccount(ctx, useToken(ctx, ctx.body.singleUseTokenId));
    return created(ctx, `/accounts/${account.view.accountToken}`, account.view);
  },
  "GET /accounts/{accountToken}": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = ctx.facility.accounts.get(ctx.params.accountToken);
    return { status: 200, body: (account ?? notFound(ctx, "Account")).view };
  },
  "PATCH /accounts/{accountToken}": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = enabledAccount(ctx, ctx.params.accountToken) ?? notFound(ctx, "Account");
    for (const key of ["cardholderName", "expiryDateMonth", "accountName", "nzAccountName"]) {
      if (ctx.body[key] != null && key in account.view) account.view[key] = ctx.body[key];
    }
    if (ctx.body.expiryDateYear != null && "expiryDateYear" in account.view) account.view.expiryDateYear = twoDigitYear(ctx.body.expiryDateYear);
    return { status: 200, body: account.view };
  },
  "DELETE /accounts/{accountToken}": (ctx: RequestContext<QuickStreamFacility>) => {
    const account = enabledAccount(ctx, ctx.params.accountToken) ?? notFound(ctx, "Account");
    account.enabled = false;
    return { status: 200, body: account.view };
  },

};
