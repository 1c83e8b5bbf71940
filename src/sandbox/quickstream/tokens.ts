// QuickStream single-use tokens: issued for a card or bank account (publishable or secret key), used once within
// 10 minutes, at most 1000 unused ones per facility.
import type { Handler, RequestContext } from "../types.js";
import { nextId } from "../state.js";
import { tokenView } from "./cards.js";
import { invalid, TOKEN_FIELD, type QuickStreamFacility, type TokenRecord } from "./common.js";

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

};
