import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from './client.ts';
import { insertRows } from './insert-rows.ts';
import { contacts, domainEvents } from './schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';

describe('insertRows', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('stores every row as Drizzle would: types, NULLs, nested JSON, arrays, and defaults for columns left out', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const seen = new Date('2026-03-04T05:06:07.890Z');
    await database.db.execute(
      insertRows(contacts, [
        {
          id: ids[0],
          name: 'Ayşe "Yılmaz", {x}',
          language: 'tr',
          firstSeenAt: seen,
          labels: ['vip', 'a,b', 'NULL'],
          attributes: { spend: 1012, nested: { list: [1, 'two', null] } },
          birthdayMonth: 3,
        },
        { id: ids[1], name: null, language: null, firstSeenAt: seen, labels: [], attributes: {}, birthdayMonth: null },
        { id: ids[2], name: 'line\nbreak\\', language: 'en', firstSeenAt: seen, labels: ['only'], attributes: { a: true }, birthdayMonth: 12 },
      ]),
    );
    const rows = await database.db.select().from(contacts).where(inArray(contacts.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0])).toMatchObject({
      name: 'Ayşe "Yılmaz", {x}',
      language: 'tr',
      firstSeenAt: seen,
      labels: ['vip', 'a,b', 'NULL'],
      attributes: { spend: 1012, nested: { list: [1, 'two', null] } },
      birthdayMonth: 3,
      conversationCount: 0,
    });
    expect(byId.get(ids[1])).toMatchObject({ name: null, language: null, labels: [], attributes: {}, birthdayMonth: null });
    expect(byId.get(ids[2])).toMatchObject({ name: 'line\nbreak\\', labels: ['only'], attributes: { a: true }, birthdayMonth: 12 });
    // Left out: the column default, not NULL.
    expect(byId.get(ids[1])!.createdAt).toBeInstanceOf(Date);
  });

  it('names columns as the database does (snake_case) and can be finished with returning', async () => {
    const messageId = randomUUID();
    const result = rowsOf<{ id: number; message_id: string }>(
      await database.db.execute(sql`${insertRows(domainEvents, [{ type: 'message.received', messageId, causedByAutomation: true, payload: { n: 1 } }])} returning id, message_id`),
    );
    expect(result).toHaveLength(1);
    const [row] = await database.db.select().from(domainEvents).where(eq(domainEvents.messageId, messageId));
    expect(row).toMatchObject({ type: 'message.received', causedByAutomation: true, payload: { n: 1 } });
  });

  it('refuses rows that name different columns, where a missing key would be NULL instead of its default', () => {
    expect(() => insertRows(domainEvents, [{ type: 'a' }, { type: 'b', payload: {} }])).toThrow(/same columns/);
    expect(() => insertRows(domainEvents, [])).toThrow();
  });
});
