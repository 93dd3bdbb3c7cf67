// The inactivity scanner's SQL and the core's `isInactive` pick the same contacts, on random activity histories.
import fc from 'fast-check';
import { and, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInactive } from '../../workflows/triggers/inactivity.ts';
import { contacts, contactValue } from '../db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { inactiveFor } from './scan-inactivity.ts';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const DAY = 86_400_000;
const SEED = Number(process.env.INACTIVITY_PROPERTY_SEED ?? 20261202);
// Whole days and exact boundaries (the rule is `>= days`), plus arbitrary milliseconds.
const when = fc.oneof(
  fc.integer({ min: 0, max: 200 }).map((d) => new Date(NOW.getTime() - d * DAY)),
  fc.integer({ min: -DAY, max: 200 * DAY }).map((ms) => new Date(NOW.getTime() - ms)),
);
const contactArb = fc.record({
  firstSeenAt: when,
  lastInboundAt: fc.option(when, { nil: undefined }),
  lastActivityAt: fc.option(when, { nil: undefined }),
  lastOrderAt: fc.option(when, { nil: undefined }),
  hasValueRow: fc.boolean(),
});

describe('inactivity scanner SQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);
  afterAll(() => database?.drop());

  it('selects exactly the contacts the core calls inactive', async () => {
    const db = database.db;
    await fc.assert(
      fc.asyncProperty(fc.array(contactArb, { minLength: 30, maxLength: 30 }), fc.constantFrom(1, 7, 30, 90), async (specs, days) => {
        await db.execute(sql`delete from contacts`);
        const rows = await db
          .insert(contacts)
          .values(specs.map((s) => ({ firstSeenAt: s.firstSeenAt, lastInboundAt: s.lastInboundAt ?? null, lastActivityAt: s.lastActivityAt ?? null })))
          .returning({ id: contacts.id });
        const values = specs.flatMap((s, i) => (s.hasValueRow || s.lastOrderAt ? [{ contactId: rows[i]!.id, lastOrderAt: s.lastOrderAt ?? null }] : []));
        if (values.length) await db.insert(contactValue).values(values);
        const expected = rows
          .filter((_, i) => isInactive(specs[i]!, days, NOW))
          .map((r) => r.id)
          .sort();
        const actual = (
          await db
            .select({ id: contacts.id })
            .from(contacts)
            .where(and(isNull(contacts.erasedAt), inactiveFor(days, NOW)))
        )
          .map((r) => r.id)
          .sort();
        expect(actual).toEqual(expected);
      }),
      { numRuns: 60, seed: SEED },
    );
  }, 120_000);
});
