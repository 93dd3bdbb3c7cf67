// Exact decimal amounts as strings: shops send numbers and strings, and sums must never pass through a float.

/** "199", 199.0, "-5.00" → a non-negative amount string with two decimals, or undefined when it is not an amount. */
export function toAmount(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim().replace(/^-/, '');
  const m = /^(\d{1,12})(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!m) return undefined;
  return `${BigInt(m[1]!)}.${(m[2] ?? '').padEnd(2, '0')}`;
}

const cents = (amount: string) => BigInt(amount.replace('.', ''));

export function sumAmounts(amounts: string[]): string {
  const total = amounts.reduce((sum, a) => sum + cents(a), 0n);
  const s = total.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
