// QuickStream single-use tokens: issued for a card or bank account (publishable or secret key), used once within
// 10 minutes, at most 1000 unused ones per facility.
import type { Handler, RequestContext } from "../types.js";
import { nextId } from "../state.js";
import { cardNumberProblem, tokenView } from "./cards.js";
import { invalid, notFound, TOKEN_FIELD, type QuickStreamFacility, type TokenRecord } from "./common.js";

export const TOKEN_LIFETIME_MS = 10 * 60 * 1000;
export const TOKEN_QUOTA = 1000;

/** Use up a single-use token (once, within 10 minutes). */
export function useToken(ctx: RequestContext<QuickStreamFacility>, id: string): TokenRecord {
  const token = ctx.facility.tokens.get(id);
  if (!token) invalid(ctx, "singleUseTokenId", "The single-use token does not exist.", id);
  if (token.used) invalid(ctx, "singleUseTokenId", "The single-use token has already been used.", id);
  if (ctx.now.getTime() - token.createdAt > TOKEN_LIFETIME_MS) invalid(ctx, "singleUseTokenId", "The single-use token has expired.", id);
  token.used = true;
  return token;
}


export const tokenHandlers: Record<string, Handler> = {
  "POST /single-use-tokens": (ctx: RequestContext<QuickStreamFacility>) => {
    // Expired tokens go first, from the front (tokens are made in time order), then the documented quota: 1000
    // unused, unexpired tokens per facility (the per-IP half is moot on loopback).
    const tokens = ctx.facility.tokens;
    for (let oldest = tokens.oldest(); oldest && ctx.now.getTime() - oldest.createdAt > TOKEN_LIFETIME_MS; oldest = tokens.oldest()) tokens.shift();
    if (tokens.count("unused", "unused") >= TOKEN_QUOTA) ctx.fail([429], "Token quota exceeded.", `More than ${TOKEN_QUOTA} unused single-use tokens; they expire after 10 minutes.`);
    const problem = ctx.body.accountType === "CREDIT_CARD" ? cardNumberProblem(String(ctx.body.cardNumber)) : undefined;
    if (problem) invalid(ctx, "cardNumber", problem);
    const { view, outcomeDigits } = tokenView(ctx.body);
    const singleUseTokenId = `TOKEN_${nextId(ctx.facility, "", 12)}`;
    const token = {
      links: [],
      singleUseTokenId,
      accountType: ctx.body.accountType,
      [TOKEN_FIELD[ctx.body.accountType as keyof typeof TOKEN_FIELD]]: view,
    };
    ctx.facility.tokens.insert({ singleUseTokenId, createdAt: ctx.now.getTime(), used: false, view: token, outcomeDigits });
    return { status: 201, body: token };
  },
  // 3-D Secure 2: no test data for it could be read. A card token of this facility, unused and unexpired, is
  // authenticated without a challenge (`Y`); a token that does not exist is 404, never `Y`; a used or expired one, or
  // a bank account's, is 422.
  "POST /single-use-tokens/{singleUseTokenId}/three-ds2-authentication": (ctx: RequestContext<QuickStreamFacility>) => {
    const id = ctx.params.singleUseTokenId;
    const token = ctx.facility.tokens.get(id) ?? notFound(ctx, "Single-use token");
    if (token.view.accountType !== "CREDIT_CARD") invalid(ctx, "singleUseTokenId", "3-D Secure authenticates card tokens only.", id);
    if (token.used) invalid(ctx, "singleUseTokenId", "The single-use token has already been used.", id);
    if (ctx.now.getTime() - token.createdAt > TOKEN_LIFETIME_MS) invalid(ctx, "singleUseTokenId", "The single-use token has expired.", id);
    return { status: 200, body: { transStatus: "Y" } };
  },

};
