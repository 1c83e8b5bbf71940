// Amounts: requests send a number or a decimal string (RequestAmount); the sandbox keeps whole cents and answers
// with the Money model (`currency`, `amount`, `displayAmount`).

/** Whole cents of a request amount (the validators have already checked its form). */
export function toCents(amount: unknown): number {
  return Math.round(Number(amount) * 100);
}

/**
 * The largest amount the sandbox keeps exactly, in cents: a request amount is a decimal of any length, but the
 * sandbox counts whole cents in a JavaScript number, and below 10^15 cents `toCents` still rounds to the right cent.
 * This is the sandbox's limit, not one the API documents.
 */
export const MAX_CENTS = 10 ** 15;

export interface Money {
  currency: string;
  amount: number;
  displayAmount: string;
}

/** One formatter per currency, built on first use (building one costs more than formatting many amounts). */
const formatters = new Map<string, Intl.NumberFormat>();

export function money(cents: number, currency = "AUD"): Money {
  const amount = cents / 100;
  let formatter = formatters.get(currency);
  if (!formatter) formatters.set(currency, (formatter = new Intl.NumberFormat("en-AU", { style: "currency", currency, currencyDisplay: "narrowSymbol" })));
  return { currency, amount, displayAmount: formatter.format(amount) };
}
