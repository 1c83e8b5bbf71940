// QuickStream, stateful: single-use tokens, customers and their accounts, transactions (payments, refunds,
// pre-authorisations with capture and cancel, voids), recurring payments and PayTo agreements, per facility, one
// module per resource. Card outcomes follow the official test-card rule (P72); what the docs leave open is said where
// it is decided.
import { maskKey } from "../keys.js";
import type { ApiModule, Handler } from "../types.js";
import { isoSeconds, type AccountRecord, type AgreementRecord, type QuickStreamFacility, type RecurringRecord, type TokenRecord, type TransactionRecord } from "./common.js";
import { cardHandlers } from "./cards.js";
import { customerHandlers } from "./customers.js";
import { paytoHandlers } from "./payto.js";
import { recurringHandlers } from "./recurring.js";
import { tokenHandlers } from "./tokens.js";
import { transactionHandlers, transactionIndexes } from "./transactions.js";

export { expireAgreements, PAYER_ACTIONS } from "./payto.js";
export { takeInstalments } from "./recurring.js";
export type { QuickStreamFacility } from "./common.js";

const facilityHandlers: Record<string, Handler> = {
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

};

export const quickstream: ApiModule<QuickStreamFacility> = {
  api: "quickstream",
  tables: {
    // Expire from the front: tokens are made in time order and last 10 minutes (tokens.ts).
    tokens: { id: (t: TokenRecord) => t.singleUseTokenId, indexes: { unused: (t: TokenRecord) => (t.used ? undefined : "unused") } },
    customers: { id: (c: any) => c.customerId, indexes: { customerNumber: (c: any) => c.customerNumber, emailAddress: (c: any) => c.emailAddress } },
    // A customer's enabled accounts.
    accounts: { id: (a: AccountRecord) => a.view.accountToken, indexes: { customer: (a: AccountRecord) => (a.enabled ? a.view.customerId : undefined) } },
    transactions: { id: (t: TransactionRecord) => t.view.receiptNumber, indexes: transactionIndexes },
    recurringPayments: { id: (r: RecurringRecord) => r.view.paymentScheduleId, indexes: { customer: (r: RecurringRecord) => r.customerId } },
    agreements: {
      id: (a: AgreementRecord) => a.view.agreementToken,
      indexes: { customer: (a: AgreementRecord) => a.customerId, status: (a: AgreementRecord) => a.view.status },
    },
  },
  handlers: { ...facilityHandlers, ...cardHandlers, ...tokenHandlers, ...customerHandlers, ...transactionHandlers, ...recurringHandlers, ...paytoHandlers },
};
