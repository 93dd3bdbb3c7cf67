// The event cursor is gap-free within this database and ignores transactions running in other databases of the server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../../tests/support/test-db.ts';
import { recordEvent } from './record-event.ts';
import { currentEventCursor, readEventsAfter, type EventCursor } from './read-events.ts';
import { openDatabase, type Database } from '../db/client.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const typesAfter = async (cursor: EventCursor) => (await readEventsAfter(database.db, cursor)).map((e) => e.payload.n);

describe('reading domain events', () => {
  it('reads committed events in commit order after the cursor', async () => {
    const cursor = await currentEventCursor(database.db);
    await database.db.transaction((tx) => recordEvent(tx, { type: 'contact.updated', payload: { n: 1 } }));
    await database.db.transaction((tx) => recordEvent(tx, { type: 'contact.updated', payload: { n: 2 } }));
    expect(await typesAfter(cursor)).toEqual([1, 2]);
    const now = await currentEventCursor(database.db);
    expect(await typesAfter(now)).toEqual([]);
  });

  describe.runIf(Boolean(process.env.DATABASE_URL))('beside other sessions (Postgres)', () => {
    let other: Database;
    let elsewhere: postgres.Sql;
    beforeAll(async () => {
      other = await openDatabase({ databaseUrl: database.url!, max: 1 });
      // A session in another database of the same server (the server's own `test` database).
      elsewhere = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    });
    afterAll(async () => {
      await other.close();
      await elsewhere.end();
    });

    it('holds later events back while an earlier transaction of this database is open, then delivers both in order', async () => {
      const cursor = await currentEventCursor(database.db);
      let release!: () => void;
      const open = new Promise<void>((r) => (release = r));
      let recorded!: () => void;
      const started = new Promise<void>((r) => (recorded = r));
      const slow = other.db.transaction(async (tx) => {
        await recordEvent(tx, { type: 'contact.updated', payload: { n: 'early' } });
        recorded();
        await open;
      });
      await started;
      await database.db.transaction((tx) => recordEvent(tx, { type: 'contact.updated', payload: { n: 'late' } }));
      expect(await typesAfter(cursor)).toEqual([]);
      release();
      await slow;
      expect(await typesAfter(cursor)).toEqual(['early', 'late']);
    });

    it('does not wait for a transaction running in another database', async () => {
      const cursor = await currentEventCursor(database.db);
      let release!: () => void;
      const open = new Promise<void>((r) => (release = r));
      let begun!: () => void;
      const started = new Promise<void>((r) => (begun = r));
      const elsewhereTx = elsewhere.begin(async (sql) => {
        await sql`select pg_current_xact_id()`; // takes a transaction id, as any write would
        begun();
        await open;
      });
      await started;
      try {
        await database.db.transaction((tx) => recordEvent(tx, { type: 'contact.updated', payload: { n: 'mine' } }));
        expect(await typesAfter(cursor)).toEqual(['mine']);
      } finally {
        release();
        await elsewhereTx;
      }
    });
  });
});
