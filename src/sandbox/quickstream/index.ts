// QuickStream, stateful: single-use tokens, customers and their accounts, transactions (payments, refunds,
// pre-authorisations with capture and cancel, voids), recurring payments and PayTo agreements, per facility, one
// module per resource. Card outcomes follow the official test-card rule (P72); what the docs leave open is said where
// it is decided.
import { maskKey } from "../keys.js";
import type { ApiModule, Handler } from "../types.js";
import { isoSeconds, type QuickStreamFacility } from "./common.js";
import { customerHandlers } from "./customers.js";
import { paytoHandlers } from "./payto.js";
import { recurringHandlers } from "./recurring.js";
import { tokenHandlers } from "./tokens.js";
import { transactionHandlers } from "./transactions.js";

export { PAYER_ACTIONS } from "./payto.js";
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
  emptyFacility: () => ({ tokens: [], customers: [], accounts: [], transactions: [], recurringPayments: [], agreements: [] }),
  handlers: { ...facilityHandlers, ...tokenHandlers, ...customerHandlers, ...transactionHandlers, ...recurringHandlers, ...paytoHandlers },
};
