// Compiles a condition tree to one SQL predicate over contacts, mirroring the pure evaluator (the reference; a property test proves they agree).
import { sql, type SQL } from 'drizzle-orm';
import { evaluate } from '../../workflows/conditions/evaluate.ts';
import { defaultField, toTime } from '../../workflows/conditions/operators.ts';
import { type Condition, type ConditionLeaf, EVENT_FIELD, isLeaf } from '../../workflows/conditions/schema.ts';
import { typedSides } from '../../workflows/conditions/typed-leaf.ts';
import type { AttributeType } from '../../workflows/attributes/attribute-types.ts';
import type { Facts } from '../../workflows/facts.ts';
import { foldCase } from '../../workflows/text/fold.ts';
import { NotCompilable, foldArraySql, foldJsonSql, foldSql, type SqlValue } from './sql-values.ts';
import { FACT_COST, readsContactValue, resolveContactField } from './sql-fields.ts';

const DAY_MS = 86_400_000;

export interface SegmentContext {
  now: Date;
  attributeTypes: Record<string, AttributeType>;
  workspace?: Facts['workspace'];
}

/**
 * The tree as a boolean SQL expression over `contacts` left-joined to `contact_value`, never NULL (so `not` is
 * exact); undefined when it reads something SQL cannot mirror, and the caller then runs the pure evaluator.
 */
export function compileSegment(tree: Condition | undefined, ctx: SegmentContext): SQL | undefined {
  try {
    return compile(tree, ctx).sql;
  } catch (error) {
    if (error instanceof NotCompilable) return undefined;
    throw error;
  }
}

/**
 * A compiled condition with a guess at its per-contact cost (FACT_COST, summed over leaves), and whether it must
 * stay a conjunct of its own: it reads `contact_value` (tested inside a CASE, it would lift the whole CASE above the
 * join) or is a semi-join (which Postgres plans only as a conjunct of the WHERE clause).
 */
interface Compiled {
  sql: SQL;
  cost: number;
  alone: boolean;
}

const plain = (sql: SQL, cost = 0): Compiled => ({ sql, cost, alone: false });

/** `required`: the tree must hold for a contact to match (the root and what `all` asks of it), not merely negated or one alternative. */
function compile(tree: Condition | undefined, ctx: SegmentContext, required = true): Compiled {
  if (!tree) return plain(sql`true`);
  if (isLeaf(tree)) return compileLeaf(tree, ctx, required);
  if ('all' in tree) return conjunction(tree.all.map((child) => compile(child, ctx, required)));
  if ('any' in tree) return disjunction(tree.any.map((child) => compile(child, ctx, false)));
  const inner = compile(tree.not, ctx, false);
  return { ...inner, sql: sql`(not ${inner.sql})` };
}

const byCost = (a: Compiled, b: Compiled) => a.cost - b.cost;
const summed = (children: Compiled[], sql: SQL): Compiled => ({ sql, cost: children.reduce((sum, c) => sum + c.cost, 0), alone: children.some((c) => c.alone) });

/**
 * The cheapest tests first, in a CASE, which Postgres evaluates in order: it orders the conjuncts of a WHERE clause
 * by their estimated cost, which counts every branch of a fact's CASE, so a date tested against its column ranked
 * last for the custom-attribute fallback that almost never runs (the name or language test then ran on every contact).
 */
function conjunction(children: Compiled[]): Compiled {
  if (!children.length) return plain(sql`true`);
  const ordered = children.filter((c) => !c.alone).sort(byCost);
  const tests =
    ordered.length > 1
      ? [
          sql`(case ${sql.join(
            ordered.slice(0, -1).map((c) => sql`when not ${c.sql} then false`),
            sql` `,
          )} else ${ordered.at(-1)!.sql} end)`,
        ]
      : ordered.map((c) => c.sql);
  const conjuncts = [...tests, ...children.filter((c) => c.alone).map((c) => c.sql)];
  return summed(children, sql`(${sql.join(conjuncts, sql` and `)})`);
}

/** Alternatives cheapest first: OR stops at the first that holds. */
function disjunction(children: Compiled[]): Compiled {
  if (!children.length) return plain(sql`false`);
  return summed(
    children,
    sql`(${sql.join(
      [...children].sort(byCost).map((c) => c.sql),
      sql` or `,
    )})`,
  );
}

const bool = (value: boolean) => (value ? sql`true` : sql`false`);
/** SQL's unknown is the evaluator's false. */
const sure = (predicate: SQL) => sql`coalesce(${predicate}, false)`;

