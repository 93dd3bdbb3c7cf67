// Where each `contact.*` fact lives in SQL (contacts, contact_value, identities, attributes), with the evaluator's fallback to attributes.
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { AttributeType } from '../../workflows/attributes/attribute-types.ts';
import { dateValue, jsonValue, NotCompilable, numberValue, textArrayValue, textValue, typedJsonValue, type SqlValue, boolValue } from './sql-values.ts';

/** A field's value, possibly in two places: the fact when `when` holds, otherwise the custom attribute of the same path. */
export type FieldValue = { value: SqlValue; declared?: undefined } | { declared: AttributeType; value: SqlValue; raw?: undefined };
export interface ResolvedField {
  /** Alternatives in order: the first whose `when` holds (or that has none) is the value. */
  cases: Array<{ when?: SQL; field: FieldValue }>;
  /** What testing the first alternative costs per contact (the fallbacks seldom run): see FACT_COST. */
  cost: number;
}

/** Per-contact cost of testing a fact, by where it lives: a plain column, text to fold, JSON to parse, a query per contact. */
export const FACT_COST = { column: 0, text: 1, json: 2, query: 3 } as const;
const costOf = (value: SqlValue) => (value.str || value.texts ? FACT_COST.text : FACT_COST.column);

const dialect = new PgDialect();
/** Whether SQL reads `contact_value`, which the segment query then left-joins. */
export const readsContactValue = (predicate: SQL) => dialect.sqlToQuery(predicate).sql.includes('contact_value.');

const c = (column: string) => sql.raw(`contacts.${column}`);
const v = (column: string) => sql.raw(`contact_value.${column}`);

const trimmedName = sql`regexp_replace(${c('name')}, '^\\s+|\\s+$', '', 'g')`;
const identity = (kind: string) => sql`(select i.value from contact_identities i where i.contact_id = contacts.id and i.kind = ${kind} and not i.undeliverable limit 1)`;
const orNull = (text: SQL) => sql`nullif(${text}, '')`;
const rfmDefined = sql`(coalesce(${v('rfm_segment')}, '') <> '' and coalesce(${v('rfm_r')}, 0) <> 0 and coalesce(${v('rfm_f')}, 0) <> 0 and coalesce(${v('rfm_m')}, 0) <> 0)`;
const clvDefined = sql`(${v('clv_p_alive')} is not null and ${v('clv_expected90d')} is not null)`;
const birthday = sql`(case when coalesce(${c('birthday_month')}, 0) <> 0 and coalesce(${c('birthday_day')}, 0) <> 0 then
  (case when coalesce(${c('birthday_year')}, 0) <> 0 then ${c('birthday_year')}::text || '-' else '' end) || lpad(${c('birthday_month')}::text, 2, '0') || '-' || lpad(${c('birthday_day')}::text, 2, '0') end)`;

/** Facts that may be undefined: when SQL NULL, the evaluator reads the custom attribute of that name instead. */
const OPTIONAL: Record<string, SqlValue> = {
  name: textValue(c('name')),
  firstName: textValue(orNull(sql`substring(${trimmedName} from '^\\S+')`)),
  lastName: textValue(orNull(sql`regexp_replace(regexp_replace(${trimmedName}, '^\\S+\\s*', ''), '\\s+', ' ', 'g')`)),
  email: textValue(identity('email')),
  phone: textValue(identity('phone')),
  language: textValue(c('language')),
  timeZone: textValue(c('time_zone')),
  currency: textValue(c('currency')),
  birthday: textValue(birthday),
  preferredChannel: textValue(c('preferred_channel')),
  lastInboundChannel: textValue(c('last_channel_kind')),
  lastInboundAt: dateValue(c('last_inbound_at')),
  lastActivityAt: dateValue(c('last_activity_at')),
  firstOrderAt: dateValue(v('first_order_at')),
  lastOrderAt: dateValue(v('last_order_at')),
};

/** Optional facts read from contact_identities, a query per contact. */
const IDENTITIES = new Set(['email', 'phone']);

