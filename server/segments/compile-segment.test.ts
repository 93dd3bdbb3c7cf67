// The compiled SQL and the pure evaluator choose the same contacts, on random condition trees over random contacts.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATORS, type Condition, type ConditionLeaf, type Operator } from '../../workflows/conditions/schema.ts';
import { attributeDefinitions, consents, contactIdentities, contacts, contactValue, customerEvents } from '../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { VIP_SEGMENT } from '../../tests/bench/segment-count.ts';
import { evaluatedInBatches, matchingContactIds, segmentPredicate } from './evaluate-segment.ts';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const DAY = 86_400_000;
const SEED = Number(process.env.SEGMENT_PROPERTY_SEED ?? 20261202);

const TEXTS = ['', 'tr', 'TR', 'en', 'İstanbul', 'istanbul', 'ISTANBUL', 'Işık', 'ışık', 'IŞIK', 'Ayşe Yılmaz', '  Çağrı  Öz Demir ', 'vip', 'VIP', 'İzmir', 'izmir', '7', 'ab'];
const NUMBERISH = ['1000', ' 1012 ', '12,5', '1.250,50', '-3', 'abc'];
const DATES = ['2026-06-01', '2026-06-15', '2025-01-01', '2023-02-29', '2026-06-14T10:00:00Z', '2026-06-15T09:30:00.250+03:00', '05.03.2026', '1012', '2026-13-01'];
const BOOLISH = ['evet', 'HAYIR', 'yes', 'no', 'maybe', 'true'];
// Labels whose text forms quote, escape or compose: arrays are searched folded as a whole, never element by element.
const LABELS = ['vip', 'VIP', 'İzmir', 'yeni', 'a,b', 'NULL', 'null', 'say "hi"', 'back\\slash', '{x}', ' İzmir ', 'I\u0307zmir', '\n\u0303', 'n\u0303', 'ñ', 'ab\u001a\u0301'];
const scalar = fc.oneof(
  fc.constantFrom(...TEXTS, ...NUMBERISH, ...DATES, ...BOOLISH, ...LABELS),
  fc.integer({ min: -5, max: 2000 }),
  fc.constantFrom(0, 1, 12.5, 1000, 1012),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue = fc.oneof(
  { weight: 5, arbitrary: scalar },
  fc.array(fc.oneof(fc.constantFrom('a', '1000', ...LABELS), fc.constantFrom(1000, true, null)), { maxLength: 3 }),
  fc.record({ x: scalar }, { noNullPrototype: true }),
);
const dateArb = fc.oneof(
  fc.integer({ min: -400, max: 30 }).map((d) => new Date(NOW.getTime() - d * DAY)),
  fc.integer({ min: -400 * DAY, max: 30 * DAY }).map((ms) => new Date(NOW.getTime() - ms)),
);
const ATTRIBUTE_KEYS = ['score', 'since', 'flag', 'city', 'tags', 'note', 'language', 'obj'];

const contactArb = fc.record({
  name: fc.option(fc.constantFrom(...TEXTS), { nil: null }),
  language: fc.option(fc.constantFrom('tr', 'TR', 'en', 'İng'), { nil: null }),
  preferredChannel: fc.option(fc.constantFrom('email', 'sms', 'whatsapp'), { nil: null }),
  birthday: fc.option(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.option(fc.integer({ min: 1950, max: 2010 }), { nil: null })), { nil: null }),
  labels: fc.uniqueArray(fc.constantFrom(...LABELS), { maxLength: 3 }),
  attributes: fc.dictionary(fc.constantFrom(...ATTRIBUTE_KEYS), jsonValue, { maxKeys: 5, noNullPrototype: true }),
  firstSeenAt: dateArb,
  lastInboundAt: fc.option(dateArb, { nil: null }),
  lastActivityAt: fc.option(dateArb, { nil: null }),
  email: fc.option(fc.record({ undeliverable: fc.boolean() }), { nil: null }),
  consent: fc.option(fc.record({ channel: fc.constantFrom('email', 'sms', 'all'), status: fc.constantFrom('opted_in' as const, 'opted_out' as const) }), { nil: null }),
  value: fc.option(
    fc.record({
      orders: fc.integer({ min: 0, max: 20 }),
      totalSpent: fc.constantFrom('0', '12.50', '1000.00', '1012.10'),
      lastOrderAt: fc.option(dateArb, { nil: null }),
      categories: fc.uniqueArray(fc.constantFrom('Ayakkabı', 'AYAKKABI', 'çanta'), { maxLength: 2 }),
      rfm: fc.option(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.constantFrom('champions', 'At Risk')), { nil: null }),
      clv: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.constantFrom('10.00', '250.50'), { nil: null })), { nil: null }),
    }),
    { nil: null },
  ),
});
type ContactSpec = typeof contactArb extends fc.Arbitrary<infer T> ? T : never;

