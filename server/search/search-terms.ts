// What a typed search means, said once for every search box: folded prefix words, plus the phone number it may be.
import { sql, type SQL } from 'drizzle-orm';
import { foldText, toPrefixQuery } from '../lib/fold-text.ts';
import { normalizePhone } from '../lib/normalize-identity.ts';

export interface SearchTerms {
  /** A `to_tsquery('simple', …)` expression. */
  tsquery: SQL;
  /** The E.164 number the text spells, when it is only a phone number (`0532 111 22 33`, `+90 532 111 22 33`). */
  phone: string | null;
}

/** Only digits and the separators people type between them; at least 7 digits so an order number is not a phone. */
const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;

/** Undefined when nothing in the text is searchable. `region` is the workspace's default region for national numbers. */
export function searchTerms(text: string, region: string): SearchTerms | undefined {
  const words = toPrefixQuery(text);
  if (!words) return undefined;
  const trimmed = text.trim();
  const digits = trimmed.replace(/\D/g, '').length;
  const phone = PHONE_LIKE.test(trimmed) && digits >= 7 ? (normalizePhone(trimmed, region) ?? null) : null;
  const whole = wholeTokenQuery(trimmed);
  const tsquery = whole ? sql`(to_tsquery('simple', ${words}) || to_tsquery('simple', ${whole}))` : sql`to_tsquery('simple', ${words})`;
  return { tsquery, phone };
}

/**
 * Postgres' parser keeps an email address or a host name (`ayse@example.com`, `example.com`) as one word, which the
 * split words above never match: such typed tokens are also searched whole. Empty when the text has none.
 */
function wholeTokenQuery(text: string): string {
  const tokens = foldText(text)
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}][@.][\p{L}\p{N}]/u.test(w))
    .slice(0, 8);
  return tokens.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`).join(' & ');
}

/** Ids of contacts whose name or identities match, or who own the phone number typed. */
export function matchingContactIds(terms: SearchTerms): SQL {
  const byText = sql`select id from contacts where search_vector @@ ${terms.tsquery}`;
  if (!terms.phone) return byText;
  return sql`${byText} union select contact_id from contact_identities where kind = 'phone' and value = ${terms.phone}`;
}

/** Ids of the conversations of messages whose text matches; private notes only for those who may read them. */
export function conversationIdsWithMatchingMessages(terms: SearchTerms, includePrivate: boolean): SQL {
  const visible = includePrivate ? sql`` : sql` and not private`;
  return sql`select conversation_id from messages where search_vector @@ ${terms.tsquery}${visible}`;
}