function compileLeaf(leaf: ConditionLeaf, ctx: SegmentContext, required: boolean): Compiled {
  const field = leaf.field ?? defaultField(leaf.op);
  // A leaf that reads no contact fact (now, workspace, message, …) has one answer for everyone: ask the evaluator.
  if (!field || field === 'contact' || !field.startsWith('contact.')) {
    return plain(bool(evaluate(leaf, { contact: { id: '', firstSeenAt: ctx.now }, now: ctx.now, ...(ctx.workspace && { workspace: ctx.workspace }) })));
  }
  if (leaf.op === 'has_consent' && field === 'contact.consents') {
    return plain(sql`exists (select 1 from consents k where k.contact_id = contacts.id and k.channel = ${String(leaf.value)} and k.status = 'opted_in')`, FACT_COST.query);
  }
  if (leaf.op === 'occurred_at_least') {
    // Tracked events are counted where they live, as the evaluator counts the occurrence times loaded into facts.
    const name = EVENT_FIELD.exec(field)?.[1];
    const { times, days } = leaf.value as { times: number; days: number };
    if (!name) return plain(sql`false`);
    const now = ctx.now.getTime();
    const within = sql`ev.name = ${name} and ev.occurred_at >= ${ts(Math.ceil(now - days * DAY_MS))} and ev.occurred_at < ${ts(now + 1)}`;
    // A required count is an uncorrelated `in`, which Postgres joins (a semi-join, scanning contacts in parallel). Negated
    // or an alternative, it stays a count per contact: an `in` there is a subplan that, too large to hash, would be
    // scanned once per contact.
    if (required && times > 0)
      return { sql: sql`contacts.id in (select ev.contact_id from customer_events ev where ${within} group by ev.contact_id having count(*) >= ${times})`, cost: FACT_COST.query, alone: true };
    return plain(sql`((select count(*) from customer_events ev where ev.contact_id = contacts.id and ${within}) >= ${times})`, FACT_COST.query);
  }
  const { cases, cost } = resolveContactField(field.split('.').slice(1), ctx.attributeTypes);
  const compiled = cases.map(({ when, field: f }) => {
    if (!f.declared) return { when, test: sure(operator(leaf.op, f.value, leaf.value, ctx.now)) };
    const { expected } = typedSides(leaf, f.declared, undefined);
    return { when, test: sure(operator(leaf.op, f.value, expected, ctx.now, f.declared)) };
  });
  const last = compiled.at(-1)!;
  const test =
    compiled.length === 1
      ? last.test
      : sql`(case ${sql.join(
          compiled.slice(0, -1).map((c) => sql`when ${c.when} then ${c.test}`),
          sql` `,
        )} else ${last.test} end)`;
  return { sql: test, cost, alone: readsContactValue(test) };
}

/** `same(a, v)`: by time when either is a Date, otherwise strings by folded case and everything else strictly. */
function same(a: SqlValue, v: unknown): SQL {
  // A missing value equals a missing expected value (a declared attribute's value that does not read as its type).
  if (v === undefined) return sql`(not ${a.defined})`;
  if (a.isDate || v instanceof Date) {
    const t = toTime(v);
    return t === undefined || !a.time ? sql`false` : sql`(${a.time} >= ${ts(t)} and ${a.time} < ${ts(t + 1)})`;
  }
  return strictly(a, v, true);
}

function strictly(a: SqlValue, v: unknown, folded: boolean): SQL {
  if (typeof v === 'string') return a.str ? (folded ? sql`(${foldSql(a.str)} = ${foldCase(v)})` : sql`(${a.str} = ${v})`) : sql`false`;
  if (typeof v === 'number') return a.num && Number.isFinite(v) ? sql`(${a.num} = ${v}::float8)` : sql`false`;
  if (typeof v === 'boolean') return a.bool ? sql`(${a.bool} = ${v})` : sql`false`;
  if (v === null) return a.isNull ?? sql`false`;
  if (v === undefined) return sql`(not ${a.defined})`;
  return sql`false`;
}

/** A JavaScript millisecond as timestamptz; Dates read from the database have millisecond precision. */
const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

function anyOf(items: unknown, test: (item: unknown) => SQL): SQL {
  const list = items as unknown[];
  return list.length ? sql`(${sql.join(list.map(test), sql` or `)})` : sql`false`;
}

/** `items.some((v) => same(a, v))`; strings compare by folded case (unless `a` is a Date), so a value is folded once for all of them. */
function sameAsAny(a: SqlValue, items: unknown[]): SQL {
  const folded = a.isDate ? [] : items.filter((v): v is string => typeof v === 'string');
  const rest = anyOf(
    items.filter((v) => !folded.includes(v as string)),
    (item) => sure(same(a, item)),
  );
  if (!folded.length) return rest;
  const list = sql.join(
    folded.map((v) => sql`${foldCase(v)}`),
    sql`, `,
  );
  const strings = a.str ? sure(sql`${foldSql(a.str)} = any(array[${list}]::text[])`) : sql`false`;
  return sql`(${strings} or ${rest})`;
}

