// Postgres text cannot hold NUL (U+0000) nor a lone UTF-16 surrogate (it is not UTF-8); some mail clients, gateways and
// JSON encoders send them. Cleaned before storing, so such a message is stored instead of being refused on every retry.

/** `"\ud800"` without its pair (or a pair's second half alone), as JSON's `\u` escapes allow. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const SURROGATE = /[\uD800-\uDFFF]/;

function clean(text: string): string {
  const noNul = text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
  return SURROGATE.test(noNul) ? noNul.replace(LONE_SURROGATE, '\uFFFD') : noNul;
}

/**
 * A copy of `value` with NUL removed from every string inside it (keys too) and lone surrogates replaced by U+FFFD;
 * bytes (attachments) and dates are kept as they are. Recursive: callers bound the depth first (see json-depth.ts).
 */
export function stripNul<T>(value: T): T {
  if (typeof value === 'string') return clean(value) as T;
  if (Array.isArray(value)) return value.map(stripNul) as T;
  if (value && typeof value === 'object' && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), stripNul(v)])) as T;
  }
  return value;
}

/** A JSON object or a query-string record (Hono's has no prototype); not bytes, dates or class instances. */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
