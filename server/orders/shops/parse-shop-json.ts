// Parses a shop's JSON body keeping 64-bit ids exact: Shopify ids (820982911946154508) exceed a double's integers.

/** Integers past Number.MAX_SAFE_INTEGER come back as their exact source text. */
export function parseShopJson(text: string): unknown {
  // The reviver's third argument (the source text) is in Bun and V8; TypeScript's lib does not know it yet.
  const reviver = (_key: string, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) && context?.source ? context.source : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}

/** An id as text, whether the shop sent it as a number or a string. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim()) return value.trim();
  return undefined;
}
