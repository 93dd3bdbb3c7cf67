// Postgres text cannot hold NUL (U+0000); some mail clients and gateways send it. Dropped before storing,
// so such a message is stored instead of being refused on every retry.

/** A copy of `value` with NUL removed from every string inside it; bytes (attachments) and dates are kept as they are. */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
  if (Array.isArray(value)) return value.map(stripNul) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripNul(v)])) as T;
  }
  return value;
}