const FIELDS = [
  'contact.name',
  'contact.firstName',
  'contact.lastName',
  'contact.language',
  'contact.email',
  'contact.birthday',
  'contact.preferredChannel',
  'contact.id',
  'contact.labels',
  'contact.categories',
  'contact.firstSeenAt',
  'contact.lastInboundAt',
  'contact.lastActivityAt',
  'contact.lastOrderAt',
  'contact.orders',
  'contact.totalSpent',
  'contact.rfm.segment',
  'contact.rfm.r',
  'contact.clv.pAlive',
  'contact.clv.predicted12m',
  ...ATTRIBUTE_KEYS.map((k) => `contact.attributes.${k}`),
  'contact.score',
  'contact.since',
  'contact.note',
  'contact.attributes.obj.x',
  'contact.name.x',
  'now',
  'workspace.name',
];
const opValue = (op: Operator): fc.Arbitrary<unknown> => {
  if (op === 'in' || op === 'nin') return fc.array(scalar, { maxLength: 3 });
  if (op === 'within_last_days' || op === 'more_than_days_ago') return fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom(0.5, 30.25));
  if (op === 'has_consent') return fc.constantFrom('email', 'sms', 'all');
  if (op === 'on_channel') return fc.oneof(fc.constantFrom('email', 'sms'), fc.constant(['email', 'whatsapp']));
  if (['gt', 'gte', 'lt', 'lte', 'before', 'after'].includes(op)) return fc.constantFrom(0, 3, 12.5, 1000, 1012, '2026-06-01', '2026-01-01T00:00:00Z', '2026-06-14T10:00:00Z', 'm', '1000');
  return fc.oneof(scalar, fc.constant(['vip']));
};
const leafArb: fc.Arbitrary<ConditionLeaf> = fc
  .tuple(fc.constantFrom(...OPERATORS.filter((op) => op !== 'occurred_at_least')), fc.constantFrom(...FIELDS), fc.boolean())
  .chain(([op, field, implicit]): fc.Arbitrary<ConditionLeaf> => {
    const named = implicit && ['has_label', 'has_consent', 'on_channel'].includes(op) ? {} : { field };
    if (op === 'exists' || op === 'not_exists') return fc.constant({ ...named, op });
    return opValue(op).map((value) => ({ ...named, op, value }));
  });
const treeArb: fc.Arbitrary<Condition> = fc.letrec<{ tree: Condition }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leafArb },
    fc.record({ all: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('tree'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('tree') }),
  ),
})).tree;

async function insertContacts(db: TestDatabase['db'], specs: ContactSpec[]) {
  await db.execute(sql`delete from contacts`);
  const rows = await db
    .insert(contacts)
    .values(
      specs.map((s) => ({
        name: s.name,
        language: s.language,
        preferredChannel: s.preferredChannel,
        birthdayMonth: s.birthday?.[0],
        birthdayDay: s.birthday?.[1],
        birthdayYear: s.birthday?.[2],
        labels: s.labels,
        attributes: s.attributes,
        firstSeenAt: s.firstSeenAt,
        lastInboundAt: s.lastInboundAt,
        lastActivityAt: s.lastActivityAt,
      })),
    )
    .returning({ id: contacts.id });
  const ids = rows.map((r) => r.id);
  const emails = specs.flatMap((s, i) => (s.email ? [{ contactId: ids[i]!, kind: 'email' as const, value: `c${i}@example.com`, undeliverable: s.email.undeliverable }] : []));
  if (emails.length) await db.insert(contactIdentities).values(emails);
  const consentRows = specs.flatMap((s, i) => (s.consent ? [{ contactId: ids[i]!, ...s.consent, source: 'test' }] : []));
  if (consentRows.length) await db.insert(consents).values(consentRows);
  const values = specs.flatMap((s, i) => {
    const v = s.value;
    if (!v) return [];
    const rfm = v.rfm ? { rfmR: v.rfm[0], rfmF: v.rfm[0], rfmM: v.rfm[0], rfmSegment: v.rfm[1] } : {};
    const clv = v.clv ? { clvPAlive: v.clv[0], clvExpected90d: 1.5, clvPredicted12m: v.clv[1] } : {};
    return [{ contactId: ids[i]!, orders: v.orders, totalSpent: v.totalSpent, lastOrderAt: v.lastOrderAt, categories: v.categories, ...rfm, ...clv }];
  });
  if (values.length) await db.insert(contactValue).values(values);
}

