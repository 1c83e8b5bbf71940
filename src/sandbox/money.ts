// Amounts: requests send a number or a decimal string (RequestAmount); the sandbox keeps whole cents and answers
// with the Money model (`currency`, `amount`, `displayAmount`).

/** Whole cents of a request amount (the validators have already checked its form). */
export function toCents(amount: unknown): number {
  return Math.round(Number(amount) * 100);
}

export interface Money {
  currency: string;
  amount: number;
  displayAmount: string;
}

export function money(cents: number, currency = "AUD"): Money {
  const amount = cents / 100;
  const formatted = new Intl.NumberFormat("en-AU", { style: "currency", currency, currencyDisplay: "narrowSymbol" }).format(amount);
  return { currency, amount, displayAmount: formatted };
}
