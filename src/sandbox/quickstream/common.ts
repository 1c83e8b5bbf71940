// QuickStream in the sandbox: the records a facility keeps and the helpers every resource module shares.
import { MAX_CENTS, money, toCents } from "../money.js";
import type { RequestContext } from "../types.js";
import type { FacilityBase, Table } from "../state.js";

export interface TokenRecord {
  singleUseTokenId: string;
  createdAt: number;
  used: boolean;
  /** The token as POST /single-use-tokens answered it (masked card number, no CVN). */
  view: any;
  /** Last two digits of the card number: they pick the test outcome. */
  outcomeDigits?: string;
}

export interface AccountRecord {
  view: any; // CreditCardAccount | BankAccount, as the API shows it
  enabled: boolean;
  outcomeDigits?: string;
}

export interface TransactionRecord {
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
  /** The recurring payment whose instalment this is. */
  paymentScheduleId?: string;
}

export interface RecurringRecord {
  view: any;
  customerId: string;
}

export interface AgreementRecord {
  view: any;
  customerId?: string;
}

/** A facility's tables (state.ts); their ids and indexes are in quickstream/index.ts. */
export interface QuickStreamFacility extends FacilityBase {
  tokens: Table<TokenRecord>;
  customers: Table<any>;
  accounts: Table<AccountRecord>;
  transactions: Table<TransactionRecord>;
  recurringPayments: Table<RecurringRecord>;
  agreements: Table<AgreementRecord>;
}

export const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
export const date = (d: Date) => d.toISOString().slice(0, 10);

export function link(ctx: RequestContext, rel: string, path: string, method = "GET") {
  return { rel, href: `${ctx.baseUrl}${path}`, requestMethod: method };
}


export const TOKEN_FIELD = { CREDIT_CARD: "creditCard", DIRECT_DEBIT: "bankAccount", DIRECT_DEBIT_NZ: "nzBankAccount" } as const;

export function notFound(ctx: RequestContext, what: string): never {
  return ctx.fail([404, 422], `${what} not found.`, `No ${what.toLowerCase()} with this identifier in this facility.`);
}

export function invalid(ctx: RequestContext, fieldName: string, message: string, fieldValue?: string): never {
  return ctx.fail([422, 400], "Invalid request.", message, [{ fieldName, messages: [message], ...(fieldValue ? { fieldValue } : {}) }]);
}

/** A request amount in whole cents, or 422 naming the field when it is beyond what the sandbox keeps exactly. */
export function centsOf(ctx: RequestContext, fieldName: string, amount: unknown): number {
  const value = toCents(amount);
  if (!(value <= MAX_CENTS)) {
    invalid(ctx, fieldName, `The sandbox keeps amounts up to ${money(MAX_CENTS).displayAmount} exactly; this one is larger (a limit of the sandbox, not of the API).`, String(amount).slice(0, 40));
  }
  return value;
}

export function findCustomer(ctx: RequestContext<QuickStreamFacility>, id: string) {
  return ctx.facility.customers.get(id) ?? notFound(ctx, "Customer");
}

export const strip = (view: any) => {
  const { links, ...rest } = view;
  void links;
  return rest;
};

export const created = (ctx: RequestContext, path: string, body: unknown) => ({
  status: 201,
  body,
  headers: { Location: `${ctx.baseUrl}${path}` },
});