describe('compiled segments', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.db.insert(attributeDefinitions).values([
      { key: 'score', type: 'number', label: 'Score' },
      { key: 'since', type: 'date', label: 'Since' },
      { key: 'flag', type: 'boolean', label: 'Flag' },
      { key: 'tags', type: 'list', label: 'Tags' },
      { key: 'city', type: 'text', label: 'City' },
    ]);
  }, 60_000);
  afterAll(() => database?.drop());

  it('match exactly the contacts the pure evaluator matches, on random trees and contacts', async () => {
    let compiled = 0;
    let split = 0;
    const workspace = { name: 'Ulak', timeZone: 'Europe/Istanbul' };
    await fc.assert(
      fc.asyncProperty(fc.array(contactArb, { minLength: 40, maxLength: 40 }), fc.array(treeArb, { minLength: 2, maxLength: 2 }), async (specs, trees) => {
        await insertContacts(database.db, specs);
        for (const tree of trees) {
          if (!(await segmentPredicate(database.db, tree, NOW, workspace))) continue;
          compiled++;
          const expected: string[] = [];
          for await (const hits of evaluatedInBatches(database.db, tree, NOW, workspace)) expected.push(...hits.map((c) => c.id));
          expect(await matchingContactIds(database.db, tree, NOW, workspace), JSON.stringify(tree)).toEqual(expected.sort());
          if (expected.length > 0 && expected.length < specs.length) split++;
        }
      }),
      { numRuns: 50, seed: SEED, unbiased: true },
    );
    // Nearly every generated tree compiles: the property is about SQL, not about the fallback.
    expect(compiled).toBeGreaterThan(80);
    // And a good share of them split the contacts, so agreement is not just "everyone" or "nobody".
    expect(split).toBeGreaterThan(10);
  }, 240_000);

  it('find a label or a name in any case, however its array or JSON text form quotes, escapes or composes it', async () => {
    // One label per contact, as its name, in the labels column and in an undeclared JSON attribute: every label, sought in every case.
    await database.db.execute(sql`delete from contacts`);
    await database.db.insert(contacts).values(LABELS.map((label) => ({ name: label, labels: [label], attributes: { note: [label, 7] } })));
    const sought = [...new Set(LABELS.flatMap((label) => [label, label.toUpperCase(), label.toLowerCase()]))];
    let found = 0;
    for (const value of sought)
      for (const tree of [
        { op: 'has_label', value },
        { field: 'contact.labels', op: 'contains', value },
        { field: 'contact.attributes.note', op: 'has_label', value },
        { field: 'contact.name', op: 'in', value: [value, 'ab', 7] },
        { field: 'contact.name', op: 'nin', value: [value, 'ab'] },
      ] as ConditionLeaf[]) {
        const expected: string[] = [];
        for await (const hits of evaluatedInBatches(database.db, tree, NOW)) expected.push(...hits.map((c) => c.id));
        expect(await matchingContactIds(database.db, tree, NOW), JSON.stringify(tree)).toEqual(expected.sort());
        found += expected.length;
      }
    // Each label is found by itself and by its case variants, in each way of asking (and `nin` finds all the others).
    expect(found).toBe(590);
  }, 60_000);

  it('count tracked events per contact, and a negated count takes everyone else, those without events too', async () => {
    await database.db.execute(sql`delete from contacts`);
    const [twice, once, never] = (
      await database.db
        .insert(contacts)
        .values([{ name: 'twice' }, { name: 'once' }, { name: 'never' }])
        .returning({ id: contacts.id })
    ).map((r) => r.id);
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    await database.db.insert(customerEvents).values([
      { contactId: twice!, name: 'cart_abandoned', occurredAt: at(1) },
      { contactId: twice!, name: 'cart_abandoned', occurredAt: at(6) },
      { contactId: once!, name: 'cart_abandoned', occurredAt: at(2) },
      { contactId: once!, name: 'cart_abandoned', occurredAt: at(9) },
      { contactId: once!, name: 'viewed', occurredAt: at(1) },
    ]);
    const twiceInAWeek: ConditionLeaf = { field: 'contact.events.cart_abandoned', op: 'occurred_at_least', value: { times: 2, days: 7 } };
    expect(await matchingContactIds(database.db, twiceInAWeek, NOW)).toEqual([twice]);
    expect(await matchingContactIds(database.db, { not: twiceInAWeek }, NOW)).toEqual([once, never].sort());
    expect(await matchingContactIds(database.db, { any: [{ not: twiceInAWeek }, { field: 'contact.name', op: 'eq', value: 'twice' }] }, NOW)).toEqual([twice, once, never].sort());
  });
  it('test the cheap facts of an `all` first and keep value figures and event counts apart, choosing the contacts the evaluator chooses', async () => {
    // Nulls that fall back to attributes, numbers stored as text, several identities (the first undeliverable), consents, events and value figures.
    await database.db.execute(sql`delete from contacts`);
    const at = (days: number) => new Date(NOW.getTime() - days * DAY);
    const people = [
      { name: 'Ayşe 7', attributes: { language: 'TR', score: ' 1 200 ', lastInboundAt: '2026-06-10' } },
      { name: null, language: 'tr', labels: ['BLOCKED'], attributes: { score: 700 }, lastInboundAt: at(1) },
      { name: 'x', language: 'en', attributes: { score: '12,5' }, lastInboundAt: at(100) },
      { name: 'İzmir 7', attributes: { score: null }, lastInboundAt: at(2) },
      { name: '', language: 'TR', attributes: { score: '500' }, lastInboundAt: null },
    ];
    const ids = (await database.db.insert(contacts).values(people).returning({ id: contacts.id })).map((r) => r.id);
    const [ayse, blocked, far, izmir, empty] = ids as [string, string, string, string, string];
    await database.db.insert(contactIdentities).values([
      { contactId: ayse, kind: 'email', value: 'old@example.com', undeliverable: true },
      { contactId: ayse, kind: 'email', value: 'ayse@example.com', undeliverable: false },
      { contactId: ayse, kind: 'phone', value: '+905551112233', undeliverable: false },
      { contactId: blocked, kind: 'email', value: 'gone@example.com', undeliverable: true },
      { contactId: izmir, kind: 'email', value: 'izmir@example.com', undeliverable: false },
      { contactId: izmir, kind: 'email', value: 'izmir2@example.org', undeliverable: false },
    ]);
    await database.db.insert(consents).values([{ contactId: izmir, channel: 'email', status: 'opted_in', source: 'test' }]);
    await database.db.insert(customerEvents).values([
      { contactId: izmir, name: 'viewed', occurredAt: at(1) },
      { contactId: ayse, name: 'viewed', occurredAt: at(3) },
    ]);
    await database.db.insert(contactValue).values([
      { contactId: ayse, totalSpent: '1012.10' },
      { contactId: far, totalSpent: '5000.00' },
      { contactId: empty, totalSpent: '0' },
    ]);
    const viewed: ConditionLeaf = { field: 'contact.events.viewed', op: 'occurred_at_least', value: { times: 1, days: 7 } };
    const trees: Array<[Condition, string[]]> = [
      [VIP_SEGMENT, [ayse]],
      [{ not: VIP_SEGMENT }, [blocked, far, izmir, empty]],
      [{ all: [viewed, { field: 'contact.email', op: 'contains', value: 'example' }, { field: 'contact.totalSpent', op: 'lt', value: 1000 }] }, [izmir]],
      [{ all: [{ op: 'has_consent', value: 'email' }, viewed, { field: 'contact.lastInboundAt', op: 'within_last_days', value: 7 }] }, [izmir]],
      [
        {
          any: [
            {
              all: [
                { field: 'contact.phone', op: 'exists' },
                { field: 'contact.score', op: 'gt', value: 1000 },
              ],
            },
            { all: [{ field: 'contact.language', op: 'eq', value: 'tr' }, { not: viewed }] },
          ],
        },
        [ayse, blocked, empty],
      ],
    ];
    for (const [tree, chosen] of trees) {
      expect(await matchingContactIds(database.db, tree, NOW), JSON.stringify(tree)).toEqual([...chosen].sort());
      // The evaluator's facts carry no tracked events (the SQL counts them where they live): it checks the trees without.
      if (JSON.stringify(tree).includes('occurred_at_least')) continue;
      const expected: string[] = [];
      for await (const hits of evaluatedInBatches(database.db, tree, NOW)) expected.push(...hits.map((c) => c.id));
      expect(expected.sort(), JSON.stringify(tree)).toEqual([...chosen].sort());
    }
  });
});