/** Some element of the array `same` as v. */
function hasElement(a: SqlValue, v: unknown): SQL {
  // A string or a missing element is looked up in the array itself: a per-row subquery (`elems`) keeps Postgres from scanning in parallel.
  if (a.texts && typeof v === 'string') return sql`(case when cardinality(${a.texts}) = 0 then false else coalesce(${foldCase(v)} = any(${foldArraySql(a.texts)}), false) end)`;
  if (a.texts && v === undefined) return sql`(array_position(${a.texts}, null) is not null)`;
  if (a.json && typeof v === 'string') return sql`coalesce(case when jsonb_typeof(${a.json}) = 'array' then ${foldJsonSql(a.json)} @> jsonb_build_array(${foldCase(v)}::text) end, false)`;
  return a.elems ? a.elems((e) => sure(same(e, v))) : sql`false`;
}

function contains(a: SqlValue, v: unknown): SQL {
  const inArray = hasElement(a, v);
  const inText = typeof v === 'string' && a.str ? sql`(strpos(${foldSql(a.str)}, ${foldCase(v)}) > 0)` : sql`false`;
  return sql`(${sure(inArray)} or ${sure(inText)})`;
}

/** `compareOrdered(a, v) <op> 0`: numbers with numbers, times with times; declared text orders by Turkish collation, which only the evaluator has. */
function ordered(a: SqlValue, v: unknown, cmp: '>' | '>=' | '<' | '<=', type?: AttributeType): SQL {
  if (typeof v === 'number') return a.num ? sql`(${a.num} ${sql.raw(cmp)} ${v}::float8)` : sql`false`;
  if (type === 'text') throw new NotCompilable('ordering declared text');
  const t = toTime(v);
  if (t === undefined || !a.time) return sql`false`;
  // The evaluator compares whole milliseconds: a stored time counts as its millisecond.
  if (cmp === '>') return sql`(${a.time} >= ${ts(t + 1)})`;
  if (cmp === '>=') return sql`(${a.time} >= ${ts(t)})`;
  if (cmp === '<') return sql`(${a.time} < ${ts(t)})`;
  return sql`(${a.time} < ${ts(t + 1)})`;
}

function operator(op: ConditionLeaf['op'], a: SqlValue, v: unknown, now: Date, type?: AttributeType): SQL {
  switch (op) {
    case 'eq':
      return same(a, v);
    case 'neq':
      return sql`(not ${sure(same(a, v))})`;
    case 'in':
      return sameAsAny(a, v as unknown[]);
    case 'nin':
      return sql`(not ${sameAsAny(a, v as unknown[])})`;
    case 'contains':
      return contains(a, v);
    case 'not_contains':
      return sql`(not ${contains(a, v)})`;
    case 'starts_with':
      return typeof v === 'string' && a.str ? sql`starts_with(${foldSql(a.str)}, ${foldCase(v)})` : sql`false`;
    case 'exists':
      return sql`(${a.defined} and not ${sure(a.isNull ?? sql`false`)} and not ${sure(a.str ? sql`${a.str} = ''` : sql`false`)})`;
    case 'not_exists':
      return sql`(not ${operator('exists', a, v, now, type)})`;
    case 'gt':
    case 'after':
      return ordered(a, v, '>', type);
    case 'gte':
      return ordered(a, v, '>=', type);
    case 'lt':
    case 'before':
      return ordered(a, v, '<', type);
    case 'lte':
      return ordered(a, v, '<=', type);
    case 'within_last_days': {
      // (now - t) / day between 0 and v, with t a whole millisecond.
      if (!a.time) return sql`false`;
      return sql`(${a.time} < ${ts(now.getTime() + 1)} and ${a.time} >= ${ts(Math.ceil(now.getTime() - (v as number) * DAY_MS))})`;
    }
    case 'more_than_days_ago':
      return a.time ? sql`(${a.time} < ${ts(Math.ceil(now.getTime() - (v as number) * DAY_MS))})` : sql`false`;
    case 'has_label':
      return hasElement(a, v);
    case 'has_consent':
      // `(a ?? {})[channel]?.status`: only a JSON attribute could hold a consent-shaped member; strings, numbers, dates and lists cannot.
      if (a.isNull) throw new NotCompilable('has_consent on a custom attribute');
      return sql`false`;
    case 'on_channel':
      return Array.isArray(v) ? anyOf(v, (item) => sure(strictly(a, item, false))) : strictly(a, v, false);
    case 'occurred_at_least':
      // Counted from customer_events in compileLeaf; never reaches a field's value.
      throw new NotCompilable('occurred_at_least on a field value');
  }
}