/** Facts every contact has. */
const ALWAYS: Record<string, SqlValue> = {
  id: textValue(sql`${c('id')}::text`),
  firstSeenAt: dateValue(c('first_seen_at')),
  labels: textArrayValue(c('labels')),
  categories: textArrayValue(sql`coalesce(${v('categories')}, '{}'::text[])`),
  orders: numberValue(sql`coalesce(${v('orders')}, 0)`),
  totalSpent: numberValue(sql`coalesce(${v('total_spent')}, 0)`),
  aov: numberValue(sql`coalesce(${v('aov')}, 0)`),
  churnRisk: boolValue(sql`coalesce(${v('churn_risk')}, false)`),
};

/** Objects that exist under a condition, with their members. */
const OBJECTS: Record<string, { when: SQL; members: Record<string, SqlValue> }> = {
  rfm: { when: rfmDefined, members: { r: numberValue(v('rfm_r')), f: numberValue(v('rfm_f')), m: numberValue(v('rfm_m')), segment: textValue(v('rfm_segment')) } },
  clv: {
    when: clvDefined,
    members: { pAlive: numberValue(v('clv_p_alive')), expected90d: numberValue(v('clv_expected90d')), predicted12m: numberValue(v('clv_predicted12m')) },
  },
};

/** Facts whose shape (objects, records) no operator but `has_consent` reads meaningfully: left to the pure evaluator. */
const OPAQUE = new Set(['consents', 'identities', 'attributes', 'attributeTypes']);

function attributePath(parts: string[], types: Record<string, AttributeType>, declarable: boolean): FieldValue {
  // One key reads through `->`/`->>`, cheaper per row than a path (`#>` takes its text[] apart each time).
  const path = sql`${`{${parts.map((p) => JSON.stringify(p)).join(',')}}`}::text[]`;
  const [json, text] =
    parts.length === 1
      ? [sql`(${c('attributes')} -> ${parts[0]}::text)`, sql`(${c('attributes')} ->> ${parts[0]}::text)`]
      : [sql`(${c('attributes')} #> ${path})`, sql`(${c('attributes')} #>> ${path})`];
  const declared = declarable && parts.length === 1 ? types[parts[0]!] : undefined;
  return declared ? { declared, value: typedJsonValue(declared, json, text) } : { value: jsonValue(json, text) };
}

/** `readField(facts, 'contact.…')` with `declaredType`, as SQL over `contacts` left-joined to `contact_value`. */
export function resolveContactField(parts: string[], types: Record<string, AttributeType>): ResolvedField {
  // Names every object has (`constructor`, `length` of an array) read something JSON has no twin for.
  if (parts.some((p) => p in Object.prototype || p === 'length' || p === '')) throw new NotCompilable(`field part ${parts.join('.')}`);
  const [head, ...rest] = parts as [string, ...string[]];
  if (head === 'attributes') {
    if (!rest.length) throw new NotCompilable('contact.attributes as a whole');
    // `contact.attributes.<key>` is declared by its key; deeper paths read JSON as it is.
    return { cases: [{ field: attributePath(rest, types, true) }], cost: FACT_COST.json };
  }
  if (OPAQUE.has(head)) throw new NotCompilable(`contact.${head}`);
  const fallback = { field: attributePath(parts, types, true) };
  if (head in ALWAYS) {
    if (rest.length) throw new NotCompilable(`contact.${parts.join('.')}`);
    const value = ALWAYS[head]!;
    return { cases: [{ field: { value } }], cost: costOf(value) };
  }
  if (head in OPTIONAL) {
    // A scalar fact has no members: a longer path reads the attribute of that path.
    if (rest.length) return { cases: [{ field: attributePath(parts, types, false) }], cost: FACT_COST.json };
    const value = OPTIONAL[head]!;
    return { cases: [{ when: value.defined, field: { value } }, fallback], cost: IDENTITIES.has(head) ? FACT_COST.query : costOf(value) };
  }
  const object = OBJECTS[head];
  if (object) {
    if (rest.length !== 1 || !(rest[0]! in object.members)) throw new NotCompilable(`contact.${parts.join('.')}`);
    const member = object.members[rest[0]!]!;
    return { cases: [{ when: sql`(${object.when} and ${member.defined})`, field: { value: member } }, { field: attributePath(parts, types, false) }], cost: costOf(member) };
  }
  // Any other name is a custom attribute read through the `contact.<key>` shortcut.
  return { cases: [fallback], cost: FACT_COST.json };
}
